import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalCluster, LocalClusterError, resolveToolchain } from '../../src/localcluster/index.js';
import { isAlive } from '../../src/localcluster/processes.js';

/** The lifecycle `npm run cluster:up / cluster:down / cluster:status` relies on. */
describe('LocalCluster lifecycle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'helmfire-lc-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts ready, re-attaches, and stops leaving no process behind', async () => {
    const cluster = await LocalCluster.up(join(dir, 'c'), resolveToolchain());
    const pids = Object.values(cluster.record.pids);
    expect(pids).toHaveLength(5);
    try {
      const again = await LocalCluster.open(join(dir, 'c'));
      const status = await again.status();
      expect(status.ready).toBe(true);
      expect(status.components.map((c) => c.name)).toEqual([
        'etcd',
        'kube-apiserver',
        'kube-controller-manager',
        'kube-scheduler',
        'kwok',
      ]);
      expect(new URL(status.server ?? '').hostname).toBe('127.0.0.1');
    } finally {
      await cluster.down();
    }
    for (const pid of pids) expect(isAlive(pid as number)).toBe(false);
    await expect(LocalCluster.open(join(dir, 'c'))).rejects.toBeInstanceOf(LocalClusterError);
  });

  it('reports a component that died as not ready', async () => {
    const cluster = await LocalCluster.up(join(dir, 'd'), resolveToolchain());
    try {
      process.kill(cluster.record.pids.kwok as number, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 200));
      const status = await cluster.status();
      expect(status.ready).toBe(false);
      expect(status.components.find((c) => c.name === 'kwok')?.running).toBe(false);
    } finally {
      await cluster.down();
    }
  });
});
