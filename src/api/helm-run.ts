import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import {
  ChartCache,
  cacheDirs,
  DependencyBuilder,
  detectHelmCached,
  type LocalChart,
  type RemoteChart,
} from '../cache/index.js';
import { HelmfireError } from '../errors.js';
import type { CliHelmOverrides, HelmInfo, HelmLiveSink } from '../helm/index.js';
import {
  adhocRepositoryNames,
  buildAdhocChart,
  helmRepositoryList,
  needsHelmRepositoryList,
  resolveAdhocDependencies,
  withAdhocChart,
} from '../plan/adhoc-deps.js';
import { buildPatchedChart, hasPatches } from '../plan/chartify/build.js';
import { chartDirDigest, type PreparedRelease, prepareRelease, syncRepositories } from '../plan/index.js';
import type { DesiredState, ResolvedRelease, ResolvedState } from '../state/model.js';
import { nodeHost } from '../state/node-host.js';
import { planState } from '../state/plan.js';
import { defaultRenderer, type TemplateRenderer } from '../state/render.js';
import type { Substitutions } from '../substitute/index.js';
import { helmfireCacheDir } from '../util/cache-dir.js';
import { applyLockFile } from './lockfile.js';
import { loadState, requireReleases, type StateOptions } from './state.js';
import { ensureSubstitutedCharts, projectSubstitutions } from './substitutions.js';

/**
 * The run context of the commands that hand releases to helm without
 * deploying them (template, lint, fetch, deps, repos, write-values): the
 * loaded state, the helm binary, a private work directory (values files,
 * decrypted secrets; removed by `close`), repositories added at most once,
 * and every chart made available on disk through the chart cache.
 */

export interface HelmRunOptions extends StateOptions {
  /** Live substitutions to apply; default: the project's stored set (`helmfire chart`, `helmfire image`). */
  readonly substitutions?: Substitutions;
  /** `--kubeconfig`, passed on to helm. */
  readonly kubeconfig?: string;
  /** helm processes at once; 0 or absent = twice the CPU count. */
  readonly concurrency?: number;
  readonly includeNeeds?: boolean;
  readonly includeTransitiveNeeds?: boolean;
  /** Default true, as in helmfile (false when `includeNeeds`/`includeTransitiveNeeds`). */
  readonly skipNeeds?: boolean;
  /** `--set`, `--values`: applied to every release after its own. */
  readonly set?: readonly string[];
  readonly values?: readonly string[];
  /** Command-line settings that override the state (`--args`, `--kube-version`, …). */
  readonly cli?: CliHelmOverrides;
  readonly allowNoMatchingRelease?: boolean;
  /** `--skip-deps`: no repositories added, no `helm dependency build`. */
  readonly skipDeps?: boolean;
  /** `--skip-refresh`: no repositories added, `helm dependency build --skip-refresh`. */
  readonly skipRefresh?: boolean;
  /** helmfire's cache root (default `$HELMFIRE_CACHE`, `$XDG_CACHE_HOME/helmfire`, `~/.cache/helmfire`). */
  readonly cacheDir?: string;
  readonly signal?: AbortSignal;
  /** Progress lines for the user (the CLI writes them to stderr unless `-q`). */
  readonly log?: (line: string) => void;
  /**
   * `--enable-live-output`: receives the output of the helm commands that act
   * on releases (upgrade, uninstall, rollback, lint; template's stderr) while
   * they run. Hooks and helm's bookkeeping commands are not streamed.
   */
  readonly liveOutput?: HelmLiveSink;
}

/** A selected release of one state file, prepared for helm. */
export interface RunRelease {
  readonly state: ResolvedState;
  readonly release: ResolvedRelease;
  readonly prepared: PreparedRelease;
}

/** A release helmfire cannot hand to helm yet (it needs chartify or kustomize). */
export class UnsupportedReleaseError extends HelmfireError {
  override readonly name = 'UnsupportedReleaseError';
  constructor(release: string, what: string) {
    super('UNSUPPORTED', `release "${release}": ${what} is not supported by helmfire yet`);
  }
}

