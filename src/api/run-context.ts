import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliHelmOverrides, detectHelm, type HelmInfo } from '../helm/index.js';
import {
  adhocRepositoryNames,
  buildAdhocChart,
  helmRepositoryList,
  needsHelmRepositoryList,
  resolveAdhocDependencies,
  withAdhocChart,
} from '../plan/adhoc-deps.js';
import { hasPatches } from '../plan/chartify/build.js';
import { chartDirOf, patchedRelease } from '../plan/chartify/deploy.js';
import { type PreparedRelease, prepareRelease, syncRepositories } from '../plan/index.js';
import type { DesiredState, ResolvedRelease, ResolvedState } from '../state/model.js';
import { nodeHost } from '../state/node-host.js';
import { planState } from '../state/plan.js';
import { defaultRenderer } from '../state/render.js';
import type { Substitutions } from '../substitute/index.js';
import { helmfireCacheDir } from '../util/cache-dir.js';
import { refuseUnsupported } from './helm-run.js';
import { buildLocalChartDependencies } from './local-charts.js';
import { applyLockFile } from './lockfile.js';
import { narrowImages } from './release-images.js';
import { loadState, requireReleases, type StateOptions } from './state.js';
import { ensureSubstitutedCharts, projectSubstitutions } from './substitutions.js';

/** What every helm-running command shares: the state, helm, and how releases are chosen and prepared. */
export interface HelmRunOptions extends StateOptions {
  /** Live substitutions to apply; default: the project's stored set (`helmfire chart`, `helmfire image`). */
  readonly substitutions?: Substitutions;
  /** `--skip-deps`: no `helm dependency build` of local charts. */
  readonly skipDeps?: boolean;
  /** `--kubeconfig`, passed on to helm and used for the cluster client. */
  readonly kubeconfig?: string;
  /** Releases helm works on at once inside a needs group; 0 = all (helmfile's default). */
  readonly concurrency?: number;
  readonly includeNeeds?: boolean;
  readonly includeTransitiveNeeds?: boolean;
  readonly skipNeeds?: boolean;
  /** `--set`, `--values`: applied to every release after its own. */
  readonly set?: readonly string[];
  readonly values?: readonly string[];
  /** Command-line settings that override the state: `--wait`, `--timeout`, `--args`, … */
  readonly cli?: CliHelmOverrides;
  /** Allow a run with no release matching the selectors. */
  readonly allowNoMatchingRelease?: boolean;
  readonly signal?: AbortSignal;
}

/** One state file's releases in needs order, prepared for helm. */
export interface PreparedState {
  readonly state: ResolvedState;
  readonly groups: readonly (readonly string[])[];
  readonly releases: ReadonlyMap<string, PreparedRelease>;
}

/**
 * A run's resources: the loaded state, the helm binary, a private work
 * directory for values files (removed by `close`, with every decrypted
 * secret), and the releases prepared for helm, state file by state file in
 * helmfile's processing order.
 */
export class HelmRun {
  private readonly cleanup: (() => void)[] = [];
  private closed = false;
  private subs: Substitutions | undefined;

  /** The substitutions this run applies (read once). */
  get substitutions(): Substitutions {
    this.subs ??= projectSubstitutions(this.options);
    return this.subs;
  }

  private constructor(
    readonly desired: DesiredState,
    readonly helm: HelmInfo,
    readonly env: NodeJS.ProcessEnv,
    readonly workDir: string,
    readonly options: HelmRunOptions,
  ) {}

  static async open(options: HelmRunOptions): Promise<HelmRun> {
    const env = { ...(options.env ?? process.env) };
    if (options.kubeconfig) env.KUBECONFIG = options.kubeconfig;
    const desired = await loadState(options);
    if (!options.allowNoMatchingRelease) requireReleases(desired, options.selectors ?? []);
    const helm = await detectHelm(
      options.helmBinary && options.helmBinary !== 'helm' ? options.helmBinary : pickHelm(desired, env),
    );
    const workDir = mkdtempSync(join(env.HELMFIRE_TEMPDIR ?? tmpdir(), 'helmfire-run-'));
    return new HelmRun(desired, helm, env, workDir, options);
  }

