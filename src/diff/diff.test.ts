import { describe, expect, it } from 'vitest';
import { diffRelease, type LiveSource } from './compute.js';
import { compareFields } from './fields.js';
import { keyOf, keyString } from './keys.js';
import { renderReleaseDiff } from './render.js';
import type { K8sObject } from './types.js';

/** An in-memory cluster for the pure diff: get by identity; dry-run = desired merged over live, plus defaults. */
function memoryCluster(objects: K8sObject[], defaults: (o: K8sObject) => void = () => {}): LiveSource {
  const byKey = new Map(objects.map((o) => [keyString(keyOf(o)), o]));
  const merge = (base: unknown, over: unknown): unknown => {
    if (
      base &&
      over &&
      typeof base === 'object' &&
      typeof over === 'object' &&
      !Array.isArray(base) &&
      !Array.isArray(over)
    ) {
      const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
      for (const [k, v] of Object.entries(over as Record<string, unknown>)) out[k] = merge(out[k], v);
      return out;
    }
    return structuredClone(over);
  };
  return {
    async get(o) {
      const found = byKey.get(keyString(keyOf(o)));
      return found ? structuredClone(found) : undefined;
    },
    async dryRunApply(o) {
      const live = byKey.get(keyString(keyOf(o)));
      const out = merge(live ?? {}, o) as K8sObject;
      defaults(out);
      return out;
    },
  };
}

const deployment = (replicas: number, image = 'nginx:1.27'): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
  spec: {
    replicas,
    template: {
      spec: {
        containers: [
          { name: 'web', image },
          { name: 'sidecar', image: 'envoy:1' },
        ],
      },
    },
  },
});

const liveDeployment = (replicas: number, image?: string): K8sObject => ({
  ...deployment(replicas, image),
  metadata: {
    name: 'web',
    namespace: 'shop',
    labels: { app: 'web' },
    uid: 'u-1',
    resourceVersion: '42',
    managedFields: [{ manager: 'helm' }],
    annotations: { 'deployment.kubernetes.io/revision': '3', 'meta.helm.sh/release-name': 'web' },
  },
  status: { readyReplicas: replicas },
});

const secret = (password: string): K8sObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'web', namespace: 'shop' },
  data: { password, user: 'YWRtaW4=' },
});

