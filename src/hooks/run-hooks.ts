import type { Mode } from '../reconcile/types.js';
import type { ResolvedRelease, ResolvedState } from '../state/model.js';
import type { TemplateRenderer } from '../state/render.js';
import { HookBus, type HookBusOptions } from './bus.js';
import { HookError } from './errors.js';
import { ReleaseHookLifecycle } from './lifecycle.js';

export interface RunHooksOptions extends Omit<HookBusOptions, 'state' | 'renderer'> {
  readonly renderer: TemplateRenderer;
  /** The releases of a state the run works on (selected, plus needs when included), in plan order. */
  readonly releasesOf: (state: ResolvedState) => readonly ResolvedRelease[];
}

/**
 * The hooks of a whole run, state file by state file: `prepare` at the start
 * (each state's global hooks, then each release the run will install),
 * a `ReleaseHookLifecycle` per state for the reconciler, and the global
 * `cleanup` at the end with the run's first error as `.Event.Error`.
 */
export class RunHooks {
  private readonly buses = new Map<ResolvedState, HookBus>();
  private readonly prepared: ResolvedState[] = [];

  constructor(private readonly o: RunHooksOptions) {}

  bus(state: ResolvedState): HookBus {
    let b = this.buses.get(state);
    if (!b) {
      b = new HookBus({ ...this.o, state });
      this.buses.set(state, b);
    }
    return b;
  }

  /** Fires `prepare`; a failing hook fails the run (nothing has been deployed yet). */
  async prepare(states: readonly ResolvedState[]): Promise<void> {
    for (const state of states) {
      const bus = this.bus(state);
      this.prepared.push(state);
      await bus.trigger('prepare');
      for (const release of this.o.releasesOf(state)) {
        if (release.installed) await bus.trigger('prepare', { release });
      }
    }
  }

  /** The per-release hooks of one state during the deploy. */
  lifecycle(state: ResolvedState, mode: Mode): ReleaseHookLifecycle {
    const byId = new Map(this.o.releasesOf(state).map((r) => [r.id, r]));
    return new ReleaseHookLifecycle(this.bus(state), mode, (id) => byId.get(id), {
      ...(this.o.signal ? { signal: this.o.signal } : {}),
      ...(this.o.onWarning ? { warn: this.o.onWarning } : {}),
    });
  }

  /**
   * Fires the global `cleanup` of every state whose `prepare` fired (also
   * after a failure), with `error` as `.Event.Error`. Returns the hook
   * failures; skipped when the run was interrupted.
   */
  async cleanup(error?: string): Promise<HookError[]> {
    if (this.o.signal?.aborted) return [];
    const failures: HookError[] = [];
    for (const state of this.prepared.splice(0)) {
      try {
        await this.bus(state).trigger('cleanup', error !== undefined ? { error } : {});
      } catch (err) {
        if (!(err instanceof HookError)) throw err;
        failures.push(err);
      }
    }
    return failures;
  }
}
