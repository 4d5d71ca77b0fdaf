import { describe, expect, it } from 'vitest';
import { goCleanPath, isLocalChart } from '../../src/state/chart-path.js';
import { memoryHost } from '../../src/state/host.js';
import { StateLoader } from '../../src/state/loader.js';

/** `chartPath` in `build`: what helmfile's chart preparation leaves on each release. */

const chart = 'apiVersion: v2\nname: app\nversion: 1.0.0\n';

async function printed(files: Record<string, string>, opts: { selectors?: string[]; file?: string } = {}) {
  const host = memoryHost(files, { cwd: '/w' });
  const state = await new StateLoader(host).load({
    ...(opts.selectors ? { selectors: opts.selectors } : {}),
    ...(opts.file ? { file: opts.file } : {}),
  });
  return state.states.flatMap((s) => (s.spec.releases ?? []).map((r) => [r.name, r.chartPath ?? null]));
}

describe('chartPath in build', () => {
  it('is the cleaned local chart directory when it differs from chart as written', async () => {
    const out = await printed({
      '/w/helmfile.yaml': [
        'values:',
        '- {x: {enabled: false}}',
        '---',
        'releases:',
        '- {name: dot, chart: ./charts/app}',
        '- {name: slash, chart: ../w/charts/app/}',
        '- {name: same, chart: ../w/charts/app}',
        '- {name: missing, chart: ./charts/none}',
        '- {name: remote, chart: stable/app}',
        '- {name: off, chart: ./charts/app, installed: false}',
        '- {name: cond, chart: ./charts/app, condition: x.enabled}',
      ].join('\n'),
      '/w/charts/app/Chart.yaml': chart,
    });
    expect(out).toEqual([
      ['dot', 'charts/app'],
      ['slash', '../w/charts/app'],
      ['same', null],
      ['missing', null],
      ['remote', null],
      ['off', null],
      ['cond', null],
    ]);
  });

  it('only for releases the selectors keep', async () => {
    const files = {
      '/w/helmfile.yaml': 'releases:\n- {name: a, chart: ./charts/app}\n- {name: b, chart: ./charts/app}\n',
      '/w/charts/app/Chart.yaml': chart,
    };
    expect(await printed(files, { selectors: ['name=b'] })).toEqual([['b', 'charts/app']]);
  });

  it('is absolute for the files of a helmfile.d with several files', async () => {
    const out = await printed({
      '/w/helmfile.d/a.yaml': 'releases:\n- {name: a, chart: ../charts/app}\n',
      '/w/helmfile.d/b.yaml': 'releases:\n- {name: b, chart: ../charts/app}\n',
      '/w/charts/app/Chart.yaml': chart,
    });
    expect(out).toEqual([
      ['a', '/w/charts/app'],
      ['b', '/w/charts/app'],
    ]);
  });
});

describe("helmfile's chart path helpers", () => {
  it('tells local charts from repo/chart references', () => {
    expect(['./x', '../x', 'x', '/abs/x', 'a/b/c/d', ''].map(isLocalChart)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['repo/x', 'repo/x/', 'oci://r/x', 'a/b/c'].map(isLocalChart)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('cleans paths as Go does', () => {
    expect(['./a/', 'a//b/../c', '', '/', '../x/.'].map(goCleanPath)).toEqual(['a', 'a/c', '.', '/', '../x']);
  });
});

describe('release templating rounds', () => {
  const load = (text: string) =>
    new StateLoader(memoryHost({ '/w/helmfile.yaml': text }, { cwd: '/w' })).load({});

  it('resolves .Release references to the fixpoint, one release after another', async () => {
    const state = await load(
      [
        'templates:',
        '  t:',
        '    chart: c/app',
        '    namespace: "ns-{{`{{ .Release.Labels.team }}`}}"',
        '    valuesTemplate:',
        "    - fullname: '{{`{{ .Release.Name }}-{{ .Release.Namespace }}`}}'",
        'releases:',
        '- {name: a, inherit: [{template: t}], labels: {team: x}}',
        '- {name: b, inherit: [{template: t}], labels: {team: y}}',
      ]
        .join('\n')
        .replaceAll('{{`', '')
        .replaceAll('`}}', ''),
    );
    expect(state.releases.map((r) => [r.name, r.namespace, r.values])).toEqual([
      ['a', 'ns-x', [{ kind: 'inline', values: new Map([['fullname', 'a-ns-x']]) }]],
      ['b', 'ns-y', [{ kind: 'inline', values: new Map([['fullname', 'b-ns-y']]) }]],
    ]);
  });

  it('a text whose value changes on every render never settles, as in helmfile', async () => {
    await expect(
      load('releases:\n- name: r\n  chart: c/app\n  valuesTemplate:\n  - {id: "{{ randAlpha 8 }}"}\n'),
    ).rejects.toThrow(`release "/w/helmfile.yaml"."r": recursive references can't be resolved`);
  });
});
