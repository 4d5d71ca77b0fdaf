import { describe, expect, it } from 'vitest';
import { memoryHost } from '../../src/state/host.js';
import { StateLoader } from '../../src/state/loader.js';
import { planState } from '../../src/state/plan.js';
import type { GoValue } from '../../src/template/value.js';

/** The state engine end to end over an in-memory file system. */

function loader(files: Record<string, string>, env: Record<string, string> = {}) {
  const warnings: string[] = [];
  const host = memoryHost(files, { cwd: '/w', env, warn: (m) => warnings.push(m) });
  return { load: new StateLoader(host), warnings };
}

const plain = (v: GoValue): unknown => {
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), plain(x)]));
  if (Array.isArray(v)) return v.map(plain);
  if (typeof v === 'bigint') return Number(v);
  return v;
};

describe('StateLoader: environments and values', () => {
  it('layers top-level values, environment values and CLI overrides into .Values', async () => {
    const { load } = loader({
      '/w/helmfile.yaml.gotmpl': [
        'values:',
        '- defaults.yaml',
        'environments:',
        '  default:',
        '    values:',
        '    - env.yaml',
        '    - {fromInline: yes}',
        '---',
        'releases:',
        '- name: r-{{ .Values.a }}-{{ .Values.b }}-{{ .Values.c }}',
        '  chart: c/{{ .Environment.Name }}',
      ].join('\n'),
      '/w/defaults.yaml': 'a: default\nb: default\nc: default\n',
      '/w/env.yaml': 'b: env\nc: env\n',
    });
    const state = await load.load({ stateValuesSet: ['c=cli'] });
    expect(state.releases.map((r) => r.name)).toEqual(['r-default-env-cli']);
    expect(state.releases[0]?.chart).toBe('c/default');
    expect(plain(state.states[0]!.values)).toEqual({ a: 'default', b: 'env', c: 'cli', fromInline: 'yes' });
  });

  it('renders .gotmpl values files with the values of earlier parts and the environment name', async () => {
    const files = (sep: string) => ({
      '/w/helmfile.yaml.gotmpl': `values:\n- {domain: example.com}\n${sep}environments:\n  prod:\n    values:\n    - prod.yaml.gotmpl\n---\nreleases:\n- name: x\n  chart: c/x\n  namespace: "{{ .Values.host }}"\n`,
      '/w/prod.yaml.gotmpl': 'host: {{ .Environment.Name }}.{{ .Values.domain }}\n',
    });
    const state = await loader(files('---\n')).load.load({ environment: 'prod' });
    expect(state.releases[0]?.namespace).toBe('prod.example.com');
    // As in helmfile, top-level values of the same part are not visible to that part's environment values.
    await expect(loader(files('')).load.load({ environment: 'prod' })).rejects.toThrow(
      'failed to load environment values file "/w/prod.yaml.gotmpl": failed to render [/w/prod.yaml.gotmpl], because of template: stringTemplate:1:40: executing "stringTemplate" at <.Values.domain>: map has no entry for key "domain"',
    );
  });

  it('with mergeStrategy fallback the first file wins', async () => {
    const { load } = loader({
      '/w/helmfile.yaml':
        'environments:\n  default:\n    mergeStrategy: fallback\n    values:\n    - {a: first, b: {x: 1}}\n    - {a: second, b: {y: 2}, c: third}\n---\nreleases: []\n',
    });
    const state = await load.load();
    expect(plain(state.states[0]!.values)).toEqual({ a: 'first', b: { x: 1, y: 2 }, c: 'third' });
  });

  it('skips a state file that does not define the environment, with a warning that names it', async () => {
    const { load, warnings } = loader({
      '/w/helmfile.yaml':
        'environments:\n  default: {}\n  prod: {}\n---\nreleases:\n- name: a\n  chart: c/a\n',
    });
    const state = await load.load({ environment: 'prd' });
    expect(state.releases).toEqual([]);
    expect(warnings).toEqual([
      'failed to read /w/helmfile.yaml: environment "prd" is not defined (did you mean "prod"?)',
    ]);
  });

  it('reports a missing values file with helmfile message, and skips it with missingFileHandler Warn', async () => {
    const files = (handler: string) => ({
      '/w/helmfile.yaml': `environments:\n  default:\n    ${handler}values:\n    - missing.yaml\n---\nreleases: []\n`,
    });
    await expect(loader(files('')).load.load()).rejects.toThrow(
      'environment values file matching "missing.yaml" does not exist in "/w"',
    );
    const { load, warnings } = loader(files('missingFileHandler: Warn\n    '));
    await expect(load.load()).resolves.toBeDefined();
    expect(warnings).toEqual(['skipping missing environment values file matching "missing.yaml"']);
  });

  it('reads HCL values files (more in state-hcl.test.ts)', async () => {
    const { load } = loader({
      '/w/helmfile.yaml': 'environments:\n  default:\n    values:\n    - vals.hcl\n---\nreleases: []\n',
      '/w/vals.hcl': 'values { a = 1 }\n',
    });
    expect(plain((await load.load()).states[0]!.values)).toEqual({ a: 1 });
  });

  it('rejects an unknown mergeStrategy', async () => {
    const { load } = loader({
      '/w/helmfile.yaml': 'environments:\n  default:\n    mergeStrategy: merge\n---\nreleases: []\n',
    });
    await expect(load.load()).rejects.toThrow(
      'environment "default": invalid mergeStrategy "merge" (must be "override" or "fallback")',
    );
  });
});

