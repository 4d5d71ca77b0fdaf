import { beforeAll, describe, expect, it } from 'vitest';
import { KubeClient, KubeError } from '../../src/kube/index.js';
import { type TestEnv, testEnv, useNamespace } from '../harness/context.js';

describe('KubeClient against the real API server', () => {
  let t: TestEnv;
  let ns: string;
  let kube: KubeClient;
  beforeAll(async () => {
    t = testEnv();
    ns = await useNamespace(t, 'kube');
    kube = KubeClient.connect({ kubeconfig: t.kubeconfig });
  });

  it('reads the server version and the served API versions', async () => {
    expect((await kube.serverVersion()).gitVersion).toMatch(/^v1\.34\./);
    const versions = await kube.apiVersions();
    expect(versions).toContain('v1');
    expect(versions).toContain('apps/v1');
  });

  it('knows which kinds are namespaced and which the server does not serve', async () => {
    expect(await kube.isNamespaced('apps/v1', 'Deployment')).toBe(true);
    expect(await kube.isNamespaced('v1', 'Namespace')).toBe(false);
    expect(await kube.isNamespaced('example.com/v1', 'Nope')).toBeUndefined();
  });

  it('shows what the server would store: defaults filled in by a dry-run apply, nothing saved', async () => {
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'dry', namespace: ns },
      data: { a: '1' },
    };
    const dep = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'dry', namespace: ns },
      spec: {
        selector: { matchLabels: { app: 'dry' } },
        template: {
          metadata: { labels: { app: 'dry' } },
          spec: { containers: [{ name: 'c', image: 'nginx' }] },
        },
      },
    };
    const out = (await kube.applyDryRun(dep, { fieldManager: 'helmfire' })) as typeof dep & {
      spec: { replicas: number; strategy: { type: string } };
    };
    expect(out.spec.replicas).toBe(1);
    expect(out.spec.strategy.type).toBe('RollingUpdate');
    expect(
      await kube.get({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'dry', namespace: ns }),
    ).toBeUndefined();
    await kube.apply(cm, { fieldManager: 'helmfire' });
    const live = await kube.get<typeof cm>({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: 'dry',
      namespace: ns,
    });
    expect(live?.data).toEqual({ a: '1' });
    expect(await kube.list('v1', 'ConfigMap', { namespace: ns })).toHaveLength(2); // + kube-root-ca.crt
    expect(await kube.delete({ apiVersion: 'v1', kind: 'ConfigMap', name: 'dry', namespace: ns })).toBe(true);
    expect(await kube.delete({ apiVersion: 'v1', kind: 'ConfigMap', name: 'dry', namespace: ns })).toBe(
      false,
    );
  });

  it('names the context it does not know, with a likely fix', () => {
    expect(() => KubeClient.connect({ kubeconfig: t.kubeconfig, context: 'helmfire-tset' })).toThrow(
      /kube context "helmfire-tset" is not in the kubeconfig \(did you mean "helmfire-test"\?\)/,
    );
    expect(() => KubeClient.connect({ kubeconfig: '/nonexistent/kubeconfig' })).toThrow(KubeError);
  });

  it('reports an unreachable API server as such, naming the context', async () => {
    const kc = KubeClient.connect({ kubeconfig: t.kubeconfig });
    const cluster = kc.config.getCurrentCluster();
    expect(cluster).toBeTruthy();
    (cluster as { server: string }).server = 'https://127.0.0.1:1';
    const err = await kc.serverVersion().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeError);
    expect((err as KubeError).code).toBe('UNREACHABLE');
    expect((err as KubeError).message).toContain('context "helmfire-test"');
  });
});
