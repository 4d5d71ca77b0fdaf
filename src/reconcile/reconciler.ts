import { decide } from './decide.js';
import type { Action, DesiredRelease, Mode, ObservedRelease, Outcome, ReleaseResult, Step } from './types.js';

/** The I/O the reconciler needs; helm-backed in production, anything that keeps the contract in tests. */
export interface ReleaseDriver<R extends DesiredRelease = DesiredRelease> {
  /**
   * Read what is deployed now (helm's record, and for `apply` whether live objects differ).
   * `acted`: this run already changed the release, so a live comparison would tell nothing new.
   */
  observe(release: R, mode: Mode, signal?: AbortSignal, acted?: boolean): Promise<ObservedRelease>;
  /** Carry out one action; throw on failure (the message is recorded and shown). */
  act(release: R, action: Action, signal?: AbortSignal): Promise<void>;
}

export type ReconcileEvent =
  | { readonly type: 'decided'; readonly id: string; readonly action: Action }
  | { readonly type: 'acted'; readonly id: string; readonly step: Step }
  | { readonly type: 'done'; readonly result: ReleaseResult };

export interface ReconcilerOptions {
  /** Upper bound on actions per release per run (recovery + install/upgrade fits in 3). */
  readonly maxSteps?: number;
  readonly onEvent?: (e: ReconcileEvent) => void;
}

/**
 * Drives one release to its desired state: observe → decide one action →
 * act → record → observe again, until the decision is `none`, an action
 * fails, or the step budget is spent. Every step is recorded with its
 * reason, so a run can always explain what it did and why.
 */
export class Reconciler<R extends DesiredRelease = DesiredRelease> {
  private readonly maxSteps: number;

  constructor(
    private readonly driver: ReleaseDriver<R>,
    private readonly options: ReconcilerOptions = {},
  ) {
    this.maxSteps = options.maxSteps ?? 4;
  }

  async reconcile(release: R, mode: Mode, signal?: AbortSignal): Promise<ReleaseResult> {
    const t0 = performance.now();
    const steps: Step[] = [];
    const done: Action['kind'][] = [];
    let observed: ObservedRelease | undefined;
    let error: string | undefined;

    for (let i = 0; i <= this.maxSteps; i++) {
      if (signal?.aborted) {
        error = 'interrupted';
        break;
      }
      try {
        observed = await this.driver.observe(release, mode, signal, done.length > 0);
      } catch (err) {
        error = `cannot read the release state: ${(err as Error).message}`;
        break;
      }
      const action = decide(release, observed, mode, done);
      this.emit({ type: 'decided', id: release.id, action });
      if (action.kind === 'none') break;
      if (i === this.maxSteps) {
        error = `did not converge after ${this.maxSteps} actions (last decision: ${action.kind}: ${action.reason})`;
        break;
      }
      const s0 = performance.now();
      try {
        await this.driver.act(release, action, signal);
        const step = { action, ok: true, seconds: secs(s0) };
        steps.push(step);
        this.emit({ type: 'acted', id: release.id, step });
        done.push(action.kind);
      } catch (err) {
        error = (err as Error).message;
        const step = { action, ok: false, seconds: secs(s0), error };
        steps.push(step);
        this.emit({ type: 'acted', id: release.id, step });
        break;
      }
    }

    const result: ReleaseResult = {
      id: release.id,
      outcome: outcomeOf(steps, error),
      steps,
      seconds: secs(t0),
      ...(error ? { error } : {}),
      ...(observed?.revision !== undefined ? { revision: observed.revision } : {}),
    };
    this.emit({ type: 'done', result });
    return result;
  }

  private emit(e: ReconcileEvent): void {
    this.options.onEvent?.(e);
  }
}

function outcomeOf(steps: readonly Step[], error: string | undefined): Outcome {
  if (error) return 'failed';
  const kinds = new Set(steps.map((s) => s.action.kind));
  if (kinds.has('install')) return 'installed';
  if (kinds.has('upgrade') || kinds.has('rollback')) return 'upgraded';
  if (kinds.has('uninstall')) return 'uninstalled';
  return 'unchanged';
}

function secs(t0: number): number {
  return Math.round(performance.now() - t0) / 1000;
}