describe('StateLoader: parts, bases and sub-helmfiles', () => {
  it('lets each part see environments and values of the parts before it', async () => {
    const { load } = loader({
      '/w/helmfile.yaml.gotmpl':
        'values:\n- {n: 1}\n---\nvalues:\n- {m: {{ add .Values.n 1 }}}\n---\nreleases:\n- name: r{{ .Values.m }}\n  chart: c/x\n',
    });
    expect((await load.load()).releases.map((r) => r.name)).toEqual(['r2']);
  });

  it('layers bases under the file: lists appended, settings overridden', async () => {
    const { load } = loader({
      '/w/helmfile.yaml':
        'bases:\n- base.yaml\nrepositories:\n- {name: own, url: https://own}\nhelmDefaults:\n  timeout: 60\nreleases:\n- {name: b, chart: own/b}\n',
      '/w/base.yaml':
        'repositories:\n- {name: shared, url: https://shared}\nhelmDefaults:\n  wait: true\n  timeout: 30\nreleases:\n- {name: a, chart: shared/a}\n',
    });
    const [st] = (await load.load()).states;
    expect(st?.repositories.map((r) => r.name)).toEqual(['shared', 'own']);
    expect(st?.helmDefaults).toEqual({ wait: true, timeout: 60 });
    expect(st?.releases.map((r) => r.name)).toEqual(['a', 'b']);
  });

  it('resolves relative paths of a base against the directory of the file listing it', async () => {
    const { load } = loader({
      '/w/helmfile.yaml': 'bases:\n- envs/common.yaml\nreleases:\n- name: r-{{ .Values.x }}\n  chart: c/r\n',
      '/w/envs/common.yaml': 'environments:\n  default:\n    values:\n    - vals.yaml\n',
      '/w/vals.yaml': 'x: fromroot\n',
    });
    expect((await load.load()).releases.map((r) => r.name)).toEqual(['r-fromroot']);
  });

  it('rejects bases of a base', async () => {
    const { load } = loader({
      '/w/helmfile.yaml': 'bases:\n- base.yaml\nreleases: []\n',
      '/w/base.yaml': 'bases:\n- other.yaml\n',
    });
    await expect(load.load()).rejects.toThrow(
      '/w/base.yaml: nested `base` helmfile is unsupported. please submit a feature request if you need this!',
    );
  });

  it('visits sub-helmfiles before the parent, with their own values and selectors', async () => {
    const { load } = loader({
      '/w/helmfile.yaml':
        'helmfiles:\n- path: sub/*.yaml\n  values: [{tag: v2}]\n- path: other/helmfile.yaml\n  selectors: [tier=db]\nreleases:\n- {name: parent, chart: c/p}\n',
      '/w/sub/a.yaml.gotmpl': 'releases:\n- name: a-{{ .Values.tag }}\n  chart: c/a\n',
      '/w/sub/b.yaml': 'releases:\n- {name: b, chart: c/b}\n',
      '/w/other/helmfile.yaml':
        'releases:\n- {name: db, chart: c/db, labels: {tier: db}}\n- {name: web, chart: c/web, labels: {tier: web}}\n',
    });
    const state = await load.load();
    expect(state.states.map((s) => [s.file, s.origin])).toEqual([
      ['/w/sub/b.yaml', 'nested'],
      ['/w/other/helmfile.yaml', 'nested'],
      ['/w/helmfile.yaml', 'single'],
    ]);
    expect(state.releases.map((r) => r.name)).toEqual(['b', 'db', 'parent']);
  });

  it('fails when a helmfiles path matches nothing (missingFileHandler Error)', async () => {
    const { load } = loader({ '/w/helmfile.yaml': 'helmfiles:\n- nope/*.yaml\n' });
    await expect(load.load()).rejects.toThrow('/w/helmfile.yaml: no matches for path: nope/*.yaml');
  });

  it('hands parent settings down with inherits', async () => {
    const { load } = loader({
      '/w/helmfile.yaml':
        'environments:\n  default:\n    values: [{zone: z1}]\n---\nrepositories:\n- {name: r, url: https://r}\ncommonLabels: {team: t}\nhelmfiles:\n- path: sub.yaml.gotmpl\n  inherits: [repositories, commonLabels, environments]\n',
      '/w/sub.yaml.gotmpl': 'releases:\n- name: s-{{ .Values.zone }}\n  chart: r/s\n',
    });
    const state = await load.load();
    const sub = state.states[0]!;
    expect(sub.repositories.map((r) => r.name)).toEqual(['r']);
    expect(sub.releases[0]?.name).toBe('s-z1');
    expect(sub.releases[0]?.labels.team).toBe('t');
  });
});

