/**
 * Debouncing of file events: a batch fires once events have been quiet for
 * `quietMs`, or at the latest `maxWaitMs` after its first event (a stream of
 * writes cannot hold it back for ever). Pure: the clock and the timer are
 * injected.
 */

export interface Clock {
  now(): number;
  /** Runs `fn` after `ms`; returns a cancel function. */
  after(ms: number, fn: () => void): () => void;
}

export const realClock: Clock = {
  now: () => performance.now(),
  after(ms, fn) {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
};

export interface DebounceOptions {
  readonly quietMs: number;
  /** Upper bound from the first event of a batch to its firing (at least `quietMs`). */
  readonly maxWaitMs: number;
  readonly clock?: Clock;
}

export const DEFAULT_DEBOUNCE_MS = 200;
/** The bound on waiting, for a quiet period of `quietMs`. */
export const maxWaitFor = (quietMs: number) => Math.max(2000, quietMs * 5);

export class Debouncer<T> {
  private readonly clock: Clock;
  private pending = new Set<T>();
  private first: number | undefined;
  private cancel: (() => void) | undefined;
  private stopped = false;

  constructor(
    private readonly options: DebounceOptions,
    private readonly fire: (batch: ReadonlySet<T>) => void,
  ) {
    this.clock = options.clock ?? realClock;
  }

  /** One event; (re)arms the timer. */
  push(item: T): void {
    if (this.stopped) return;
    const now = this.clock.now();
    this.pending.add(item);
    this.first ??= now;
    const deadline = this.first + Math.max(this.options.maxWaitMs, this.options.quietMs);
    const at = Math.min(now + this.options.quietMs, deadline);
    this.cancel?.();
    this.cancel = this.clock.after(Math.max(0, at - now), () => this.flush());
  }

  /** Items waiting for their batch. */
  get size(): number {
    return this.pending.size;
  }

  /** Fires the pending batch now (nothing when empty). */
  flush(): void {
    this.cancel?.();
    this.cancel = undefined;
    this.first = undefined;
    if (this.pending.size === 0 || this.stopped) return;
    const batch = this.pending;
    this.pending = new Set();
    this.fire(batch);
  }

  /** Drops what is pending; later pushes are ignored. */
  stop(): void {
    this.stopped = true;
    this.cancel?.();
    this.cancel = undefined;
    this.pending.clear();
  }
}
