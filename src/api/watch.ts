import type { ReconcileEvent } from '../reconcile/index.js';
import { type WatchEvent, WatchLoop, type WatchSummary } from '../watch/loop.js';
import type { DeployOptions } from './deploy.js';
import { projectDir } from './substitutions.js';

export type { WatchEvent, WatchRelease, WatchSummary } from '../watch/events.js';

export interface WatchOptions extends Omit<DeployOptions, 'onEvent'> {
  /** The first run: `sync` (default: every release upgraded) or `apply`. Changes are always applied. */
  readonly mode?: 'sync' | 'apply';
  /** Quiet time after the last change before it is acted on, in ms (default 200). */
  readonly debounceMs?: number;
  /** Longest wait from the first change of a batch, in ms (default max(2000, 5 × debounce)). */
  readonly maxWaitMs?: number;
  /** One call per evaluation: the first run, then each batch of changes. */
  readonly onEvent?: (e: WatchEvent) => void;
  /** Progress of every release (decisions and helm actions), as sync and apply report it. */
  readonly onReconcile?: (e: ReconcileEvent) => void;
}

export interface WatchSession {
  /** Resolves with the first run's event, once watching has begun. */
  readonly ready: Promise<WatchEvent>;
  /** The next change event not yet taken by `next` (queued from the start; the first run is `ready`). */
  next(): Promise<WatchEvent>;
  /** What is watched now: files the state depends on, directories with a watch. */
  watching(): { readonly files: number; readonly directories: number };
  /** Stops watching (a running helm is stopped); resolves once nothing runs any more. */
  stop(): Promise<WatchSummary>;
  /** Resolves when the session has stopped (by `stop` or by the options' abort signal). */
  readonly done: Promise<WatchSummary>;
}

/**
 * `helmfire sync --watch` / `apply --watch`: deploys, then watches every
 * file the state depends on (state files, values and secrets, files read by
 * templates, local chart directories, the substitution file) and applies
 * exactly the releases an edit changed. A broken edit is reported and the
 * last good deploy stays; a failed release is tried again on the next change.
 */
export function watch(options: WatchOptions): WatchSession {
  const queue: WatchEvent[] = [];
  const waiters: ((e: WatchEvent) => void)[] = [];
  const { onEvent, onReconcile, mode, ...rest } = options;
  const loop = new WatchLoop({
    ...rest,
    mode: mode ?? 'sync',
    projectDir: projectDir(options),
    ...(onReconcile ? { onEvent: onReconcile } : {}),
    onWatchEvent: (e) => {
      onEvent?.(e);
      if (e.kind === 'initial') return;
      const w = waiters.shift();
      if (w) w(e);
      else queue.push(e);
    },
  });
  let resolveDone: (s: WatchSummary) => void = () => {};
  const done = new Promise<WatchSummary>((r) => {
    resolveDone = r;
  });
  let stopping: Promise<WatchSummary> | undefined;
  const stop = () => {
    stopping ??= loop.stop().then((s) => {
      resolveDone(s);
      return s;
    });
    return stopping;
  };
  options.signal?.addEventListener('abort', () => void stop(), { once: true });
  const ready = loop.start();
  // a first run that throws (it does not: failures are events) must not leave the session open
  ready.catch(() => void stop());
  return {
    ready,
    next: () => {
      const e = queue.shift();
      return e ? Promise.resolve(e) : new Promise((r) => waiters.push(r));
    },
    watching: () => loop.watching,
    stop,
    done,
  };
}
