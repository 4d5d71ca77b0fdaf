import { posix } from 'node:path';
import type { StateHost } from './host.js';
import type { ReleaseSpec } from './spec.js';

/**
 * The `chartPath` helmfile's `build` shows. Before printing, helmfile
 * prepares the charts of the releases it would act on (selected, condition
 * true, not `installed: false`, no jsonPatches/strategicMergePatches/
 * transformers) without touching repositories; for a local chart directory
 * that exists, the prepared chart is the path joined to the state's base
 * directory — `.` for a file loaded on its own or as a sub-helmfile (helmfile
 * works from the file's directory), the absolute directory for one of several
 * files (`helmfile.d/`). When that differs from `chart` as written
 * (`./charts/app` → `charts/app`, `../app/` → `../app`), it is recorded as
 * `chartPath`; every release that was not prepared has none.
 */

/** helmfile's isLocalChart: `./` or `../` prefixes, absolute paths, bare names, or not `repo/chart` shaped. */
export function isLocalChart(chart: string): boolean {
  if (chart.startsWith('./') || chart.startsWith('../')) return true;
  if (chart.includes('://')) return false;
  const segments = chart.split('/').length;
  return (
    chart === '' || posix.isAbsolute(chart) || !chart.includes('/') || (segments !== 2 && segments !== 3)
  );
}

/** Go's filepath.Clean (POSIX). */
export function goCleanPath(p: string): string {
  if (p === '') return '.';
  const n = posix.normalize(p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

export interface ChartPathContext {
  readonly host: StateHost;
  /** Directory of the state file (absolute). */
  readonly stateDir: string;
  /** One of several files (`helmfile.d/`): helmfile then joins the absolute directory. */
  readonly multiple: boolean;
  /** `--chart` / top-level `chart:` override, '' when none. */
  readonly overrideChart: string;
}

/** Would helmfile prepare this (selected, enabled) release's chart for `build`? */
export function preparedForBuild(r: ReleaseSpec): boolean {
  return (
    r.installed !== false &&
    (r.jsonPatches?.length ?? 0) === 0 &&
    (r.strategicMergePatches?.length ?? 0) === 0 &&
    (r.transformers?.length ?? 0) === 0
  );
}

/** The release as `build` prints it: `chartPath` set, kept or dropped as helmfile's chart preparation leaves it. */
export function withBuildChartPath(r: ReleaseSpec, prepared: boolean, ctx: ChartPathContext): ReleaseSpec {
  if (!prepared) {
    if (r.chartPath === undefined) return r;
    const { chartPath: _, ...rest } = r;
    return rest;
  }
  const written = r.chart ?? '';
  const chart = ctx.overrideChart || written;
  let result = chart;
  if (isLocalChart(chart) && !posix.isAbsolute(chart)) {
    const joined = goCleanPath(posix.join(ctx.multiple ? ctx.stateDir : '.', chart));
    const onDisk = posix.isAbsolute(joined) ? joined : posix.join(ctx.stateDir, joined);
    if (ctx.host.stat(onDisk) === 'dir') result = joined;
  }
  return result === written ? r : { ...r, chartPath: result };
}
