import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { type TemplateOptions, templateReleases } from '../../src/api/template.js';
import { runCli } from '../../src/cli/cli.js';
import { type TestEnv, testEnv } from '../harness/context.js';
import { chartsDir } from '../harness/sources.js';
import { type HelmSpy, helmSpy } from './helm-spy.js';

type Obj = { kind: string; metadata: { name: string; namespace?: string }; data?: Record<string, string> };
const objects = (text: string): Obj[] =>
  parseAllDocuments(text)
    .map((d) => d.toJS() as Obj | null)
    .filter((o): o is Obj => o !== null);

function walk(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) visit(join(d, e.name));
      else out.push(relative(dir, join(d, e.name)));
    }
  };
  visit(dir);
  return out.sort();
}

function captureIO() {
  const text = { out: '', err: '' };
  return {
    text,
    io: {
      out: (s: string) => {
        text.out += s;
      },
      err: (s: string) => {
        text.err += s;
      },
      color: false,
    },
  };
}

describe('helmfire template against the loopback chart repository and OCI registry', () => {
  let t: TestEnv;
  let work: string;
  let spy: HelmSpy;
  let cache: string;
  let base: TemplateOptions;

  beforeAll(() => {
    t = testEnv();
    work = mkdtempSync(join(tmpdir(), 'helmfire-cmd-template-'));
    spy = helmSpy(work, t.helm);
    cache = join(work, 'cache');
    base = { helmBinary: spy.path, env: t.env, cacheDir: cache };
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** A state directory with the given helmfile.yaml and copies of test charts. */
  function stateDir(name: string, helmfile: string, charts: string[] = []): string {
    const dir = join(work, name);
    mkdirSync(dir, { recursive: true });
    for (const c of charts) cpSync(join(chartsDir, c), join(dir, c), { recursive: true });
    writeFileSync(join(dir, 'helmfile.yaml'), helmfile);
    return join(dir, 'helmfile.yaml');
  }

  it('pulls each remote chart once for many releases, renders them all, and a warm run runs no helm template', async () => {
    const file = stateDir(
      'shared',
      [
        'repositories:',
        `- name: loop`,
        `  url: ${t.chartRepoUrl}`,
        '- name: reg',
        `  url: ${t.ociHost}/charts`,
        '  oci: true',
        'releases:',
        ...['one', 'two', 'three'].map((n) =>
          [
            `- name: ${n}`,
            '  namespace: apps',
            '  chart: loop/webapp',
            '  version: 1.0.0',
            '  values:',
            `  - config: {WHO: ${n}}`,
          ].join('\n'),
        ),
        '- name: four',
        '  namespace: apps',
        '  chart: reg/webapp',
        '  version: 1.1.0',
        '  plainHttp: true',
        '- name: local',
        '  namespace: apps',
        '  chart: ./webapp-1.0.0',
        '',
      ].join('\n'),
      ['webapp-1.0.0'],
    );
    spy.reset();
    const cold = await templateReleases({ ...base, file });
    expect(cold.releases.map((r) => r.name)).toEqual(['one', 'two', 'three', 'four', 'local']);
    expect(cold.releases.every((r) => !r.cached)).toBe(true);
    expect(spy.count('pull')).toBe(2);
    expect(spy.count('repo add')).toBe(1);
    expect(spy.count('template')).toBe(5);
    for (const n of ['one', 'two', 'three']) {
      const r = cold.releases.find((x) => x.name === n)!;
      const cm = objects(r.manifest).find((o) => o.kind === 'ConfigMap')!;
      expect(cm.metadata.name).toBe(`${n}-webapp`);
      expect(cm.data?.WHO).toBe(n);
    }
    // The OCI chart is webapp 1.1.0: it has the LOG_FORMAT key 1.0.0 lacks.
    const four = objects(cold.releases.find((x) => x.name === 'four')!.manifest);
    expect(four.find((o) => o.kind === 'ConfigMap')?.data).toHaveProperty('LOG_FORMAT');

    spy.reset();
    const warm = await templateReleases({ ...base, file });
    expect(warm.releases.every((r) => r.cached)).toBe(true);
    expect(spy.count('template')).toBe(0);
    expect(spy.count('pull')).toBe(0);
    expect(spy.count('repo add')).toBe(0);
    expect(warm.releases.map((r) => r.manifest)).toEqual(cold.releases.map((r) => r.manifest));
    expect(warm.stats).toMatchObject({ releases: 5, cached: 5, rendered: 0, chartsPulled: 0 });
  });

  it('renders again exactly the releases whose values, chart or flags changed', async () => {
    const file = stateDir(
      'changes',
      [
        'releases:',
        '- name: a',
        '  namespace: x',
        '  chart: ./webapp-1.0.0',
        '  values: [a.yaml]',
        '- name: b',
        '  namespace: x',
        '  chart: ./webapp-1.0.0',
        '  values: [b.yaml]',
        '- name: c',
        '  namespace: x',
        '  chart: ./crd-app',
        '',
      ].join('\n'),
      ['webapp-1.0.0', 'crd-app'],
    );
    const dir = join(file, '..');
    writeFileSync(join(dir, 'a.yaml'), 'config: {K: a1}\n');
    writeFileSync(join(dir, 'b.yaml'), 'config: {K: b1}\n');
    await templateReleases({ ...base, file });

    writeFileSync(join(dir, 'b.yaml'), 'config: {K: b2}\n');
    spy.reset();
    const r1 = await templateReleases({ ...base, file });
    expect(r1.releases.map((r) => [r.name, r.cached])).toEqual([
      ['a', true],
      ['b', false],
      ['c', true],
    ]);
    expect(spy.count('template')).toBe(1);
    expect(objects(r1.releases[1]!.manifest).find((o) => o.kind === 'ConfigMap')?.data?.K).toBe('b2');

    // A chart edit re-renders the releases of that chart only.
    const cm = join(dir, 'crd-app', 'templates', 'configmap.yaml');
    writeFileSync(cm, `${readFileSync(cm, 'utf8')}\n# edited\n`);
    spy.reset();
    const r2 = await templateReleases({ ...base, file });
    expect(r2.releases.map((r) => r.cached)).toEqual([true, true, false]);

    // A different flag is a different render; the CRD appears only with --include-crds.
    spy.reset();
    const r3 = await templateReleases({ ...base, file, includeCRDs: true, selectors: ['name=c'] });
    expect(spy.count('template')).toBe(1);
    expect(objects(r3.releases[0]!.manifest).some((o) => o.kind === 'CustomResourceDefinition')).toBe(true);
    expect(objects(r2.releases[2]!.manifest).some((o) => o.kind === 'CustomResourceDefinition')).toBe(false);

    // --set from the command line is part of the key too.
    spy.reset();
    const r4 = await templateReleases({ ...base, file, selectors: ['name=a'], set: ['config.K=cli'] });
    expect(spy.count('template')).toBe(1);
    expect(objects(r4.releases[0]!.manifest).find((o) => o.kind === 'ConfigMap')?.data?.K).toBe('cli');
  });

  it('builds a local chart’s dependencies once, and again only when they change', async () => {
    const file = stateDir(
      'deps',
      [
        'releases:',
        '- name: s1',
        '  namespace: d',
        '  chart: ./stack',
        '- name: s2',
        '  namespace: d',
        '  chart: ./stack',
        '',
      ].join('\n'),
      ['stack', 'webapp-1.1.0'],
    );
    const dir = join(file, '..');
    rmSync(join(dir, 'stack', 'charts'), { recursive: true, force: true });
    rmSync(join(dir, 'stack', 'Chart.lock'), { force: true });
    spy.reset();
    const first = await templateReleases({ ...base, file });
    expect(spy.count('dependency build')).toBe(1);
    expect(first.releases.map((r) => objects(r.manifest).length > 0)).toEqual([true, true]);
    expect(existsSync(join(dir, 'stack', 'Chart.lock'))).toBe(true);

    spy.reset();
    await templateReleases({ ...base, file });
    expect(spy.count('dependency build')).toBe(0);
    expect(spy.count('template')).toBe(0);

    // An edit inside the file:// dependency makes the packaged copy stale: rebuilt, re-rendered.
    const svc = join(dir, 'webapp-1.1.0', 'templates', 'service.yaml');
    writeFileSync(svc, `${readFileSync(svc, 'utf8')}\n# dependency edited\n`);
    spy.reset();
    await templateReleases({ ...base, file });
    expect(spy.count('dependency build')).toBe(1);
    expect(spy.count('template')).toBe(2);

    // --skip-deps: no build even when something changed.
    writeFileSync(svc, `${readFileSync(svc, 'utf8')}\n# again\n`);
    spy.reset();
    await templateReleases({ ...base, file, skipDeps: true });
    expect(spy.count('dependency build')).toBe(0);
  });

  it('writes --output-dir files as helm template --output-dir does, one directory per release', async () => {
    const file = stateDir(
      'outdir',
      ['releases:', '- name: web', '  namespace: o', '  chart: ./webapp-1.0.0', ''].join('\n'),
      ['webapp-1.0.0'],
    );
    const dir = join(file, '..');
    const res = await templateReleases({ ...base, file, outputDir: 'out' });
    const releaseDir = res.releases[0]!.outputDir!;
    expect(relative(dir, releaseDir)).toMatch(/^out\/helmfile-[0-9a-f]{8}-web$/);

    // helm's own layout for the same release.
    const ref = join(work, 'helm-outdir');
    await t.helmRun('template', 'web', join(dir, 'webapp-1.0.0'), '--namespace', 'o', '--output-dir', ref);
    expect(walk(releaseDir)).toEqual(walk(ref));
    for (const f of walk(ref))
      expect(readFileSync(join(releaseDir, f), 'utf8')).toBe(readFileSync(join(ref, f), 'utf8'));

    // A warm run (from the render cache) writes the same files.
    rmSync(join(dir, 'out'), { recursive: true });
    const again = await templateReleases({ ...base, file, outputDir: 'out' });
    expect(again.releases[0]!.cached).toBe(true);
    expect(walk(releaseDir)).toEqual(walk(ref));

    const tpl = await templateReleases({
      ...base,
      file,
      outputDir: join(work, 'tpl-out'),
      outputDirTemplate: '{{ .OutputDir }}/{{ .Release.Namespace }}/{{ .Release.Name }}',
    });
    expect(tpl.releases[0]!.outputDir).toBe(join(work, 'tpl-out', 'o', 'web'));
  });

  it('runs from the command line: manifests on stdout in release order, progress on stderr, -q quiet', async () => {
    const file = stateDir(
      'cli',
      [
        'releases:',
        '- name: second',
        '  namespace: c',
        '  chart: ./webapp-1.0.0',
        '  needs: [c/first]',
        '- name: first',
        '  namespace: c',
        '  chart: ./webapp-1.0.0',
        '',
      ].join('\n'),
      ['webapp-1.0.0'],
    );
    const saved = { ...process.env };
    Object.assign(process.env, {
      HELMFIRE_CACHE: cache,
      HELM_CACHE_HOME: t.env.HELM_CACHE_HOME,
      HELM_CONFIG_HOME: t.env.HELM_CONFIG_HOME,
      HELM_DATA_HOME: t.env.HELM_DATA_HOME,
    });
    try {
      const a = captureIO();
      expect(await runCli(['-f', file, '-b', spy.path, 'template', '--concurrency', '2'], a.io)).toBe(0);
      const names = objects(a.text.out)
        .filter((o) => o.kind === 'Deployment')
        .map((o) => o.metadata.name);
      // needs order: first before second.
      expect(names).toEqual(['first-webapp', 'second-webapp']);
      expect(a.text.err).toContain('Templated release=first, chart=./webapp-1.0.0');

      const q = captureIO();
      expect(await runCli(['-f', file, '-b', spy.path, '-q', 'template'], q.io)).toBe(0);
      expect(q.text.err).toBe('');
      expect(q.text.out).toBe(a.text.out);

      writeFileSync(
        join(file, '..', 'broken.yaml'),
        [
          'releases:',
          '- name: bad',
          '  chart: ./webapp-1.0.0',
          '  values:',
          '  - replicaCount: many',
          '',
        ].join('\n'),
      );
      const b = captureIO();
      expect(await runCli(['-f', join(file, '..', 'broken.yaml'), '-b', spy.path, 'template'], b.io)).toBe(1);
      expect(b.text.err).toContain('release "bad"');
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });
});
