import { posix } from 'node:path';
import type { StateHost } from './host.js';
import type { ReleaseSetSpec } from './spec.js';
import { closest } from './suggest.js';

/**
 * `chart: repo/name` whose `repo` is none of the state's repositories. helmfile
 * (and helmfire, to stay compatible) then reads the chart as a local path, so
 * a misspelt repository name only fails later, as a missing directory. When
 * the state lists repositories and no such directory exists, this says so
 * while loading, with the repository most likely meant (only when one is
 * close: the prefix may also be a parent helmfile's repository).
 */
export function unknownChartPrefixWarnings(host: StateHost, spec: ReleaseSetSpec, file: string): string[] {
  const repos = (spec.repositories ?? []).map((r) => r.name ?? '').filter((n) => n !== '');
  if (repos.length === 0) return [];
  const out: string[] = [];
  (spec.releases ?? []).forEach((r, i) => {
    const chart = r.chart ?? '';
    const m = /^([A-Za-z0-9][A-Za-z0-9_.-]*)\/([^/]+)$/.exec(chart);
    if (!m || chart.includes('{{') || repos.includes(m[1]!)) return;
    if (host.stat(posix.join(posix.dirname(file), chart)) !== undefined) return;
    // Only a likely misspelling is reported: a sub-helmfile may use its parent's repositories.
    const near = closest(m[1]!, repos);
    if (near === undefined) return;
    out.push(
      `${file}: releases[${i}].chart (release "${r.name ?? ''}"): "${m[1]}" is not one of the repositories (${repos.join(', ')}) ` +
        `and ./${chart} does not exist, so it will be read as a local path; did you mean "${near}/${m[2]}"?`,
    );
  });
  return out;
}
