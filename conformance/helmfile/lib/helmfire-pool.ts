import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type Implementation, type RunOutcome, type RunSpec, unsupportedReason } from './implementations.js';
import { repoRoot } from './paths.js';

const workerScript = fileURLToPath(new URL('./helmfire-worker.ts', import.meta.url));

interface Answer {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

interface Pending {
  readonly resolve: (a: Answer) => void;
  readonly timer: NodeJS.Timeout;
  /** What helmfire wrote to the process's own stdout / stderr meanwhile. */
  strayOut: string;
  strayErr: string;
}

/** One worker process: one request at a time. */
class Worker {
  private child: ChildProcess;
  private pending: Pending | undefined;

  constructor(private readonly cli: string) {
    this.child = this.start();
  }

  private start(): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', workerScript, this.cli], {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    });
    // Whatever helmfire writes to the real stdout/stderr belongs to the current request.
    child.stdout?.on('data', (d: Buffer) => {
      if (this.pending) this.pending.strayOut += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      if (this.pending) this.pending.strayErr += d.toString();
    });
    const answers = child.stdio[3];
    if (answers && 'on' in answers) {
      createInterface({ input: answers as NodeJS.ReadableStream }).on('line', (line) => {
        const p = this.pending;
        if (!p) return;
        this.pending = undefined;
        clearTimeout(p.timer);
        const a = JSON.parse(line) as { code: number; stdout: string; stderr: string };
        p.resolve({
          code: a.code,
          stdout: p.strayOut + a.stdout,
          stderr: p.strayErr + a.stderr,
          timedOut: false,
        });
      });
    }
    child.once('exit', () => {
      const p = this.pending;
      if (!p) return;
      this.pending = undefined;
      clearTimeout(p.timer);
      p.resolve({
        code: null,
        stdout: p.strayOut,
        stderr: `${p.strayErr}helmfire worker exited\n`,
        timedOut: false,
      });
      this.child = this.start();
    });
    return child;
  }

  run(spec: RunSpec): Promise<Answer> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const p = this.pending;
        this.pending = undefined;
        this.child.removeAllListeners('exit');
        this.child.kill('SIGKILL');
        this.child = this.start();
        p?.resolve({ code: null, stdout: p.strayOut, stderr: p.strayErr, timedOut: true });
      }, spec.timeoutMs);
      this.pending = { resolve, timer, strayOut: '', strayErr: '' };
      const env = Object.fromEntries(
        Object.entries(spec.env).filter((e): e is [string, string] => e[1] !== undefined),
      );
      this.child.stdin?.write(`${JSON.stringify({ args: spec.args, cwd: spec.cwd, env })}\n`);
    });
  }

  stop(): void {
    this.child.removeAllListeners('exit');
    this.child.kill('SIGTERM');
  }
}

/**
 * helmfire through its programmatic CLI entry (`runCli` of the built
 * `dist/cli/cli.js`) in `size` long-lived worker processes: the same command
 * lines as `node bin/helmfire.js`, without a node start-up per command.
 */
export function helmfireWorkerPool(size: number, root = repoRoot): Implementation & { stop(): void } {
  const cli = join(root, 'dist', 'cli', 'cli.js');
  const workers: Worker[] = [];
  const idle: Worker[] = [];
  const waiting: ((w: Worker) => void)[] = [];
  const acquire = (): Promise<Worker> => {
    const w = idle.pop();
    if (w) return Promise.resolve(w);
    if (workers.length < size) {
      const fresh = new Worker(cli);
      workers.push(fresh);
      return Promise.resolve(fresh);
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (w: Worker) => {
    const next = waiting.shift();
    if (next) next(w);
    else idle.push(w);
  };
  return {
    name: 'helmfire',
    async run(spec): Promise<RunOutcome> {
      if (!existsSync(cli)) return { kind: 'unsupported', reason: 'helmfire is not built (npm run build)' };
      const w = await acquire();
      const t0 = performance.now();
      try {
        const r = await w.run(spec);
        const output = r.stdout + r.stderr;
        const reason = unsupportedReason(spec.args, r.code, output);
        if (reason) return { kind: 'unsupported', reason };
        return {
          kind: 'ran',
          code: r.code,
          timedOut: r.timedOut,
          output,
          documents: r.stdout,
          ms: performance.now() - t0,
        };
      } finally {
        release(w);
      }
    },
    stop() {
      for (const w of workers) w.stop();
    },
  };
}
