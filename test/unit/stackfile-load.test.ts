// biome-ignore-all lint/suspicious/noTemplateCurlyInString: stackfile ${name} references are the subject here
import { describe, expect, it } from 'vitest';
import { buildState, listReleases, loadState } from '../../src/api/state.js';
import { findStackfiles, isStackfile, translateStackfiles } from '../../src/stackfile/index.js';
import { memoryHost } from '../../src/state/host.js';
import type { DesiredState, ResolvedRelease } from '../../src/state/model.js';
import type { GoValue } from '../../src/template/value.js';

/** Stackfiles through the programmatic API, over an in-memory file system. */

function host(files: Record<string, string>, env: Record<string, string> = {}) {
  const warnings: string[] = [];
  return { host: memoryHost(files, { cwd: '/w', env, warn: (m) => warnings.push(m) }), warnings };
}

const plain = (v: GoValue): unknown => {
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), plain(x)]));
  if (Array.isArray(v)) return v.map(plain);
  if (typeof v === 'bigint') return Number(v);
  return v;
};

/** What a command uses of a release (everything but the file it came from). */
const view = (r: ResolvedRelease) => ({
  id: r.id,
  chart: r.chart,
  version: r.version,
  labels: r.labels,
  installed: r.installed,
  needs: r.needs,
  values: r.values.map((v) => (v.kind === 'file' ? v : { kind: 'inline', values: plain(v.values) })),
  secrets: r.secrets,
  set: r.set,
  spec: { ...r.spec, values: plain((r.spec.values ?? []) as GoValue) },
});

const STACK = [
  'variables:',
  '  domain: example.test',
  '  tag: "1.10"',
  'repositories:',
  '- name: demo',
  '  url: http://127.0.0.1:18879',
  'helmDefaults:',
  '  helmBinary: helm3',
  '  wait: true',
  '  timeout: 120',
  'environments:',
  '  dev: {}',
  '  prod:',
  '    overlay: [env/prod.yaml]',
  'releases:',
  '- name: web',
  '  namespace: shop',
  '  chart: demo/webapp',
  '  version: 1.0.0',
  '  needs: [shop/db]',
  '  values: [values/web.yaml]',
  '  set:',
  '    image: {tag: "${tag}"}',
  '    host: web.${domain}',
  '- name: db',
  '  namespace: shop',
  '  chart: demo/database',
  '  labels: {tier: data}',
  '- name: docs',
  '  chart: demo/webapp',
  '',
].join('\n');

const DEV = [
  'releases:',
  '  web:',
  '    version: 1.1.0',
  '    values: [values/web-dev.yaml]',
  '    set:',
  '      image: {pullPolicy: Always}',
  '  docs:',
  '    ignore: true',
  '',
].join('\n');

/** The helmfile that means what STACK with the dev overlay means. */
const EQUIVALENT_DEV = [
  'values:',
  '- domain: example.test',
  '  tag: "1.10"',
  '---',
  'environments:',
  '  dev: {}',
  '  prod: {}',
  '---',
  'helmBinary: helm3',
  'repositories:',
  '- name: demo',
  '  url: http://127.0.0.1:18879',
  'helmDefaults:',
  '  wait: true',
  '  timeout: 120',
  'releases:',
  '- name: web',
  '  namespace: shop',
  '  chart: demo/webapp',
  '  version: 1.1.0',
  '  needs: [shop/db]',
  '  values:',
  '  - values/web.yaml',
  '  - values/web-dev.yaml',
  '  - image: {tag: "1.10", pullPolicy: Always}',
  '    host: web.example.test',
  '- name: db',
  '  namespace: shop',
  '  chart: demo/database',
  '  labels: {tier: data}',
  '',
].join('\n');

