import { describe, expect, it } from 'vitest';
import { GoNumber } from '../../template/value.js';
import { patchRendered } from './patched-chart.js';
import {
  applyJsonPatch,
  jsonPatchSpecs,
  PatchError,
  patchDocuments,
  strategicMerge,
  toPlain,
} from './patches.js';

const deployment = () => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'ns', labels: { app: 'web', tier: 'front' } },
  spec: {
    replicas: 1,
    template: {
      spec: {
        containers: [
          {
            name: 'app',
            image: 'app:1',
            env: [
              { name: 'A', value: '1' },
              { name: 'B', value: '2' },
            ],
            ports: [{ containerPort: 80, name: 'http' }],
            volumeMounts: [{ mountPath: '/data', name: 'data' }],
          },
          { name: 'sidecar', image: 'side:1' },
        ],
        volumes: [{ name: 'data', emptyDir: {} }],
        tolerations: [{ key: 'a', operator: 'Exists' }],
        imagePullSecrets: [{ name: 'one' }],
      },
    },
  },
});

describe('strategicMerge', () => {
  it('merges maps recursively and deletes keys set to null', () => {
    const out = strategicMerge(deployment(), {
      metadata: { labels: { tier: null, extra: 'x' } },
      spec: { replicas: 3 },
    }) as unknown as ReturnType<typeof deployment>;
    expect(out.metadata.labels).toEqual({ app: 'web', extra: 'x' });
    expect(out.spec.replicas).toBe(3);
    expect(out.spec.template.spec.containers).toHaveLength(2);
  });

  it('merges containers by name, env by name, ports by containerPort, mounts by mountPath', () => {
    const out = strategicMerge(deployment(), {
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'app',
                image: 'app:2',
                env: [
                  { name: 'B', value: 'changed' },
                  { name: 'C', value: '3' },
                ],
                ports: [{ containerPort: 80, protocol: 'TCP' }],
                volumeMounts: [{ mountPath: '/data', readOnly: true }],
              },
              { name: 'new', image: 'new:1' },
            ],
            volumes: [{ name: 'cache', emptyDir: {} }],
            imagePullSecrets: [{ name: 'two' }],
          },
        },
      },
    }) as unknown as ReturnType<typeof deployment>;
    const spec = out.spec.template.spec;
    expect(spec.containers.map((c) => c.name)).toEqual(['app', 'sidecar', 'new']);
    const app = spec.containers[0]!;
    expect(app.image).toBe('app:2');
    expect(app.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: 'changed' },
      { name: 'C', value: '3' },
    ]);
    expect(app.ports).toEqual([{ containerPort: 80, name: 'http', protocol: 'TCP' }]);
    expect(app.volumeMounts).toEqual([{ mountPath: '/data', name: 'data', readOnly: true }]);
    expect(spec.volumes.map((v) => v.name)).toEqual(['data', 'cache']);
    expect(spec.imagePullSecrets).toEqual([{ name: 'one' }, { name: 'two' }]);
  });

  it('replaces tolerations and lists without a merge key', () => {
    const out = strategicMerge(
      { ...deployment(), args: ['a', 'b'] },
      { args: ['c'], spec: { template: { spec: { tolerations: [{ key: 'b', operator: 'Exists' }] } } } },
    ) as unknown as ReturnType<typeof deployment> & { args: string[] };
    expect(out.args).toEqual(['c']);
    expect(out.spec.template.spec.tolerations).toEqual([{ key: 'b', operator: 'Exists' }]);
  });

  it('honours $patch: delete on list items and maps, and $patch: replace', () => {
    const out = strategicMerge(deployment(), {
      metadata: { labels: { $patch: 'replace', only: 'this' } },
      spec: {
        template: {
          spec: {
            containers: [{ name: 'sidecar', $patch: 'delete' }],
            volumes: [{ $patch: 'replace' }, { name: 'fresh', emptyDir: {} }],
          },
        },
      },
    }) as unknown as ReturnType<typeof deployment>;
    expect(out.metadata.labels).toEqual({ only: 'this' });
    expect(out.spec.template.spec.containers.map((c) => c.name)).toEqual(['app']);
    expect(out.spec.template.spec.volumes).toEqual([{ name: 'fresh', emptyDir: {} }]);
    expect(strategicMerge(deployment(), { $patch: 'delete' })).toBeNull();
  });

  it("merges a Service's ports by port", () => {
    const svc = { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }] } };
    expect(
      strategicMerge(svc, { spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 8443 }] } }),
    ).toEqual({
      spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 443 }, { port: 8443 }] },
    });
  });

  it('does not change its inputs', () => {
    const base = deployment();
    strategicMerge(base, {
      spec: { replicas: 5, template: { spec: { containers: [{ name: 'app', image: 'x' }] } } },
    });
    expect(base).toEqual(deployment());
  });
});