/** One or more releases failed (the others were done); names every failure. */
export class ReleasesFailedError extends HelmfireError {
  override readonly name = 'ReleasesFailedError';
  constructor(
    readonly failures: readonly { release: string; error: unknown }[],
    command: string,
  ) {
    super(
      'RELEASES_FAILED',
      failures.length === 1
        ? String((failures[0]!.error as Error)?.message ?? failures[0]!.error)
        : `${command} failed for ${failures.length} releases:\n${failures
            .map((f) => `- ${String((f.error as Error)?.message ?? f.error)}`)
            .join('\n')}`,
    );
  }
}

/**
 * Chartify keys helmfire cannot apply yet (`dependencies:` is handled by
 * `src/plan/adhoc-deps.ts`, `strategicMergePatches`/`jsonPatches` by
 * `src/plan/chartify/`).
 */
const CHARTIFY_KEYS = ['transformers'] as const;

/** Fails, naming the release and the key, when it needs a chartify feature helmfire does not have (never ignored). */
export function refuseUnsupported(release: ResolvedRelease): void {
  for (const key of CHARTIFY_KEYS) {
    const v = release.spec[key];
    if (Array.isArray(v) && v.length > 0) throw new UnsupportedReleaseError(release.name, `"${key}"`);
  }
  if (release.spec.forceNamespace) throw new UnsupportedReleaseError(release.name, '"forceNamespace"');
}

