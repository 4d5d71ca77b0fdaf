import { existsSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { type DeployOptions, type DeployRunResult, deployRun } from '../api/deploy.js';
import { HelmRun } from '../api/run-context.js';
import { HelmError } from '../helm/index.js';
import { HookError } from '../hooks/index.js';
import { KubeError } from '../kube/index.js';
import { LockBusyError } from '../lock/index.js';
import { decryptSopsFile } from '../secrets/index.js';
import type { StateHost } from '../state/host.js';
import { nodeHost } from '../state/node-host.js';
import { type Clock, DEFAULT_DEBOUNCE_MS, Debouncer, maxWaitFor } from './debounce.js';
import { DirWatcher } from './dir-watcher.js';
import { eventOf, type WatchEvent, type WatchSummary } from './events.js';

export type { WatchEvent, WatchRelease, WatchSummary } from './events.js';

import { type Evaluated, type ReleaseInputs, releasesTouched } from './incremental.js';
import { prepareWatched } from './prepare.js';
import { fingerprints, selectChanged } from './select.js';
import {
  affects,
  EMPTY_SET,
  type LoadReads,
  PathRecorder,
  recordingHost,
  unionSets,
  type WatchedSet,
  watchDirs,
} from './watched-set.js';

export interface WatchLoopOptions extends DeployOptions {
  /** What the first run is: `sync` (every release) or `apply`. Changes are always applied. */
  readonly mode: 'sync' | 'apply';
  /** Quiet time before a batch of changes is evaluated (default 200 ms). */
  readonly debounceMs?: number;
  /** Longest wait from a batch's first change (default max(2 s, 5 × debounce)). */
  readonly maxWaitMs?: number;
  readonly clock?: Clock;
  /** The project directory: changed paths are shown relative to it. */
  readonly projectDir: string;
  readonly onWatchEvent?: (e: WatchEvent) => void;
}

type Phase = 'new' | 'running' | 'stopping' | 'stopped';

/**
 * The dev loop: deploy once, then on every debounced batch of changes to
 * what the state depends on, evaluate again and apply exactly the releases
 * whose inputs changed (and what they need), through the same deploy code
 * as `apply`. Lifecycle: `start()` → events → `stop()`.
 */
export class WatchLoop {
  private phase: Phase = 'new';
  private readonly ac = new AbortController();
  private readonly signal: AbortSignal;
  private readonly debouncer: Debouncer<string>;
  private readonly watcher: DirWatcher;
  private readonly base: StateHost;
  private readonly repositoriesAdded = new Set<string>();
  /** Release id → fingerprint of the inputs last deployed with success. */
  private last = new Map<string, string>();
  private watched: WatchedSet = EMPTY_SET;
  /** What the last good evaluation read, for evaluating only what a change touched. */
  private evaluated: Evaluated | undefined;
  /** The run of the last whole evaluation (its loaded state and work directory), kept for partial ones. */
  private kept: HelmRun | undefined;
  private pending = new Set<string>();
  private busy: Promise<void> | undefined;
  private readonly t0 = performance.now();
  private events = 0;
  private upgraded = 0;
  private failures = 0;

  constructor(private readonly o: WatchLoopOptions) {
    this.signal = o.signal ? AbortSignal.any([o.signal, this.ac.signal]) : this.ac.signal;
    const quietMs = o.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    this.debouncer = new Debouncer(
      { quietMs, maxWaitMs: o.maxWaitMs ?? maxWaitFor(quietMs), ...(o.clock ? { clock: o.clock } : {}) },
      (batch) => this.enqueue(batch),
    );
    this.watcher = new DirWatcher(
      (path) => {
        if (this.phase === 'running' && affects(this.watched, path)) this.debouncer.push(path);
      },
      (m) => o.onWarning?.(m),
    );
    const env = { ...(o.env ?? process.env) };
    if (o.kubeconfig) env.KUBECONFIG = o.kubeconfig;
    this.base =
      o.host ??
      nodeHost({
        ...(o.cwd ? { cwd: o.cwd } : {}),
        env,
        decryptFile: async (path) => (await decryptSopsFile(path, { env })).text,
        ...(o.warn ? { warn: o.warn } : {}),
      });
    o.signal?.addEventListener('abort', () => void this.stop(), { once: true });
  }

  /** What is watched now. */
  get watching(): { readonly files: number; readonly directories: number } {
    return { files: this.watched.files.size, directories: this.watcher.size };
  }

  /** The first run, then watching. Resolves with the first run's event. */
  async start(): Promise<WatchEvent> {
    if (this.phase !== 'new') throw new Error('a watch loop starts once');
    this.phase = 'running';
    let first: WatchEvent | undefined;
    this.busy = this.evaluate(new Set(), true).then((e) => {
      first = e;
    });
    await this.busy;
    this.busy = undefined;
    this.drain();
    return first as WatchEvent;
  }

  /** Stops watching; a running helm is stopped. Resolves once nothing runs any more. */
  async stop(): Promise<WatchSummary> {
    if (this.phase === 'running' || this.phase === 'new') {
      this.phase = 'stopping';
      this.debouncer.stop();
      this.watcher.close();
      this.ac.abort(new Error('watch stopped'));
    }
    while (this.busy) await this.busy;
    this.kept?.close();
    this.kept = undefined;
    this.phase = 'stopped';
    return this.summary();
  }

  summary(): WatchSummary {
    return {
      events: this.events,
      upgraded: this.upgraded,
      failed: this.failures,
      interrupted: this.o.signal?.aborted === true,
      seconds: Math.round(performance.now() - this.t0) / 1000,
    };
  }

  private enqueue(batch: ReadonlySet<string>): void {
    for (const p of batch) this.pending.add(p);
    this.drain();
  }

  /** Runs the pending batch when nothing runs; one evaluation at a time. */
  private drain(): void {
    if (this.busy || this.pending.size === 0 || this.phase !== 'running') return;
    const batch = this.pending;
    this.pending = new Set();
    this.busy = this.evaluate(batch, false).then(() => {
      this.busy = undefined;
      this.drain();
    });
  }

  private async evaluate(batch: ReadonlySet<string>, first: boolean): Promise<WatchEvent> {
    const t0 = performance.now();
    const files = [...batch].map((p) => relative(this.o.projectDir, p) || p).sort();
    const recorder = new PathRecorder();
    const host = recordingHost(this.base, recorder);
    const cleanup: (() => void)[] = [];
    // only some releases' own inputs changed: only those are prepared again
    const touched = first ? undefined : releasesTouched(batch, this.evaluated, exists);
    const inputs = new Map<string, ReleaseInputs>();
    let loadReads: LoadReads | undefined;
    // the loaded state is reused while nothing it was loaded from changed
    const reuse = touched !== undefined && this.kept !== undefined;
    let run: HelmRun | undefined;
    let event: WatchEvent;
    try {
      run = reuse ? this.kept : await HelmRun.open({ ...this.o, host, signal: this.signal });
      const opened = run as HelmRun;
      const prepare = () =>
        prepareWatched(opened, {
          host,
          recorder,
          repositoriesAdded: this.repositoriesAdded,
          projectDir: this.o.projectDir,
          cleanup,
          inputs,
          onLoaded: (r) => {
            if (!reuse) loadReads = r;
          },
          ...(touched ? { include: (id: string) => touched.has(id) || !this.last.has(id) } : {}),
        });
      const res = await deployRun(
        opened,
        first ? this.o.mode : 'apply',
        { ...this.o, signal: this.signal },
        first
          ? { prepare }
          : {
              prepare,
              select: (states) => selectChanged(states, this.last).selected,
              liveDiff: false,
              confirmActs: false,
            },
      );
      this.remember(res, touched !== undefined);
      if (touched && this.evaluated) {
        this.watched = unionSets(this.watched, recorder.snapshot());
        this.evaluated = {
          loadReads: loadReads ?? this.evaluated.loadReads,
          inputs: new Map([...this.evaluated.inputs, ...inputs]),
        };
      } else {
        this.watched = recorder.snapshot();
        this.evaluated = loadReads ? { loadReads, inputs } : undefined;
      }
      if (!reuse) {
        // this run's loaded state is the one later partial evaluations go on from
        this.kept?.close();
        this.kept = run;
        run = undefined;
      }
      event = eventOf(first, files, res, t0);
    } catch (err) {
      // a mistake mid-edit: keep watching what this and the last good evaluation read
      this.watched = unionSets(this.watched, recorder.snapshot());
      // the next evaluation is a whole one: this one may have seen part of a changed state
      this.evaluated = undefined;
      this.kept?.close();
      this.kept = undefined;
      if (reuse) run = undefined;
      const interrupted = this.signal.aborted;
      event = {
        kind: first ? 'initial' : 'change',
        files,
        result: interrupted ? 'interrupted' : runFailure(err) ? 'failed' : 'invalid',
        releases: [],
        error: (err as Error).message,
        seconds: secs(t0),
      };
    } finally {
      if (run !== this.kept) run?.close();
      for (const c of cleanup.splice(0)) {
        try {
          c();
        } catch {
          // already gone
        }
      }
    }
    if (this.phase === 'running') this.watcher.update(watchDirs(this.watched, isDir));
    if (event.result === 'interrupted') this.evaluated = undefined;
    if (this.phase !== 'running') {
      this.kept?.close();
      this.kept = undefined;
    }
    this.events++;
    if (event.result === 'failed' || event.result === 'invalid') this.failures++;
    this.upgraded += event.releases.filter(
      (r) => r.outcome === 'upgraded' || r.outcome === 'installed',
    ).length;
    this.o.onWatchEvent?.(event);
    return event;
  }

  /**
   * Keeps what is now deployed: a release that succeeded (or was not
   * touched: its inputs are those last deployed) keeps its fingerprint; one
   * that failed or was skipped loses it, so the next change tries it again.
   */
  private remember(res: DeployRunResult, partial: boolean): void {
    const failed = new Set(
      res.releases.filter((r) => r.outcome === 'failed' || r.outcome === 'skipped').map((r) => r.id),
    );
    // a partial evaluation prepared some releases: the others keep what they had
    const next = partial ? new Map([...this.last, ...fingerprints(res.states)]) : fingerprints(res.states);
    for (const id of failed) next.delete(id);
    this.last = next;
  }
}

/** Errors of the run rather than of the files: helm, the cluster, a hook, another run's lock. */
function runFailure(err: unknown): boolean {
  return (
    err instanceof HelmError ||
    err instanceof KubeError ||
    err instanceof HookError ||
    err instanceof LockBusyError
  );
}

function exists(p: string): boolean {
  return existsSync(p);
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function secs(t0: number): number {
  return Math.round(performance.now() - t0) / 1000;
}
