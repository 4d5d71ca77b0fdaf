import { describe, expect, it } from 'vitest';
import { type ReconcileEvent, Reconciler, type ReleaseDriver } from './reconciler.js';
import { runPlan } from './run-plan.js';
import type { Action, DesiredRelease, ObservedRelease, ReleaseResult } from './types.js';

/** An in-memory release store that behaves like helm's for the actions the reconciler takes. */
class MemoryReleases implements ReleaseDriver {
  readonly state = new Map<string, ObservedRelease>();
  readonly log: string[] = [];
  failOn = new Set<string>();

  async observe(r: DesiredRelease): Promise<ObservedRelease> {
    return this.state.get(r.id) ?? { status: 'absent' };
  }

  async act(r: DesiredRelease, a: Action): Promise<void> {
    this.log.push(`${a.kind} ${r.id}`);
    if (this.failOn.has(`${a.kind} ${r.id}`)) throw new Error(`helm ${a.kind} failed for ${r.id}`);
    const cur = this.state.get(r.id);
    const rev = (cur?.revision ?? 0) + 1;
    if (a.kind === 'install' || a.kind === 'upgrade') {
      this.state.set(r.id, {
        status: 'deployed',
        revision: rev,
        digest: r.digest,
        lastDeployedRevision: rev,
      });
    } else if (a.kind === 'rollback') {
      this.state.set(r.id, { status: 'deployed', revision: rev, lastDeployedRevision: rev });
    } else if (a.kind === 'uninstall' || a.kind === 'reset') {
      this.state.delete(r.id);
    }
  }
}

const rel = (id: string, over: Partial<DesiredRelease> = {}): DesiredRelease => ({
  id,
  name: id,
  namespace: 'ns',
  installed: true,
  digest: 'd1',
  ...over,
});

describe('Reconciler', () => {
  it('recovers a release left pending by an interrupted helm, then brings it up to date', async () => {
    const helm = new MemoryReleases();
    helm.state.set('web', { status: 'pending-upgrade', revision: 4, lastDeployedRevision: 3, digest: 'd0' });
    const events: ReconcileEvent[] = [];
    const r = await new Reconciler(helm, { onEvent: (e) => events.push(e) }).reconcile(rel('web'), 'apply');
    expect(helm.log).toEqual(['rollback web', 'upgrade web']);
    expect(r.outcome).toBe('upgraded');
    expect(r.steps.map((s) => s.action.kind)).toEqual(['rollback', 'upgrade']);
    expect(
      events.filter((e) => e.type === 'decided').map((e) => (e as { action: Action }).action.kind),
    ).toEqual(['rollback', 'upgrade', 'none']);
  });

  it('does nothing on a no-op apply', async () => {
    const helm = new MemoryReleases();
    helm.state.set('web', { status: 'deployed', revision: 2, digest: 'd1', lastDeployedRevision: 2 });
    const r = await new Reconciler(helm).reconcile(rel('web'), 'apply');
    expect(helm.log).toEqual([]);
    expect(r).toMatchObject({ outcome: 'unchanged', revision: 2 });
  });

  it('reports a failed action with its error and stops there', async () => {
    const helm = new MemoryReleases();
    helm.failOn.add('install web');
    const r = await new Reconciler(helm).reconcile(rel('web'), 'sync');
    expect(r.outcome).toBe('failed');
    expect(r.error).toContain('helm install failed for web');
    expect(r.steps).toHaveLength(1);
  });

  it('stops when the run is interrupted', async () => {
    const ac = new AbortController();
    ac.abort();
    const r = await new Reconciler(new MemoryReleases()).reconcile(rel('web'), 'sync', ac.signal);
    expect(r).toMatchObject({ outcome: 'failed', error: 'interrupted' });
  });
});

describe('runPlan', () => {
  const needs = new Map([
    ['db', []],
    ['cache', []],
    ['api', ['db']],
    ['web', ['api', 'cache']],
    ['docs', []],
  ]);
  const groups = [['db', 'cache', 'docs'], ['api'], ['web']];

  it('runs groups in order and skips only what depends on a failure', async () => {
    const helm = new MemoryReleases();
    helm.failOn.add('install db');
    const rec = new Reconciler(helm);
    const results = await runPlan(groups, needs, (id) => rec.reconcile(rel(id), 'sync'));
    const by = Object.fromEntries(results.map((r) => [r.id, r]));
    expect(by.db?.outcome).toBe('failed');
    expect(by.cache?.outcome).toBe('installed');
    expect(by.docs?.outcome).toBe('installed');
    expect(by.api).toMatchObject({ outcome: 'skipped', error: 'needs "db", which did not succeed' });
    expect(by.web).toMatchObject({ outcome: 'skipped', error: 'needs "api", which did not succeed' });
  });

  it('destroys in reverse: dependents first, and keeps what a failed dependent still needs', async () => {
    const helm = new MemoryReleases();
    for (const id of needs.keys()) helm.state.set(id, { status: 'deployed', revision: 1 });
    helm.failOn.add('uninstall web');
    const rec = new Reconciler(helm);
    const results = await runPlan(groups, needs, (id) => rec.reconcile(rel(id), 'destroy'), {
      reverse: true,
    });
    expect(results.map((r) => r.id)).toEqual(['web', 'api', 'db', 'cache', 'docs']);
    const by = Object.fromEntries(results.map((r) => [r.id, r]));
    expect(by.api).toMatchObject({ outcome: 'skipped', error: 'is needed by "web", which did not succeed' });
    expect(by.db?.outcome).toBe('skipped');
    expect(by.docs?.outcome).toBe('uninstalled');
  });

  it('keeps to the concurrency limit inside a group', async () => {
    let running = 0;
    let peak = 0;
    const run = async (id: string): Promise<ReleaseResult> => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return { id, outcome: 'unchanged', steps: [], seconds: 0 };
    };
    const many = [Array.from({ length: 10 }, (_, i) => `r${i}`)];
    await runPlan(many, new Map(), run, { concurrency: 3 });
    expect(peak).toBe(3);
    peak = 0;
    await runPlan(many, new Map(), run, { concurrency: 0 });
    expect(peak).toBe(10);
  });
});
