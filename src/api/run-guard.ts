import { type HookError, type HookReport, RunHooks } from '../hooks/index.js';
import { acquireRunLock, type LockOwner, type RunLock, runLockKey } from '../lock/index.js';
import type { ResolvedRelease, ResolvedState } from '../state/model.js';
import { nodeHost } from '../state/node-host.js';
import { planState } from '../state/plan.js';
import { defaultRenderer } from '../state/render.js';
import type { HelmRun, HelmRunOptions } from './run-context.js';

/** Options of the commands that run hooks and (when they deploy) take the run lock. */
export interface GuardOptions {
  /** Seconds to wait for another run holding the lock; 0 / absent = fail at once. */
  readonly lockTimeout?: number;
  /** The command line recorded in the lock, shown to a run that finds it held (default `helmfire <command>`). */
  readonly lockCommand?: string;
  /** Called once when the run starts waiting for another run's lock. */
  readonly onLockWait?: (owner: LockOwner) => void;
  /** Every hook that ran, as it ends. */
  readonly onHook?: (report: HookReport) => void;
  /** Warnings (a failed hook that does not fail anything, a stale lock broken). */
  readonly onWarning?: (message: string) => void;
}

/**
 * What surrounds a run's helm work: the run lock (for commands that deploy)
 * and the hooks — `prepare` before the releases are prepared, the
 * per-release events during the run, the global `cleanup` after it.
 */
export class RunGuard {
  private constructor(
    readonly hooks: RunHooks,
    private readonly lock: RunLock | undefined,
    private readonly options: GuardOptions,
  ) {}

  /** Takes the lock (when `lock`), then fires `prepare`. On failure nothing is left held. */
  static async start(
    run: HelmRun,
    command: string,
    options: HelmRunOptions & GuardOptions,
    opts: { readonly lock: boolean },
  ): Promise<RunGuard> {
    let lock: RunLock | undefined;
    if (opts.lock) {
      lock = await acquireRunLock(
        runLockKey(run.desired, {
          ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}),
          ...(options.cli?.kubeContext ? { kubeContext: options.cli.kubeContext } : {}),
          env: run.env,
        }),
        {
          command: options.lockCommand ?? `helmfire ${command}`,
          timeoutSeconds: options.lockTimeout ?? 0,
          env: run.env,
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.onLockWait ? { onWait: options.onLockWait } : {}),
        },
      );
      if (lock.broke) {
        const b = lock.broke;
        options.onWarning?.(
          `warning: took over the lock left by pid ${b.pid} (\`${b.command}\`, started ${b.startedAt}), which is no longer running`,
        );
      }
    }
    const host = nodeHost({ env: run.env, ...(options.cwd ? { cwd: options.cwd } : {}) });
    const hooks = new RunHooks({
      command,
      env: run.env,
      renderer: options.renderer ?? defaultRenderer(host),
      releasesOf: (state) => plannedReleases(state, options),
      ...(options.onHook ? { onReport: options.onHook } : {}),
      ...(options.onWarning ? { onWarning: options.onWarning } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const guard = new RunGuard(hooks, lock, options);
    try {
      await hooks.prepare(run.desired.states);
    } catch (err) {
      await guard.finish((err as Error).message);
      guard.release();
      throw err;
    }
    return guard;
  }

  /**
   * Fires the global `cleanup` (`.Event.Error` = `error`). Returns the
   * messages of failed cleanup hooks; when the run had already failed they
   * are only warned about.
   */
  async finish(error?: string): Promise<string[]> {
    const failures: HookError[] = await this.hooks.cleanup(error);
    if (error === undefined) return failures.map((f) => f.message);
    for (const f of failures) this.options.onWarning?.(`warning: ${f.message}`);
    return [];
  }

  /** Releases the run lock; safe to call twice. */
  release(): void {
    this.lock?.release();
  }
}

/** The releases of a state a run works on: what `HelmRun.prepare` plans, flattened in plan order. */
export function plannedReleases(state: ResolvedState, options: HelmRunOptions): ResolvedRelease[] {
  const includeNeeds = options.includeNeeds === true || options.includeTransitiveNeeds === true;
  return planState(state, {
    includeNeeds,
    skipNeeds: options.skipNeeds ?? !includeNeeds,
  }).flat();
}