describe('diffRelease', () => {
  it('reports nothing when the live object is what the release renders, whatever the server added', async () => {
    const live = memoryCluster([liveDeployment(2)]);
    const d = await diffRelease(
      { release: 'web', namespace: 'shop', desired: [deployment(2)], deployed: [deployment(2)] },
      live,
    );
    expect(d.hasChanges).toBe(false);
    expect(d.objects.map((o) => o.change)).toEqual(['unchanged']);
  });

  it('shows a hand-made scale as drift at field level', async () => {
    const live = memoryCluster([liveDeployment(5)]);
    const d = await diffRelease(
      { release: 'web', namespace: 'shop', desired: [deployment(2)], deployed: [deployment(2)] },
      live,
    );
    const o = d.objects[0];
    expect(o?.change).toBe('update');
    expect(o?.reason).toBe('drift');
    expect(o?.fields).toEqual([{ path: 'spec.replicas', op: 'changed', before: 5, after: 2 }]);
  });

  it('calls it drift when the deployed manifest leaves the namespace to the release, as charts do', async () => {
    const bare = (r: number): K8sObject => {
      const d = deployment(r);
      delete d.metadata.namespace;
      return d;
    };
    const live = memoryCluster([liveDeployment(4)]);
    const d = await diffRelease(
      { release: 'web', namespace: 'shop', desired: [bare(2)], deployed: [bare(2)] },
      live,
    );
    expect(d.objects[0]).toMatchObject({ change: 'update', reason: 'drift' });
  });

  it('calls a change made by new values "changed", and matches containers by name', async () => {
    const live = memoryCluster([liveDeployment(2)]);
    const d = await diffRelease(
      {
        release: 'web',
        namespace: 'shop',
        desired: [deployment(2, 'nginx:1.28')],
        deployed: [deployment(2)],
      },
      live,
    );
    expect(d.objects[0]?.reason).toBe('changed');
    expect(d.objects[0]?.fields).toEqual([
      {
        path: 'spec.template.spec.containers[name=web].image',
        op: 'changed',
        before: 'nginx:1.27',
        after: 'nginx:1.28',
      },
    ]);
  });

  it('tells an object deleted by hand from a new one, and lists what the chart no longer renders', async () => {
    const cm: K8sObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg' },
      data: { a: '1' },
    };
    const old: K8sObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'old', namespace: 'shop' },
      data: {},
    };
    const extra: K8sObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc' },
      spec: { ports: [{ port: 80 }] },
    };
    const live = memoryCluster([old]);
    const d = await diffRelease(
      { release: 'web', namespace: 'shop', desired: [cm, extra], deployed: [cm, old] },
      live,
    );
    const by = Object.fromEntries(d.objects.map((o) => [o.key.name, o]));
    expect(by.cfg).toMatchObject({ change: 'create', reason: 'deleted-in-cluster' });
    expect(by.cfg?.after?.metadata.namespace).toBe('shop');
    expect(by.svc).toMatchObject({ change: 'create', reason: 'new' });
    expect(by.old).toMatchObject({ change: 'delete', reason: 'removed-from-chart' });
  });

  it('never shows secret values unless asked, but still says which keys changed', async () => {
    const live = memoryCluster([secret('b2xk')]);
    const input = {
      release: 'web',
      namespace: 'shop',
      desired: [secret('bmV3')],
      deployed: [secret('b2xk')],
    };
    const masked = await diffRelease(input, live);
    const o = masked.objects[0];
    expect(o?.fields).toEqual([{ path: 'data.password', op: 'changed' }]);
    const text = renderReleaseDiff(masked);
    expect(text).not.toContain('b2xk');
    expect(text).not.toContain('bmV3');
    expect(text).not.toContain('YWRtaW4=');
    expect(text).toContain('-   password: (hidden) before');
    expect(text).toContain('+   password: (hidden) after');
    const shown = await diffRelease(input, live, { showSecrets: true });
    expect(renderReleaseDiff(shown)).toContain('+   password: bmV3');
  });

  it('records an object it cannot compare as an error and goes on with the rest', async () => {
    const live: LiveSource = {
      async get(o) {
        if (o.kind === 'Widget') throw new Error('the server does not serve Widget (example.com/v1)');
        return undefined;
      },
      async dryRunApply(o) {
        return o;
      },
    };
    const widget: K8sObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
    const cm: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };
    const d = await diffRelease({ release: 'r', namespace: 'ns', desired: [widget, cm] }, live);
    expect(d.objects.map((o) => o.change)).toEqual(['error', 'create']);
    expect(d.objects[0]?.error).toContain('does not serve Widget');
  });
});

describe('compareFields', () => {
  it('treats an empty map or list like an absent one', () => {
    expect(compareFields({ a: {}, b: [] }, { a: null, b: [] })).toEqual([]);
  });

  it('reports added and removed keys with their paths', () => {
    expect(compareFields({ a: 1, 'x.y': 2 }, { b: 1, 'x.y': 3 })).toEqual([
      { path: 'a', op: 'removed', before: 1 },
      { path: 'b', op: 'added', after: 1 },
      { path: '["x.y"]', op: 'changed', before: 2, after: 3 },
    ]);
  });
});

describe('renderReleaseDiff', () => {
  it('prints helm-diff style headlines and +/- lines, unchanged objects omitted', async () => {
    const live = memoryCluster([liveDeployment(5)]);
    const d = await diffRelease(
      { release: 'web', namespace: 'shop', desired: [deployment(2)], deployed: [deployment(2)] },
      live,
    );
    const text = renderReleaseDiff(d, { context: 2 });
    expect(text).toContain('shop, web, Deployment (apps) has changed (edited in the cluster');
    expect(text).toContain('-   replicas: 5');
    expect(text).toContain('+   replicas: 2');
    expect(text).not.toContain('resourceVersion');
  });
});
