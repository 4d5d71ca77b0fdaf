import { createHash, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { HelmfireError } from '../errors.js';
import { helmfireCacheDir } from '../util/cache-dir.js';

/**
 * One deploying run per project and cluster at a time. The lock is a file
 * under helmfire's cache dir (`locks/<hash>.json`), named by the state
 * file(s) and the kube context (and its API server), holding who owns it:
 * pid, host, command and start time. It is created atomically (a hard link
 * of a complete file), removed by its owner when the run ends, and broken
 * by the next run when its owner's process is gone (a killed run).
 */

/** What a lock is for. */
export interface LockKey {
  /** Absolute path(s) of the state file(s) of the run. */
  readonly stateFiles: readonly string[];
  /** The kube context the run deploys to. */
  readonly kubeContext: string;
  /** The context's API server, when known (two kubeconfigs may reuse a context name). */
  readonly server?: string;
}

/** What the lock file says about its owner. */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** The command line, e.g. `helmfire apply -f helmfile.yaml`. */
  readonly command: string;
  /** ISO time the run took the lock. */
  readonly startedAt: string;
  readonly stateFile: string;
  readonly kubeContext: string;
  /** Distinguishes two runs of one pid (tests, embedders). */
  readonly token: string;
}

export interface AcquireOptions {
  /** What the owner record says the run is. */
  readonly command: string;
  /** Seconds to wait for another run to finish; 0 (default) = fail at once. */
  readonly timeoutSeconds?: number;
  /** helmfire's cache dir (default from the environment). */
  readonly cacheDir?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
  /** Poll interval while waiting (default 250 ms). */
  readonly pollMs?: number;
  /** The owner's pid (default this process's). */
  readonly pid?: number;
  /** Whether a pid on this host is running (default: signal 0). */
  readonly isAlive?: (pid: number) => boolean;
  /** Called once when the run starts waiting for another. */
  readonly onWait?: (owner: LockOwner) => void;
}

export class LockBusyError extends HelmfireError {
  override readonly name = 'LockBusyError';
  constructor(
    readonly owner: LockOwner,
    readonly waitedSeconds: number,
  ) {
    const age = Math.max(0, Math.round((Date.now() - Date.parse(owner.startedAt)) / 1000));
    const where = owner.host === hostname() ? `pid ${owner.pid}` : `pid ${owner.pid} on host ${owner.host}`;
    const waited = waitedSeconds > 0 ? `still running after waiting ${waitedSeconds}s` : 'is running';
    super(
      'LOCK_BUSY',
      `another helmfire run on ${owner.stateFile} (kube context "${owner.kubeContext}") ${waited}: ${where}, \`${owner.command}\`, started ${owner.startedAt} (${age}s ago). ` +
        'Wait for it to finish, or pass --lock-timeout <seconds> to wait for it.',
    );
  }
}

/** A held lock. `release` removes it if it is still this run's; safe to call twice. */
export class RunLock {
  private released = false;
  constructor(
    readonly path: string,
    readonly owner: LockOwner,
    /** The stale lock broken to take this one, if any. */
    readonly broke?: LockOwner,
  ) {}

  release(): void {
    if (this.released) return;
    this.released = true;
    if (readOwner(this.path)?.token === this.owner.token) unlinkQuietly(this.path);
  }
}

/** Where the lock of `key` lives. */
export function lockPath(key: LockKey, cacheDir: string): string {
  const id = createHash('sha256')
    .update(JSON.stringify([[...key.stateFiles].sort(), key.kubeContext, key.server ?? '']))
    .digest('hex')
    .slice(0, 24);
  return join(cacheDir, 'locks', `${id}.json`);
}

/**
 * Takes the lock of `key`, waiting up to `timeoutSeconds` for another run
 * to release it; throws LockBusyError naming the other run otherwise.
 */
export async function acquireRunLock(key: LockKey, opts: AcquireOptions): Promise<RunLock> {
  const cacheDir = opts.cacheDir ?? helmfireCacheDir(opts.env);
  const path = lockPath(key, cacheDir);
  mkdirSync(join(cacheDir, 'locks'), { recursive: true });
  const alive = opts.isAlive ?? pidAlive;
  const owner: LockOwner = {
    pid: opts.pid ?? process.pid,
    host: hostname(),
    command: opts.command,
    startedAt: new Date().toISOString(),
    stateFile: key.stateFiles[0] ?? '',
    kubeContext: key.kubeContext,
    token: randomBytes(8).toString('hex'),
  };
  const t0 = Date.now();
  const deadline = t0 + Math.max(0, opts.timeoutSeconds ?? 0) * 1000;
  let broke: LockOwner | undefined;
  let waiting = false;
  for (;;) {
    if (tryCreate(path, owner)) return new RunLock(path, owner, broke);
    const other = readOwner(path);
    if (other === undefined) {
      // released between the two calls, or not a lock file at all: try again / clear it
      breakStale(path, undefined, alive);
      continue;
    }
    if (other.host === owner.host && !alive(other.pid)) {
      if (breakStale(path, other, alive)) broke = other;
      continue;
    }
    if (Date.now() >= deadline || opts.signal?.aborted) {
      throw new LockBusyError(other, Math.round((Date.now() - t0) / 1000));
    }
    if (!waiting) {
      waiting = true;
      opts.onWait?.(other);
    }
    await sleep(Math.min(opts.pollMs ?? 250, Math.max(1, deadline - Date.now())), undefined, {
      ...(opts.signal ? { signal: opts.signal } : {}),
    }).catch(() => {});
  }
}

/** Creates the lock file atomically with its content complete; false if it exists. */
function tryCreate(path: string, owner: LockOwner): boolean {
  const tmp = `${path}.${owner.pid}.${owner.token}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(owner, null, 2)}\n`, { mode: 0o644 });
  try {
    linkSync(tmp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkQuietly(tmp);
  }
}

/**
 * Removes a lock whose owner is gone. The file is first renamed aside, so
 * two runs breaking the same stale lock cannot remove a fresh one: only the
 * run whose rename took the stale file removes it, and a live lock taken by
 * mistake is put back.
 */
function breakStale(path: string, stale: LockOwner | undefined, alive: (pid: number) => boolean): boolean {
  const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    renameSync(path, aside);
  } catch {
    return false; // someone else moved it first
  }
  const taken = readOwner(aside);
  if (taken && taken.token !== stale?.token && alive(taken.pid)) {
    try {
      linkSync(aside, path);
    } catch {
      // a third run holds it now; the one taken by mistake has lost it
    }
    unlinkQuietly(aside);
    return false;
  }
  unlinkQuietly(aside);
  return true;
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const o = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    if (typeof o.pid !== 'number' || typeof o.token !== 'string') return undefined;
    return {
      pid: o.pid,
      host: o.host ?? '',
      command: o.command ?? '',
      startedAt: o.startedAt ?? '',
      stateFile: o.stateFile ?? '',
      kubeContext: o.kubeContext ?? '',
      token: o.token,
    };
  } catch {
    return undefined;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
