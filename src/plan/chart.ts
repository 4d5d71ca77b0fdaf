import { isAbsolute, join, resolve } from 'node:path';
import type { Repository } from '../state/model.js';

/** How helm gets a release's chart. */
export type ChartSource =
  | { readonly kind: 'local'; readonly path: string }
  | { readonly kind: 'oci'; readonly ref: string }
  | { readonly kind: 'repo'; readonly ref: string; readonly repository: string };

/**
 * Resolves a chart reference as helmfile does: `oci://…` as is; `repo/name`
 * through a `repositories:` entry (an OCI repository turns into
 * `oci://URL/name`); anything else is a path relative to the state file
 * (a directory that exists there).
 */
export function resolveChart(
  chart: string,
  baseDir: string,
  repositories: readonly Repository[],
  isDir: (path: string) => boolean,
): ChartSource {
  if (chart.startsWith('oci://')) return { kind: 'oci', ref: chart };
  const slash = chart.indexOf('/');
  if (slash > 0 && !chart.startsWith('.') && !isAbsolute(chart)) {
    const repoName = chart.slice(0, slash);
    const repo = repositories.find((r) => r.name === repoName);
    if (repo) {
      if (repo.oci)
        return {
          kind: 'oci',
          ref: `oci://${repo.url.replace(/^oci:\/\//, '').replace(/\/+$/, '')}/${chart.slice(slash + 1)}`,
        };
      return { kind: 'repo', ref: chart, repository: repoName };
    }
  }
  const path = isAbsolute(chart) ? chart : resolve(join(baseDir, chart));
  if (isDir(path)) return { kind: 'local', path };
  // Not a known repository and not a local directory: helm resolves it (e.g. a repository added outside the state).
  return { kind: 'repo', ref: chart, repository: chart.slice(0, Math.max(0, slash)) };
}
