import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { cacheDirs, DependencyBuilder, detectHelmCached } from '../cache/index.js';
import type { HelmInfo } from '../helm/index.js';
import { syncRepositories } from '../plan/index.js';
import type { Repository } from '../state/model.js';
import { formatImageRef, parseImageRef } from '../substitute/image-ref.js';
import {
  type ChartSubstitution,
  chartSubstitutionFor,
  type ImageSubstitution,
  parseChartRef,
  readSubstitutions,
  SubstituteError,
  type Substitutions,
  substitutionsFile,
  updateSubstitutions,
} from '../substitute/index.js';
import { type EnsureOutcome, ensureLocalChart } from '../substitute/validate.js';
import { helmfireCacheDir } from '../util/cache-dir.js';
import { didYouMean } from '../util/suggest.js';
import { loadState, type StateOptions } from './state.js';

/**
 * `helmfire chart …` and `helmfire image …`: the project's live substitution
 * set, changed without touching the state; and what a run applies.
 */

/** What locates a project: the `-f` of the command line, relative to the working directory. */
export interface ProjectOptions {
  readonly cwd?: string;
  readonly file?: string;
  readonly files?: readonly string[];
  /** Use these substitutions instead of the project's stored ones. */
  readonly substitutions?: Substitutions;
}

/**
 * A project's directory: the directory of its state file (`-f`), that
 * directory itself when `-f` names one (`helmfile.d`), else the working
 * directory. Its substitutions live below it.
 */
