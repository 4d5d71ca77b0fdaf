import { spawn } from 'node:child_process';

export interface CommandResult {
  /** stdout and stderr interleaved as written. */
  readonly output: string;
  /** Exit status; null when the process was killed by a signal or never started. */
  readonly code: number | null;
  /** Why it failed, worded as Go's os/exec words it (`exit status 3`, `signal: terminated`, …); absent on success. */
  readonly error?: string;
}

export interface CommandOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Stops the command (SIGTERM, then SIGKILL after `killGraceMs`), e.g. on Ctrl-C. */
  readonly signal?: AbortSignal;
  readonly killGraceMs?: number;
}

/**
 * Runs one hook command: no shell, the executable looked up on the PATH of
 * `env` (a relative path resolves against `cwd`, the state file's
 * directory). Never rejects: a command that cannot start is a failed result.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  opts: CommandOptions,
): Promise<CommandResult> {
  return new Promise((resolve) => {
    if (opts.signal?.aborted) {
      resolve({ output: '', code: null, error: 'not started: the run was interrupted' });
      return;
    }
    const chunks: Buffer[] = [];
    let settled = false;
    const done = (r: CommandResult) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      resolve(r);
    };
    let killTimer: NodeJS.Timeout | undefined;
    const child = spawn(command, [...args], {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const onAbort = () => {
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), opts.killGraceMs ?? 5000);
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout?.on('data', (c: Buffer) => chunks.push(c));
    child.stderr?.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', (e: NodeJS.ErrnoException) => {
      const why = e.code === 'ENOENT' ? 'executable file not found in $PATH or no such file' : e.message;
      done({
        output: Buffer.concat(chunks).toString('utf8'),
        code: null,
        error: `exec: "${command}": ${why}`,
      });
    });
    child.on('close', (code, sig) => {
      const output = Buffer.concat(chunks).toString('utf8');
      if (code === 0) done({ output, code });
      else if (sig) done({ output, code: null, error: `signal: ${signalName(sig)}` });
      else done({ output, code, error: `exit status ${code}` });
    });
  });
}

function signalName(sig: NodeJS.Signals): string {
  const names: Partial<Record<NodeJS.Signals, string>> = {
    SIGTERM: 'terminated',
    SIGKILL: 'killed',
    SIGINT: 'interrupt',
    SIGHUP: 'hangup',
  };
  return names[sig] ?? sig;
}
