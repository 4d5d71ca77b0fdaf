import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockChartYaml, lockFileText } from '../../src/api/deps.js';
import {
  applyLockFile,
  lockedVersion,
  lockFilePath,
  parseLockFile,
  unresolvedChart,
} from '../../src/api/lockfile.js';
import { tabulate } from '../../src/api/show-dag.js';
import { loadState } from '../../src/api/state.js';
import {
  fetchOutputDir,
  splitRendered,
  templateOutputDir,
  valuesOutputFile,
  writeRendered,
} from '../../src/api/template-output.js';
import { mergeValuesFiles } from '../../src/api/write-values.js';
import { runCli } from '../../src/cli/cli.js';
import { encodeYaml } from '../../src/yaml/index.js';

function capture() {
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

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'helmfire-helm-cmds-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function state(yaml: string, name = 'helmfile.yaml') {
  writeFileSync(join(dir, name), yaml);
  const d = await loadState({ file: join(dir, name), env: {} });
  return d.states[0]!;
}

describe('template output', () => {
  const rendered = [
    '---',
    '# Source: web/templates/a.yaml',
    'kind: A',
    '---',
    '# Source: web/templates/b.yaml',
    'kind: B1',
    '---',
    '# Source: web/templates/b.yaml',
    'kind: B2',
    '---',
    '# Source: web/charts/sub/templates/c.yaml',
    'kind: C',
    '',
  ].join('\n');

  it('splits helm template output into documents with their source', () => {
    expect(splitRendered(rendered)).toEqual([
      { source: 'web/templates/a.yaml', body: 'kind: A' },
      { source: 'web/templates/b.yaml', body: 'kind: B1' },
      { source: 'web/templates/b.yaml', body: 'kind: B2' },
      { source: 'web/charts/sub/templates/c.yaml', body: 'kind: C' },
    ]);
  });

  it('writes one file per source template, documents of one template together', () => {
    const files = writeRendered(dir, 'web', rendered);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual([
      'web/templates/a.yaml',
      'web/templates/b.yaml',
      'web/charts/sub/templates/c.yaml',
    ]);
    expect(readFileSync(join(dir, 'web/templates/b.yaml'), 'utf8')).toBe(
      '---\n# Source: web/templates/b.yaml\nkind: B1\n---\n# Source: web/templates/b.yaml\nkind: B2\n',
    );
    // Output without headers (a helm 3 post-renderer's) goes to templates/<release>.yaml.
    expect(writeRendered(join(dir, 'pr'), 'web', 'kind: X\n')).toEqual([
      join(dir, 'pr', 'templates', 'web.yaml'),
    ]);
  });

  it('names directories and files as helmfile does', async () => {
    const s = await state(
      'environments:\n  prod: {}\n---\nreleases:\n- name: web\n  namespace: apps\n  chart: ./web\n',
      'helmfile.yaml.gotmpl',
    );
    const r = s.releases[0]!;
    const sha = createHash('sha1').update(join(dir, 'helmfile.yaml.gotmpl')).digest('hex').slice(0, 8);
    expect(templateOutputDir(s, r, 'out')).toBe(join(dir, 'out', `helmfile.yaml-${sha}-web`));
    expect(
      templateOutputDir(s, r, '/abs', '{{ .OutputDir }}/{{ .Environment.Name }}/{{ .Release.Namespace }}'),
    ).toBe('/abs/default/apps');
    expect(valuesOutputFile(s, r)).toBe(join(dir, `helmfile.yaml-${sha}`, 'web.yaml'));
    expect(fetchOutputDir(s, r, '/f', 'web')).toBe('/f/apps/web/web/latest');
    expect(() => templateOutputDir(s, r, 'out', '{{ .Nope }')).toThrow(/output-dir-template/);
  });
});

describe('write-values merge', () => {
  it('merges maps key by key, later files win, lists are replaced, empty files are skipped', () => {
    const merged = mergeValuesFiles([
      { path: 'a', text: 'a: {p: 1, q: 1}\nlist: [1, 2]\nkeep: yes\n' },
      { path: 'empty', text: '' },
      { path: 'b', text: 'a: {q: 2}\nlist: [3]\n' },
    ]);
    expect(encodeYaml(merged)).toBe('a:\n  p: 1\n  q: 2\nkeep: "yes"\nlist:\n  - 3\n');
    expect(() => mergeValuesFiles([{ path: 'l', text: '- a\n' }])).toThrow(/must be a map/);
  });
});

