import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ChartInputs,
  DIGEST_LABEL,
  detectHelm,
  effectiveOptions,
  type HelmBinary,
  isPending,
  lastDeployedRevision,
  observeRelease,
  type QueryOptions,
  type ReleaseObservation,
  readReleaseLabels,
  releaseHasLabels,
  releaseHistory,
  repoAddArgs,
  rollbackArgs,
  runHelm,
  uninstallArgs,
  upgradeArgs,
} from '../../src/helm/index.js';
import { type TestEnv, testEnv, useNamespace } from '../harness/context.js';

/**
 * Reading a release back from the real helm: deployed, failed, and the
 * pending states a helm that died mid-operation leaves behind; the release
 * labels helmfire stores its input digest in.
 */
describe('release state read back from helm', () => {
  let t: TestEnv;
  let helm: HelmBinary;
  let ns: string;
  const q = (name: string): QueryOptions => ({ name, namespace: ns, env: t.env });
  const observe = (name: string) => observeRelease(helm, { ...q(name), labels: true });
  const chart = (name: string, version: string, extra: Partial<ChartInputs> = {}): ChartInputs => ({
    name,
    chart: 'loop/webapp',
    version,
    namespace: ns,
    ...extra,
  });
  /** Pods that can never be scheduled: `--wait` cannot finish. */
  const unschedulable = { extraSet: ['nodeSelector.none=x'] };
  const install = (c: ChartInputs, digest: string, keys = {}) =>
    runHelm(
      t.helm,
      upgradeArgs(effectiveOptions({ wait: true, timeout: 120, ...keys }), c, helm, {
        recordLabels: { [DIGEST_LABEL]: digest },
      }),
      { env: t.env },
    );

  async function until(name: string, pred: (o: ReleaseObservation) => boolean): Promise<ReleaseObservation> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const o = await observe(name);
      if (pred(o)) return o;
      if (Date.now() > deadline)
        throw new Error(`release ${name} never reached the state: ${JSON.stringify(o)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** Starts helm and SIGKILLs it once the release shows `status`: a helm that crashed mid-operation. */
  async function killMidway(args: readonly string[], name: string, status: string): Promise<void> {
    const child = spawn(t.helm, [...args], { env: t.env, stdio: 'ignore' });
    const exited = new Promise((r) => child.on('exit', r));
    try {
      await until(name, (o) => o.exists && o.status === status);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
  }

  beforeAll(async () => {
    t = testEnv();
    helm = await detectHelm(t.helm);
    ns = await useNamespace(t, 'state');
    await runHelm(t.helm, repoAddArgs({ name: 'loop', url: t.chartRepoUrl }).args, { env: t.env });
  });

  it('a release helm does not know does not exist', async () => {
    expect(await observe('ghost')).toEqual({ exists: false });
    expect(await releaseHistory(helm, q('ghost'))).toEqual([]);
    expect(await readReleaseLabels(helm, q('ghost'))).toBeUndefined();
    expect(await releaseHasLabels(helm, q('ghost'), { [DIGEST_LABEL]: 'x' })).toBe(false);
  });

  it('deployed: revision, chart, versions, time and labels', async () => {
    const before = Date.now();
    await install(chart('web', '1.0.0'), 'd1');
    const o = await observe('web');
    expect(o).toMatchObject({
      exists: true,
      name: 'web',
      namespace: ns,
      status: 'deployed',
      revision: 1,
      chart: 'webapp',
      chartVersion: '1.0.0',
      appVersion: '1.27',
      labels: { [DIGEST_LABEL]: 'd1' },
    });
    const updated = o.exists ? Date.parse(o.updated) : Number.NaN;
    expect(updated).toBeGreaterThan(before - 60_000);
    expect(updated).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('labels round-trip: the latest revision’s digest, read back and matched by selector', async () => {
    expect(await releaseHasLabels(helm, q('web'), { [DIGEST_LABEL]: 'd1' })).toBe(true);
    await install(chart('web', '1.1.0'), 'd2');
    expect(await readReleaseLabels(helm, q('web'))).toEqual({ [DIGEST_LABEL]: 'd2' });
    expect(await releaseHasLabels(helm, q('web'), { [DIGEST_LABEL]: 'd2' })).toBe(true);
    // an older revision carrying d1 does not match: only the latest revision counts
    expect(await releaseHasLabels(helm, q('web'), { [DIGEST_LABEL]: 'd1' })).toBe(false);
  });

  it('failed: an upgrade whose pods never become ready within the timeout', async () => {
    await expect(install(chart('web', '1.1.0', unschedulable), 'd3', { timeout: 5 })).rejects.toThrow();
    const o = await observe('web');
    expect(o.exists && [o.status, o.revision]).toEqual(['failed', 3]);
    const history = await releaseHistory(helm, q('web'));
    expect(history.map((h) => [h.revision, h.status])).toEqual([
      [1, 'superseded'],
      [2, 'deployed'],
      [3, 'failed'],
    ]);
    expect(history[1]?.chart).toBe('webapp-1.1.0');
    expect(lastDeployedRevision(history)).toBe(2);
  });

  it('pending-upgrade: helm killed mid --wait; a rollback recovers the release', async () => {
    const args = upgradeArgs(
      effectiveOptions({ wait: true, timeout: 300 }),
      chart('web', '1.1.0', unschedulable),
      helm,
    );
    await killMidway(args, 'web', 'pending-upgrade');
    const o = await observe('web');
    expect(o.exists && [o.status, o.revision, isPending(o.status)]).toEqual(['pending-upgrade', 4, true]);
    // another upgrade is refused while the record says pending
    await expect(install(chart('web', '1.1.0'), 'd4')).rejects.toThrow(/another operation .* in progress/);

    const to = lastDeployedRevision(await releaseHistory(helm, q('web')), 4);
    expect(to).toBe(2);
    await runHelm(t.helm, rollbackArgs(effectiveOptions({ wait: true, timeout: 120 }), q('web'), helm, to), {
      env: t.env,
    });
    const back = await observe('web');
    expect(back.exists && [back.status, back.revision, back.labels]).toEqual([
      'deployed',
      5,
      { [DIGEST_LABEL]: 'd2' },
    ]);
  });

  it('pending-install: a first install killed mid --wait', async () => {
    const args = upgradeArgs(
      effectiveOptions({ wait: true, timeout: 300 }),
      chart('stuck', '1.0.0', unschedulable),
      helm,
    );
    await killMidway(args, 'stuck', 'pending-install');
    const o = await observe('stuck');
    expect(o.exists && [o.status, o.revision]).toEqual(['pending-install', 1]);
    expect(lastDeployedRevision(await releaseHistory(helm, q('stuck')))).toBeUndefined();
    await runHelm(t.helm, uninstallArgs(effectiveOptions({}), q('stuck'), helm), { env: t.env });
    expect(await observe('stuck')).toEqual({ exists: false });
  });

  it('an interrupted helm (SIGTERM from an aborted run) leaves the release failed, not pending', async () => {
    const ac = new AbortController();
    const args = upgradeArgs(
      effectiveOptions({ wait: true, timeout: 300 }),
      chart('web', '1.1.0', unschedulable),
      helm,
    );
    const running = runHelm(t.helm, args, { env: t.env, signal: ac.signal, killGraceMs: 30_000 });
    await until('web', (o) => o.exists && o.status === 'pending-upgrade');
    ac.abort();
    await expect(running).rejects.toThrow();
    const o = await observe('web');
    expect(o.exists && [o.status, o.revision]).toEqual(['failed', 6]);
  });

  it('uninstalled with --keep-history: the record stays with status uninstalled', async () => {
    await runHelm(t.helm, uninstallArgs(effectiveOptions({}), q('web'), helm, { keepHistory: true }), {
      env: t.env,
    });
    const o = await observe('web');
    expect(o.exists && o.status).toBe('uninstalled');
    expect(await releaseHasLabels(helm, q('web'), { [DIGEST_LABEL]: 'd2' })).toBe(true);
  });
});