describe('applyJsonPatch', () => {
  it('applies add, remove, replace, move, copy and test', () => {
    const out = applyJsonPatch({ a: { b: 1 }, list: [1, 2, 3], 'x/y': 'z' }, [
      { op: 'add', path: '/a/c', value: 2 },
      { op: 'add', path: '/list/-', value: 4 },
      { op: 'add', path: '/list/0', value: 0 },
      { op: 'remove', path: '/list/1' },
      { op: 'replace', path: '/a/b', value: 10 },
      { op: 'copy', from: '/a/b', path: '/copied' },
      { op: 'move', from: '/x~1y', path: '/moved' },
      { op: 'test', path: '/moved', value: 'z' },
    ]);
    expect(out).toEqual({ a: { b: 10, c: 2 }, list: [0, 2, 3, 4], copied: 10, moved: 'z' });
  });

  it('fails on a missing path, a failed test and an unknown operation', () => {
    expect(() => applyJsonPatch({ a: 1 }, [{ op: 'remove', path: '/b' }])).toThrow(/not found/);
    expect(() => applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '/b', value: 1 }])).toThrow(/not found/);
    expect(() => applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }])).toThrow(/test failed/);
    expect(() => applyJsonPatch({ a: 1 }, [{ op: 'frob', path: '/a' }])).toThrow(/unknown operation/);
    expect(() => applyJsonPatch({ a: [1] }, [{ op: 'add', path: '/a/5', value: 1 }])).toThrow(/out of range/);
  });
});

