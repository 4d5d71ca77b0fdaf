import { cacheDirs, RenderCache, renderKey } from '../cache/index.js';
import { HelmError, type HelmLiveSink, runHelm, type TemplateFlags, templateArgs } from '../helm/index.js';
import { substituteManifestImages } from '../substitute/manifests.js';
import {
  forEachLimit,
  HelmfireRun,
  type HelmRunOptions,
  ReleasesFailedError,
  type RunRelease,
} from './helm-run.js';
import { templateOutputDir, writeRendered } from './template-output.js';

/**
 * `helmfire template`: `helm template` for every selected release, in
 * parallel, output in release order. Charts come from the chart cache and
 * rendered output from the render cache: a release whose chart content,
 * values content and flags are unchanged is not rendered again.
 */

export interface TemplateOptions extends HelmRunOptions {
  /** `--output-dir`: write files (one per chart template) instead of printing. */
  readonly outputDir?: string;
  readonly outputDirTemplate?: string;
  readonly includeCRDs?: boolean;
  readonly skipTests?: boolean;
  readonly noHooks?: boolean;
  readonly showOnly?: readonly string[];
  /** `--validate`: renders against the cluster (never cached). */
  readonly validate?: boolean;
  /** Use the render cache (default true). */
  readonly renderCache?: boolean;
  /** Each release's output, in release order, as soon as it and every release before it are done. */
  readonly onOutput?: (release: TemplatedRelease) => void;
}

export interface TemplatedRelease {
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  readonly chart: string;
  /** What `helm template` printed (with `--output-dir`: what went into the files). */
  readonly manifest: string;
  /** Served by the render cache: no helm ran for it. */
  readonly cached: boolean;
  /** With `--output-dir`: the release's directory and the files written. */
  readonly outputDir?: string;
  readonly files?: readonly string[];
  /** helm's warnings (stderr) when it ran; not kept when they went to `liveOutput`. */
  readonly warnings?: string;
}

export interface TemplateStats {
  readonly releases: number;
  /** Releases served by the render cache. */
  readonly cached: number;
  /** `helm template` runs. */
  readonly rendered: number;
  readonly chartsPulled: number;
  readonly dependencyBuilds: number;
  readonly repositoriesAdded: number;
  readonly seconds: number;
}

export interface TemplateResult {
  readonly releases: readonly TemplatedRelease[];
  readonly stats: TemplateStats;
}

/** Arguments that make `helm template` talk to the cluster or run a program: such output is never cached. */
function uncacheable(args: readonly string[]): boolean {
  return args.some(
    (a, i) =>
      a === '--validate' ||
      a === '--dry-run=server' ||
      (a === '--dry-run' && args[i + 1] === 'server') ||
      a === '--post-renderer' ||
      a.startsWith('--post-renderer='),
  );
}

/**
 * The render key of a `helm template` command line: the argv with every
 * path replaced by the digest of what it points to (chart directory,
 * values files, `--set-file` files), plus the helm version and, when no
 * namespace is given, what helm would take the namespace from.
 */
export function renderKeyFor(
  run: Pick<HelmfireRun, 'fileDigest' | 'helm' | 'env'>,
  args: readonly string[],
  chartDigest: string,
): string {
  const parts: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (i === 2) parts.push(`chart:${chartDigest}`);
    else if ((a === '--values' || a === '-f') && i + 1 < args.length) {
      parts.push(a, `file:${run.fileDigest(args[++i]!)}`);
    } else if (a === '--set-file' && i + 1 < args.length) {
      const v = args[++i]!;
      const eq = v.indexOf('=');
      parts.push(a, `${v.slice(0, eq + 1)}file:${run.fileDigest(v.slice(eq + 1))}`);
    } else parts.push(a);
  }
  const namespaced = args.includes('--namespace') || args.includes('-n');
  return renderKey([
    'helmfire-render/1',
    run.helm.version,
    parts,
    namespaced ? '' : `${run.env.HELM_NAMESPACE ?? ''}\0${run.env.KUBECONFIG ?? ''}`,
  ]);
}

/** `helmfire template`. */
export async function templateReleases(options: TemplateOptions): Promise<TemplateResult> {
  const t0 = Date.now();
  const run = await HelmfireRun.open(options);
  try {
    return await templateWith(run, options, t0);
  } finally {
    run.close();
  }
}

