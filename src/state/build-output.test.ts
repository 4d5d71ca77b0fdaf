import { describe, expect, it } from 'vitest';
import type { GoValue } from '../template/value.js';
import { buildDocument, stateToYaml } from './build-output.js';

describe('build output', () => {
  it('prints the state in helmfile struct order, omitting zero omitempty fields', () => {
    const yaml = stateToYaml(
      {
        helmBinary: 'helm',
        kustomizeBinary: 'kustomize',
        releases: [
          { name: 'a', chart: 'c/a', version: '1.10', installed: false, labels: { x: '1' }, timeout: 30 },
        ],
        kubeVersion: '',
      },
      'helmfile.yaml',
      new Map<GoValue, GoValue>([
        ['b', 1n],
        ['a', 'x'],
      ]),
    );
    expect(yaml).toBe(
      [
        'filepath: helmfile.yaml',
        'helmBinary: helm',
        'kustomizeBinary: kustomize',
        'releases:',
        '  - chart: c/a',
        '    version: "1.10"',
        '    timeout: 30',
        '    installed: false',
        '    name: a',
        '    labels:',
        '      x: "1"',
        'templates: {}',
        'renderedvalues:',
        '  a: x',
        '  b: 1',
        '',
      ].join('\n'),
    );
  });
  it('prints every non-omitempty helmDefaults field once helmDefaults has any setting', () => {
    const yaml = stateToYaml({ helmDefaults: { atomic: true } }, 'h.yaml', new Map());
    expect(yaml).toContain(
      'helmDefaults:\n  verify: false\n  enableDNS: false\n  devel: false\n  wait: false\n  waitRetries: 0\n  waitForJobs: false\n  timeout: 0\n  recreatePods: false\n  force: false\n  atomic: true\n',
    );
    expect(stateToYaml({ helmDefaults: {} }, 'h.yaml', new Map())).not.toContain('helmDefaults');
  });
  it('prints hooks with their non-omitempty fields and environments sorted by name', () => {
    const yaml = stateToYaml(
      {
        environments: { prod: { kubeContext: 'p' }, dev: {} },
        hooks: [{ events: ['prepare'], command: 'echo' }],
      },
      'h.yaml',
      new Map(),
    );
    expect(yaml).toContain('environments:\n  dev: {}\n  prod:\n    kubeContext: p\n');
    expect(yaml).toContain(
      'hooks:\n  - name: ""\n    events:\n      - prepare\n    command: echo\n    args: []\n    showlogs: false\n',
    );
  });
  it('adds the source header', () => {
    expect(buildDocument('/abs/helmfile.yaml', {}, 'helmfile.yaml', new Map())).toBe(
      '---\n#  Source: /abs/helmfile.yaml\n\nfilepath: helmfile.yaml\ntemplates: {}\nrenderedvalues: {}\n',
    );
  });
});
