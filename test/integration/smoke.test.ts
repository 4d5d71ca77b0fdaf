import { beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv, useNamespace } from '../harness/context.js';

interface DeploymentJson {
  status?: { readyReplicas?: number; replicas?: number; conditions?: { type: string; status: string }[] };
}

/**
 * The ground everything stands on: a real API server that runs workloads to
 * Ready, the real helm, and charts served by a real chart repository and a
 * real OCI registry, all on loopback.
 */
describe('local control plane + helm + chart sources', () => {
  let t: TestEnv;
  let ns: string;
  beforeAll(async () => {
    t = testEnv();
    ns = await useNamespace(t, 'smoke');
  });

  it('reports the pinned Kubernetes version, which charts check with kubeVersion', async () => {
    const v = JSON.parse(await t.kubectl('version', '-o', 'json')) as {
      serverVersion: { gitVersion: string };
    };
    expect(v.serverVersion.gitVersion).toMatch(/^v1\.34\.\d+$/);
  });

  it('installs a chart from the loopback chart repository with helm --wait, Deployment Ready', async () => {
    await t.helmRun('repo', 'add', 'loopback', t.chartRepoUrl);
    await t.helmRun('repo', 'update', 'loopback');
    await t.helmRun(
      'install',
      'web-repo',
      'loopback/webapp',
      '--version',
      '1.0.0',
      '-n',
      ns,
      '--wait',
      '--timeout',
      '120s',
    );
    const dep = await readyDeployment(t, ns, 'web-repo');
    expect(dep.status?.readyReplicas).toBe(dep.status?.replicas);
    expect(dep.status?.conditions?.find((c) => c.type === 'Available')?.status).toBe('True');
  });

  it('installs the same chart from the OCI registry with helm --wait, Deployment Ready', async () => {
    const plainHttp = '--plain-http';
    await t.helmRun(
      'install',
      'web-oci',
      `oci://${t.ociHost}/charts/webapp`,
      '--version',
      '1.1.0',
      plainHttp,
      '-n',
      ns,
      '--wait',
      '--timeout',
      '120s',
    );
    const dep = await readyDeployment(t, ns, 'web-oci');
    expect(dep.status?.readyReplicas).toBeGreaterThanOrEqual(1);
    const status = JSON.parse(await t.helmRun('status', 'web-oci', '-n', ns, '-o', 'json')) as {
      info: { status: string };
      chart?: { metadata: { version: string } };
    };
    expect(status.info.status).toBe('deployed');
  });

  it('runs a pre-install hook Job to completion (the database chart)', async () => {
    await t.helmRun(
      'install',
      'db',
      'loopback/database',
      '-n',
      ns,
      '--wait',
      '--wait-for-jobs',
      '--timeout',
      '120s',
    );
    const sts = JSON.parse(await t.kubectl('get', 'statefulset', '-n', ns, '-o', 'json')) as {
      items: { status: { readyReplicas?: number } }[];
    };
    expect(sts.items[0]?.status.readyReplicas).toBeGreaterThanOrEqual(1);
  });
});

async function readyDeployment(t: TestEnv, ns: string, release: string): Promise<DeploymentJson> {
  const list = JSON.parse(
    await t.kubectl(
      'get',
      'deployments',
      '-n',
      ns,
      '-l',
      `app.kubernetes.io/instance=${release}`,
      '-o',
      'json',
    ),
  ) as { items: DeploymentJson[] };
  expect(list.items).toHaveLength(1);
  return list.items[0] as DeploymentJson;
}