async function templateWith(run: HelmfireRun, options: TemplateOptions, t0: number): Promise<TemplateResult> {
  const log = options.log ?? (() => {});
  const releases = await run.prepare(run.planned());
  const renders = new RenderCache(cacheDirs(run.cacheRoot).renders);
  const useCache = options.renderCache !== false;
  const flags: TemplateFlags = {
    ...(options.showOnly?.length ? { showOnly: options.showOnly } : {}),
    ...(options.validate ? { validate: true } : {}),
    ...(options.includeCRDs ? { includeCRDs: true } : {}),
    ...(options.noHooks ? { noHooks: true } : {}),
    ...(options.skipTests ? { skipTests: true } : {}),
  };

  // Repositories first, in one parallel step, for the charts the cache lacks.
  await run.addRepositories(
    releases.flatMap((r) => {
      const c = run.remoteChart(r);
      const name = c && !run.charts.lookup(c) ? run.repositoryFor(c) : undefined;
      return name ? [name] : [];
    }),
  );

  const results: (TemplatedRelease | undefined)[] = releases.map(() => undefined);
  let flushed = 0;
  const flush = () => {
    while (flushed < results.length && results[flushed]) {
      const r = results[flushed++]!;
      options.onOutput?.(r);
    }
  };
  const failures: { release: string; error: unknown }[] = [];
  let rendered = 0;

  await forEachLimit(releases, run.concurrency, async (r, i) => {
    try {
      results[i] = await templateOne(run, r, flags, useCache ? renders : undefined, options);
      if (!results[i]!.cached) rendered++;
      log(
        `Templated release=${r.release.name}, chart=${r.release.chart}${results[i]!.cached ? ' (cached)' : ''}`,
      );
      flush();
    } catch (error) {
      failures.push({ release: r.release.name, error });
      // Later releases still render, so one broken release shows every other problem too.
    }
  });
  if (failures.length > 0) {
    // Print what rendered before the first failure, in order, then fail.
    flush();
    throw failures.length === 1 && !(failures[0]!.error instanceof HelmError)
      ? failures[0]!.error
      : new ReleasesFailedError(failures, 'template');
  }
  if (useCache) {
    try {
      renders.prune();
    } catch {
      // pruning is housekeeping: never a reason to fail a run
    }
  }
  const done = results as TemplatedRelease[];
  return {
    releases: done,
    stats: {
      releases: done.length,
      cached: done.filter((d) => d.cached).length,
      rendered,
      chartsPulled: run.charts.pulls,
      dependencyBuilds: run.deps.builds,
      repositoriesAdded: run.repoAdds,
      seconds: (Date.now() - t0) / 1000,
    },
  };
}

/** The sink for `helm template`: its stderr only (its stdout is the manifests, printed in order). */
function stderrOnly(live: HelmLiveSink): HelmLiveSink {
  return (text, stream) => {
    if (stream === 'stderr') live(text, stream);
  };
}

async function templateOne(
  run: HelmfireRun,
  r: RunRelease,
  flags: TemplateFlags,
  renders: RenderCache | undefined,
  options: TemplateOptions,
): Promise<TemplatedRelease> {
  const chart = await run.localChart(r);
  const { prepared } = r;
  const args = templateArgs(
    prepared.options,
    { ...prepared.chart, chart: chart.dir, version: undefined, oci: false },
    run.helm,
    flags,
  );
  const key = renders && !uncacheable(args) ? renderKeyFor(run, args, chart.digest) : undefined;
  let manifest = key ? renders?.get(key) : undefined;
  const cached = manifest !== undefined;
  let warnings: string | undefined;
  if (manifest === undefined) {
    const live = options.liveOutput;
    const out = await runHelm(run.helm.path, args, {
      env: run.env,
      cwd: r.state.baseDir,
      release: r.release.name,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(live ? { live: stderrOnly(live) } : {}),
    });
    manifest = out.stdout;
    if (out.stderr.trim() && !live) warnings = out.stderr;
    if (key) renders?.put(key, manifest);
  }
  // What gets deployed: the live image substitutions applied (the cache keeps helm's own output).
  if (prepared.images?.length) manifest = substituteManifestImages(manifest, prepared.images).text;
  const base = {
    id: r.release.id,
    name: r.release.name,
    namespace: r.release.namespace,
    chart: r.release.chart,
    manifest,
    cached,
    ...(warnings ? { warnings } : {}),
  };
  if (!options.outputDir && !options.outputDirTemplate) return base;
  const dir = templateOutputDir(r.state, r.release, options.outputDir ?? '', options.outputDirTemplate);
  return { ...base, outputDir: dir, files: writeRendered(dir, r.release.name, manifest) };
}
