import { execFile } from 'node:child_process';
import { isAbsolute, relative } from 'node:path';
import { namespaceAndValuesFlags } from '../helm/args.js';
import { HelmError, type HelmLiveSink, maskArgs } from '../helm/index.js';
import {
  forEachLimit,
  HelmfireRun,
  type HelmRunOptions,
  ReleasesFailedError,
  type RunRelease,
} from './helm-run.js';

/**
 * `helmfire lint`: `helm lint` on every selected release's chart with the
 * release's values, in parallel, reports in release order. Remote charts
 * are linted from the chart cache (pulled once).
 */

export interface LintOptions extends HelmRunOptions {
  /** Each release's report, in release order, as soon as it and every release before it are done. */
  readonly onOutput?: (report: LintReport) => void;
}

export interface LintReport {
  readonly name: string;
  readonly chart: string;
  /** What helm lint printed (stdout); also when it went to `liveOutput` already. */
  readonly output: string;
  readonly passed: boolean;
}

/** `helm lint CHART_DIR --namespace … --values … --set …` plus `--args`. */
export function lintArgs(r: RunRelease, chartDir: string): string[] {
  const { chart, options } = r.prepared;
  return ['lint', chartDir, ...namespaceAndValuesFlags(chart), ...options.extraArgs];
}

function runLint(
  helm: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  live?: HelmLiveSink,
): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve, reject) => {
    const child = execFile(helm, args, { env, cwd, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (!err) return resolve({ stdout, stderr, code: 0 });
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'number') return resolve({ stdout, stderr, code });
      reject(new HelmError(maskArgs(args), null, err.message));
    });
    // execFile decodes both streams as UTF-8: every piece is whole characters.
    if (live) {
      child.stdout?.on('data', (text: string) => live(text, 'stdout'));
      child.stderr?.on('data', (text: string) => live(text, 'stderr'));
    }
  });
}

export async function lintReleases(options: LintOptions): Promise<LintReport[]> {
  const run = await HelmfireRun.open(options);
  try {
    const log = options.log ?? (() => {});
    const releases = await run.prepare(run.planned());
    const reports: (LintReport | undefined)[] = releases.map(() => undefined);
    const failures: { release: string; error: unknown }[] = [];
    let flushed = 0;
    const flush = () => {
      while (flushed < reports.length && reports[flushed]) {
        const r = reports[flushed++]!;
        options.onOutput?.(r);
      }
    };
    await forEachLimit(releases, run.concurrency, async (r, i) => {
      try {
        const chart = await run.localChart(r);
        // helm names the chart as given: a local chart relative to the state file, as helmfile shows it.
        const rel = relative(r.state.baseDir, chart.dir);
        const args = lintArgs(r, rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : chart.dir);
        log(`Linting release=${r.release.name}, chart=${r.release.chart}`);
        const out = await runLint(run.helm.path, args, run.env, r.state.baseDir, options.liveOutput);
        reports[i] = {
          name: r.release.name,
          chart: r.release.chart,
          output: out.stdout,
          passed: out.code === 0,
        };
        if (out.code !== 0) {
          failures.push({
            release: r.release.name,
            error: new HelmError(maskArgs(args), out.code, out.stderr || out.stdout, r.release.name),
          });
        }
      } catch (error) {
        reports[i] = { name: r.release.name, chart: r.release.chart, output: '', passed: false };
        failures.push({ release: r.release.name, error });
      }
      flush();
    });
    flush();
    if (failures.length > 0) throw new ReleasesFailedError(failures, 'lint');
    return reports as LintReport[];
  } finally {
    run.close();
  }
}
