import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireRunLock, LockBusyError, lockPath } from './run-lock.js';

describe('run lock', () => {
  let cacheDir: string;
  const key = { stateFiles: ['/p/helmfile.yaml'], kubeContext: 'prod', server: 'https://k:6443' };
  beforeEach(() => {
    cacheDir = mkdtempSync(join(tmpdir(), 'helmfire-lock-'));
  });
  afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('is held by one run at a time; a second fails at once naming the holder', async () => {
    const first = await acquireRunLock(key, {
      cacheDir,
      command: 'helmfire apply',
      pid: 4242,
      isAlive: () => true,
    });
    const err = await acquireRunLock(key, { cacheDir, command: 'helmfire sync', isAlive: () => true }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LockBusyError);
    const msg = (err as Error).message;
    expect(msg).toContain('another helmfire run on /p/helmfile.yaml (kube context "prod") is running');
    expect(msg).toContain('pid 4242');
    expect(msg).toContain('`helmfire apply`');
    expect(msg).toContain(`started ${first.owner.startedAt}`);
    expect(msg).toContain('--lock-timeout');
    first.release();
    const again = await acquireRunLock(key, { cacheDir, command: 'helmfire sync' });
    again.release();
  });

  it('keys on the state file and the kube context and its server', async () => {
    const a = await acquireRunLock(key, { cacheDir, command: 'a' });
    const others = [
      { ...key, kubeContext: 'staging' },
      { ...key, stateFiles: ['/q/helmfile.yaml'] },
      { ...key, server: 'https://other:6443' },
    ];
    const held = await Promise.all(others.map((k) => acquireRunLock(k, { cacheDir, command: 'b' })));
    expect(new Set(held.map((l) => l.path)).size).toBe(3);
    expect(lockPath({ ...key, stateFiles: ['/x', '/y'] }, cacheDir)).toBe(
      lockPath({ ...key, stateFiles: ['/y', '/x'] }, cacheDir),
    );
    for (const l of [a, ...held]) l.release();
  });

  it('waits up to --lock-timeout for the other run to finish', async () => {
    const first = await acquireRunLock(key, { cacheDir, command: 'first', pid: 1, isAlive: () => true });
    setTimeout(() => first.release(), 300);
    const waited: number[] = [];
    const t0 = Date.now();
    const second = await acquireRunLock(key, {
      cacheDir,
      command: 'second',
      timeoutSeconds: 5,
      pollMs: 20,
      onWait: (o) => waited.push(o.pid),
    });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    expect(waited).toEqual([1]);
    expect(JSON.parse(readFileSync(second.path, 'utf8'))).toMatchObject({
      command: 'second',
      pid: process.pid,
    });
    second.release();
  });

  it('gives up after --lock-timeout, saying how long it waited', async () => {
    const first = await acquireRunLock(key, { cacheDir, command: 'first', pid: 7, isAlive: () => true });
    const err = await acquireRunLock(key, {
      cacheDir,
      command: 'second',
      timeoutSeconds: 1,
      pollMs: 50,
      isAlive: () => true,
    }).catch((e: unknown) => e);
    expect((err as Error).message).toContain('still running after waiting 1s: pid 7');
    first.release();
  });

  it('breaks the lock of a run whose process is gone', async () => {
    const dead = await acquireRunLock(key, { cacheDir, command: 'killed run', pid: 999_999 });
    const next = await acquireRunLock(key, { cacheDir, command: 'next', isAlive: (pid) => pid !== 999_999 });
    expect(next.broke).toMatchObject({ pid: 999_999, command: 'killed run' });
    expect(JSON.parse(readFileSync(next.path, 'utf8')).command).toBe('next');
    dead.release(); // the old owner's release does not remove the new owner's lock
    expect(existsSync(next.path)).toBe(true);
    next.release();
    expect(existsSync(next.path)).toBe(false);
    expect(readdirSync(join(cacheDir, 'locks'))).toEqual([]);
  });

  it('clears a lock file that is not a lock (garbage)', async () => {
    const path = lockPath(key, cacheDir);
    const first = await acquireRunLock(key, { cacheDir, command: 'x' });
    first.release();
    writeFileSync(path, 'not json');
    const l = await acquireRunLock(key, { cacheDir, command: 'y' });
    expect(JSON.parse(readFileSync(path, 'utf8')).command).toBe('y');
    l.release();
  });

  it('stops waiting when the run is interrupted', async () => {
    const first = await acquireRunLock(key, { cacheDir, command: 'first', pid: 3, isAlive: () => true });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const t0 = Date.now();
    const err = await acquireRunLock(key, {
      cacheDir,
      command: 'second',
      timeoutSeconds: 60,
      signal: ac.signal,
      isAlive: () => true,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockBusyError);
    expect(Date.now() - t0).toBeLessThan(5000);
    first.release();
  });
});
