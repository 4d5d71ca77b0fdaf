import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { LocalClusterError } from './errors.js';

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released for the caller to bind). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', (err) =>
      reject(new LocalClusterError('NO_FREE_PORT', `no free loopback port: ${err.message}`)),
    );
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a long-running component in its own session (so it outlives the
 * command that started it, as `cluster:up` needs), output appended to `logFile`.
 */
export function startDaemon(binary: string, args: readonly string[], logFile: string): number {
  const fd = openSync(logFile, 'a');
  try {
    const child = spawn(binary, args, { detached: true, stdio: ['ignore', fd, fd] });
    if (child.pid === undefined) {
      throw new LocalClusterError('PROCESS_EXITED', `could not start ${binary}`);
    }
    child.unref();
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** SIGTERM, wait up to `graceMs`, then SIGKILL; resolves once the process is gone. */
export async function stopProcess(pid: number, graceMs = 10_000): Promise<void> {
  if (!isAlive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return;
    await sleep(50);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  while (isAlive(pid)) await sleep(20);
}

/** Polls `probe` until it returns true; fails with START_TIMEOUT naming `what`, or early if `alive` turns false. */
export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  opts: { timeoutMs: number; alive?: () => boolean; logFile?: string },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let delay = 50;
  while (Date.now() < deadline) {
    if (opts.alive && !opts.alive()) {
      const hint = opts.logFile ? ` (see ${opts.logFile})` : '';
      throw new LocalClusterError('PROCESS_EXITED', `${what}: the process exited during start-up${hint}`);
    }
    if (await probe().catch(() => false)) return;
    await sleep(delay);
    delay = Math.min(delay * 2, 500);
  }
  const hint = opts.logFile ? ` (see ${opts.logFile})` : '';
  throw new LocalClusterError(
    'START_TIMEOUT',
    `${what} was not ready after ${opts.timeoutMs / 1000}s${hint}`,
  );
}
