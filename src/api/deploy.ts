import type { ReleaseDiff } from '../diff/index.js';
import type { HelmLiveSink } from '../helm/index.js';
import { HookError, withHooks } from '../hooks/index.js';
import type { PreparedRelease } from '../plan/index.js';
import {
  HelmReleaseDriver,
  type ImagesDeployed,
  type Mode,
  type ObservedRelease,
  type ReconcileEvent,
  Reconciler,
  type ReleaseDriver,
  type ReleaseResult,
  runPlan,
} from '../reconcile/index.js';
import { ClusterWatches } from './cluster-watch.js';
import { diffPrepared, KubeClients } from './release-render.js';
import { HelmRun, type HelmRunOptions, type PreparedState } from './run-context.js';
import { type GuardOptions, RunGuard } from './run-guard.js';
import { StoredReleases } from './stored-releases.js';

export interface DeployOptions extends HelmRunOptions, GuardOptions {
  /** Progress: every decision and helm action, as it happens. */
  readonly onEvent?: (e: ReconcileEvent) => void;
  /** Called with each helm command line (for `--debug`). */
  readonly onHelm?: (release: string, args: readonly string[]) => void;
  /** After a deploy with image substitutions: which way they reached helm, and every image replaced. */
  readonly onImages?: (release: string, deployed: ImagesDeployed) => void;
  /**
   * `--enable-live-output`: the output of helm's upgrade, uninstall and
   * rollback commands while they run. Hooks and helm's lookups are not streamed.
   */
  readonly liveOutput?: HelmLiveSink;
}

/** One row of the run's summary. */
export interface DeployedRelease extends ReleaseResult {
  readonly name: string;
  readonly namespace: string;
  /** The chart the state names. */
  readonly chart: string;
  readonly version: string;
  /** The local directory it was deployed from instead (`helmfire chart`). */
  readonly substitutedBy?: string;
}

export interface DeployResult {
  readonly mode: Mode;
  readonly releases: readonly DeployedRelease[];
  /** Some release was installed, upgraded or uninstalled. */
  readonly changed: boolean;
  readonly failed: boolean;
  /** Failures of the run itself rather than of one release (a global cleanup hook). */
  readonly errors: readonly string[];
  /** The run was stopped (Ctrl-C): releases not finished are reported failed or skipped. */
  readonly interrupted: boolean;
  readonly seconds: number;
}

/** `helmfire sync`: every selected release converged, existing ones upgraded (a new revision each), in needs order. */
export function sync(options: DeployOptions): Promise<DeployResult> {
  return deploy('sync', options);
}

/** `helmfire apply`: only releases whose inputs changed or whose live objects drifted are upgraded. */
export function apply(options: DeployOptions): Promise<DeployResult> {
  return deploy('apply', options);
}

/** `helmfire destroy`: every selected release uninstalled, dependents first. */
export function destroy(options: DeployOptions): Promise<DeployResult> {
  return deploy('destroy', options);
}

/**
 * How a run chooses and checks its work; one-shot commands use the defaults,
 * watch mode narrows them to what an edit changed.
 */
export interface DeployControl {
  /** Prepares the run's states (default: `run.prepare()`). */
  readonly prepare?: (run: HelmRun) => Promise<PreparedState[]>;
  /** Given the prepared states, the ids of the releases to act on; undefined = every planned release. */
  readonly select?: (states: readonly PreparedState[]) => ReadonlySet<string> | undefined;
  /**
   * `apply`: compare the live objects when the recorded digest matches
   * (default true). Watch mode turns it off: the digest alone decides.
   */
  readonly liveDiff?: boolean;
  /**
   * After a successful helm install/upgrade, read the release back from helm
   * (default true). Off, helm's exit status is taken as the outcome and the
   * new revision is the previous one plus one, as helm numbers them.
   */
  readonly confirmActs?: boolean;
}