describe('stackfile: the same desired state as the equivalent helmfile', () => {
  it('loads a stackfile with its env/NAME.yaml overlay exactly as the helmfile that means the same', async () => {
    const stack = host({ '/w/stackfile.yaml': STACK, '/w/env/dev.yaml': DEV });
    const helm = host({ '/w/helmfile.yaml': EQUIVALENT_DEV });
    const a = await loadState({ host: stack.host, environment: 'dev' });
    const b = await loadState({ host: helm.host, environment: 'dev' });
    expect(a.releases.map(view)).toEqual(b.releases.map(view));
    expect(a.releases.map((r) => r.id)).toEqual(['shop/web', 'shop/db']);
    const [sa, sb] = [a.states[0]!, b.states[0]!];
    expect(sa.file).toBe('/w/stackfile.yaml');
    expect(sa.helmBinary).toBe('helm3');
    expect(plain(sa.values)).toEqual(plain(sb.values));
    for (const k of ['helmDefaults', 'repositories', 'dag', 'environment'] as const)
      expect(sa[k]).toEqual(sb[k]);
    expect(a.repositories).toEqual(b.repositories);
    expect(stack.warnings).toEqual([]);
  });

  it('keeps every release without an environment, and treats selectors and --namespace as for helmfile', async () => {
    const { host: h } = host({ '/w/stackfile.yaml': STACK, '/w/env/dev.yaml': DEV });
    const all = await loadState({ host: h });
    expect(all.environment).toBe('default');
    expect(all.releases.map((r) => `${r.id}@${r.version}`)).toEqual(['shop/web@1.0.0', 'shop/db@', 'docs@']);
    const tier = await loadState({ host: h, selectors: ['tier=data'] });
    expect(tier.releases.map((r) => r.name)).toEqual(['db']);
    const { rows } = await listReleases({ host: h, environment: 'dev', selectors: ['name=web'] });
    expect(rows.map((r) => [r.name, r.version])).toEqual([['web', '1.1.0']]);
  });

  it('prints the equivalent helmfile with build', async () => {
    const { host: h } = host({ '/w/stackfile.yaml': STACK, '/w/env/dev.yaml': DEV });
    const { text } = await buildState({ host: h, environment: 'dev' });
    expect(text).toContain('#  Source: /w/stackfile.yaml\n\nfilepath: stackfile.yaml\n');
    expect(text).toContain('helmBinary: helm3\n');
    expect(text).toContain(
      '    values:\n      - values/web.yaml\n      - values/web-dev.yaml\n      - host: web.example.test\n        image:\n          pullPolicy: Always\n          tag: "1.10"\n',
    );
  });
});

describe('stackfile: environments and overlays', () => {
  const files = {
    '/w/stackfile.yaml': STACK,
    '/w/env/prod.yaml': [
      'variables: {domain: example.com}',
      'releases:',
      '  shop/web:',
      '    set: {replicas: 3}',
      '  docs: {ignore: true}',
      '  ghost: {version: 9.9.9}',
    ].join('\n'),
    '/w/env/prod-late.yaml': 'releases:\n  docs: {ignore: false, version: 2.0.0}\n',
  };

  it('applies declared overlays in order: namespace/name keys, overlay variables, ignore turned back off', async () => {
    const withLate = {
      ...files,
      '/w/stackfile.yaml': STACK.replace(
        'overlay: [env/prod.yaml]',
        'overlay: [env/prod.yaml, env/prod-late.yaml]',
      ),
    };
    const { host: h, warnings } = host(withLate);
    const state = await loadState({ host: h, environment: 'prod' });
    expect(state.releases.map((r) => `${r.id}@${r.version}`)).toEqual([
      'shop/web@1.0.0',
      'shop/db@',
      'docs@2.0.0',
    ]);
    const web = state.releases[0]!;
    expect(web.values.map((v) => (v.kind === 'file' ? v.path : plain(v.values)))).toEqual([
      'values/web.yaml',
      { image: { tag: '1.10' }, host: 'web.example.com', replicas: 3 },
    ]);
    expect(plain(state.states[0]!.values)).toEqual({ domain: 'example.com', tag: '1.10' });
    expect(warnings).toEqual([
      '/w/env/prod.yaml: release "ghost" is not in the stackfile; its overlay settings are not used',
    ]);
  });

  it('fails for an environment neither declared nor given an env/NAME.yaml, naming those that are', async () => {
    const { host: h } = host(files);
    await expect(loadState({ host: h, environment: 'stage' })).rejects.toThrow(
      '/w/stackfile.yaml: environment "stage" is not defined: no environments.stage in stackfile.yaml and no env/stage.yaml beside it (defined: dev, prod)',
    );
    const { host: h2 } = host({ ...files, '/w/env/stage.yaml': 'releases: {}\n' });
    expect((await loadState({ host: h2, environment: 'stage' })).environment).toBe('stage');
  });

  it('fails for a listed overlay that does not exist', async () => {
    const { host: h } = host({ '/w/stackfile.yaml': STACK });
    await expect(loadState({ host: h, environment: 'prod' })).rejects.toThrow(
      '/w/stackfile.yaml: overlay env/prod.yaml of environment "prod" does not exist',
    );
  });
});

