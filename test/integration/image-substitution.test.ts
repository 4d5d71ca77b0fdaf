import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { substitutionsFile, writeSubstitutions } from '../../src/substitute/index.js';
import { helmfire } from '../harness/cli.js';
import { type TestEnv, testEnv, useNamespace } from '../harness/context.js';

/**
 * `helmfire image <from> <to>` on the real cluster: the substituted image is
 * what runs, in the release's workloads AND in its hook Job (helm 4 through
 * helmfire's post-renderer plugin, helm 3 through a generated chart), the
 * release's own post-renderer still runs, template and diff show it, and
 * removing the substitution restores the chart's image.
 */
describe('image substitution', () => {
  let t: TestEnv;
  let ns: string;
  let dir: string;
  const saved = { plugins: process.env.HELM_PLUGINS, cache: process.env.HELMFIRE_CACHE };
  const ORIGINAL = 'postgres:16.4';

  const cli = (...args: string[]) =>
    helmfire([
      '-f',
      join(dir, 'helmfile.yaml'),
      '--helm-binary',
      t.helm,
      '--kubeconfig',
      t.kubeconfig,
      ...args,
    ]);
  const setImages = (images: { from: string; to: string }[]) =>
    writeSubstitutions(substitutionsFile(dir), {
      charts: [],
      images: images.map((i) => ({ ...i, added: new Date().toISOString() })),
    });
  const jsonpath = (kind: string, name: string, path: string) =>
    t.kubectl('get', kind, name, '-n', ns, '-o', `jsonpath=${path}`);
  const liveImages = async () => ({
    statefulSet: await jsonpath('statefulset', 'db-database', '{.spec.template.spec.containers[0].image}'),
    hookJob: await jsonpath('job', 'db-database-migrate', '{.spec.template.spec.containers[0].image}'),
  });

  beforeAll(async () => {
    t = testEnv();
    ns = await useNamespace(t, 'images');
    dir = mkdtempSync(join(tmpdir(), 'helmfire-images-'));
    // The database chart, its hook Job kept after success so the test can read its image.
    cpSync(join(import.meta.dirname, '..', 'charts', 'database'), join(dir, 'database'), { recursive: true });
    const job = join(dir, 'database', 'templates', 'migration-job.yaml');
    writeFileSync(
      job,
      readFileSync(job, 'utf8').replace('before-hook-creation,hook-succeeded', 'before-hook-creation'),
    );
    // Rendered text that looks like a template must reach the cluster as it is (helm 3's generated chart).
    writeFileSync(
      join(dir, 'database', 'templates', 'braces.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: braces\ndata:\n  tpl: {{ "{{ .Values.x }}" | quote }}\n',
    );
    // The release's own post-renderer: adds a ConfigMap. On helm 4 it is the plugin of the
    // script's base name (as helmfile maps `*.sh`), found through HELM_PLUGINS.
    const script =
      '#!/bin/sh\ncat\nprintf -- "---\\napiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: user-post-rendered\\ndata:\\n  by: user\\n"\n';
    writeFileSync(join(dir, 'add-cm.sh'), script);
    chmodSync(join(dir, 'add-cm.sh'), 0o755);
    const plugin = join(dir, 'plugins', 'add-cm');
    mkdirSync(plugin, { recursive: true });
    writeFileSync(join(plugin, 'add-cm.sh'), script);
    chmodSync(join(plugin, 'add-cm.sh'), 0o755);
    writeFileSync(
      join(plugin, 'plugin.yaml'),
      'apiVersion: v1\nname: add-cm\ntype: postrenderer/v1\nruntime: subprocess\nversion: 0.1.0\nruntimeConfig:\n  platformCommand:\n    - command: $HELM_PLUGIN_DIR/add-cm.sh\n',
    );
    process.env.HELM_PLUGINS = join(dir, 'plugins');
    process.env.HELMFIRE_CACHE = join(dir, 'cache');
    writeFileSync(
      join(dir, 'helmfile.yaml'),
      `releases:
- name: db
  namespace: ${ns}
  chart: ${join(dir, 'database')}
  postRenderer: ${join(dir, 'add-cm.sh')}
  wait: true
  waitForJobs: true
- name: web
  namespace: ${ns}
  chart: ${join(import.meta.dirname, '..', 'charts', 'webapp-1.0.0')}
`,
    );
  });
  afterAll(() => {
    for (const [k, v] of [
      ['HELM_PLUGINS', saved.plugins],
      ['HELMFIRE_CACHE', saved.cache],
    ] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('template shows the substituted image in workloads and hooks', async () => {
    setImages([{ from: 'docker.io/library/postgres', to: 'localhost:5000/postgres:dev' }]);
    const r = await cli('template');
    expect(r.stderr).not.toContain('Error');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('kind: StatefulSet');
    expect(r.stdout).toContain('kind: Job');
    expect(r.stdout.match(/localhost:5000\/postgres:dev/g)).toHaveLength(2);
    expect(r.stdout).not.toContain(ORIGINAL);
  });

  it('sync deploys the substituted image to the Deployment-like workload and the hook Job', async () => {
    const r = await cli('sync');
    expect(r.stderr).not.toContain('FAILED');
    expect(r.code).toBe(0);
    expect(await liveImages()).toEqual({
      statefulSet: 'localhost:5000/postgres:dev',
      hookJob: 'localhost:5000/postgres:dev',
    });
    // the release's own post-renderer ran too
    expect(await jsonpath('configmap', 'user-post-rendered', '{.data.by}')).toBe('user');
    // which way the images went, and each one replaced, hooks marked
    const how = t.helmMajor === 4 ? 'helm post-renderer' : 'generated chart';
    expect(r.stderr).toContain(
      `db: image via ${how}: StatefulSet/db-database container database: postgres:16.4 → localhost:5000/postgres:dev`,
    );
    expect(r.stderr).toMatch(/db: image via [^\n]*Job\/db-database-migrate [^\n]*\(hook\)/);
    // still the original chart as far as helm's records go
    const list = JSON.parse(await t.helmRun('list', '-n', ns, '-o', 'json')) as { chart: string }[];
    expect(list.map((l) => l.chart).sort()).toEqual(['database-0.3.0', 'webapp-1.0.0']);
    expect(await jsonpath('configmap', 'braces', '{.data.tpl}')).toBe('{{ .Values.x }}');
    // which way: helm 4 post-renders hooks (helmfire's plugin), helm 3 deploys a generated chart
    const manifest = await t.helmRun('get', 'manifest', 'db', '-n', ns);
    expect(manifest).toContain(
      t.helmMajor === 4
        ? '# Source: database/templates/statefulset.yaml'
        : '# Source: database/templates/rendered.yaml',
    );
  });

  it('diff shows a changed substitution', async () => {
    setImages([{ from: 'postgres:16.4', to: 'localhost:5000/postgres:dev2' }]);
    const r = await cli('diff');
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).toContain('localhost:5000/postgres:dev2');
  });

  it('removing the substitution restores the chart image on the next sync', async () => {
    setImages([]);
    const r = await cli('sync');
    expect(r.stderr).not.toContain('FAILED');
    expect(r.code).toBe(0);
    expect(await liveImages()).toEqual({ statefulSet: ORIGINAL, hookJob: ORIGINAL });
    expect(await jsonpath('configmap', 'user-post-rendered', '{.data.by}')).toBe('user');
  });

  it('apply re-deploys only the releases running a substituted image', async () => {
    const revisions = async () =>
      Object.fromEntries(
        (
          JSON.parse(await t.helmRun('list', '-n', ns, '-o', 'json')) as { name: string; revision: string }[]
        ).map((l) => [l.name, Number(l.revision)]),
      );
    const before = await revisions();
    setImages([{ from: 'postgres', to: 'localhost:5000/postgres:dev3' }]);
    const changed = await cli('apply', '--detailed-exitcode');
    expect(changed.stderr).not.toContain('FAILED');
    expect(changed.code).toBe(2);
    expect(await revisions()).toEqual({ db: (before.db ?? 0) + 1, web: before.web });
    expect((await liveImages()).statefulSet).toBe('localhost:5000/postgres:dev3');
    // a substitution no release runs changes nothing
    setImages([
      { from: 'postgres', to: 'localhost:5000/postgres:dev3' },
      { from: 'redis:7', to: 'localhost:5000/redis:dev' },
    ]);
    const none = await cli('apply', '--detailed-exitcode');
    expect(none.code).toBe(0);
    expect(await revisions()).toEqual({ db: (before.db ?? 0) + 1, web: before.web });
  });
});
