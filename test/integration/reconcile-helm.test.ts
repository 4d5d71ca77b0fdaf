import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffRelease } from '../../src/diff/index.js';
import {
  asAppliedByHelm,
  detectHelm,
  effectiveOptions,
  type HelmInfo,
  isHook,
  parseManifest,
} from '../../src/helm/index.js';
import { clusterLiveSource, KubeClient } from '../../src/kube/index.js';
import { type HelmRelease, HelmReleaseDriver, Reconciler } from '../../src/reconcile/index.js';
import { type TestEnv, testEnv, useNamespace } from '../harness/context.js';

/** The reconciler driving the real helm against the real cluster: the core sync, apply, watch and the operator share. */
describe('Reconciler + helm on the real cluster', () => {
  let t: TestEnv;
  let ns: string;
  let helm: HelmInfo;
  let kube: KubeClient;
  const history = async (name: string) =>
    JSON.parse(await t.helmRun('history', name, '-n', ns, '-o', 'json')) as {
      revision: number;
      status: string;
    }[];

  const release = (
    name: string,
    digest: string,
    set: Record<string, string> = {},
    installed = true,
  ): HelmRelease => ({
    id: `${ns}/${name}`,
    name,
    namespace: ns,
    installed,
    digest,
    options: effectiveOptions({ wait: true, timeout: 120, plainHttp: true }),
    chart: {
      name,
      namespace: ns,
      chart: `oci://${t.ociHost}/charts/webapp`,
      version: '1.0.0',
      set: Object.entries(set).map(([k, v]) => ({ name: k, value: v })),
    },
  });

  /** apply's live check: the diff module against the cluster, as `helmfire apply` will use it. */
  const liveDiffers = async (r: HelmRelease) => {
    const render = await t.helmRun(
      'template',
      r.name,
      r.chart.chart,
      '--version',
      r.chart.version ?? '',
      '-n',
      ns,
      '--plain-http',
    );
    const manifest = await t.helmRun('get', 'manifest', r.name, '-n', ns);
    const desired = parseManifest(render, r.name)
      .filter((o) => !isHook(o))
      .map((o) => asAppliedByHelm(o, r.name, ns));
    const deployed = parseManifest(manifest, r.name).map((o) => asAppliedByHelm(o, r.name, ns));
    const d = await diffRelease(
      { release: r.name, namespace: ns, desired, deployed },
      clusterLiveSource(kube),
    );
    return d.hasChanges;
  };

  let rec: Reconciler<HelmRelease>;
  beforeAll(async () => {
    t = testEnv();
    ns = await useNamespace(t, 'rec');
    helm = await detectHelm(t.helm);
    kube = KubeClient.connect({ kubeconfig: t.kubeconfig });
    rec = new Reconciler(new HelmReleaseDriver({ helm, env: t.env, liveDiffers }));
  });

  it('installs, then a no-op apply runs no helm upgrade', async () => {
    const first = await rec.reconcile(release('web', 'd1'), 'sync');
    expect(first.error).toBeUndefined();
    expect(first.outcome).toBe('installed');
    const r = await rec.reconcile(release('web', 'd1'), 'apply');
    expect(r.outcome).toBe('unchanged');
    expect((await history('web')).map((h) => h.revision)).toEqual([1]);
  });

  it('upgrades on apply when the input digest changed, and sync always upgrades', async () => {
    expect((await rec.reconcile(release('web', 'd2', { replicaCount: '2' }), 'apply')).outcome).toBe(
      'upgraded',
    );
    expect((await rec.reconcile(release('web', 'd2', { replicaCount: '2' }), 'sync')).outcome).toBe(
      'upgraded',
    );
    expect((await history('web')).map((h) => h.revision)).toEqual([1, 2, 3]);
  });

  it('heals live drift on apply even though the inputs did not change', async () => {
    await rec.reconcile(release('web2', 'x1'), 'sync');
    await t.kubectl('scale', 'deployment', 'web2-webapp', '-n', ns, '--replicas=4');
    const r = await rec.reconcile(release('web2', 'x1'), 'apply');
    expect(r.error).toBeUndefined();
    expect(r.outcome).toBe('upgraded');
    expect(r.steps[0]?.action).toMatchObject({
      kind: 'upgrade',
      heal: true,
      reason: expect.stringContaining('drift'),
    });
    const dep = JSON.parse(await t.kubectl('get', 'deployment', 'web2-webapp', '-n', ns, '-o', 'json')) as {
      spec: { replicas: number };
    };
    expect(dep.spec.replicas).toBe(1);
  });

  it('a sync or an apply of changed inputs also wins over a hand-made scale', async () => {
    await rec.reconcile(release('web3', 'y1'), 'sync');
    const replicas = async () =>
      (
        JSON.parse(await t.kubectl('get', 'deployment', 'web3-webapp', '-n', ns, '-o', 'json')) as {
          spec: { replicas: number };
        }
      ).spec.replicas;
    await t.kubectl('scale', 'deployment', 'web3-webapp', '-n', ns, '--replicas=4');
    const synced = await rec.reconcile(release('web3', 'y1'), 'sync');
    expect(synced.error).toBeUndefined();
    expect(synced.outcome).toBe('upgraded');
    expect(await replicas()).toBe(1);
    await t.kubectl('scale', 'deployment', 'web3-webapp', '-n', ns, '--replicas=3');
    const applied = await rec.reconcile(release('web3', 'y2'), 'apply');
    expect(applied.error).toBeUndefined();
    expect(applied.steps[0]?.action).toMatchObject({
      kind: 'upgrade',
      reason: expect.stringContaining('inputs'),
    });
    expect(await replicas()).toBe(1);
  });

  it('recovers a release left pending-upgrade by a helm process killed mid-upgrade', async () => {
    await rec.reconcile(release('stuck', 's1'), 'sync');
    // an upgrade whose pods can never be scheduled, so helm waits — then it is killed
    const child = spawn(
      t.helm,
      [
        'upgrade',
        'stuck',
        `oci://${t.ociHost}/charts/webapp`,
        '--version',
        '1.0.0',
        '--plain-http',
        '-n',
        ns,
        '--set',
        'nodeSelector.none=x',
        '--wait',
        '--timeout',
        '5m',
      ],
      { env: t.env, stdio: 'ignore' },
    );
    for (let i = 0; i < 100; i++) {
      await sleep(200);
      if ((await history('stuck')).some((h) => h.status === 'pending-upgrade')) break;
    }
    child.kill('SIGKILL');
    expect((await history('stuck')).at(-1)?.status).toBe('pending-upgrade');
    const r = await rec.reconcile(release('stuck', 's2'), 'apply');
    expect(r.steps.map((s) => s.action.kind)).toEqual(['rollback', 'upgrade']);
    expect(r.outcome).toBe('upgraded');
    expect((await history('stuck')).at(-1)?.status).toBe('deployed');
  });

  it('uninstalls a release marked installed: false', async () => {
    const r = await rec.reconcile(release('web2', 'x1', {}, false), 'apply');
    expect(r.outcome).toBe('uninstalled');
    await expect(t.helmRun('status', 'web2', '-n', ns)).rejects.toThrow(/not found/);
  });
});
