import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { updateDeps } from '../../src/api/deps.js';
import { fetchCharts } from '../../src/api/fetch.js';
import type { HelmRunOptions } from '../../src/api/helm-run.js';
import { lintReleases } from '../../src/api/lint.js';
import { addRepos } from '../../src/api/repos.js';
import { templateReleases } from '../../src/api/template.js';
import { writeValues } from '../../src/api/write-values.js';
import { runCli } from '../../src/cli/cli.js';
import { type TestEnv, testEnv } from '../harness/context.js';
import { chartsDir } from '../harness/sources.js';
import { type HelmSpy, helmSpy } from './helm-spy.js';

/** lint, write-values, repos, fetch and deps on the real helm, chart repository and OCI registry. */
describe('helmfire lint, write-values, repos, fetch, deps', () => {
  let t: TestEnv;
  let work: string;
  let spy: HelmSpy;
  let base: HelmRunOptions;

  beforeAll(() => {
    t = testEnv();
    work = mkdtempSync(join(tmpdir(), 'helmfire-cmd-charts-'));
    spy = helmSpy(work, t.helm);
    base = { helmBinary: spy.path, env: t.env, cacheDir: join(work, 'cache') };
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  function stateDir(name: string, helmfile: string, charts: string[] = []): string {
    const dir = join(work, name);
    mkdirSync(dir, { recursive: true });
    for (const c of charts) cpSync(join(chartsDir, c), join(dir, c), { recursive: true });
    writeFileSync(join(dir, 'helmfile.yaml'), helmfile);
    return join(dir, 'helmfile.yaml');
  }

  const repos = () =>
    [
      'repositories:',
      '- name: loop',
      `  url: ${t.chartRepoUrl}`,
      '- name: reg',
      `  url: ${t.ociHost}/charts`,
      '  oci: true',
      '  plainHttp: true',
    ].join('\n');

  it('lint: reports every release in order, fails when a release’s values break the chart, lints remote charts from the cache', async () => {
    const file = stateDir(
      'lint',
      [
        repos(),
        'releases:',
        '- name: good',
        '  namespace: l',
        '  chart: ./webapp-1.0.0',
        '- name: remote',
        '  namespace: l',
        '  chart: loop/database',
        '  version: 0.3.0',
        '- name: bad',
        '  namespace: l',
        '  chart: ./webapp-1.0.0',
        '  values:',
        '  - replicaCount: -3',
        '',
      ].join('\n'),
      ['webapp-1.0.0'],
    );
    const reports: string[] = [];
    const err = await lintReleases({ ...base, file, onOutput: (r) => reports.push(r.name) }).catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain('release "bad"');
    expect(reports).toEqual(['good', 'remote', 'bad']);

    spy.reset();
    const ok = await lintReleases({ ...base, file, selectors: ['name!=bad'] });
    expect(ok.map((r) => [r.name, r.passed])).toEqual([
      ['good', true],
      ['remote', true],
    ]);
    expect(ok[0]!.output).toContain('1 chart(s) linted, 0 chart(s) failed');
    // The remote chart came from the chart cache filled by the first run.
    expect(spy.count('pull')).toBe(0);
    expect(spy.count('lint')).toBe(2);
  });

  it('write-values: values files, inline values and --values merged in order, one file per release', async () => {
    const file = stateDir(
      'wv',
      [
        'releases:',
        '- name: app',
        '  namespace: w',
        '  chart: ./webapp-1.0.0',
        '  values:',
        '  - base.yaml',
        '  - config: {B: inline}',
        '    list: [x]',
        '  - tpl.yaml.gotmpl',
        '',
      ].join('\n'),
      ['webapp-1.0.0'],
    );
    const dir = join(file, '..');
    writeFileSync(join(dir, 'base.yaml'), 'config: {A: base, B: base}\nlist: [1, 2]\nkeep: true\n');
    writeFileSync(join(dir, 'tpl.yaml.gotmpl'), 'release: {{ .Release.Name }}\n');
    writeFileSync(join(dir, 'cli.yaml'), 'config: {C: cli}\n');
    const written = await writeValues({ ...base, file, values: ['cli.yaml'] });
    expect(written).toHaveLength(1);
    expect(written[0]!.file).toMatch(/\/wv\/helmfile-[0-9a-f]{8}\/app\.yaml$/);
    expect(parse(readFileSync(written[0]!.file, 'utf8'))).toEqual({
      config: { A: 'base', B: 'inline', C: 'cli' },
      list: ['x'],
      keep: true,
      release: 'app',
    });
    const custom = await writeValues({
      ...base,
      file,
      outputFileTemplate: 'out/{{ .Release.Namespace }}-{{ .Release.Name }}.yaml',
    });
    expect(custom[0]!.file).toBe(join(dir, 'out', 'w-app.yaml'));
  });

  it('the commands from the command line: exit codes, reports on stdout, files where the flags say', async () => {
    const file = stateDir(
      'cli',
      [
        repos(),
        'releases:',
        '- name: ok',
        '  namespace: c',
        '  chart: ./webapp-1.0.0',
        '- name: remote',
        '  namespace: c',
        '  chart: loop/webapp',
        '  version: 1.1.0',
        '- name: broken',
        '  namespace: c',
        '  chart: ./webapp-1.0.0',
        '  values:',
        '  - replicaCount: -1',
        '',
      ].join('\n'),
      ['webapp-1.0.0'],
    );
    const dir = join(file, '..');
    const cli = await withHelmHomes(async (run) => {
      const lintBad = await run(['lint']);
      const lintOk = await run(['-l', 'name!=broken', 'lint']);
      const wv = await run(['write-values', '--output-file-template', 'vals/{{ .Release.Name }}.yaml']);
      const fetch = await run(['-l', 'name=remote', 'fetch', '--output-dir', 'charts-out']);
      const deps = await run(['deps']);
      const none = await run(['-l', 'name=nothing', 'lint']);
      const allowed = await run(['-l', 'name=nothing', '--allow-no-matching-release', 'lint']);
      return { lintBad, lintOk, wv, fetch, deps, none, allowed };
    });
    expect(cli.lintBad.code).toBe(1);
    expect(cli.lintBad.err).toContain('release "broken"');
    expect(cli.lintBad.out.match(/==> Linting/g)).toHaveLength(3);
    expect(cli.lintOk.code).toBe(0);
    expect(cli.lintOk.out).toContain('==> Linting webapp-1.0.0');
    expect(cli.wv.code).toBe(0);
    expect(parse(readFileSync(join(dir, 'vals', 'broken.yaml'), 'utf8'))).toEqual({ replicaCount: -1 });
    expect(cli.fetch.code).toBe(0);
    expect(
      existsSync(join(dir, 'charts-out', 'c', 'remote', 'webapp', '1.1.0', 'webapp', 'Chart.yaml')),
    ).toBe(true);
    expect(cli.deps.code).toBe(0);
    expect(parse(readFileSync(join(dir, 'helmfile.lock'), 'utf8')).dependencies).toEqual([
      { name: 'webapp', repository: t.chartRepoUrl, version: '1.1.0' },
    ]);
    expect(cli.none.code).toBe(3); // helmfile: no release matched the selectors
    expect(cli.allowed.code).toBe(0);

    async function withHelmHomes<T>(
      fn: (run: (args: string[]) => Promise<{ code: number; out: string; err: string }>) => Promise<T>,
    ): Promise<T> {
      const saved = { ...process.env };
      Object.assign(process.env, {
        HELMFIRE_CACHE: join(work, 'cli-cache'),
        HELM_CACHE_HOME: t.env.HELM_CACHE_HOME,
        HELM_CONFIG_HOME: t.env.HELM_CONFIG_HOME,
        HELM_DATA_HOME: t.env.HELM_DATA_HOME,
      });
      try {
        return await fn(async (args) => {
          const text = { out: '', err: '' };
          const io = {
            out: (x: string) => {
              text.out += x;
            },
            err: (x: string) => {
              text.err += x;
            },
            color: false,
          };
          const code = await runCli(['-f', file, '-b', spy.path, ...args], io);
          return { code, ...text };
        });
      } finally {
        for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
        Object.assign(process.env, saved);
      }
    }
  });

  it('repos: adds every repository, JSON from the CLI', async () => {
    const file = stateDir('repos', `${repos()}\nreleases:\n- name: x\n  chart: loop/webapp\n`);
    const out = await addRepos({ file, helmBinary: spy.path, env: t.env });
    expect(out.map((r) => [r.name, r.action])).toEqual([
      ['loop', 'added'],
      ['reg', 'skipped'],
    ]);
    const list = JSON.parse(await t.helmRun('repo', 'list', '-o', 'json')) as { name: string; url: string }[];
    expect(list).toContainEqual({ name: 'loop', url: t.chartRepoUrl });

    const saved = { ...process.env };
    Object.assign(process.env, {
      HELM_CACHE_HOME: t.env.HELM_CACHE_HOME,
      HELM_CONFIG_HOME: t.env.HELM_CONFIG_HOME,
      HELM_DATA_HOME: t.env.HELM_DATA_HOME,
    });
    try {
      let stdout = '';
      const io = {
        out: (s: string) => {
          stdout += s;
        },
        err: () => {},
        color: false,
      };
      expect(await runCli(['-f', file, '-b', spy.path, 'repos', '--output', 'json'], io)).toBe(0);
      expect(JSON.parse(stdout)).toEqual([
        { name: 'loop', url: t.chartRepoUrl, oci: false, action: 'added' },
        { name: 'reg', url: `${t.ociHost}/charts`, oci: true, action: 'skipped' },
      ]);
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });

  it('fetch: each chart pulled once, copied per release in helmfile’s layout', async () => {
    const file = stateDir(
      'fetch',
      [
        repos(),
        'releases:',
        '- name: f1',
        '  namespace: fe',
        '  chart: loop/webapp',
        '  version: 1.1.0',
        '- name: f2',
        '  namespace: fe',
        '  chart: loop/webapp',
        '  version: 1.1.0',
        '- name: f3',
        '  chart: reg/crd-app',
        '  version: 0.1.0',
        '- name: f4',
        '  namespace: fe',
        '  chart: ./webapp-1.0.0',
        '',
      ].join('\n'),
      ['webapp-1.0.0'],
    );
    const out = join(work, 'fetched');
    spy.reset();
    const fetched = await fetchCharts({ ...base, file, outputDir: out });
    expect(spy.count('pull')).toBe(2);
    expect(fetched.map((f) => f.path)).toEqual([
      join(out, 'fe', 'f1', 'webapp', '1.1.0', 'webapp'),
      join(out, 'fe', 'f2', 'webapp', '1.1.0', 'webapp'),
      join(out, 'f3', 'crd-app', '0.1.0', 'crd-app'),
      join(out, 'fe', 'f4', 'webapp-1.0.0', 'latest'),
    ]);
    for (const f of fetched) expect(existsSync(join(f.path!, 'Chart.yaml'))).toBe(true);
    expect(parse(readFileSync(join(fetched[0]!.path!, 'Chart.yaml'), 'utf8')).version).toBe('1.1.0');
  });

  it('deps: writes the lock file, and template then uses the locked versions', async () => {
    const file = stateDir(
      'deps',
      [
        repos(),
        'releases:',
        '- name: d1',
        '  namespace: dp',
        '  chart: loop/webapp',
        '  version: ">=1.0.0"',
        '- name: d2',
        '  namespace: dp',
        '  chart: ./stack',
        '',
      ].join('\n'),
      ['stack', 'webapp-1.1.0'],
    );
    const dir = join(file, '..');
    rmSync(join(dir, 'stack', 'charts'), { recursive: true, force: true });
    const res = await updateDeps({ ...base, file });
    expect(res.updated).toEqual([join(dir, 'stack')]);
    expect(existsSync(join(dir, 'stack', 'Chart.lock'))).toBe(true);
    const lockFile = join(dir, 'helmfile.lock');
    expect(res.lockFiles.map((l) => l.file)).toEqual([lockFile]);
    const lock = parse(readFileSync(lockFile, 'utf8')) as {
      dependencies: { name: string; repository: string; version: string }[];
    };
    expect(lock.dependencies).toEqual([{ name: 'webapp', repository: t.chartRepoUrl, version: '1.1.0' }]);

    const chartVersion = async () => {
      const r = await templateReleases({ ...base, file, selectors: ['name=d1'] });
      const docs = parseAllDocuments(r.releases[0]!.manifest).map(
        (d) => d.toJS() as { metadata?: { labels?: Record<string, string> } } | null,
      );
      return docs.find((d) => d?.metadata?.labels?.['helm.sh/chart'])?.metadata?.labels?.['helm.sh/chart'];
    };
    expect(await chartVersion()).toBe('webapp-1.1.0');
    // Pin an older version in the lock file: template follows it.
    writeFileSync(lockFile, readFileSync(lockFile, 'utf8').replace('version: 1.1.0', 'version: 1.0.0'));
    expect(await chartVersion()).toBe('webapp-1.0.0');
  });
});
