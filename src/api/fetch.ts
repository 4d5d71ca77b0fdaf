import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { chartName } from '../cache/index.js';
import { forEachLimit, HelmfireRun, type HelmRunOptions } from './helm-run.js';
import { fetchOutputDir } from './template-output.js';

/**
 * `helmfire fetch`: every selected release's chart on disk. Remote charts
 * go through the chart cache (each chart and version pulled once, however
 * many releases use it); with `--output-dir` each release also gets a copy
 * in its own directory, laid out as helmfile lays it out: a remote chart
 * in `<dir>/<chart name>/`, a local chart copied to `<dir>/` itself.
 * Without `--output-dir`, fetch only fills the chart cache.
 */

export interface FetchOptions extends HelmRunOptions {
  readonly outputDir?: string;
  /** Go template: `{{ .OutputDir }}`, `{{ .ChartName }}`, `{{ .Release.* }}`, `{{ .Environment.* }}`. */
  readonly outputDirTemplate?: string;
}

export interface FetchedChart {
  readonly name: string;
  readonly chart: string;
  /** The chart's directory in the cache (remote) or the state (local). */
  readonly source: string;
  /** Where the copy went (with `--output-dir`). */
  readonly path?: string;
  /** Came from the chart cache without pulling in this run. */
  readonly cached: boolean;
}

export async function fetchCharts(options: FetchOptions): Promise<FetchedChart[]> {
  const run = await HelmfireRun.open(options);
  try {
    const log = options.log ?? (() => {});
    const releases = await run.prepare(run.planned(), { adhocDependencies: false });
    const out: (FetchedChart | undefined)[] = releases.map(() => undefined);
    await forEachLimit(releases, run.concurrency, async (r, i) => {
      const remote = run.remoteChart(r);
      const local = await run.localChart(r, { deps: false });
      const base = {
        name: r.release.name,
        chart: r.release.chart,
        source: local.dir,
        cached: remote ? local.hit : false,
      };
      if (!options.outputDir && !options.outputDirTemplate) {
        out[i] = base;
        return;
      }
      const name = remote ? chartName(remote.ref) : basename(local.dir);
      const dir = fetchOutputDir(
        r.state,
        r.release,
        options.outputDir ?? '',
        name,
        options.outputDirTemplate,
      );
      const target = remote ? join(dir, name) : dir;
      rmSync(target, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      cpSync(local.dir, target, { recursive: true });
      log(`Fetched release=${r.release.name}, chart=${r.release.chart} to ${target}`);
      out[i] = { ...base, path: target };
    });
    return out as FetchedChart[];
  } finally {
    run.close();
  }
}
