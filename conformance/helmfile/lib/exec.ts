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
  /** stdout and stderr through one file, so their interleaving is the process's own. */
  readonly output: string;
  readonly ms: number;
}

/** Runs a command with stdout and stderr combined, as Go's `CombinedOutput` does. */
export function execCombined(bin: string, args: readonly string[], req: ExecRequest): Promise<ExecResult> {
  const dir = mkdtempSync(join(tmpdir(), 'hf-exec-'));
  const file = join(dir, 'out');
  const fd = openSync(file, 'w');
  const t0 = performance.now();
  return new Promise<ExecResult>((resolve) => {
    let timedOut = false;
    let settled = false;
    const finish = (code: number | null, failure?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const output = failure ?? readFileSync(file, 'utf8');
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, timedOut, output, ms: performance.now() - t0 });
    };
    const child = spawn(bin, args, { cwd: req.cwd, env: req.env, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, req.timeoutMs);
    child.once('error', (err) => finish(null, `cannot run ${bin}: ${err.message}`));
    child.once('close', (code) => finish(code));
  });
}
