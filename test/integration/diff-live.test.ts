import { beforeAll, describe, expect, it } from 'vitest';
import { diffRelease, renderReleaseDiff } from '../../src/diff/index.js';
import { asAppliedByHelm, isHook, parseManifest } from '../../src/helm/index.js';
import { clusterLiveSource, KubeClient } from '../../src/kube/index.js';
import { type TestEnv, testEnv, useNamespace } from '../harness/context.js';

/** The diff's promise: the live cluster is compared, so hand edits and deletions show — unlike helm-diff. */
describe('diff against the live cluster', () => {
  let t: TestEnv;
  let ns: string;
  let kube: KubeClient;
  const release = 'shop';

  const rendered = async (...set: string[]) =>
    parseManifest(
      await t.helmRun(
        'template',
        release,
        'webapp',
        '--repo',
        t.chartRepoUrl,
        '--version',
        '1.0.0',
        '-n',
        ns,
        ...set.flatMap((s) => ['--set', s]),
      ),
      release,
    )
      .filter((o) => !isHook(o))
      .map((o) => asAppliedByHelm(o, release, ns));
  const deployed = async () =>
    parseManifest(await t.helmRun('get', 'manifest', release, '-n', ns), release).map((o) =>
      asAppliedByHelm(o, release, ns),
    );
  const diff = async (...set: string[]) =>
    diffRelease(
      { release, namespace: ns, desired: await rendered(...set), deployed: await deployed() },
      clusterLiveSource(kube),
    );

  beforeAll(async () => {
    t = testEnv();
    ns = await useNamespace(t, 'diff');
    kube = KubeClient.connect({ kubeconfig: t.kubeconfig });
    await t.helmRun(
      'install',
      release,
      'webapp',
      '--repo',
      t.chartRepoUrl,
      '--version',
      '1.0.0',
      '-n',
      ns,
      '--wait',
      '--set',
      'secret.password=s3cret-v1',
    );
  });

  it('finds nothing to do right after an install: server defaults and helm labels are not changes', async () => {
    const d = await diff('secret.password=s3cret-v1');
    expect(d.objects.filter((o) => o.change !== 'unchanged')).toEqual([]);
    expect(d.hasChanges).toBe(false);
  });

  it('shows `kubectl scale` as drift on spec.replicas', async () => {
    await t.kubectl('scale', 'deployment', `${release}-webapp`, '-n', ns, '--replicas=3');
    const d = await diff('secret.password=s3cret-v1');
    const dep = d.objects.find((o) => o.key.kind === 'Deployment');
    expect(dep).toMatchObject({ change: 'update', reason: 'drift' });
    expect(dep?.fields).toContainEqual({ path: 'spec.replicas', op: 'changed', before: 3, after: 1 });
    expect(renderReleaseDiff(d)).toContain('Deployment (apps) has changed (edited in the cluster');
  });

  it('shows an object deleted by hand as to be re-created', async () => {
    await t.kubectl('delete', 'configmap', `${release}-webapp`, '-n', ns);
    const d = await diff('secret.password=s3cret-v1');
    expect(d.objects.find((o) => o.key.kind === 'ConfigMap')).toMatchObject({
      change: 'create',
      reason: 'deleted-in-cluster',
    });
  });

  it('shows a changed secret value without printing it', async () => {
    const d = await diff('secret.password=s3cret-v2');
    const s = d.objects.find((o) => o.key.kind === 'Secret');
    expect(s).toMatchObject({ change: 'update', reason: 'changed' });
    const text = renderReleaseDiff(d);
    expect(text).not.toMatch(/s3cret|czNjcmV0/);
    expect(JSON.stringify(d)).not.toMatch(/s3cret|czNjcmV0/);
  });
});