export function projectDir(options: ProjectOptions): string {
  const cwd = options.cwd ?? process.cwd();
  const file = options.file ?? options.files?.[0];
  if (!file || /[*?[]/.test(file)) return cwd;
  const path = resolve(cwd, file);
  return existsSync(path) && statSync(path).isDirectory() ? path : dirname(path);
}

/** The substitutions a run applies: given ones, else the project's stored set. */
export function projectSubstitutions(options: ProjectOptions): Substitutions {
  return options.substitutions ?? readSubstitutions(substitutionsFile(projectDir(options)));
}

/** Options of the substitution commands: where the project is, and how to load its state for checks. */
export interface SubstitutionOptions extends StateOptions {
  /** `--skip-deps`: a chart's missing dependencies are an error instead of being built. */
  readonly skipDeps?: boolean;
  /** helmfire's cache root (dependency build stamps). */
  readonly cacheDir?: string;
  /** Progress lines (a dependency build). */
  readonly log?: (line: string) => void;
}

/** A chart substitution and the releases of the state it applies to. */
export interface ChartUse {
  readonly substitution: ChartSubstitution;
  /** Release ids (`[kubeContext/][namespace/]name`); empty when none uses it. */
  readonly releases: readonly string[];
}

const chartLabel = (s: Pick<ChartSubstitution, 'ref' | 'version'>) =>
  s.version ? `${s.ref}@${s.version}` : s.ref;

/** Which releases each chart substitution applies to (a version pin wins over an unpinned one). */
export function chartUses(
  subs: Substitutions,
  releases: readonly { readonly id: string; readonly chart: string; readonly version: string }[],
): ChartUse[] {
  return subs.charts.map((substitution) => ({
    substitution,
    releases: releases
      .filter((r) => chartSubstitutionFor(subs.charts, r.chart, r.version) === substitution)
      .map((r) => r.id),
  }));
}

export interface AddChartResult {
  readonly substitution: ChartSubstitution;
  /** The substitution of the same ref (and version) it replaced. */
  readonly replaced?: ChartSubstitution;
  /** The local chart's own `name` and `version` (Chart.yaml). */
  readonly chart: { readonly name: string; readonly version: string };
  /** `built`: `helm dependency build` ran; `present`: charts/ had them; `none`: no dependencies. */
  readonly dependencies: EnsureOutcome;
  /** Releases of the current state that now deploy from the directory; undefined when the state did not load. */
  readonly releases?: readonly string[];
  readonly warnings: readonly string[];
}

/** The state's releases and repositories, or why it could not be loaded (never fatal here). */
async function tryLoadState(options: SubstitutionOptions): Promise<
  | {
      releases: { id: string; chart: string; version: string }[];
      repositories: readonly Repository[];
      helmBinary?: string;
    }
  | { error: string }
> {
  try {
    const s = await loadState({ ...options, selectors: [] });
    const helmBinary = s.states.find((x) => x.helmBinary && x.helmBinary !== 'helm')?.helmBinary;
    return { releases: [...s.releases], repositories: s.repositories, ...(helmBinary ? { helmBinary } : {}) };
  } catch (err) {
    return { error: (err as Error).message.split('\n')[0] ?? String(err) };
  }
}

/** A dependency builder sharing the runs' stamps (so a chart built here is not built again by a run). */
export function dependencyBuilder(
  helm: HelmInfo,
  env: NodeJS.ProcessEnv,
  repositories: readonly Repository[],
  opts: { cacheDir?: string; signal?: AbortSignal; log?: (line: string) => void },
): DependencyBuilder {
  return new DependencyBuilder({
    stampDir: cacheDirs(opts.cacheDir ?? helmfireCacheDir(env)).deps,
    helm,
    env,
    ...(opts.signal ? { signal: opts.signal } : {}),
    beforeBuild: async () => {
      await syncRepositories(
        repositories,
        new Set(repositories.filter((r) => !r.oci).map((r) => r.name)),
        helm,
        env,
        opts.signal,
      );
    },
    onBuild: (dir) => opts.log?.(`Building dependency chart=${dir}`),
  });
}

/**
 * `helmfire chart <ref>[@version] <dir>`: releases of chart `ref` (any
 * version, or only `version`) deploy from `dir` from now on. The directory
 * is validated (Chart.yaml; missing dependencies built); adding the same
 * ref (and version) again replaces it. Warns when no release uses the ref.
 */
export async function addChart(
  options: SubstitutionOptions & { readonly ref: string; readonly dir: string },
): Promise<AddChartResult> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const { ref, version } = parseChartRef(options.ref);
  if (ref === '' || version === '')
    throw new SubstituteError(
      'CHART_DIR_INVALID',
      `chart reference ${JSON.stringify(options.ref)}: expected repo/name, oci://host/path/name or either with @version`,
    );
  const dir = resolve(cwd, options.dir);
  const loaded = await tryLoadState(options);
  const warnings: string[] = [];
  const repositories = 'error' in loaded ? [] : loaded.repositories;
  const { info, outcome } = await ensureLocalChart(dir, {
    ...(options.skipDeps
      ? {}
      : {
          deps: async () =>
            dependencyBuilder(
              await detectHelmCached(
                // `--helm-binary` wins over the state's `helmBinary:` unless it is the default
                options.helmBinary && options.helmBinary !== 'helm'
                  ? options.helmBinary
                  : ('helmBinary' in loaded && loaded.helmBinary) || 'helm',
                join(options.cacheDir ?? helmfireCacheDir(env), 'helm-versions.json'),
                env,
              ),
              env,
              repositories,
              {
                ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
                ...(options.log ? { log: options.log } : {}),
              },
            ),
        }),
  });
  const substitution: ChartSubstitution = {
    ref,
    ...(version ? { version } : {}),
    dir,
    added: new Date().toISOString(),
  };
  let replaced: ChartSubstitution | undefined;
  const next = updateSubstitutions(substitutionsFile(projectDir(options)), (s) => {
    replaced = s.charts.find((c) => c.ref === ref && c.version === version);
    return { ...s, charts: [...s.charts.filter((c) => c !== replaced), substitution] };
  });
  const remoteName = ref.split('/').pop();
  if (remoteName && remoteName !== info.name)
    warnings.push(`${dir}: the local chart is named "${info.name}", the chart it replaces "${remoteName}"`);
  let releases: string[] | undefined;
  if ('error' in loaded) {
    warnings.push(`could not load the state to check which releases use ${ref}: ${loaded.error}`);
  } else {
    releases = [
      ...(chartUses(next, loaded.releases).find((u) => u.substitution === substitution)?.releases ?? []),
    ];
    if (releases.length === 0) {
      const any = loaded.releases.some((r) => parseChartRef(r.chart).ref === ref);
      warnings.push(
        any && version
          ? `no release of the current state uses ${ref} at version ${version} (the substitution is kept)`
          : `no release of the current state uses chart ${ref} (the substitution is kept)`,
      );
    }
  }
  return {
    substitution,
    ...(replaced ? { replaced } : {}),
    chart: { name: info.name, version: info.version },
    dependencies: outcome,
    ...(releases ? { releases } : {}),
    warnings,
  };
}

/**
 * `helmfire chart rm <ref>[@version]` (every substitution of `ref` when no
 * version is given; only the pin with one) or `--all`. Returns what was removed;
 * an unknown ref is an error (SUBSTITUTION_NOT_FOUND).
 */
export function removeChart(
  options: ProjectOptions & ({ readonly ref: string } | { readonly all: true }),
): ChartSubstitution[] {
  const file = substitutionsFile(projectDir(options));
  let removed: ChartSubstitution[] = [];
  updateSubstitutions(file, (s) => {
    if ('all' in options) removed = [...s.charts];
    else {
      const { ref, version } = parseChartRef(options.ref);
      removed = s.charts.filter((c) => c.ref === ref && (version === undefined || c.version === version));
      if (removed.length === 0) {
        const known = s.charts.map(chartLabel);
        throw new SubstituteError(
          'SUBSTITUTION_NOT_FOUND',
          `no chart substitution for ${options.ref}${didYouMean(options.ref, known)}; ${
            known.length ? `active: ${known.join(', ')}` : 'none is active'
          }`,
        );
      }
    }
    return { ...s, charts: s.charts.filter((c) => !removed.includes(c)) };
  });
  return removed;
}

/** `helmfire chart list`: the project's chart substitutions, in the order they were added. */
export function listCharts(options: ProjectOptions): readonly ChartSubstitution[] {
  return readSubstitutions(substitutionsFile(projectDir(options))).charts;
}