describe('stackfile: variables, .env and the environment', () => {
  const files = {
    '/w/stackfile.yaml': [
      'variables:',
      '  repo: ${CHART_REPO:-http://127.0.0.1:1}',
      '  replicas: 2',
      'repositories: [{name: r, url: "${repo}"}]',
      'releases:',
      '- name: app',
      '  chart: r/app',
      '  version: ${VERSION}',
      '  wait: ${WAIT:-false}',
      '  set:',
      '    replicas: ${replicas}',
      '    greeting: ${GREETING}',
    ].join('\n'),
    '/w/.env': 'VERSION=1.10\nGREETING=from dotenv\nCHART_REPO=http://127.0.0.1:2\n',
  };

  it('takes the environment over .env over variables, with types as written', async () => {
    const { host: h } = host(files, { CHART_REPO: 'http://127.0.0.1:3', WAIT: 'true' });
    const state = await loadState({ host: h });
    const app = state.releases[0]!;
    expect(app.version).toBe('1.10');
    expect(app.spec.wait).toBe(true);
    expect(plain((app.values[0] as { values: GoValue }).values)).toEqual({
      replicas: 2,
      greeting: 'from dotenv',
    });
    expect(state.repositories[0]?.url).toBe('http://127.0.0.1:3');
    expect(plain(state.states[0]!.values)).toEqual({ repo: 'http://127.0.0.1:3', replicas: 2 });
  });

  it('points at the line of a reference that is not set', async () => {
    const { host: h } = host({ '/w/stackfile.yaml': files['/w/stackfile.yaml'] });
    await expect(loadState({ host: h })).rejects.toThrow(
      '/w/stackfile.yaml:8:12: variable "VERSION" is not set: declare it under variables:',
    );
  });

  it('says to quote a reference inside a flow collection, where YAML cannot read it unquoted', async () => {
    const { host: h } = host({ '/w/stackfile.yaml': 'releases:\n- name: a\n  set: {x: ${v}}\n' });
    await expect(loadState({ host: h })).rejects.toThrow(
      '(inside [ ] or { } write a reference in quotes: "${name}")',
    );
  });
});

describe('stackfile: errors point at the stackfile', () => {
  it('reports helmfile release keys with their type and a did-you-mean, at the stackfile line', async () => {
    const { host: h } = host({
      '/w/stackfile.yaml': 'releases:\n- name: a\n  chrat: x/a\n  wait: maybe\n',
    });
    const err = await loadState({ host: h }).catch((e: Error) => e);
    expect((err as Error).message).toContain(
      '/w/stackfile.yaml:3:3: releases[0].chrat (release "a"): unknown release key "chrat"; did you mean "chart"?',
    );
    expect((err as Error).message).toContain(
      '/w/stackfile.yaml:4:9: releases[0].wait (release "a"): expected true or false',
    );
  });

  it('rejects what loads other state files, a set that is not values and an ignore that is not a boolean', async () => {
    const load = (text: string) => loadState({ host: host({ '/w/stackfile.yaml': text }).host });
    await expect(load('bases: [x.yaml]\nreleases: []\n')).rejects.toThrow(
      '/w/stackfile.yaml:1:1: bases: not available in a stackfile',
    );
    await expect(load('releases:\n- name: a\n  chart: r/a\n  set: 3\n')).rejects.toThrow(
      '/w/stackfile.yaml:4:8: releases[0].set: expected a map of values',
    );
    await expect(load('releases:\n- name: a\n  chart: r/a\n  ignore: sometimes\n')).rejects.toThrow(
      '/w/stackfile.yaml:4:11: releases[0].ignore: expected true or false',
    );
  });

  it('takes helmfile set lists and set given as YAML text', async () => {
    const { host: h } = host({
      '/w/stackfile.yaml': [
        'releases:',
        '- name: a',
        '  chart: r/a',
        '  set: [{name: x.y, value: "1"}]',
        '- name: b',
        '  chart: r/b',
        '  set: |',
        '    x: {y: 2}',
      ].join('\n'),
    });
    const [a, b] = (await loadState({ host: h })).releases;
    expect(a?.set).toEqual([{ name: 'x.y', value: '1' }]);
    expect(a?.values).toEqual([]);
    expect(b?.values.map((v) => (v.kind === 'inline' ? plain(v.values) : v))).toEqual([{ x: { y: 2 } }]);
  });
});