describe('patchDocuments', () => {
  const cm = (name: string, ns?: string) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, ...(ns ? { namespace: ns } : {}) },
    data: { foo: 'bar' },
  });

  it('applies a strategic merge patch to the document with the same apiVersion, kind and name', () => {
    const out = patchDocuments(
      'r',
      [cm('a'), cm('b'), deployment()],
      [
        new Map<unknown, unknown>([
          ['apiVersion', 'v1'],
          ['kind', 'ConfigMap'],
          ['metadata', new Map([['name', 'b']])],
          ['data', new Map([['foo', 'baz']])],
        ]),
      ],
      [],
    );
    expect(out).toEqual([cm('a'), { ...cm('b'), data: { foo: 'baz' } }, deployment()]);
  });

  it('matches the namespace when the patch names one, and fails when nothing matches', () => {
    const p = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a', namespace: 'y' },
      data: { k: 'v' },
    };
    const out = patchDocuments('r', [cm('a', 'x'), cm('a', 'y')], [p], []);
    expect(out[0]).toEqual(cm('a', 'x'));
    expect(out[1]).toEqual({ ...cm('a', 'y'), data: { foo: 'bar', k: 'v' } });
    expect(() => patchDocuments('r', [cm('a')], [{ ...p, kind: 'Secret' }], [])).toThrow(PatchError);
    expect(() => patchDocuments('r', [cm('a')], [{ kind: 'ConfigMap' }], [])).toThrow(/metadata.name/);
  });

  it('removes a document patched with $patch: delete', () => {
    const out = patchDocuments(
      'r',
      [cm('a'), cm('b')],
      [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, $patch: 'delete' }],
      [],
    );
    expect(out).toEqual([cm('b')]);
  });

  it('applies JSON patches to every document the target selects (group, version, kind, name)', () => {
    const specs = jsonPatchSpecs('r', [
      {
        target: { group: 'apps', version: 'v1', kind: 'Deployment', name: 'web' },
        patch: [{ op: 'replace', path: '/spec/replicas', value: 4 }],
      },
      { target: { kind: 'ConfigMap', name: 'a|b' }, patch: [{ op: 'add', path: '/data/x', value: 'y' }] },
    ]);
    const out = patchDocuments('r', [cm('a'), cm('b'), cm('c'), deployment()], [], specs) as ReturnType<
      typeof cm
    >[];
    expect(out.map((d) => (d.data as Record<string, string> | undefined)?.x)).toEqual([
      'y',
      'y',
      undefined,
      undefined,
    ]);
    expect((out[3] as unknown as ReturnType<typeof deployment>).spec.replicas).toBe(4);
  });

  it('names the release and the entry when an entry is malformed or fails', () => {
    expect(() => jsonPatchSpecs('rel', [{ patch: [] }])).toThrow(/release "rel": jsonPatches entry 1/);
    expect(() =>
      jsonPatchSpecs('rel', [{ target: { kind: 'Deployment', labelSelector: 'a=b' }, patch: [] }]),
    ).toThrow(/target "labelSelector" is not supported/);
    const specs = jsonPatchSpecs('rel', [
      { target: { kind: 'ConfigMap' }, patch: [{ op: 'remove', path: '/nope' }] },
    ]);
    expect(() => patchDocuments('rel', [cm('a')], [], specs)).toThrow(
      /jsonPatches entry 1: path "\/nope" not found/,
    );
  });

  it('converts Go values (maps, big integers) to plain data', () => {
    expect(toPlain({ op: 'add', value: 4 })).toEqual({ op: 'add', value: 4 });
    expect(toPlain(new GoNumber('int32', 7n))).toBe(7);
    expect(
      toPlain(
        new Map<unknown, unknown>([
          ['a', 1n],
          ['b', [new Map([['c', null]])]],
        ]),
      ),
    ).toEqual({ a: 1, b: [{ c: null }] });
  });
});

describe('patchRendered', () => {
  it('patches every document, keeps CRDs apart and prints keys sorted', () => {
    const rendered = [
      '---',
      '# Source: raw/crds/crd.yaml',
      'apiVersion: apiextensions.k8s.io/v1',
      'kind: CustomResourceDefinition',
      'metadata:',
      '  name: things.example.com',
      '---',
      '# Source: raw/templates/cm.yaml',
      'kind: ConfigMap',
      'apiVersion: v1',
      'metadata:',
      '  name: foo',
      'data:',
      '  foo: bar',
      '  tpl: "{{ .Values.x }}"',
      '',
    ].join('\n');
    const { crds, resources } = patchRendered(
      'r',
      rendered,
      [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'foo' }, data: { foo: 'baz' } }],
      [],
    );
    expect(crds).toContain('kind: CustomResourceDefinition');
    expect(resources).toBe(
      '---\napiVersion: v1\ndata:\n  foo: baz\n  tpl: "{{ .Values.x }}"\nkind: ConfigMap\nmetadata:\n  name: foo\n',
    );
  });

  it('keeps strings YAML 1.1 would read as booleans or numbers quoted', () => {
    const { resources } = patchRendered(
      'r',
      '---\n# Source: c/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  a: "1"\n',
      [
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'a' },
          data: { b: 'yes', c: 'on', d: '0x1' },
        },
      ],
      [],
    );
    expect(resources).toContain('a: "1"');
    expect(resources).toContain('b: "yes"');
    expect(resources).toContain('c: "on"');
    expect(resources).toContain('d: "0x1"');
  });
});
