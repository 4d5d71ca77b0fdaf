import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helmfire } from '../harness/cli.js';
import { type TestEnv, testEnv, useNamespace } from '../harness/context.js';

/** helmfire sync / apply / diff / destroy, end to end from the command line, on the real cluster. */
describe('sync, apply, diff, destroy', () => {
  let t: TestEnv;
  let ns: string;
  let dir: string;

  const state = (webReplicas: number) => `
repositories:
- name: loopback
  url: ${t.chartRepoUrl}
releases:
- name: db
  namespace: ${ns}
  chart: loopback/database
  wait: true
  waitForJobs: true
- name: api
  namespace: ${ns}
  chart: oci://${t.ociHost}/charts/webapp
  version: 1.0.0
  plainHttp: true
  needs: [db]
  values:
  - api.yaml.gotmpl
- name: web
  namespace: ${ns}
  chart: loopback/webapp
  version: 1.1.0
  needs: [api]
  set:
  - name: replicaCount
    value: "${webReplicas}"
`;

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
  const revisions = async (name: string) =>
    (JSON.parse(await t.helmRun('history', name, '-n', ns, '-o', 'json')) as { revision: number }[]).length;

  beforeAll(async () => {
    t = testEnv();
    ns = await useNamespace(t, 'cmd');
    dir = mkdtempSync(join(tmpdir(), 'helmfire-cmd-'));
    writeFileSync(join(dir, 'helmfile.yaml'), state(1));
    writeFileSync(join(dir, 'api.yaml.gotmpl'), 'config:\n  RELEASE: "{{ .Release.Name }}"\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sync installs every release in needs order and prints the summary', async () => {
    const r = await cli('sync');
    expect(r.stderr).not.toContain('FAILED');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/RELEASE\s+NAMESPACE\s+CHART\s+VERSION\s+ACTION\s+DURATION\s+RESULT/);
    const order = ['db', 'api', 'web'].map((n) => r.stderr.indexOf(`${ns}/${n}: install done`));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const cm = JSON.parse(await t.kubectl('get', 'configmap', 'api-webapp', '-n', ns, '-o', 'json')) as {
      data: Record<string, string>;
    };
    expect(cm.data.RELEASE).toBe('api');
  });

  it('apply with nothing changed runs no helm upgrade', async () => {
    const r = await cli('apply', '--detailed-exitcode');
    expect(r.code).toBe(0);
    expect(await revisions('web')).toBe(1);
    expect(await revisions('api')).toBe(1);
  });

  it('apply upgrades only the release whose values changed, and --detailed-exitcode says so', async () => {
    writeFileSync(join(dir, 'helmfile.yaml'), state(2));
    const r = await cli('apply', '--detailed-exitcode');
    expect(r.code).toBe(2);
    expect(await revisions('web')).toBe(2);
    expect(await revisions('api')).toBe(1);
    expect(await revisions('db')).toBe(1);
  });

  it('diff shows a hand-made scale against the live cluster, exit 2 with --detailed-exitcode', async () => {
    await t.kubectl('scale', 'deployment', 'web-webapp', '-n', ns, '--replicas=5');
    const r = await cli('diff', '--detailed-exitcode', '-l', 'name=web');
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`${ns}, web-webapp, Deployment (apps) has changed`);
    expect(r.stdout).toContain('-   replicas: 5');
    expect(r.stdout).toContain('+   replicas: 2');
    const clean = await cli('diff', '--detailed-exitcode', '-l', 'name=api');
    expect(clean.code).toBe(0);
  });

  it('destroy uninstalls everything, dependents first', async () => {
    const r = await cli('destroy');
    expect(r.code).toBe(0);
    const order = ['web', 'api', 'db'].map((n) => r.stderr.indexOf(`${ns}/${n}: uninstall done`));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect((await t.helmRun('list', '-n', ns, '-q')).trim()).toBe('');
  });

  it('refuses a release that needs a chartify feature helmfire lacks, instead of ignoring it', async () => {
    const other = mkdtempSync(join(tmpdir(), 'helmfire-chartify-'));
    try {
      writeFileSync(
        join(other, 'helmfile.yaml'),
        `releases:\n- name: patched\n  namespace: ${ns}\n  chart: oci://${t.ociHost}/charts/webapp\n  transformers:\n  - apiVersion: builtin\n    kind: LabelTransformer\n    metadata: {name: add}\n    labels: {team: x}\n`,
      );
      for (const cmd of ['sync', 'diff']) {
        const r = await helmfire([
          '-f',
          join(other, 'helmfile.yaml'),
          '--helm-binary',
          t.helm,
          '--kubeconfig',
          t.kubeconfig,
          cmd,
        ]);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain('release "patched": "transformers" is not supported by helmfire yet');
      }
      expect((await t.helmRun('list', '-n', ns, '-q', '--filter', '^patched$')).trim()).toBe('');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('sync deploys the chart versions helmfile.lock resolved', async () => {
    const other = mkdtempSync(join(tmpdir(), 'helmfire-locked-'));
    try {
      writeFileSync(
        join(other, 'helmfile.yaml'),
        `repositories:\n- name: loopback\n  url: ${t.chartRepoUrl}\nreleases:\n- name: locked\n  namespace: ${ns}\n  chart: loopback/webapp\n  version: ">=1.0.0"\n`,
      );
      // as `helmfire deps` writes it, pinned to the older of the two versions
      writeFileSync(
        join(other, 'helmfile.lock'),
        `version: v1.0.0\ndependencies:\n- name: webapp\n  repository: ${t.chartRepoUrl}\n  version: 1.0.0\ndigest: sha256:0\ngenerated: "2026-01-01T00:00:00Z"\n`,
      );
      const args = [
        '-f',
        join(other, 'helmfile.yaml'),
        '--helm-binary',
        t.helm,
        '--kubeconfig',
        t.kubeconfig,
      ];
      const r = await helmfire([...args, 'sync']);
      expect(r.stderr).not.toContain('FAILED');
      expect(r.code).toBe(0);
      const list = JSON.parse(await t.helmRun('list', '-n', ns, '-o', 'json', '--filter', '^locked$')) as {
        chart: string;
      }[];
      expect(list.map((l) => l.chart)).toEqual(['webapp-1.0.0']);
      // and apply sees nothing to do while the lock stays
      expect((await helmfire([...args, 'apply', '--detailed-exitcode'])).code).toBe(0);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('sync builds the missing dependencies of a local chart first (not with --skip-deps)', async () => {
    const other = mkdtempSync(join(tmpdir(), 'helmfire-localdeps-'));
    try {
      for (const c of ['stack', 'webapp-1.1.0'])
        cpSync(join(import.meta.dirname, '..', 'charts', c), join(other, c), { recursive: true });
      writeFileSync(
        join(other, 'helmfile.yaml'),
        `releases:\n- name: umbrella\n  namespace: ${ns}\n  chart: ./stack\n`,
      );
      const args = [
        '-f',
        join(other, 'helmfile.yaml'),
        '--helm-binary',
        t.helm,
        '--kubeconfig',
        t.kubeconfig,
      ];
      const skipped = await helmfire([...args, '--skip-deps', 'sync']);
      expect(skipped.code).toBe(1);
      expect(skipped.stdout + skipped.stderr).toMatch(/missing in charts\/ directory/);
      const r = await helmfire([...args, 'sync']);
      expect(r.stderr).not.toContain('FAILED');
      expect(r.code).toBe(0);
      expect(readdirSync(join(other, 'stack', 'charts'))).toEqual(['webapp-1.1.0.tgz']);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it("-c/--chart deploys every release from the given chart; list still names the state's chart", async () => {
    const other = mkdtempSync(join(tmpdir(), 'helmfire-chartflag-'));
    try {
      cpSync(join(import.meta.dirname, '..', 'charts', 'webapp-1.0.0'), join(other, 'mychart'), {
        recursive: true,
      });
      writeFileSync(
        join(other, 'helmfile.yaml'),
        `releases:\n- name: flagged\n  namespace: ${ns}\n  chart: nowhere/x\n`,
      );
      const args = [
        '-f',
        join(other, 'helmfile.yaml'),
        '--helm-binary',
        t.helm,
        '--kubeconfig',
        t.kubeconfig,
      ];
      const tpl = await helmfire([...args, '-c', './mychart', 'template']);
      expect(tpl.code).toBe(0);
      expect(tpl.stdout).toContain('# Source: webapp/templates/deployment.yaml');
      const list = await helmfire([...args, '--chart', './mychart', 'list']);
      expect(list.stdout).toMatch(/flagged\s+\S+\s+true\s+true\s+\S+\s+nowhere\/x/);
      const r = await helmfire([...args, '-c', './mychart', 'sync']);
      expect(r.code).toBe(0);
      const rows = JSON.parse(await t.helmRun('list', '-n', ns, '-o', 'json', '--filter', '^flagged$')) as {
        chart: string;
      }[];
      expect(rows.map((x) => x.chart)).toEqual(['webapp-1.0.0']);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
