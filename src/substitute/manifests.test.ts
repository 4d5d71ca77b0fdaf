import { describe, expect, it } from 'vitest';
import { describeImageChange, manifestImages, substituteManifestImages } from './manifests.js';

const subs = [{ from: 'postgres:15', to: 'localhost:5000/postgres:dev' }];

const stream = `---
# Source: db/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: db   # the database
  namespace: ns1
spec:
  template:
    spec:
      initContainers:
        - name: init
          image: "docker.io/library/postgres:15"
      containers:
        - name: pg
          image: postgres:15
          args: ["-c",   'x']
        - name: side
          image: 'busybox:1.36'
---
# Source: db/templates/hook.yaml
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  annotations:
    "helm.sh/hook": pre-install,pre-upgrade
spec:
  template:
    spec:
      containers:
      - {name: migrate, image: 'index.docker.io/library/postgres:15'}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: backup}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: b
              image: postgres:15
---
apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers: []
  ephemeralContainers:
    - name: dbg
      image: postgres:15
---
apiVersion: v1
kind: PodTemplate
metadata:
  name: tpl
template:
  spec:
    containers:
      - name: t
        image: postgres:15
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  image: postgres:15
`;

describe('substituteManifestImages', () => {
  it('replaces matching images in every workload kind, hooks included, and nothing else', () => {
    const { text, changes } = substituteManifestImages(stream, subs);
    expect(changes.map(describeImageChange)).toEqual([
      'Deployment/db container pg: postgres:15 → localhost:5000/postgres:dev',
      'Deployment/db initContainer init: docker.io/library/postgres:15 → localhost:5000/postgres:dev',
      'Job/migrate container migrate: index.docker.io/library/postgres:15 → localhost:5000/postgres:dev (hook)',
      'CronJob/backup container b: postgres:15 → localhost:5000/postgres:dev',
      'Pod/debug ephemeralContainer dbg: postgres:15 → localhost:5000/postgres:dev',
      'PodTemplate/tpl container t: postgres:15 → localhost:5000/postgres:dev',
    ]);
    expect(changes[1]?.namespace).toBe('ns1');
    // byte for byte: only the image scalars differ, each in its own quoting style
    const expected = stream
      .replace('image: "docker.io/library/postgres:15"', 'image: "localhost:5000/postgres:dev"')
      .replace("image: 'index.docker.io/library/postgres:15'", "image: 'localhost:5000/postgres:dev'")
      .replaceAll(
        '          image: postgres:15\n          args',
        '          image: localhost:5000/postgres:dev\n          args',
      )
      .replace('              image: postgres:15', '              image: localhost:5000/postgres:dev')
      .replace(
        '      image: postgres:15\n---\napiVersion: v1\nkind: PodTemplate',
        '      image: localhost:5000/postgres:dev\n---\napiVersion: v1\nkind: PodTemplate',
      )
      .replace(
        '        image: postgres:15\n---\napiVersion: v1\nkind: ConfigMap',
        '        image: localhost:5000/postgres:dev\n---\napiVersion: v1\nkind: ConfigMap',
      );
    expect(text).toBe(expected);
    expect(text).toContain('data:\n  image: postgres:15\n');
  });

  it('returns the same text when nothing matches', () => {
    const r = substituteManifestImages(stream, [{ from: 'redis', to: 'x/redis:dev' }]);
    expect(r.text).toBe(stream);
    expect(r.changes).toEqual([]);
  });

  it('handles List objects, block scalars and documents YAML cannot read', () => {
    const text = `kind: List
items:
  - kind: ReplicaSet
    metadata: {name: rs}
    spec:
      template:
        spec:
          containers:
            - name: a
              image: |-
                postgres:15
              ports: []
---
kind: Deployment
metadata: {name: broken
spec: [
`;
    const r = substituteManifestImages(text, subs);
    expect(r.changes.map((c) => `${c.kind}/${c.name}`)).toEqual(['ReplicaSet/rs']);
    expect(r.text).toContain('              image: "localhost:5000/postgres:dev"\n              ports: []');
    expect(r.text.endsWith('metadata: {name: broken\nspec: [\n')).toBe(true);
  });

  it('lists every container image with where it is', () => {
    const all = manifestImages(stream);
    expect(all).toHaveLength(7);
    expect(all.find((i) => i.container === 'side')).toEqual({
      kind: 'Deployment',
      name: 'db',
      namespace: 'ns1',
      hook: false,
      list: 'containers',
      container: 'side',
      image: 'busybox:1.36',
    });
  });
});