describe('stackfile: several files merged in order', () => {
  it('merges same-named releases, replaces same-named repositories and rebases relative paths', async () => {
    const { host: h } = host({
      '/w/elk/stackfile.yaml': [
        'repositories: [{name: r, url: "http://127.0.0.1:1"}]',
        'helmDefaults: {wait: true}',
        'releases:',
        '- {name: elk, namespace: logs, chart: ./charts/elk, values: [elk.yaml]}',
      ].join('\n'),
      '/w/web/whoami.yaml': [
        'repositories: [{name: r, url: "http://127.0.0.1:2"}]',
        'helmDefaults: {timeout: 60}',
        'releases:',
        '- {name: whoami, chart: r/whoami, values: [whoami.yaml]}',
        '- {name: elk, namespace: logs, version: "2", values: [more.yaml], set: {a: 1}}',
      ].join('\n'),
    });
    const state = await loadState({ host: h, files: ['elk/stackfile.yaml', 'web/whoami.yaml'] });
    const s = state.states[0]!;
    expect(s.file).toBe('/w/elk/stackfile.yaml');
    expect(s.repositories.map((r) => r.url)).toEqual(['http://127.0.0.1:2']);
    expect(s.helmDefaults).toMatchObject({ wait: true, timeout: 60 });
    expect(
      state.releases.map((r) => [
        r.id,
        r.chart,
        r.version,
        r.values.map((v) => (v.kind === 'file' ? v.absPath : 'inline')),
      ]),
    ).toEqual([
      ['logs/elk', './charts/elk', '2', ['/w/elk/elk.yaml', '/w/web/more.yaml', 'inline']],
      ['whoami', 'r/whoami', '', ['/w/web/whoami.yaml']],
    ]);
  });

  it('refuses helmfile state among several -f', async () => {
    const { host: h } = host({ '/w/a.yaml': 'releases: []\n', '/w/helmfile.yaml': 'releases: []\n' });
    await expect(loadState({ host: h, files: ['a.yaml', 'helmfile.yaml'] })).rejects.toThrow(
      'helmfile.yaml is helmfile state: several -f files are stackfiles merged in order',
    );
  });
});

describe('stackfile: which files are stackfiles', () => {
  it('finds stackfile.yaml when the directory has no helmfile state, and never instead of it', () => {
    expect(findStackfiles(host({ '/w/stackfile.yaml': STACK }).host, {})).toEqual(['/w/stackfile.yaml']);
    expect(findStackfiles(host({ '/w/helmstack.yaml': STACK }).host, {})).toEqual(['/w/helmstack.yaml']);
    expect(
      findStackfiles(host({ '/w/stackfile.yaml': STACK, '/w/helmfile.yaml': 'releases: []\n' }).host, {}),
    ).toBeUndefined();
    expect(
      findStackfiles(host({ '/w/stackfile.yaml': STACK, '/w/helmfile.d/a.yaml': 'releases: []\n' }).host, {}),
    ).toBeUndefined();
    expect(
      findStackfiles(
        host({ '/w/x/stackfile.yaml': STACK }, { HELMFILE_FILE_PATH: 'x/stackfile.yaml' }).host,
        {},
      ),
    ).toEqual(['/w/x/stackfile.yaml']);
  });

  it('knows a stackfile of any name by what only stackfiles have', () => {
    const { host: h } = host({
      '/w/a.yaml': 'environments:\n  dev: {overlay: [d.yaml]}\n',
      '/w/b.yaml': 'releases:\n- name: x\n  set: {a: 1}\n',
      '/w/c.yaml': 'releases:\n- name: x\n  set: [{name: a, value: "1"}]\n',
      '/w/d.yaml': 'variables: {a: 1}\n',
      '/w/helmfile-x.yaml': 'variables: {a: 1}\n',
      '/w/prod.stackfile.yaml': 'releases: []\n',
    });
    const which = ['a', 'b', 'c', 'd', 'helmfile-x', 'prod.stackfile'].filter((n) =>
      isStackfile(h, `/w/${n}.yaml`),
    );
    expect(which).toEqual(['a', 'b', 'd', 'prod.stackfile']);
  });

  it('loads a helmfile named with -f as helmfile state', async () => {
    const { host: h } = host({ '/w/other.yaml': 'releases:\n- name: x\n  chart: r/x\n' });
    const state: DesiredState = await loadState({ host: h, file: 'other.yaml' });
    expect(state.releases.map((r) => r.name)).toEqual(['x']);
    expect(findStackfiles(h, { file: 'other.yaml' })).toBeUndefined();
  });
});

describe('translateStackfiles', () => {
  it('gives the equivalent helmfile as text in helmfile layout (values, environments, the rest)', () => {
    const { host: h } = host({ '/w/stackfile.yaml': STACK, '/w/env/dev.yaml': DEV });
    const t = translateStackfiles(h, ['/w/stackfile.yaml'], 'dev');
    expect(t.overlays).toEqual(['/w/env/dev.yaml']);
    expect(t.text.split('---\n').map((p) => p.split('\n')[0])).toEqual([
      'values:',
      'environments:',
      'helmBinary: helm3',
    ]);
  });
});
