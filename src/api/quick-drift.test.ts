import { describe, expect, it } from 'vitest';
import { liveCovers } from './quick-drift.js';

describe('liveCovers', () => {
  const applied = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas: 2,
      template: {
        spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
      },
    },
  };
  const live = structuredClone(applied) as typeof applied & Record<string, unknown>;
  Object.assign(live.metadata, {
    uid: 'u',
    resourceVersion: '7',
    annotations: { 'deployment.kubernetes.io/revision': '1' },
  });
  Object.assign(live.spec.template.spec.containers[0] as object, {
    terminationMessagePath: '/dev/termination-log',
  });
  Object.assign(live.spec, { strategy: { type: 'RollingUpdate' } });
  live.status = { readyReplicas: 2 };

  it('ignores what the server and other managers added', () => {
    expect(liveCovers(applied, live)).toBe(true);
  });

  it('sees a changed field (kubectl scale), a removed field, and a list of another length', () => {
    const scaled = structuredClone(live);
    scaled.spec.replicas = 5;
    expect(liveCovers(applied, scaled)).toBe(false);
    const unlabelled = structuredClone(live);
    unlabelled.metadata.labels = {} as never;
    expect(liveCovers(applied, unlabelled)).toBe(false);
    const sidecar = structuredClone(live);
    sidecar.spec.template.spec.containers.push({ name: 'x', image: 'y', ports: [] });
    expect(liveCovers(applied, sidecar)).toBe(false);
  });

  it('treats a missing object, and a value stored in another form, as not covered', () => {
    expect(liveCovers(applied, undefined)).toBe(false);
    expect(liveCovers({ cpu: '0.5' }, { cpu: '500m' })).toBe(false);
    expect(liveCovers({ port: 80 }, { port: '80' })).toBe(false);
  });

  it('treats null in the manifest as nothing applied', () => {
    expect(liveCovers({ a: null, b: 1 }, { b: 1 })).toBe(true);
  });
});
