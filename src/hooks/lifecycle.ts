import type { ReleaseDriver } from '../reconcile/reconciler.js';
import type { Action, DesiredRelease, Mode, ReleaseResult } from '../reconcile/types.js';
import type { ResolvedRelease } from '../state/model.js';
import type { HookBus } from './bus.js';
import { HookError } from './errors.js';

const CHANGES: ReadonlySet<Action['kind']> = new Set([
  'install',
  'upgrade',
  'rollback',
  'reset',
  'uninstall',
]);

/**
 * A release's hook events over one reconcile, for one state file:
 *
 * - before its first change (install, upgrade, recovery, uninstall):
 *   `preapply` (apply only), then `presync` (not for destroy);
 * - around an uninstall: `preuninstall` / `postuninstall`;
 * - when the release is done: `postsync` if `presync` fired (with
 *   `.Event.Error` set when the release failed), then `cleanup`.
 *
 * A failing pre-hook fails the action it precedes, so the release fails
 * with the hook named and the change is not made. A failing post-hook fails
 * a release that had otherwise succeeded (helmfile's rule); a failing
 * `cleanup` of a release that did not change is only a warning.
 */
export class ReleaseHookLifecycle {
  private readonly fired = new Map<string, Set<string>>();

  constructor(
    private readonly bus: HookBus,
    private readonly mode: Mode,
    private readonly lookup: (id: string) => ResolvedRelease | undefined,
    private readonly opts: { readonly signal?: AbortSignal; readonly warn?: (m: string) => void } = {},
  ) {}

  /** Before `action` runs on release `id`; throws HookError when a hook fails. */
  async beforeAction(id: string, action: Action): Promise<void> {
    const release = this.lookup(id);
    if (!release || !CHANGES.has(action.kind)) return;
    if (this.mode === 'apply') await this.once(id, 'preapply', release);
    if (this.mode !== 'destroy') await this.once(id, 'presync', release);
    if (action.kind === 'uninstall') await this.bus.trigger('preuninstall', { release });
  }

  /** After `action` succeeded on release `id`. */
  async afterAction(id: string, action: Action): Promise<void> {
    const release = this.lookup(id);
    if (!release || action.kind !== 'uninstall') return;
    await this.bus.trigger('postuninstall', { release });
  }

  /** When release `id` is done: postsync and cleanup; returns the result, failed if a post-hook failed. */
  async finish(result: ReleaseResult): Promise<ReleaseResult> {
    const release = this.lookup(result.id);
    if (!release || this.opts.signal?.aborted) return result;
    let out = result;
    const changed = this.fired.get(result.id)?.has('presync') === true;
    if (changed) {
      try {
        await this.bus.trigger('postsync', {
          release,
          ...(result.error !== undefined ? { error: result.error } : {}),
        });
      } catch (err) {
        out = this.failWith(out, err);
      }
    }
    try {
      await this.bus.trigger('cleanup', { release });
    } catch (err) {
      if (changed || this.mode === 'sync') out = this.failWith(out, err);
      else this.opts.warn?.(`warning: ${(err as Error).message}`);
    }
    return out;
  }

  private async once(id: string, event: 'preapply' | 'presync', release: ResolvedRelease): Promise<void> {
    let set = this.fired.get(id);
    if (!set) {
      set = new Set();
      this.fired.set(id, set);
    }
    if (set.has(event)) return;
    set.add(event);
    await this.bus.trigger(event, { release });
  }

  /** A hook failure after the release's own work: fails it if it had succeeded, else is noted beside its error. */
  private failWith(result: ReleaseResult, err: unknown): ReleaseResult {
    if (!(err instanceof HookError)) throw err;
    if (result.outcome === 'failed' || result.outcome === 'skipped') {
      this.opts.warn?.(`warning: ${err.message}`);
      return result;
    }
    return { ...result, outcome: 'failed', error: err.message };
  }
}

/**
 * The reconciler's driver with a release's hooks around each action: pre-hooks
 * before (a failure there fails the action without running it), post-hooks
 * after a successful one.
 */
export function withHooks<R extends DesiredRelease>(
  driver: ReleaseDriver<R>,
  hooks: ReleaseHookLifecycle,
): ReleaseDriver<R> {
  return {
    observe: (r, mode, signal, acted) => driver.observe(r, mode, signal, acted),
    async act(r, action, signal) {
      await hooks.beforeAction(r.id, action);
      await driver.act(r, action, signal);
      await hooks.afterAction(r.id, action);
    },
  };
}
