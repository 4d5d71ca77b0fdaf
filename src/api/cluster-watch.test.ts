import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ClusterWatch, ClusterWatches } from './cluster-watch.js';

describe('ClusterWatch', () => {
  const opts = { intervalMs: 10, graceMs: 60, probeTimeoutMs: 20 };

  it('aborts once the API server has not answered for the grace period, saying why', async () => {
    let up = true;
    const w = new ClusterWatch(
      'kube context "prod"',
      async () => {
        if (!up) throw new Error('connect ECONNREFUSED 127.0.0.1:6443');
      },
      opts,
    );
    await w.during(async () => {
      await sleep(50);
      expect(w.signal.aborted).toBe(false);
      up = false;
      for (let i = 0; i < 100 && !w.signal.aborted; i++) await sleep(10);
    });
    expect(w.signal.aborted).toBe(true);
    expect(w.reason).toContain(
      'the API server of kube context "prod" stopped answering (connect ECONNREFUSED',
    );
    expect(w.reason).toContain('Run again once the cluster is back');
  });

  it('forgives a short outage and a probe that hangs counts as no answer', async () => {
    let calls = 0;
    const flaky = new ClusterWatch(
      'c',
      async () => {
        calls++;
        if (calls === 2) throw new Error('blip');
      },
      opts,
    );
    await flaky.during(() => sleep(150));
    expect(flaky.signal.aborted).toBe(false);
    const hung = new ClusterWatch('c', () => new Promise(() => {}), opts);
    await hung.during(async () => {
      for (let i = 0; i < 100 && !hung.signal.aborted; i++) await sleep(10);
    });
    expect(hung.reason).toContain('no answer within 0.02s');
  });

  it('probes only while something runs', async () => {
    let calls = 0;
    const w = new ClusterWatch(
      'c',
      async () => {
        calls++;
      },
      opts,
    );
    await sleep(50);
    expect(calls).toBe(0);
    await w.during(() => sleep(60));
    const during = calls;
    expect(during).toBeGreaterThan(0);
    await sleep(50);
    expect(calls).toBe(during);
  });
});

describe('ClusterWatches', () => {
  it('hands the work a signal that aborts with the cluster, and puts the reason first in a failure', async () => {
    const watches = new ClusterWatches(
      (context) => ({
        context: context ?? 'default',
        serverVersion: () => Promise.reject(new Error('refused')),
      }),
      { intervalMs: 10, graceMs: 30 },
    );
    const r = await watches.run('prod', undefined, async (signal) => {
      for (let i = 0; i < 100 && !signal.aborted; i++) await sleep(10);
      return { outcome: 'failed', error: 'helm was stopped' };
    });
    expect(r.error).toMatch(/^the API server of kube context "prod" stopped answering \(refused\)/);
    expect(r.error).toContain('\nhelm was stopped');
  });

  it('leaves a result alone when the user interrupted the run', async () => {
    const watches = new ClusterWatches(() => ({ context: 'c', serverVersion: async () => ({}) }));
    const ac = new AbortController();
    ac.abort();
    const r = await watches.run(undefined, ac.signal, async (signal) => ({
      outcome: signal.aborted ? 'failed' : 'unchanged',
      error: 'interrupted',
    }));
    expect(r).toEqual({ outcome: 'failed', error: 'interrupted' });
  });
});
