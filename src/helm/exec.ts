import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { HelmError } from './errors.js';
import { maskArgs } from './mask.js';

/**
 * Receives helm's output while helm runs (`--enable-live-output`): each piece
 * as helm writes it, whole characters only, tagged with the stream it came on.
 */
export type HelmLiveSink = (text: string, stream: 'stdout' | 'stderr') => void;

export interface HelmRunOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Stops helm (SIGTERM, then SIGKILL after `killGraceMs`) when aborted, e.g. on Ctrl-C. */
  readonly signal?: AbortSignal;
  readonly killGraceMs?: number;
  /** Named in errors, so a failure among many releases says which one. */
  readonly release?: string;
  /** Text written to helm's stdin (post-renderer input, `-f -`). */
  readonly input?: string;
  /** Also hands helm's output to this sink as it arrives; the result still holds all of it. */
  readonly live?: HelmLiveSink;
}

export interface HelmResult {
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the helm binary once. Resolves with its output when it exits 0;
 * rejects with a HelmError (values masked, stderr kept) otherwise.
 */
export function runHelm(
  helm: string,
  args: readonly string[],
  opts: HelmRunOptions = {},
): Promise<HelmResult> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new HelmError(maskArgs(args), null, 'not started: the run was interrupted', opts.release));
      return;
    }
    const child = spawn(helm, [...args], {
      env: opts.env ?? process.env,
      cwd: opts.cwd,
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const live = opts.live;
    const decoders = live
      ? { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') }
      : undefined;
    const forward = (stream: 'stdout' | 'stderr', c?: Buffer) => {
      if (!live || !decoders) return;
      const text = c ? decoders[stream].write(c) : decoders[stream].end();
      if (text) live(text, stream);
    };
    child.stdout?.on('data', (c: Buffer) => {
      out.push(c);
      forward('stdout', c);
    });
    child.stderr?.on('data', (c: Buffer) => {
      err.push(c);
      forward('stderr', c);
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);

    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), opts.killGraceMs ?? 5000);
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    child.on('error', (e) => {
      opts.signal?.removeEventListener('abort', onAbort);
      reject(new HelmError(maskArgs(args), null, e.message, opts.release));
    });
    child.on('close', (code) => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      forward('stdout');
      forward('stderr');
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (code === 0) resolve({ stdout, stderr });
      else reject(new HelmError(maskArgs(args), code, stderr || stdout, opts.release));
    });
  });
}
