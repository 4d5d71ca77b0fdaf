import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { fetchCharts } from '../../src/api/fetch.js';
import { templateReleases } from '../../src/api/template.js';
import { helmfire } from '../harness/cli.js';
import { type TestEnv, testEnv, useNamespace } from '../harness/context.js';
import { chartsDir } from '../harness/sources.js';

/**
 * A release's `dependencies:` (helmfile's adhoc chart dependencies): the
 * release renders from a copy of its chart with the listed charts added as
 * sub-charts, fetched from the chart repository or the OCI registry.
 */

type Obj = { kind: string; metadata: { name: string }; data?: Record<string, string> };

/** `# Source:` paths and objects of a rendered manifest. */
function rendered(manifest: string): { sources: string[]; objects: Obj[] } {
  const sources = [...manifest.matchAll(/^# Source: (.+)$/gm)].map((m) => m[1] as string);
  const objects = parseAllDocuments(manifest)
    .map((d) => d.toJS() as Obj | null)
    .filter((o): o is Obj => o !== null);
  return { sources, objects };
}

describe('release dependencies: (adhoc chart dependencies)', () => {
  let t: TestEnv;
  let work: string;

  beforeAll(() => {
    t = testEnv();
    work = mkdtempSync(join(tmpdir(), 'helmfire-adhoc-deps-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  function stateDir(name: string, helmfile: string, charts: string[] = []): string {
    const dir = join(work, name);
    mkdirSync(dir, { recursive: true });
    for (const c of charts) cpSync(join(chartsDir, c), join(dir, c), { recursive: true });
    writeFileSync(join(dir, 'helmfile.yaml'), helmfile);
    return join(dir, 'helmfile.yaml');
  }

  it('adds a repository chart and an OCI chart under their aliases to a local chart, which stays untouched', async () => {
    const file = stateDir(
      'local',
      [
        'repositories:',
        '- name: loop',
        `  url: ${t.chartRepoUrl}`,
        'releases:',
        '- name: db',
        '  namespace: apps',
        '  chart: ./database',
        '  plainHttp: true',
        '  values:',
        '  - front: {fullnameOverride: front, config: {WHO: repo}}',
        '  dependencies:',
        '  - chart: loop/webapp',
        '    version: 1.0.0',
        '    alias: front',
        `  - chart: oci://${t.ociHost}/charts/crd-app`,
        '    version: 0.1.0',
        '    alias: widgets',
        '',
      ].join('\n'),
      ['database'],
    );
    const out = await templateReleases({
      file,
      env: t.env,
      helmBinary: t.helm,
      cacheDir: join(work, 'cache'),
    });
    const { sources, objects } = rendered(out.releases[0]!.manifest);
    expect(sources).toContain('database/charts/front/templates/configmap.yaml');
    expect(sources.some((s) => s.startsWith('database/charts/widgets/templates/'))).toBe(true);
    expect(sources.some((s) => s.startsWith('database/templates/'))).toBe(true);
    const cm = (name: string) => objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name);
    expect(cm('front')?.data?.WHO).toBe('repo');
    // webapp 1.0.0 as asked (1.1.0 has a LOG_FORMAT key).
    expect(cm('front')?.data).not.toHaveProperty('LOG_FORMAT');
    expect(objects.some((o) => o.kind === 'Widget')).toBe(true);
    expect(existsSync(join(work, 'local', 'database', 'charts'))).toBe(false);
  });

  it("adds a dependency to a remote chart and keeps the chart's own sub-charts", async () => {
    const file = stateDir(
      'remote',
      [
        'repositories:',
        '- name: loop',
        `  url: ${t.chartRepoUrl}`,
        'releases:',
        '- name: st',
        '  namespace: apps',
        '  chart: loop/stack',
        '  version: 2.0.0',
        '  dependencies:',
        '  - chart: loop/crd-app',
        '    version: 0.1.0',
        '',
      ].join('\n'),
    );
    const out = await templateReleases({
      file,
      env: t.env,
      helmBinary: t.helm,
      cacheDir: join(work, 'cache'),
    });
    const { sources, objects } = rendered(out.releases[0]!.manifest);
    expect(sources.some((s) => s.startsWith('stack/charts/frontend/templates/'))).toBe(true);
    expect(sources.some((s) => s.startsWith('stack/charts/crd-app/templates/'))).toBe(true);
    expect(objects.some((o) => o.kind === 'Widget')).toBe(true);
  });

  it('fetch hands on the chart as named (helmfile does not add dependencies for fetch)', async () => {
    const file = stateDir(
      'fetch',
      ['releases:', '- name: f', '  chart: ./database', '  dependencies:', '  - chart: nowhere/x', ''].join(
        '\n',
      ),
      ['database'],
    );
    const out = await fetchCharts({ file, env: t.env, helmBinary: t.helm, cacheDir: join(work, 'cache') });
    expect(out.map((c) => c.source)).toEqual([join(work, 'fetch', 'database')]);
  });

  it('names the release and the dependency whose repository is unknown', async () => {
    const file = stateDir(
      'unknown',
      ['releases:', '- name: u', '  chart: ./database', '  dependencies:', '  - chart: nowhere/x', ''].join(
        '\n',
      ),
      ['database'],
    );
    await expect(
      templateReleases({ file, env: t.env, helmBinary: t.helm, cacheDir: join(work, 'cache') }),
    ).rejects.toThrow(/release "u": dependencies: chart "nowhere\/x": no repository "nowhere"/);
  });

  it('sync deploys from the copy: helm records the original chart, the added chart is installed, apply sees no change', async () => {
    const ns = await useNamespace(t, 'adhoc');
    const file = stateDir(
      'sync',
      [
        'releases:',
        '- name: web',
        `  namespace: ${ns}`,
        `  chart: oci://${t.ociHost}/charts/webapp`,
        '  version: 1.0.0',
        '  plainHttp: true',
        '  values:',
        '  - v2: {fullnameOverride: v2}',
        '  dependencies:',
        `  - chart: oci://${t.ociHost}/charts/webapp`,
        '    version: 1.1.0',
        '    alias: v2',
        '',
      ].join('\n'),
    );
    const cli = (...args: string[]) =>
      helmfire(['-f', file, '--helm-binary', t.helm, '--kubeconfig', t.kubeconfig, ...args]);
    const r = await cli('sync');
    expect(r.stderr).not.toContain('FAILED');
    expect(r.code).toBe(0);
    const list = JSON.parse(await t.helmRun('list', '-n', ns, '-o', 'json')) as {
      name: string;
      chart: string;
    }[];
    expect(list.find((x) => x.name === 'web')?.chart).toBe('webapp-1.0.0');
    const cm = JSON.parse(await t.kubectl('get', 'configmap', 'v2', '-n', ns, '-o', 'json')) as {
      data: Record<string, string>;
    };
    expect(cm.data).toHaveProperty('LOG_FORMAT');
    const again = await cli('apply', '--detailed-exitcode');
    expect(again.code).toBe(0);
  });
});