/** A deploy's result with the states it prepared (watch mode keeps their digests). */
export interface DeployRunResult extends DeployResult {
  readonly states: readonly PreparedState[];
}

async function deploy(mode: Mode, options: DeployOptions): Promise<DeployResult> {
  const run = await HelmRun.open(options);
  try {
    const { states: _states, ...result } = await deployRun(run, mode, options);
    return result;
  } finally {
    run.close();
  }
}

/**
 * The body of sync/apply/destroy over an opened run: lock and hooks, prepare,
 * then every selected release through the reconciler in needs order. The
 * caller closes `run`. Shared by the one-shot commands and watch mode.
 */
export async function deployRun(
  run: HelmRun,
  mode: Mode,
  options: DeployOptions,
  control: DeployControl = {},
): Promise<DeployRunResult> {
  const t0 = performance.now();
  let guard: RunGuard | undefined;
  const closers: (() => void)[] = [];
  try {
    guard = await RunGuard.start(run, mode, options, { lock: true });
    const states = control.prepare ? await control.prepare(run) : await run.prepare();
    const only = control.select?.(states);
    const kube = new KubeClients(options.kubeconfig, run.env);
    const stored = new StoredReleases(kube, run.env);
    closers.push(() => stored.close());
    const helmDriver = new HelmReleaseDriver({
      helm: run.helm,
      env: run.env,
      firstObservation: (r, signal) => stored.observe(r as PreparedRelease, signal),
      ...(mode === 'apply' && control.liveDiff !== false
        ? {
            liveDiffers: (r, signal, revision) =>
              stored.liveDiffers(
                r as PreparedRelease,
                revision,
                async () =>
                  (await diffPrepared(r as PreparedRelease, run.helm, run.env, kube, { concurrency: 8 }))
                    .hasChanges,
                signal,
              ),
          }
        : {}),
      ...(options.onHelm ? { onHelm: (r, args) => options.onHelm?.(r.name, args) } : {}),
      ...(options.onImages ? { onImages: (r, d) => options.onImages?.(r.name, d) } : {}),
      ...(options.liveOutput ? { live: options.liveOutput } : {}),
    });
    const driver = control.confirmActs === false ? trustingHelm(helmDriver) : helmDriver;
    // helm waiting on a cluster whose API server went away would only give up at its timeout
    const watches = new ClusterWatches((context) => kube.for(context));
    const out: DeployedRelease[] = [];
    for (const ps of mode === 'destroy' ? [...states].reverse() : states) {
      const groups = only
        ? ps.groups.map((g) => g.filter((id) => only.has(id))).filter((g) => g.length)
        : ps.groups;
      if (groups.length === 0) continue;
      const hooks = guard.hooks.lifecycle(ps.state, mode);
      const rec = new Reconciler(
        withHooks(driver, hooks),
        options.onEvent ? { onEvent: options.onEvent } : {},
      );
      const needs = new Map(
        [...ps.releases.values()].map((r) => [r.id, r.needs.filter((n) => ps.releases.has(n))]),
      );
      const results = await runPlan(
        groups,
        needs,
        async (id) => {
          const p = ps.releases.get(id) as PreparedRelease;
          const r = await watches.run(p.options.kubeContext, options.signal, (signal) =>
            rec.reconcile(p, mode, signal),
          );
          return hooks.finish(r);
        },
        {
          concurrency: options.concurrency ?? 0,
          reverse: mode === 'destroy',
          ...(options.signal ? { signal: options.signal } : {}),
        },
      );
      for (const r of results) {
        const p = ps.releases.get(r.id) as PreparedRelease;
        out.push({
          ...r,
          name: p.name,
          namespace: p.namespace,
          chart: p.substitutedChart ?? p.chart.chart,
          version: p.chart.version ?? '',
          ...(p.substitutedChart ? { substitutedBy: p.chart.chart } : {}),
        });
      }
    }
    const failedRelease = out.find((r) => r.outcome === 'failed' || r.outcome === 'skipped');
    const g = guard;
    guard = undefined;
    const errors = await g.finish(
      failedRelease
        ? `release "${failedRelease.name}": ${failedRelease.error ?? failedRelease.outcome}`
        : undefined,
    );
    g.release();
    return {
      mode,
      releases: out,
      changed: out.some(
        (r) => r.outcome === 'installed' || r.outcome === 'upgraded' || r.outcome === 'uninstalled',
      ),
      failed: failedRelease !== undefined || errors.length > 0,
      errors,
      interrupted: options.signal?.aborted === true,
      seconds: Math.round(performance.now() - t0) / 1000,
      states,
    };
  } catch (err) {
    await guard?.finish((err as Error).message);
    throw err;
  } finally {
    for (const c of closers) c();
    guard?.release();
  }
}

