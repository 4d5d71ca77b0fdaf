import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ExecRequest {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
}

export interface ExecResult {
  /** Exit code; null when the process was killed (timeout or signal). */
  readonly code: number | null;
  readonly timedOut: boolean;
  /** Everything the process printed. */
  readonly output: string;
  /** What carries the command's data: stdout, or (combined mode) the whole output. */
  readonly documents: string;
  readonly ms: number;
}

/**
 * Runs a command with output to files: `combined` sends stdout and stderr
 * through one file, so their interleaving is the process's own (as Go's
 * `CombinedOutput`, which helmfile's golden files were made with); `split`
 * keeps stdout (the data) apart from stderr (the logs).
 */
export function execToFiles(
  bin: string,
  args: readonly string[],
  req: ExecRequest,
  mode: 'combined' | 'split',
): Promise<ExecResult> {
  const dir = mkdtempSync(join(tmpdir(), 'hf-exec-'));
  const outFile = join(dir, 'out');
  const errFile = join(dir, 'err');
  const outFd = openSync(outFile, 'w');
  const errFd = mode === 'split' ? openSync(errFile, 'w') : outFd;
  const t0 = performance.now();
  return new Promise<ExecResult>((resolve) => {
    let timedOut = false;
    let settled = false;
    const finish = (code: number | null, failure?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const stdout = failure ?? readFileSync(outFile, 'utf8');
      const stderr = mode === 'split' && failure === undefined ? readFileSync(errFile, 'utf8') : '';
      rmSync(dir, { recursive: true, force: true });
      // In combined mode stdout holds everything; in split mode it is the data alone.
      resolve({ code, timedOut, output: stdout + stderr, documents: stdout, ms: performance.now() - t0 });
    };
    const child = spawn(bin, args, { cwd: req.cwd, env: req.env, stdio: ['ignore', outFd, errFd] });
    closeSync(outFd);
    if (errFd !== outFd) closeSync(errFd);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, req.timeoutMs);
    child.once('error', (err) => finish(null, `cannot run ${bin}: ${err.message}`));
    child.once('close', (code) => finish(code));
  });
}