  /** Prepares every state's planned releases (values, chart, options, digest) and adds the repositories they use. */
  async prepare(): Promise<PreparedState[]> {
    const host =
      this.options.host ??
      nodeHost({ env: this.env, ...(this.options.cwd ? { cwd: this.options.cwd } : {}) });
    const renderer = this.options.renderer ?? defaultRenderer(host);
    const out: PreparedState[] = [];
    const usedRepos = new Set<string>();
    for (const state of this.desired.states) {
      const planned = planState(state, {
        includeNeeds: this.options.includeNeeds === true || this.options.includeTransitiveNeeds === true,
        skipNeeds:
          this.options.skipNeeds ?? !(this.options.includeNeeds || this.options.includeTransitiveNeeds),
      });
      const releases = new Map<string, PreparedRelease>();
      // chart versions as the state's helmfile.lock resolved them (`helmfire deps`)
      const locked = planned.flat().map((r) => applyLockFile(state, r));
      await ensureSubstitutedCharts(this.substitutions, locked, this.chartsContext());
      if (!this.options.skipDeps)
        await buildLocalChartDependencies(state, locked, this.substitutions, this.chartsContext());
      await Promise.all(
        locked.map(async (r) => {
          refuseUnsupported(r);
          const p = await prepareRelease(state, r, {
            renderer,
            workDir: this.workDir,
            cleanup: this.cleanup,
            env: this.env,
            helm: this.helm,
            substitutions: this.substitutions,
            ...(this.options.kubeconfig ? { kubeconfig: this.options.kubeconfig } : {}),
            ...(this.options.cli ? { cli: this.options.cli } : {}),
            ...(this.options.set?.length ? { extraSet: this.options.set } : {}),
            ...(this.options.values?.length ? { extraValues: this.options.values } : {}),
          });
          if (p.source.kind === 'repo' && p.source.repository) usedRepos.add(p.source.repository);
          if (p.source.kind === 'oci') {
            const repo = state.repositories.find((x) => x.oci && r.chart.startsWith(`${x.name}/`));
            if (repo) usedRepos.add(repo.name);
          }
          for (const name of adhocRepositoryNames(r.spec.dependencies ?? [], state.repositories)) {
            usedRepos.add(name);
          }
          releases.set(r.id, p);
        }),
      );
      out.push({ state, groups: planned.map((g) => g.map((r) => r.id)), releases });
    }
    await syncRepositories(this.desired.repositories, usedRepos, this.helm, this.env, this.options.signal);
    // Releases with `dependencies:` deploy from a copy of their chart with those added (one at a time:
    // helm's repository cache is shared).
    for (const ps of out) {
      const releases = ps.releases as Map<string, PreparedRelease>;
      for (const r of ps.state.releases) {
        const p = releases.get(r.id);
        if (p && r.spec.dependencies?.length) releases.set(r.id, await this.adhocChart(ps.state, r, p));
      }
    }
    // Releases with `strategicMergePatches`/`jsonPatches` deploy from a generated, patched chart.
    await this.patchCharts(out);
    if (this.substitutions.images.length > 0) {
      const { signal } = this.options;
      const ctx = {
        helm: this.helm,
        env: this.env,
        cacheRoot: helmfireCacheDir(this.env),
        ...(signal ? { signal } : {}),
      };
      for (const ps of out) await narrowImages(ps.releases as Map<string, PreparedRelease>, ctx);
    }
    return out;
  }

  /** The release prepared from a temporary copy of its chart with its `dependencies:` added. */
  private async adhocChart(
    state: ResolvedState,
    r: ResolvedRelease,
    p: PreparedRelease,
  ): Promise<PreparedRelease> {
    const { signal } = this.options;
    const specs = r.spec.dependencies ?? [];
    const known = needsHelmRepositoryList(specs, state.baseDir, state.repositories, isDir)
      ? await helmRepositoryList(this.helm, this.env, signal)
      : undefined;
    const deps = resolveAdhocDependencies(r.name, specs, state.baseDir, state.repositories, isDir, known);
    const id = createHash('sha256').update(r.id).digest('hex').slice(0, 8);
    const target = join(this.workDir, 'adhoc', `${r.name.replace(/[^\w.-]/g, '_')}-${id}`);
    const src = p.source;
    const chartDir = await chartDirOf(state, r, p, `${target}.pull`, {
      helm: this.helm,
      env: this.env,
      workDir: this.workDir,
      ...(signal ? { signal } : {}),
    });
    await buildAdhocChart({
      release: r.name,
      chartDir,
      remote: src.kind !== 'local',
      targetDir: target,
      deps,
      helm: this.helm,
      env: this.env,
      ...(signal ? { signal } : {}),
      ...(this.options.cli?.ociPlainHttp ? { ociPlainHttp: true } : {}),
      plainHttp: p.options.plainHttp,
      insecureSkipTLSVerify: p.options.insecureSkipTLSVerify,
    });
    return withAdhocChart(p, target, deps);
  }

  /** Replaces each prepared release with patches by its generated, patched chart. */
  async patchCharts(states: readonly PreparedState[]): Promise<void> {
    const { signal } = this.options;
    const ctx = { helm: this.helm, env: this.env, workDir: this.workDir, ...(signal ? { signal } : {}) };
    for (const ps of states) {
      const releases = ps.releases as Map<string, PreparedRelease>;
      for (const r of ps.state.releases) {
        const p = releases.get(r.id);
        if (p && hasPatches(r)) releases.set(r.id, await patchedRelease(ps.state, r, p, ctx));
      }
    }
  }

  /** What validating (and building dependencies of) substituted chart directories needs. */
  private chartsContext() {
    const { signal } = this.options;
    const { helm, env } = this;
    return { helm, env, repositories: this.desired.repositories, ...(signal ? { signal } : {}) };
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

const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/** `helmBinary:` of the first state that sets one, else `helm` on PATH. */
function pickHelm(desired: DesiredState, _env: NodeJS.ProcessEnv): string {
  return desired.states.find((s) => s.helmBinary && s.helmBinary !== 'helm')?.helmBinary ?? 'helm';
}