/**
 * A driver that takes a successful helm install/upgrade at its word: the
 * release is deployed with the digest it was given, at the next revision —
 * no helm process to read it back. Anything else is observed as usual.
 */
function trustingHelm<R extends PreparedRelease>(driver: ReleaseDriver<R>): ReleaseDriver<R> {
  const after = new Map<string, ObservedRelease>();
  return {
    async observe(r, mode, signal, acted) {
      const known = acted ? after.get(r.id) : undefined;
      after.delete(r.id);
      if (known) return known;
      const seen = await driver.observe(r, mode, signal, acted);
      if (!acted) after.set(`prev:${r.id}`, seen);
      return seen;
    },
    async act(r, action, signal) {
      await driver.act(r, action, signal);
      const prev = after.get(`prev:${r.id}`);
      after.delete(`prev:${r.id}`);
      const next =
        action.kind === 'upgrade' && prev?.revision !== undefined
          ? prev.revision + 1
          : action.kind === 'install' && prev?.status === 'absent'
            ? 1
            : undefined;
      if (next !== undefined) after.set(r.id, { status: 'deployed', revision: next, digest: r.digest });
    },
  };
}

export interface DiffRunOptions extends HelmRunOptions, Pick<GuardOptions, 'onHook' | 'onWarning'> {
  readonly showSecrets?: boolean;
}

export interface DiffResult {
  readonly releases: readonly ReleaseDiff[];
  readonly changed: boolean;
}

/** `helmfire diff`: every selected release's desired objects against the LIVE cluster. */
export async function diff(options: DiffRunOptions): Promise<DiffResult> {
  const run = await HelmRun.open(options);
  // prepare and cleanup hooks fire as for helmfile's diff (a prepare hook may generate a chart it needs)
  let guard: RunGuard | undefined;
  try {
    guard = await RunGuard.start(run, 'diff', options, { lock: false });
    const states = await run.prepare();
    const kube = new KubeClients(options.kubeconfig, run.env);
    const releases: ReleaseDiff[] = [];
    for (const ps of states) {
      const hooks = guard.hooks.lifecycle(ps.state, 'apply');
      for (const group of ps.groups) {
        const diffs = await Promise.all(
          group.map(async (id) => {
            const d = await diffPrepared(ps.releases.get(id) as PreparedRelease, run.helm, run.env, kube, {
              ...(options.showSecrets ? { showSecrets: true } : {}),
              ...(options.signal ? { signal: options.signal } : {}),
            });
            await hooks.finish({ id, outcome: 'unchanged', steps: [], seconds: 0 });
            return d;
          }),
        );
        releases.push(...diffs);
      }
    }
    const g = guard;
    guard = undefined;
    const errors = await g.finish();
    g.release();
    if (errors.length > 0) throw new HookError('HOOK_FAILED', errors.join('\n'));
    return { releases, changed: releases.some((r) => r.hasChanges) };
  } catch (err) {
    await guard?.finish((err as Error).message);
    throw err;
  } finally {
    guard?.release();
    run.close();
  }
}
