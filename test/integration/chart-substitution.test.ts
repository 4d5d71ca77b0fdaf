import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helmfire } from '../harness/cli.js';
import { type TestEnv, testEnv, useNamespace } from '../harness/context.js';
import { type HelmSpy, helmSpy } from './helm-spy.js';

/**
 * `helmfire chart <ref> <dir>` on the real cluster: releases of a chart from
 * the harness chart repository deploy from an edited local copy, template and
 * diff show it, a version pin only affects that version, `chart rm` restores
 * the remote chart, and a local chart's dependencies are built once.
 */
describe('live chart substitution', () => {
  let t: TestEnv;
  let ns: string;
  let dir: string;
  let spy: HelmSpy;
  let saved: NodeJS.ProcessEnv;

  const cli = (...args: string[]) =>
    helmfire([
      '-f',
      join(dir, 'helmfile.yaml'),
      '--helm-binary',
      spy.path,
      '--kubeconfig',
      t.kubeconfig,
      ...args,
    ]);
  const configData = async (release: string) =>
    (
      JSON.parse(await t.kubectl('get', 'configmap', `${release}-webapp`, '-n', ns, '-o', 'json')) as {
        data: Record<string, string>;
      }
    ).data;
  const webappTemplate = (file: string) => join(dir, 'webapp-dev', 'templates', file);
  const marker = (value: string) => {
    const path = join('test/charts/webapp-1.1.0/templates/configmap.yaml');
    writeFileSync(
      webappTemplate('configmap.yaml'),
      readFileSync(path, 'utf8').replace('\ndata:\n', `\ndata:\n  SUBSTITUTED: ${JSON.stringify(value)}\n`),
    );
  };

  beforeAll(async () => {
    t = testEnv();
    ns = await useNamespace(t, 'chartsub');
    dir = mkdtempSync(join(tmpdir(), 'helmfire-chartsub-'));
    spy = helmSpy(dir, t.helm);
    saved = { ...process.env };
    Object.assign(process.env, {
      HELMFIRE_CACHE: join(dir, 'cache'),
      HELM_CACHE_HOME: t.env.HELM_CACHE_HOME,
      HELM_CONFIG_HOME: t.env.HELM_CONFIG_HOME,
      HELM_DATA_HOME: t.env.HELM_DATA_HOME,
    });
    cpSync('test/charts/webapp-1.1.0', join(dir, 'webapp-dev'), { recursive: true });
    marker('local');
    // the umbrella chart's dependencies are `file://../webapp-1.1.0`
    cpSync('test/charts/stack', join(dir, 'stack-dev'), { recursive: true });
    cpSync('test/charts/webapp-1.1.0', join(dir, 'webapp-1.1.0'), { recursive: true });
    writeFileSync(
      join(dir, 'helmfile.yaml'),
      `repositories:
- name: repo
  url: ${t.chartRepoUrl}
releases:
- name: web
  namespace: ${ns}
  chart: repo/webapp
  version: 1.1.0
- name: pinned
  namespace: ${ns}
  chart: repo/webapp
  version: 1.0.0
- name: umbrella
  namespace: ${ns}
  chart: repo/stack
  version: 2.0.0
  installed: false
`,
    );
  });
  afterAll(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a ref@version pin deploys only the releases of that version from the local directory', async () => {
    const add = await cli('chart', 'repo/webapp@1.1.0', join(dir, 'webapp-dev'));
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toContain(`used by: ${ns}/web\n`);

    const r = await cli('sync', '-l', 'name=web', '-l', 'name=pinned');
    expect(r.stderr + r.stdout).not.toContain('FAILED');
    expect(r.code).toBe(0);
    expect((await configData('web')).SUBSTITUTED).toBe('local');
    expect((await configData('pinned')).SUBSTITUTED).toBeUndefined();
    // the summary names the state's chart and where it came from instead
    expect(r.stdout).toContain(`repo/webapp → ${join(dir, 'webapp-dev')}`);
    // 1.0.0 came from the repository: its release records the remote chart's version
    const pinned = JSON.parse(await t.helmRun('list', '-n', ns, '-o', 'json', '--filter', '^pinned$')) as {
      chart: string;
    }[];
    expect(pinned[0]?.chart).toBe('webapp-1.0.0');
  });

  it('template and diff show what the local directory renders', async () => {
    const tpl = await cli('template', '-l', 'name=web');
    expect(tpl.code).toBe(0);
    expect(tpl.stdout).toContain('SUBSTITUTED: "local"');
    const other = await cli('template', '-l', 'name=pinned');
    expect(other.code).toBe(0);
    expect(other.stdout).not.toContain('SUBSTITUTED');

    marker('edited');
    const d = await cli('diff', '--detailed-exitcode', '-l', 'name=web');
    expect(d.code).toBe(2);
    expect(d.stdout).toContain(`${ns}, web-webapp, ConfigMap has changed`);
    expect(d.stdout).toMatch(/-\s+SUBSTITUTED: local/);
    expect(d.stdout).toMatch(/\+\s+SUBSTITUTED: edited/);
  });

  it('status lists the substitution and the release that uses it', async () => {
    const s = await cli('status', '-o', 'json', '-l', 'name=web', '-l', 'name=pinned');
    const report = JSON.parse(s.stdout) as {
      releases: { release: string }[];
      substitutions: { charts: { ref: string; version?: string; releases: string[] }[]; images: unknown[] };
    };
    expect(report.releases.map((r) => r.release).sort()).toEqual(['pinned', 'web']);
    expect(report.substitutions.charts).toMatchObject([
      { ref: 'repo/webapp', version: '1.1.0', dir: join(dir, 'webapp-dev'), releases: [`${ns}/web`] },
    ]);
    const text = await cli('status', '-l', 'name=web');
    expect(text.stdout).toContain(
      `Chart substitutions (helmfire chart):\n  repo/webapp@1.1.0 → ${join(dir, 'webapp-dev')}`,
    );
  });

  it('chart rm restores the remote chart on the next sync (apply sees the change too)', async () => {
    const rm = await cli('chart', 'rm', 'repo/webapp@1.1.0');
    expect(rm.code).toBe(0);
    const r = await cli('apply', '--detailed-exitcode', '-l', 'name=web', '-l', 'name=pinned');
    expect(r.code).toBe(2);
    expect((await configData('web')).SUBSTITUTED).toBeUndefined();
    const history = async (name: string) =>
      (JSON.parse(await t.helmRun('history', name, '-n', ns, '-o', 'json')) as unknown[]).length;
    expect(await history('web')).toBe(2);
    expect(await history('pinned')).toBe(1);
    const unknown = await cli('chart', 'rm', 'repo/webapp');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('Error: no chart substitution for repo/webapp; none is active\n');
  });

  it("a local chart's missing dependencies are built once: when added, not again by the runs", async () => {
    spy.reset();
    const add = await cli('chart', 'repo/stack', join(dir, 'stack-dev'));
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('(stack 2.0.0; dependencies built)');
    expect(spy.count('dependency build')).toBe(1);

    writeFileSync(
      join(dir, 'helmfile.yaml'),
      readFileSync(join(dir, 'helmfile.yaml'), 'utf8').replace('  installed: false\n', ''),
    );
    for (let i = 0; i < 2; i++) {
      const r = await cli('sync', '-l', 'name=umbrella');
      expect(r.stderr + r.stdout).not.toContain('FAILED');
      expect(r.code).toBe(0);
    }
    const tpl = await cli('template', '-l', 'name=umbrella');
    expect(tpl.code).toBe(0);
    expect(spy.count('dependency build')).toBe(1);
    expect(await t.kubectl('get', 'deployment', '-n', ns, '-o', 'name')).toContain('umbrella-frontend');

    // charts/ emptied behind helmfire's back: the next run builds again before deploying
    rmSync(join(dir, 'stack-dev', 'charts'), { recursive: true, force: true });
    const r = await cli('sync', '-l', 'name=umbrella');
    expect(r.code).toBe(0);
    expect(spy.count('dependency build')).toBe(2);
  });

  it('a run names the substitution when its directory is no longer a chart', async () => {
    rmSync(join(dir, 'stack-dev', 'Chart.yaml'));
    const r = await cli('diff', '-l', 'name=umbrella');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `Error: chart substitution repo/stack: ${join(dir, 'stack-dev', 'Chart.yaml')} not found`,
    );
    expect(r.stderr).toContain('`helmfire chart rm repo/stack` restores the remote chart');
  });
});
