/**
 * Watches that a cluster's API server keeps answering while a run deploys.
 *
 * helm waiting for resources (`--wait`) does not give up when the API server
 * goes away: it retries until its own timeout (minutes), and the run would
 * look hung. A ClusterWatch probes the server every few seconds while helm
 * is working; once it has failed to answer for `graceMs`, its `signal`
 * aborts (stopping the helm processes) and `reason` says what happened.
 */
export class ClusterWatch {
  private readonly ac = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private users = 0;
  private downSince: number | undefined;
  private lastError = '';
  private probing = false;

  constructor(
    /** What the cluster is called in messages (context and server). */
    private readonly name: string,
    /** Resolves when the API server answers; rejects with why not. */
    private readonly probe: () => Promise<unknown>,
    private readonly opts: {
      readonly intervalMs?: number;
      readonly graceMs?: number;
      readonly probeTimeoutMs?: number;
    } = {},
  ) {}

  /** Aborts once the API server has been unreachable for the grace period. */
  get signal(): AbortSignal {
    return this.ac.signal;
  }

  /** Why the signal fired: the cluster, for how long, and the last error. */
  get reason(): string | undefined {
    if (!this.ac.signal.aborted) return undefined;
    const grace = Math.round((this.opts.graceMs ?? 15_000) / 1000);
    return `the API server of ${this.name} stopped answering (${this.lastError}); helm was stopped after ${grace}s without it. Run again once the cluster is back: a release left pending is recovered.`;
  }

  /** Runs `fn` with the watch on (probing only while something is in flight). */
  async during<T>(fn: () => Promise<T>): Promise<T> {
    if (this.users++ === 0) this.start();
    try {
      return await fn();
    } finally {
      if (--this.users === 0) this.stop();
    }
  }

  private start(): void {
    this.downSince = undefined;
    this.timer = setInterval(() => void this.tick(), this.opts.intervalMs ?? 2000);
    this.timer.unref();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async tick(): Promise<void> {
    if (this.probing || this.ac.signal.aborted) return;
    this.probing = true;
    try {
      await withTimeout(this.probe(), this.opts.probeTimeoutMs ?? 5000);
      this.downSince = undefined;
    } catch (err) {
      this.lastError = (err as Error).message.split('\n')[0] ?? 'no answer';
      const now = Date.now();
      this.downSince ??= now;
      if (now - this.downSince >= (this.opts.graceMs ?? 15_000)) {
        this.stop();
        this.ac.abort(new Error(this.reason));
      }
    } finally {
      this.probing = false;
    }
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${ms / 1000}s`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

/** The API server of one kube context, as the watch needs it (a KubeClient fits). */
export interface WatchedCluster {
  readonly context: string;
  serverVersion(): Promise<unknown>;
}

/** One ClusterWatch per kube context of a run. */
export class ClusterWatches {
  private readonly watches = new Map<string, ClusterWatch>();

  constructor(
    private readonly cluster: (context: string | undefined) => WatchedCluster,
    private readonly opts: ConstructorParameters<typeof ClusterWatch>[2] = {},
  ) {}

  /**
   * Runs `fn` (one release's work) with its cluster watched: `fn` gets a
   * signal that also aborts when the API server goes away, and a failed
   * result then leads with why.
   */
  async run<R extends { readonly outcome: string; readonly error?: string }>(
    context: string | undefined,
    signal: AbortSignal | undefined,
    fn: (signal: AbortSignal) => Promise<R>,
  ): Promise<R> {
    const watch = this.for(context);
    const both = signal ? AbortSignal.any([signal, watch.signal]) : watch.signal;
    const result = await watch.during(() => fn(both));
    const reason = watch.reason;
    if (reason && result.outcome === 'failed' && !signal?.aborted) {
      return { ...result, error: result.error ? `${reason}\n${result.error}` : reason };
    }
    return result;
  }

  private for(context: string | undefined): ClusterWatch {
    const key = context ?? '';
    let w = this.watches.get(key);
    if (!w) {
      const c = this.cluster(context);
      w = new ClusterWatch(`kube context "${c.context}"`, () => c.serverVersion(), this.opts);
      this.watches.set(key, w);
    }
    return w;
  }
}
