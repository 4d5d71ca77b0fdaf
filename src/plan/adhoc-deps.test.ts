import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Repository } from '../state/model.js';
import {
  AdhocDependencyError,
  adhocRepositoryNames,
  chartYamlWithDependencies,
  needsHelmRepositoryList,
  resolveAdhocDependencies,
} from './adhoc-deps.js';

const repos: Repository[] = [
  { name: 'myrepo', url: 'http://localhost:18080/', oci: false },
  { name: 'myoci', url: 'oci://registry.test:5000/charts/', oci: true },
];
const dirs = new Set(['/state/charts/local-dep']);
const isDir = (p: string) => dirs.has(p);

describe('resolveAdhocDependencies', () => {
  it('resolves repository, OCI and local dependencies as helmfile hands them to chartify', () => {
    const deps = resolveAdhocDependencies(
      'foo',
      [
        { alias: 'dep', chart: 'myrepo/raw', version: '0.1.0' },
        { chart: 'oci://localhost:5000/myrepo/raw', version: '0.2.0' },
        { chart: 'myoci/nginx', version: '1.0.0' },
        { chart: './charts/local-dep' },
      ],
      '/state',
      repos,
      isDir,
    );
    expect(deps).toEqual([
      {
        name: 'raw',
        repository: 'http://localhost:18080/',
        condition: 'dep.enabled',
        alias: 'dep',
        version: '0.1.0',
      },
      {
        name: 'raw',
        repository: 'oci://localhost:5000/myrepo',
        condition: 'raw.enabled',
        version: '0.2.0',
      },
      {
        name: 'nginx',
        repository: 'oci://registry.test:5000/charts',
        condition: 'nginx.enabled',
        version: '1.0.0',
      },
      { name: 'local-dep', repository: 'file:///state/charts/local-dep', condition: 'local-dep.enabled' },
    ]);
  });

  it("takes a repository the state lacks from helm's repository list, else names it in the error", () => {
    const spec = [{ chart: 'outside/app', version: '1.2.3' }];
    expect(needsHelmRepositoryList(spec, '/state', repos, isDir)).toBe(true);
    expect(needsHelmRepositoryList([{ chart: 'myrepo/raw' }], '/state', repos, isDir)).toBe(false);
    const known = new Map([['outside', 'https://charts.example.test']]);
    expect(resolveAdhocDependencies('foo', spec, '/state', repos, isDir, known)[0]?.repository).toBe(
      'https://charts.example.test',
    );
    expect(() => resolveAdhocDependencies('foo', spec, '/state', repos, isDir)).toThrow(
      /release "foo": dependencies: chart "outside\/app": no repository "outside"/,
    );
    expect(() => resolveAdhocDependencies('foo', [{ version: '1' }], '/state', repos, isDir)).toThrow(
      AdhocDependencyError,
    );
  });

  it('lists the state repositories to add before the update', () => {
    expect(
      adhocRepositoryNames(
        [{ chart: 'myrepo/raw' }, { chart: 'oci://x/y/z' }, { chart: 'myrepo/other' }, { chart: 'nope/a' }],
        repos,
      ),
    ).toEqual(['myrepo']);
  });
});

describe('chartYamlWithDependencies', () => {
  const chartYaml = [
    'apiVersion: v2',
    'name: raw # the chart',
    'version: 0.1.0',
    'dependencies:',
    '- name: common',
    '  repository: file://../common',
    '  version: 1.0.0',
    '',
  ].join('\n');
  const added = [
    { name: 'raw', repository: 'http://r/', condition: 'dep.enabled', alias: 'dep', version: '0.1.0' },
  ];

  it("appends the added dependencies to the chart's own, with relative file:// made absolute", () => {
    const out = chartYamlWithDependencies(chartYaml, undefined, added, '/charts/raw', false);
    expect(out).toContain('name: raw # the chart');
    expect(parse(out)).toEqual({
      apiVersion: 'v2',
      name: 'raw',
      version: '0.1.0',
      dependencies: [
        { name: 'common', repository: 'file:///charts/common', version: '1.0.0' },
        { name: 'raw', repository: 'http://r/', condition: 'dep.enabled', alias: 'dep', version: '0.1.0' },
      ],
    });
  });

  it('merges requirements.yaml in, and replaces the own dependencies when asked', () => {
    const v1 = 'apiVersion: v1\nname: old\nversion: 1.0.0\n';
    const req = 'dependencies:\n- name: sub\n  repository: https://x/\n  version: 2.0.0\n';
    expect(parse(chartYamlWithDependencies(v1, req, added, '/c', false)).dependencies).toHaveLength(2);
    expect(parse(chartYamlWithDependencies(chartYaml, undefined, added, '/c', true)).dependencies).toEqual([
      added[0],
    ]);
  });
});