/** Normalized form of an image pattern: `postgres:15` and `docker.io/library/postgres:15` are one. */
const imageKey = (ref: string) => {
  const r = parseImageRef(ref);
  return formatImageRef({ ...r, domain: r.domain.toLowerCase() });
};

export interface AddImageResult {
  readonly substitution: ImageSubstitution;
  readonly replaced?: ImageSubstitution;
}

/**
 * `helmfire image <from> <to>`: every container image matching `from`
 * (image reference rules; without tag every tag) deploys as `to`. Both are
 * checked; adding the same `from` again (in any spelling) replaces it.
 */
export function addImage(
  options: ProjectOptions & { readonly from: string; readonly to: string },
): AddImageResult {
  const fromKey = imageKey(options.from);
  const toKey = imageKey(options.to);
  if (fromKey === toKey)
    throw new SubstituteError(
      'IMAGE_REF_INVALID',
      `image substitution ${options.from} → ${options.to}: both name the same image (${fromKey})`,
    );
  const substitution: ImageSubstitution = {
    from: options.from,
    to: options.to,
    added: new Date().toISOString(),
  };
  let replaced: ImageSubstitution | undefined;
  updateSubstitutions(substitutionsFile(projectDir(options)), (s) => {
    replaced = s.images.find((i) => sameImage(i.from, fromKey));
    return { ...s, images: [...s.images.filter((i) => i !== replaced), substitution] };
  });
  return { substitution, ...(replaced ? { replaced } : {}) };
}

function sameImage(stored: string, key: string): boolean {
  try {
    return imageKey(stored) === key;
  } catch {
    return stored === key;
  }
}

/** `helmfire image rm <from>` (matched in any spelling of the same reference) or `--all`. */
export function removeImage(
  options: ProjectOptions & ({ readonly from: string } | { readonly all: true }),
): ImageSubstitution[] {
  const file = substitutionsFile(projectDir(options));
  let removed: ImageSubstitution[] = [];
  updateSubstitutions(file, (s) => {
    if ('all' in options) removed = [...s.images];
    else {
      let key: string;
      try {
        key = imageKey(options.from);
      } catch {
        key = options.from;
      }
      removed = s.images.filter((i) => i.from === options.from || sameImage(i.from, key));
      if (removed.length === 0) {
        const known = s.images.map((i) => i.from);
        throw new SubstituteError(
          'SUBSTITUTION_NOT_FOUND',
          `no image substitution for ${options.from}${didYouMean(options.from, known)}; ${
            known.length ? `active: ${known.join(', ')}` : 'none is active'
          }`,
        );
      }
    }
    return { ...s, images: s.images.filter((i) => !removed.includes(i)) };
  });
  return removed;
}

/** `helmfire image list`: the project's image substitutions, in the order they were added. */
export function listImages(options: ProjectOptions): readonly ImageSubstitution[] {
  return readSubstitutions(substitutionsFile(projectDir(options))).images;
}

/** What a run needs to check and prepare substituted chart directories. */
export interface SubstitutedChartsContext {
  readonly helm: HelmInfo;
  readonly env: NodeJS.ProcessEnv;
  readonly repositories: readonly Repository[];
  /** The run's own builder (shares its per-run memo); default: one on helmfire's cache. */
  readonly deps?: DependencyBuilder;
  /** `--skip-deps`: missing dependencies are an error, nothing is built. */
  readonly skipDeps?: boolean;
  readonly signal?: AbortSignal;
  readonly log?: (line: string) => void;
}

/**
 * Before a run prepares its releases: every substituted chart directory a
 * release of the run uses is validated and its missing dependencies built
 * (so the release's input digest sees the built chart). Throws
 * SubstituteError naming the substitution and what is wrong.
 */
export async function ensureSubstitutedCharts(
  subs: Substitutions,
  releases: readonly { readonly chart: string; readonly version: string }[],
  ctx: SubstitutedChartsContext,
): Promise<void> {
  if (subs.charts.length === 0) return;
  const used = new Set<ChartSubstitution>();
  for (const r of releases) {
    const s = chartSubstitutionFor(subs.charts, r.chart, r.version);
    if (s) used.add(s);
  }
  if (used.size === 0) return;
  let builder = ctx.deps;
  const deps = async () => {
    builder ??= dependencyBuilder(ctx.helm, ctx.env, ctx.repositories, {
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      ...(ctx.log ? { log: ctx.log } : {}),
    });
    return builder;
  };
  for (const s of used) {
    try {
      await ensureLocalChart(s.dir, ctx.skipDeps ? {} : { deps });
    } catch (err) {
      if (!(err instanceof SubstituteError)) throw err;
      throw new SubstituteError(
        'CHART_DIR_INVALID',
        `chart substitution ${chartLabel(s)}: ${err.message} (\`helmfire chart rm ${chartLabel(s)}\` restores the remote chart)`,
        { cause: err },
      );
    }
  }
}
