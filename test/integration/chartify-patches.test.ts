import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { templateReleases } from '../../src/api/template.js';
import { watch } from '../../src/api/watch.js';
import { helmfire } from '../harness/cli.js';
import { type TestEnv, testEnv, useNamespace } from '../harness/context.js';
import { chartsDir } from '../harness/sources.js';

/**
 * A release's `strategicMergePatches:` and `jsonPatches:`: the release is
 * rendered by helm, patched, and rendered again from a generated chart of
 * the same name whose one template is `templates/patched_resources.yaml`.
 */

type Obj = {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  spec?: {
    replicas?: number;
    template: { spec: { containers: { name: string; env?: { name: string; value: string }[] }[] } };
  };
};

function rendered(manifest: string): { sources: string[]; objects: Obj[] } {
  const sources = [...manifest.matchAll(/^# Source: (.+)$/gm)].map((m) => m[1] as string);
  const objects = parseAllDocuments(manifest)
    .map((d) => d.toJS() as Obj | null)
    .filter((o): o is Obj => o !== null);
  return { sources, objects };
}

/** One release with both kinds of patches, on a chart whose fullname is the release name. */
const release = (name: string, namespace: string, chart: readonly string[]) =>
  [
    `- name: ${name}`,
    `  namespace: ${namespace}`,
    ...chart.map((l) => `  ${l}`),
    '  values:',
    `  - fullnameOverride: ${name}`,
    '    config: {GREETING: hello}',
    '  strategicMergePatches:',
    '  - apiVersion: v1',
    '    kind: ConfigMap',
    `    metadata: {name: ${name}}`,
    '    data: {GREETING: patched, ENVIRONMENT: null}',
    '  - apiVersion: apps/v1',
    '    kind: Deployment',
    `    metadata: {name: ${name}}`,
    '    spec:',
    '      template:',
    '        spec:',
    '          containers:',
    '          - name: webapp',
    '            env:',
    '            - {name: FROM_PATCH, value: "yes"}',
    '  jsonPatches:',
    `  - target: {group: apps, version: v1, kind: Deployment, name: ${name}}`,
    '    patch:',
    '    - {op: replace, path: /spec/replicas, value: 3}',
    '',
  ].join('\n');

const STATE = `releases:\n${release('web', 'apps', ['chart: ./webapp'])}`;

describe('strategicMergePatches and jsonPatches', () => {
  let t: TestEnv;
  let work: string;

  beforeAll(() => {
    t = testEnv();
    work = mkdtempSync(join(tmpdir(), 'helmfire-patches-'));
    mkdirSync(join(work, 'state'));
    cpSync(join(chartsDir, 'webapp-1.0.0'), join(work, 'state', 'webapp'), { recursive: true });
    writeFileSync(join(work, 'state', 'helmfile.yaml'), STATE);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('template renders the patched documents from templates/patched_resources.yaml', async () => {
    const out = await templateReleases({
      file: join(work, 'state', 'helmfile.yaml'),
      env: t.env,
      helmBinary: t.helm,
      cacheDir: join(work, 'cache'),
    });
    const { sources, objects } = rendered(out.releases[0]!.manifest);
    expect(new Set(sources)).toEqual(new Set(['webapp/templates/patched_resources.yaml']));
    const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'web');
    expect(cm?.data?.GREETING).toBe('patched');
    expect(cm?.data).not.toHaveProperty('ENVIRONMENT');
    expect(cm?.data?.PORT).toBe('8080');
    const dep = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'web');
    expect(dep?.spec?.replicas).toBe(3);
    const containers = dep?.spec?.template.spec.containers ?? [];
    expect(containers.map((c) => c.name)).toEqual(['webapp']);
    expect(containers[0]?.env).toEqual([{ name: 'FROM_PATCH', value: 'yes' }]);
    // the other chart resources are still there, unpatched
    expect(objects.some((o) => o.kind === 'Service' && o.metadata.name === 'web')).toBe(true);
  });

  it("runs the release's post-renderer once, on the patched chart", async () => {
    const dir = join(work, 'postrender');
    mkdirSync(join(dir, 'plugins', 'add-cm'), { recursive: true });
    cpSync(join(chartsDir, 'webapp-1.0.0'), join(dir, 'webapp'), { recursive: true });
    // adds a ConfigMap; on helm 4 the plugin of the script's base name (found through HELM_PLUGINS)
    const script =
      '#!/bin/sh\ncat\nprintf -- "---\\napiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: post-rendered\\n"\n';
    for (const f of [join(dir, 'add-cm.sh'), join(dir, 'plugins', 'add-cm', 'add-cm.sh')]) {
      writeFileSync(f, script);
      chmodSync(f, 0o755);
    }
    writeFileSync(
      join(dir, 'plugins', 'add-cm', 'plugin.yaml'),
      'apiVersion: v1\nname: add-cm\ntype: postrenderer/v1\nruntime: subprocess\nversion: 0.1.0\nruntimeConfig:\n  platformCommand:\n    - command: $HELM_PLUGIN_DIR/add-cm.sh\n',
    );
    writeFileSync(
      join(dir, 'helmfile.yaml'),
      STATE.replace('  chart: ./webapp', `  chart: ./webapp\n  postRenderer: ${join(dir, 'add-cm.sh')}`),
    );
    const out = await templateReleases({
      file: join(dir, 'helmfile.yaml'),
      env: { ...t.env, HELM_PLUGINS: join(dir, 'plugins') },
      helmBinary: t.helm,
      cacheDir: join(work, 'cache'),
      renderCache: false,
    });
    const { objects } = rendered(out.releases[0]!.manifest);
    expect(objects.filter((o) => o.metadata.name === 'post-rendered')).toHaveLength(1);
    expect(objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'web')?.data?.GREETING).toBe(
      'patched',
    );
  });

  it('a patch that matches nothing names the release and the entry', async () => {
    const dir = join(work, 'nomatch');
    mkdirSync(dir);
    cpSync(join(chartsDir, 'webapp-1.0.0'), join(dir, 'webapp'), { recursive: true });
    writeFileSync(
      join(dir, 'helmfile.yaml'),
      STATE.replace('metadata: {name: web}\n    data:', 'metadata: {name: nope}\n    data:'),
    );
    const r = await helmfire(['-f', join(dir, 'helmfile.yaml'), '--helm-binary', t.helm, 'template']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('release "web": strategicMergePatches entry 1: no rendered ConfigMap "nope"');
  });

  it('sync deploys the patched ConfigMap and Deployment from a local and a repository chart; diff then has nothing', async () => {
    const ns = await useNamespace(t, 'patch');
    const dir = join(work, 'sync');
    mkdirSync(dir);
    cpSync(join(chartsDir, 'webapp-1.0.0'), join(dir, 'webapp'), { recursive: true });
    writeFileSync(
      join(dir, 'helmfile.yaml'),
      [
        'repositories:',
        '- name: loop',
        `  url: ${t.chartRepoUrl}`,
        'releases:',
        release('web', ns, ['chart: ./webapp']),
        release('web2', ns, ['chart: loop/webapp', 'version: 1.1.0']),
      ].join('\n'),
    );
    const cli = (cmd: string) =>
      helmfire([
        '-f',
        join(dir, 'helmfile.yaml'),
        '--helm-binary',
        t.helm,
        '--kubeconfig',
        t.kubeconfig,
        cmd,
      ]);
    const sync = await cli('sync');
    expect({ code: sync.code, output: sync.code === 0 ? '' : sync.stdout + sync.stderr }).toEqual({
      code: 0,
      output: '',
    });
    for (const name of ['web', 'web2']) {
      const cm = JSON.parse(await t.kubectl('get', 'configmap', name, '-n', ns, '-o', 'json')) as Obj;
      expect(cm.data?.GREETING).toBe('patched');
      expect(cm.data).not.toHaveProperty('ENVIRONMENT');
      const dep = JSON.parse(await t.kubectl('get', 'deployment', name, '-n', ns, '-o', 'json')) as Obj;
      expect(dep.spec?.replicas).toBe(3);
      expect(dep.spec?.template.spec.containers[0]?.env).toEqual([{ name: 'FROM_PATCH', value: 'yes' }]);
    }
    // helm records the original chart's name and version
    const list = JSON.parse(await t.helmRun('list', '-n', ns, '-o', 'json')) as {
      name: string;
      chart: string;
    }[];
    expect(list.map((r) => `${r.name}=${r.chart}`).sort()).toEqual(['web2=webapp-1.1.0', 'web=webapp-1.0.0']);
    const diff = await helmfire([
      '-f',
      join(dir, 'helmfile.yaml'),
      '--helm-binary',
      t.helm,
      '--kubeconfig',
      t.kubeconfig,
      'diff',
      '--detailed-exitcode',
    ]);
    expect(diff.code).toBe(0);
  });

  it('watch deploys the patched chart and deploys again when a patch changes', async () => {
    const ns = await useNamespace(t, 'patchw');
    const dir = join(work, 'watch');
    mkdirSync(join(dir, 'cm', 'templates'), { recursive: true });
    writeFileSync(join(dir, 'cm', 'Chart.yaml'), 'apiVersion: v2\nname: cm\nversion: 0.1.0\n');
    writeFileSync(
      join(dir, 'cm', 'templates', 'cm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  a: "1"\n  b: "2"\n',
    );
    const state = (value: string) =>
      `releases:\n- name: w\n  namespace: ${ns}\n  chart: ./cm\n  strategicMergePatches:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: w}\n    data: {a: "${value}", b: null}\n`;
    writeFileSync(join(dir, 'helmfile.yaml'), state('first'));
    const data = async () =>
      (JSON.parse(await t.kubectl('get', 'configmap', 'w', '-n', ns, '-o', 'json')) as Obj).data;
    const session = watch({
      file: join(dir, 'helmfile.yaml'),
      cwd: dir,
      helmBinary: t.helm,
      kubeconfig: t.kubeconfig,
      env: t.env,
      debounceMs: 100,
    });
    try {
      const first = await session.ready;
      expect(first.error).toBeUndefined();
      expect(await data()).toEqual({ a: 'first' });
      writeFileSync(join(dir, 'helmfile.yaml'), state('second'));
      const next = await session.next();
      expect(next.error).toBeUndefined();
      expect(next.releases.map((r) => `${r.name}:${r.outcome}`)).toEqual(['w:upgraded']);
      expect(await data()).toEqual({ a: 'second' });
    } finally {
      await session.stop();
    }
  });
});