describe('StateLoader: releases', () => {
  it('resolves release templates to a fixpoint with .Release data', async () => {
    const { load } = loader({
      '/w/helmfile.yaml':
        'templates:\n  t:\n    namespace: ns-{{ .Release.Name }}\n    labels: {app: "{{ .Release.Name }}"}\n    valuesTemplate:\n    - {fullname: "{{ .Release.Namespace }}-{{ .Release.Name }}"}\nreleases:\n- name: api\n  chart: c/api\n  inherit: [{template: t}]\n  values: [own.yaml]\n',
    });
    const [r] = (await load.load()).releases;
    expect(r?.namespace).toBe('ns-api');
    expect(r?.labels.app).toBe('api');
    expect(r?.values.map((v) => (v.kind === 'file' ? v.path : plain(v.values)))).toEqual([
      { fullname: 'ns-api-api' },
      'own.yaml',
    ]);
  });

  it('fails when templates keep changing after 6 rounds', async () => {
    const { load } = loader({
      '/w/helmfile.yaml': 'releases:\n- name: "x{{ .Release.Name }}"\n  chart: c/x\n',
    });
    await expect(load.load()).rejects.toThrow(
      'failed executing templates in release "/w/helmfile.yaml"."x{{ .Release.Name }}": recursive references can\'t be resolved',
    );
  });

  it('reports inheritance problems: unknown template, cycles, forbidden except', async () => {
    const base =
      'templates:\n  a: {inherit: [{template: b}]}\n  b: {inherit: [{template: a}]}\n  ok: {chart: c/x}\nreleases:\n';
    await expect(
      loader({ '/w/helmfile.yaml': `${base}- {name: r, inherit: [{template: of}]}\n` }).load.load(),
    ).rejects.toThrow('release "r" tried to inherit inexistent release template "of" (did you mean "ok"?)');
    await expect(
      loader({ '/w/helmfile.yaml': `${base}- {name: r, inherit: [{template: a}]}\n` }).load.load(),
    ).rejects.toThrow('unable to load release "r" with template: cyclic inheritance detected: a->b->a');
    await expect(
      loader({
        '/w/helmfile.yaml': `${base}- {name: r, inherit: [{template: ok, except: [chart]}]}\n`,
      }).load.load(),
    ).rejects.toThrow('"chart" is not allowed under `inherit`.');
  });

  it('fails on a release without chart', async () => {
    const { load } = loader({ '/w/helmfile.yaml': 'releases:\n- name: nochart\n' });
    await expect(load.load()).rejects.toThrow('encountered empty chart while reading release "nochart"');
  });

  it('normalises needs, plans groups and carries every helm option in the spec', async () => {
    const { load } = loader({
      '/w/helmfile.yaml':
        'helmDefaults: {kubeContext: k}\nreleases:\n- {name: db, namespace: data, chart: c/db, wait: true, timeout: 120}\n- {name: api, namespace: apps, chart: c/api, needs: [data/db]}\n',
    });
    const state = await load.load();
    const [db, api] = state.releases;
    expect(db?.id).toBe('k/data/db');
    expect(api?.needs).toEqual(['k/data/db']);
    expect(db?.spec.wait).toBe(true);
    expect(db?.spec.timeout).toBe(120);
    expect(planState(state.states[0]!).map((g) => g.map((r) => r.name))).toEqual([['db'], ['api']]);
  });

  it('selects with -l (OR across flags); with selectors, releases whose condition is false are dropped', async () => {
    const files = {
      '/w/helmfile.yaml':
        'values:\n- {extra: {enabled: false}}\nreleases:\n- {name: a, chart: c/a, labels: {tier: web}}\n- {name: b, chart: c/b, labels: {tier: db}}\n- {name: c, chart: c/c, condition: extra.enabled}\n',
    };
    expect(
      (await loader(files).load.load({ selectors: ['tier=web', 'name=b'] })).releases.map((r) => r.name),
    ).toEqual(['a', 'b']);
    // Without selectors helmfile keeps every release; the condition only shows as `enabled`.
    const all = (await loader(files).load.load()).releases;
    expect(all.map((r) => [r.name, r.enabled])).toEqual([
      ['a', true],
      ['b', true],
      ['c', false],
    ]);
    expect((await loader(files).load.load({ selectors: ['name!=a'] })).releases.map((r) => r.name)).toEqual([
      'b',
    ]);
  });

  it('resolves repository credentials from NAME_USERNAME / NAME_PASSWORD', async () => {
    const { load } = loader(
      { '/w/helmfile.yaml': 'repositories:\n- {name: my-repo, url: oci://r.example/charts, oci: true}\n' },
      { MY_REPO_USERNAME: 'u', MY_REPO_PASSWORD: 'p' },
    );
    const [repo] = (await load.load()).repositories;
    expect(repo).toMatchObject({ name: 'my-repo', oci: true, username: 'u', password: 'p' });
  });

  it('rejects --namespace when the file sets namespace:, and duplicate releases', async () => {
    await expect(
      loader({ '/w/helmfile.yaml': 'namespace: ns\nreleases: []\n' }).load.load({ namespace: 'other' }),
    ).rejects.toThrow(
      'err: Cannot use option --namespace and set attribute namespace. (in /w/helmfile.yaml)',
    );
    await expect(
      loader({
        '/w/helmfile.yaml': 'releases:\n- {name: a, chart: c/a}\n- {name: a, chart: c/b}\n',
      }).load.load(),
    ).rejects.toThrow(
      'duplicate release "a" found: there were 2 releases named "a" matching specified selector',
    );
  });

  it('rejects an unknown updateStrategy', async () => {
    const { load } = loader({
      '/w/helmfile.yaml': 'releases:\n- {name: a, chart: c/a, updateStrategy: recreate}\n',
    });
    await expect(load.load()).rejects.toThrow(
      'updateStrategy "recreate" is invalid, valid values are: reinstallIfForbidden or not set',
    );
  });
});

