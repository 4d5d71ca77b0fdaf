import { beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv, useNamespace } from '../harness/context.js';

/**
 * Each test chart installs, upgrades and reaches Ready on the local cluster
 * with `helm --wait`: the promise the charts make to every other test.
 */
describe('test charts on the local cluster', () => {
  let t: TestEnv;
  let ns: string;
  const wait = ['--wait', '--timeout', '120s'];
  const json = async <T>(...args: string[]) => JSON.parse(await t.kubectl(...args, '-o', 'json')) as T;

  beforeAll(async () => {
    t = testEnv();
    ns = await useNamespace(t, 'charts');
    await t.helmRun('repo', 'add', 'charts', t.chartRepoUrl, '--force-update');
    await t.helmRun('repo', 'update', 'charts');
  });

  it('webapp: installs 1.0.0 with ingress and HPA, upgrades to 1.1.0, Ready both times', async () => {
    const on = ['--set', 'ingress.enabled=true,autoscaling.enabled=true'];
    await t.helmRun('install', 'web', 'charts/webapp', '--version', '1.0.0', '-n', ns, ...on, ...wait);
    const kinds = await t.kubectl(
      'get',
      'ingress,hpa,serviceaccount,secret,service',
      '-n',
      ns,
      '-l',
      'app.kubernetes.io/instance=web',
      '-o',
      'name',
    );
    expect(kinds.trim().split('\n').sort()).toEqual([
      'horizontalpodautoscaler.autoscaling/web-webapp',
      'ingress.networking.k8s.io/web-webapp',
      'secret/web-webapp',
      'service/web-webapp',
      'serviceaccount/web-webapp',
    ]);

    await t.helmRun('upgrade', 'web', 'charts/webapp', '--version', '1.1.0', '-n', ns, ...on, ...wait);
    const cm = await json<{ data: Record<string, string> }>('get', 'configmap', 'web-webapp', '-n', ns);
    expect(cm.data.LOG_FORMAT).toBe('json');
    const dep = await json<{
      spec: { template: { spec: { containers: { image: string }[] } } };
      status: { readyReplicas?: number; updatedReplicas?: number };
    }>('get', 'deployment', 'web-webapp', '-n', ns);
    expect(dep.spec.template.spec.containers[0]?.image).toBe('nginx:1.28');
    expect(dep.status.readyReplicas).toBeGreaterThanOrEqual(1);
    expect(dep.status.updatedReplicas).toBe(dep.status.readyReplicas);
  });

  it('database: the hook Job runs on install and on upgrade and is deleted once it succeeded', async () => {
    await t.helmRun('install', 'db', 'charts/database', '-n', ns, ...wait);
    await t.helmRun(
      'upgrade',
      'db',
      'charts/database',
      '-n',
      ns,
      '--set',
      'migration.schemaVersion=2',
      ...wait,
    );
    const history = JSON.parse(await t.helmRun('history', 'db', '-n', ns, '-o', 'json')) as {
      status: string;
    }[];
    expect(history.map((h) => h.status)).toEqual(['superseded', 'deployed']);
    const jobs = await json<{ items: unknown[] }>(
      'get',
      'jobs',
      '-n',
      ns,
      '-l',
      'app.kubernetes.io/instance=db',
    );
    expect(jobs.items).toHaveLength(0);
    const sts = await json<{ status: { readyReplicas?: number } }>(
      'get',
      'statefulset',
      'db-database',
      '-n',
      ns,
    );
    expect(sts.status.readyReplicas).toBe(1);
  });

  it('stack: both aliased webapps Ready, built from the repository', async () => {
    await t.helmRun('install', 'shop', 'charts/stack', '-n', ns, ...wait);
    const deps = await json<{ items: { metadata: { name: string }; status: { readyReplicas?: number } }[] }>(
      'get',
      'deployments',
      '-n',
      ns,
      '-l',
      'app.kubernetes.io/instance=shop',
    );
    expect(deps.items.map((d) => d.metadata.name).sort()).toEqual(['shop-api', 'shop-frontend']);
    for (const d of deps.items) expect(d.status.readyReplicas).toBe(1);
  });

  it('crd-app: installs the CRD first, then its Widgets', async () => {
    await t.helmRun(
      'install',
      'w',
      `oci://${t.ociHost}/charts/crd-app`,
      '--version',
      '0.1.0',
      '--plain-http',
      '-n',
      ns,
      ...wait,
    );
    const crd = await json<{ status: { conditions: { type: string; status: string }[] } }>(
      'get',
      'crd',
      'widgets.example.com',
    );
    expect(crd.status.conditions.find((c) => c.type === 'Established')?.status).toBe('True');
    const widgets = await json<{ items: { metadata: { name: string }; spec: { size: number } }[] }>(
      'get',
      'widgets',
      '-n',
      ns,
    );
    expect(widgets.items.map((w) => [w.metadata.name, w.spec.size]).sort()).toEqual([
      ['w-large', 10],
      ['w-small', 1],
    ]);
  });
});