describe('lock file', () => {
  const repos =
    'repositories:\n- name: loop\n  url: http://charts.test\n- name: reg\n  url: reg.test/charts\n  oci: true\n';

  it('lives beside the state as <name>.lock unless lockFilePath says otherwise', async () => {
    const s = await state(`${repos}releases:\n- name: a\n  chart: loop/web\n`, 'helmfile.yaml.gotmpl');
    expect(lockFilePath(s)).toBe(join(dir, 'helmfile.lock'));
    const t = await state(`lockFilePath: locks/my.lock\n${repos}releases:\n- name: a\n  chart: loop/web\n`);
    expect(lockFilePath(t)).toBe(join(dir, 'locks/my.lock'));
  });

  it('manages charts of the state’s repositories only, OCI path prefixes going into the URL', async () => {
    const s = await state(
      `${repos}releases:\n- {name: a, namespace: n, chart: loop/web, version: "~1.0"}\n- {name: b, namespace: n, chart: reg/team/api}\n- {name: c, chart: ./local}\n- {name: d, chart: other/x}\n`,
    );
    expect(s.releases.map((r) => unresolvedChart(s, r))).toEqual([
      { name: 'web', repository: 'http://charts.test', version: '~1.0', alias: 'n-a' },
      { name: 'api', repository: 'oci://reg.test/charts/team', version: '*', alias: 'n-b' },
      undefined,
      undefined,
    ]);
  });

  it('picks the first locked version that satisfies the constraint', () => {
    const locked = parseLockFile(
      'version: 0.1.0\ndependencies:\n- name: web\n  repository: r\n  version: 2.0.0\n- name: web\n  repository: r\n  version: 1.4.0\n',
      'x.lock',
    );
    expect(lockedVersion(locked, 'web', '')).toBe('2.0.0');
    expect(lockedVersion(locked, 'web', '~1.0')).toBeUndefined();
    expect(lockedVersion(locked, 'web', '^1.0')).toBe('1.4.0');
    expect(lockedVersion(locked, 'api', '*')).toBeUndefined();
  });

  it('applies to releases when the lock file exists; a managed chart missing from it is an error', async () => {
    const s = await state(
      `${repos}releases:\n- {name: a, chart: loop/web, version: ">=1"}\n- {name: b, chart: loop/api}\n`,
    );
    const [a, b] = s.releases;
    expect(applyLockFile(s, a!)).toBe(a);
    writeFileSync(
      join(dir, 'helmfile.lock'),
      'dependencies:\n- name: web\n  repository: http://charts.test\n  version: 1.2.0\n',
    );
    expect(applyLockFile(s, a!).version).toBe('1.2.0');
    expect(() => applyLockFile(s, b!)).toThrow(/no resolved dependency found for "api".*helmfire deps/);
  });

  it('is written from helm’s Chart.lock sorted by name without duplicates', () => {
    const chartLock = [
      'dependencies:',
      '- name: web',
      '  repository: http://charts.test',
      '  version: 1.1.0',
      '- name: api',
      '  repository: http://charts.test',
      '  version: 0.3.0',
      '- name: web',
      '  repository: http://charts.test',
      '  version: 1.1.0',
      'digest: sha256:abc',
      'generated: "2026-01-02T03:04:05.123456789Z"',
      '',
    ].join('\n');
    const text = lockFileText(chartLock, 'helmfile.lock');
    expect(text).toMatch(/^version: \S+\ndependencies:\n {2}- name: api\n/);
    expect(text).toContain('digest: sha256:abc\ngenerated: 2026-01-02T03:04:05.123456789Z\n');
    expect(parseLockFile(text, 'x').map((d) => `${d.name}@${d.version}`)).toEqual(['api@0.3.0', 'web@1.1.0']);
    expect(
      lockChartYaml('helmfile', [{ name: 'web', repository: 'http://c', version: '*', alias: 'n-a' }]),
    ).toBe(
      "name: helmfile\nversion: 1.0.0\napiVersion: v2\ndependencies:\n  - name: web\n    repository: http://c\n    version: '*'\n    alias: n-a\n",
    );
  });
});

describe('show-dag', () => {
  it('lays out columns as Go’s tabwriter with helmfile’s settings, trailing blanks trimmed', () => {
    expect(
      tabulate([
        ['GROUP', 'RELEASE', 'DEPENDENCIES'],
        ['1', 'kube-system/logging', ''],
        ['2', 'default/app', 'kube-system/logging'],
      ]),
    ).toBe(
      'GROUP RELEASE             DEPENDENCIES\n1     kube-system/logging\n2     default/app         kube-system/logging\n',
    );
  });

  it('prints helmfile’s table of groups, includes needs of a selection, and JSON', async () => {
    writeFileSync(
      join(dir, 'helmfile.yaml'),
      [
        'releases:',
        '- {name: logging, namespace: kube-system, chart: x/raw}',
        '- {name: secrets, namespace: kube-system, chart: x/raw, needs: [kube-system/logging]}',
        '- {name: app, namespace: default, chart: x/raw, needs: [kube-system/secrets]}',
        '- {name: off, namespace: default, chart: x/raw, installed: false}',
        '- {name: t2, chart: x/raw, needs: [default/off]}',
        '',
      ].join('\n'),
    );
    const a = capture();
    expect(await runCli(['-f', join(dir, 'helmfile.yaml'), 'show-dag'], a.io)).toBe(0);
    expect(a.text.out).toBe(
      [
        'GROUP RELEASE             DEPENDENCIES',
        '1     kube-system/logging',
        '1     default/off',
        '2     kube-system/secrets kube-system/logging',
        '2     t2                  default/off',
        '3     default/app         kube-system/secrets',
        '',
      ].join('\n'),
    );
    const b = capture();
    expect(await runCli(['-f', join(dir, 'helmfile.yaml'), '-l', 'name=app', 'show-dag'], b.io)).toBe(0);
    expect(
      b.text.out
        .split('\n')
        .slice(1, -1)
        .map((l) => l.split(/\s+/)[1]),
    ).toEqual(['kube-system/logging', 'kube-system/secrets', 'default/app']);
    const c = capture();
    expect(
      await runCli(
        ['-f', join(dir, 'helmfile.yaml'), '-l', 'name=secrets', 'show-dag', '--output', 'json'],
        c.io,
      ),
    ).toBe(0);
    expect(JSON.parse(c.text.out)).toEqual([
      {
        file: join(dir, 'helmfile.yaml'),
        releases: [
          { group: 1, id: 'kube-system/logging', name: 'logging', namespace: 'kube-system', needs: [] },
          {
            group: 2,
            id: 'kube-system/secrets',
            name: 'secrets',
            namespace: 'kube-system',
            needs: ['kube-system/logging'],
          },
        ],
      },
    ]);
    const d = capture();
    expect(await runCli(['-f', join(dir, 'helmfile.yaml'), '-l', 'name=nothing', 'show-dag'], d.io)).toBe(3);
  });
});