describe('StateLoader: discovery', () => {
  it('prefers helmfile.yaml, then helmfile.yaml.gotmpl, then helmfile.d', async () => {
    const d = await loader({
      '/w/helmfile.d/b.yaml': 'releases: [{name: b, chart: c/b}]\n',
      '/w/helmfile.d/a.yaml.gotmpl': 'releases: [{name: a, chart: c/a}]\n',
      '/w/helmfile.d/notes.txt': 'x',
    }).load.load();
    expect(d.states.map((s) => s.file)).toEqual(['/w/helmfile.d/a.yaml.gotmpl', '/w/helmfile.d/b.yaml']);
    await expect(
      loader({
        '/w/helmfile.yaml': 'releases: []\n',
        '/w/helmfile.yaml.gotmpl': 'releases: []\n',
      }).load.load(),
    ).rejects.toThrow('both helmfile.yaml and helmfile.yaml.gotmpl exist. Please remove one of them');
    await expect(loader({}).load.load()).rejects.toThrow('no state file found.');
  });

  it('accepts -f as a file, a directory or a glob', async () => {
    const files = {
      '/w/envs/one.yaml': 'releases: [{name: one, chart: c/1}]\n',
      '/w/envs/two.yaml': 'releases: [{name: two, chart: c/2}]\n',
    };
    const names = async (file: string) =>
      (await loader(files).load.load({ file })).releases.map((r) => r.name);
    expect(await names('envs/two.yaml')).toEqual(['two']);
    expect(await names('envs')).toEqual(['one', 'two']);
    expect(await names('envs/t*.yaml')).toEqual(['two']);
    await expect(loader(files).load.load({ file: 'nope.yaml' })).rejects.toThrow(
      'specified state file nope.yaml is not found',
    );
  });
});