const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/** Runs `fn` over `items` with at most `limit` at once; resolves when all settle, rejects with the first error. */
export async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed: { error: unknown } | undefined;
  const worker = async () => {
    while (next < items.length && !failed) {
      const i = next++;
      try {
        await fn(items[i] as T, i);
      } catch (error) {
        failed ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failed) throw failed.error;
}

export class HelmfireRun {
  private readonly cleanup: (() => void)[] = [];
  private readonly added = new Map<string, Promise<void>>();
  private readonly digests = new Map<string, string>();
  private closed = false;
  private subs: Substitutions | undefined;
  /** Temporary charts built for releases' `dependencies:` (their dependencies are in place already). */
  private readonly adhocDirs = new Set<string>();
  /** `helm dependency update` runs one at a time (helm's repository cache is shared). */
  private adhocQueue: Promise<unknown> = Promise.resolve();

  /** The substitutions this run applies (read once). */
  get substitutions(): Substitutions {
    this.subs ??= projectSubstitutions(this.options);
    return this.subs;
  }
  readonly charts: ChartCache;
  readonly deps: DependencyBuilder;
  readonly renderer: TemplateRenderer;
  /** Repository adds/logins run in this run. */
  repoAdds = 0;

  private constructor(
    readonly desired: DesiredState,
    readonly helm: HelmInfo,
    readonly env: NodeJS.ProcessEnv,
    readonly workDir: string,
    readonly cacheRoot: string,
    readonly options: HelmRunOptions,
  ) {
    const dirs = cacheDirs(cacheRoot);
    const log = options.log ?? (() => {});
    this.charts = new ChartCache({
      root: dirs.charts,
      runDir: workDir,
      helm,
      env,
      ...(options.signal ? { signal: options.signal } : {}),
      beforePull: (c) => this.addRepositoriesFor(c),
      onPull: (c) => log(`Pulling ${c.ref}${c.version ? ` --version ${c.version}` : ''}`),
    });
    this.deps = new DependencyBuilder({
      stampDir: dirs.deps,
      helm,
      env,
      ...(options.signal ? { signal: options.signal } : {}),
      beforeBuild: () => this.addRepositories(this.allRepositoryNames(false)),
      onBuild: (dir) => log(`Building dependency chart=${dir}`),
    });
    const host = options.host ?? nodeHost({ env, ...(options.cwd ? { cwd: options.cwd } : {}) });
    this.renderer = options.renderer ?? defaultRenderer(host);
  }

  /** Loads the state, finds helm, and creates the private work directory. */
  static async open(options: HelmRunOptions): Promise<HelmfireRun> {
    const env = { ...(options.env ?? process.env) };
    if (options.kubeconfig) env.KUBECONFIG = options.kubeconfig;
    const desired = await loadState({ ...options, env });
    if (!options.allowNoMatchingRelease) requireReleases(desired, options.selectors ?? []);
    const fromState = desired.states.find((s) => s.helmBinary && s.helmBinary !== 'helm')?.helmBinary;
    const helmPath =
      options.helmBinary && options.helmBinary !== 'helm' ? options.helmBinary : (fromState ?? 'helm');
    const cacheRoot = options.cacheDir ?? helmfireCacheDir(env);
    const helm = await detectHelmCached(helmPath, join(cacheRoot, 'helm-versions.json'), env);
    const workDir = mkdtempSync(join(env.HELMFIRE_TEMPDIR || tmpdir(), 'helmfire-run-'));
    return new HelmfireRun(desired, helm, env, workDir, cacheRoot, options);
  }

  /** helm processes at once. */
  get concurrency(): number {
    const c = this.options.concurrency ?? 0;
    return c > 0 ? c : availableParallelism() * 2;
  }

  /** No repository is added in this run (`--skip-deps`, `--skip-refresh`). */
  get skipRepos(): boolean {
    return this.options.skipDeps === true || this.options.skipRefresh === true;
  }

  /**
   * The releases to work on, state by state in needs order (helmfile's
   * order for template/lint/write-values). `installed: false` releases are
   * left out unless `includeUninstalled`; chart versions come from the
   * state's lock file unless `lockFile` is false.
   */
  planned(opts: { includeUninstalled?: boolean; allNeeds?: boolean; lockFile?: boolean } = {}): {
    state: ResolvedState;
    release: ResolvedRelease;
  }[] {
    const o = this.options;
    const includeNeeds = opts.allNeeds || o.includeNeeds === true || o.includeTransitiveNeeds === true;
    const out: { state: ResolvedState; release: ResolvedRelease }[] = [];
    for (const state of this.desired.states) {
      if (state.releases.length === 0) continue;
      const groups = planState(state, {
        includeNeeds,
        skipNeeds: opts.allNeeds ? false : includeNeeds ? false : (o.skipNeeds ?? true),
      });
      for (const release of groups.flat()) {
        if (!release.installed && !opts.includeUninstalled) continue;
        out.push({ state, release: opts.lockFile === false ? release : applyLockFile(state, release) });
      }
    }
    return out;
  }

  /**
   * Prepares releases for helm (values files, chart source, options), in
   * parallel. A release with `dependencies:` gets its temporary chart with
   * them added unless `adhocDependencies` is false (commands that do not
   * render: helmfile's fetch, deps and write-values use the chart as named).
   */
  async prepare(
    list: readonly { state: ResolvedState; release: ResolvedRelease }[],
    opts: { adhocDependencies?: boolean } = {},
  ): Promise<RunRelease[]> {
    const o = this.options;
    await ensureSubstitutedCharts(
      this.substitutions,
      list.map((x) => x.release),
      {
        helm: this.helm,
        env: this.env,
        repositories: this.desired.repositories,
        deps: this.deps,
        ...(o.skipDeps ? { skipDeps: true } : {}),
      },
    );
    return Promise.all(
      list.map(async ({ state, release }) => {
        refuseUnsupported(release);
        const base = await prepareRelease(state, release, {
          renderer: this.renderer,
          workDir: this.workDir,
          cleanup: this.cleanup,
          env: this.env,
          helm: this.helm,
          substitutions: this.substitutions,
          ...(o.kubeconfig ? { kubeconfig: o.kubeconfig } : {}),
          ...(o.cli ? { cli: o.cli } : {}),
          ...(o.set?.length ? { extraSet: o.set } : {}),
          ...(o.values?.length
            ? { extraValues: o.values.map((v) => (isAbsolute(v) ? v : resolve(state.baseDir, v))) }
            : {}),
        });
        const adhoc =
          opts.adhocDependencies !== false && release.spec.dependencies?.length
            ? await this.adhocChart({ state, release, prepared: base })
            : base;
        const prepared =
          opts.adhocDependencies !== false && hasPatches(release)
            ? await this.patchedChart({ state, release, prepared: adhoc })
            : adhoc;
        return { state, release, prepared };
      }),
    );
  }

  /**
   * The release rendered from a temporary copy of its chart with its
   * `dependencies:` added (see `src/plan/adhoc-deps.ts`).
   */
  private async adhocChart(r: RunRelease): Promise<PreparedRelease> {
    const { state, release, prepared } = r;
    const specs = release.spec.dependencies ?? [];
    const known = needsHelmRepositoryList(specs, state.baseDir, state.repositories, isDir)
      ? await helmRepositoryList(this.helm, this.env, this.options.signal)
      : undefined;
    const deps = resolveAdhocDependencies(
      release.name,
      specs,
      state.baseDir,
      state.repositories,
      isDir,
      known,
    );
    const remote = this.remoteChart(r);
    const chartDir = remote
      ? (await this.charts.get(remote)).dir
      : prepared.source.kind === 'local'
        ? prepared.source.path
        : '';
    const id = createHash('sha256').update(release.id).digest('hex').slice(0, 8);
    const target = join(this.workDir, 'adhoc', `${release.name.replace(/[^\w.-]/g, '_')}-${id}`);
    const turn = this.adhocQueue.then(async () => {
      await this.addRepositories(adhocRepositoryNames(specs, state.repositories));
      this.options.log?.(`Building dependency release=${release.name}, chart=${target}`);
      const o = prepared.options;
      await buildAdhocChart({
        release: release.name,
        chartDir,
        remote: remote !== undefined,
        targetDir: target,
        deps,
        helm: this.helm,
        env: this.env,
        ...(this.options.signal ? { signal: this.options.signal } : {}),
        ...(this.options.cli?.ociPlainHttp ? { ociPlainHttp: true } : {}),
        plainHttp: o.plainHttp,
        insecureSkipTLSVerify: o.insecureSkipTLSVerify,
      });
    });
    this.adhocQueue = turn.catch(() => {});
    await turn;
    this.adhocDirs.add(target);
    return withAdhocChart(prepared, target, deps);
  }

  /** The release rendered from a generated chart with its `strategicMergePatches`/`jsonPatches` applied. */
  private async patchedChart(r: RunRelease): Promise<PreparedRelease> {
    const chart = await this.localChart(r);
    const id = createHash('sha256').update(r.release.id).digest('hex').slice(0, 8);
    const target = join(this.workDir, 'patched', `${r.release.name.replace(/[^\w.-]/g, '_')}-${id}`);
    const { signal } = this.options;
    const prepared = await buildPatchedChart(r.release, r.prepared, chart.dir, target, {
      helm: this.helm,
      env: this.env,
      cwd: r.state.baseDir,
      ...(signal ? { signal } : {}),
    });
    this.adhocDirs.add(target);
    return prepared;
  }

  /** Every repository name of the run's states (OCI ones only when `oci`). */
  private allRepositoryNames(oci: boolean): string[] {
    return this.desired.repositories.filter((r) => oci || !r.oci).map((r) => r.name);
  }

  /** Adds repositories (or logs in to OCI registries) at most once per run, in parallel. */
  async addRepositories(names: Iterable<string>): Promise<void> {
    if (this.skipRepos) return;
    const fresh = [...new Set(names)].filter((n) => !this.added.has(n));
    const known = this.desired.repositories.filter((r) => fresh.includes(r.name));
    if (known.length > 0) {
      const log = this.options.log ?? (() => {});
      for (const r of known) {
        if (!r.oci) log(`Adding repo ${r.name} ${r.url}`);
        else if (r.username && r.password) log(`Logging in to registry ${r.url.replace(/^oci:\/\//, '')}`);
      }
      const p = syncRepositories(
        this.desired.repositories,
        new Set(known.map((r) => r.name)),
        this.helm,
        this.env,
        this.options.signal,
      ).then((added) => {
        this.repoAdds += added.length;
      });
      for (const r of known) this.added.set(r.name, p);
    }
    await Promise.all(fresh.map((n) => this.added.get(n)));
  }

  /** The state repository a remote chart is pulled through (an OCI registry by host), if any. */
  repositoryFor(c: RemoteChart): string | undefined {
    if (c.ref.startsWith('oci://')) {
      const host = c.ref.slice('oci://'.length).split('/')[0];
      return this.desired.repositories.find(
        (r) => r.oci && r.url.replace(/^oci:\/\//, '').split('/')[0] === host,
      )?.name;
    }
    const name = c.ref.split('/')[0] ?? '';
    return this.desired.repositories.some((r) => r.name === name) ? name : undefined;
  }

  private async addRepositoriesFor(c: RemoteChart): Promise<void> {
    const name = this.repositoryFor(c);
    if (name) await this.addRepositories([name]);
  }

  /** The remote chart a prepared release refers to, or undefined for a local chart. */
  remoteChart(r: RunRelease): RemoteChart | undefined {
    const { source, options, chart } = r.prepared;
    if (source.kind === 'local') return undefined;
    const repo =
      source.kind === 'repo'
        ? r.state.repositories.find((x) => x.name === source.repository)
        : r.state.repositories.find((x) => x.oci && r.release.chart.startsWith(`${x.name}/`));
    return {
      ref: source.ref,
      ...(chart.version ? { version: chart.version } : {}),
      ...(source.kind === 'repo' && repo ? { repoUrl: repo.url } : {}),
      pull: {
        devel: options.devel,
        plainHttp: options.plainHttp,
        insecureSkipTLSVerify: options.insecureSkipTLSVerify,
        ...(source.kind === 'repo' && options.verify ? { verify: true } : {}),
        ...(source.kind === 'repo' && options.keyring ? { keyring: options.keyring } : {}),
        ...(repo?.caFile ? { caFile: repo.caFile } : {}),
        ...(repo?.certFile ? { certFile: repo.certFile } : {}),
        ...(repo?.keyFile ? { keyFile: repo.keyFile } : {}),
        ...(repo?.registryConfig ? { registryConfig: repo.registryConfig } : {}),
      },
    };
  }

  /**
   * The release's chart as a directory on disk with its content digest:
   * a remote chart through the chart cache, a local chart after building
   * its dependencies when they changed (unless `deps` is false).
   */
  async localChart(r: RunRelease, opts: { deps?: boolean } = {}): Promise<LocalChart> {
    const remote = this.remoteChart(r);
    if (remote) return this.charts.get(remote);
    if (r.prepared.source.kind !== 'local') throw new Error('unreachable');
    const dir = r.prepared.source.path;
    if (!existsSync(join(dir, 'Chart.yaml'))) {
      throw new UnsupportedReleaseError(
        r.release.name,
        `chart directory "${r.release.chart}" without Chart.yaml`,
      );
    }
    const spec = r.release.spec;
    const skipDeps =
      this.options.skipDeps === true || spec.skipDeps === true || r.state.helmDefaults.skipDeps === true;
    if (opts.deps !== false && !skipDeps && !this.adhocDirs.has(dir)) {
      const o = r.prepared.options;
      await this.deps.ensure(dir, {
        skipRefresh:
          this.options.skipRefresh === true ||
          spec.skipRefresh === true ||
          r.state.helmDefaults.skipRefresh === true,
        verify: o.verify,
        ...(o.keyring ? { keyring: o.keyring } : {}),
        plainHttp: o.plainHttp,
        insecureSkipTLSVerify: o.insecureSkipTLSVerify,
        ...(this.options.cli?.ociPlainHttp ? { ociPlainHttp: true } : {}),
        extraArgs: o.extraArgs,
      });
    }
    let digest = this.digests.get(dir);
    if (!digest) {
      digest = chartDirDigest(dir);
      this.digests.set(dir, digest);
    }
    return { dir, digest, hit: false };
  }

  /** Content digest of a file read by helm (values, `--set-file`), memoised for the run. */
  fileDigest(path: string): string {
    let d = this.digests.get(`file:${path}`);
    if (!d) {
      try {
        d = createHash('sha256').update(readFileSync(path)).digest('hex');
      } catch {
        d = 'missing';
      }
      this.digests.set(`file:${path}`, d);
    }
    return d;
  }

  /** Removes the work directory and every decrypted file; safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.cleanup.splice(0)) {
      try {
        c();
      } catch {
        // already gone
      }
    }
    rmSync(this.workDir, { recursive: true, force: true });
  }
}
