import { describe, expect, it } from 'vitest';
import type { ChartInputs, HelmTarget } from './args.js';
import { HelmUnsupportedError } from './args-errors.js';
import { templateArgs } from './args-template.js';
import { effectiveOptions } from './options.js';

const H3: HelmTarget = { major: 3, version: 'v3.18.0' };
const H4: HelmTarget = { major: 4, version: 'v4.1.4' };
const CHART: ChartInputs = { name: 'web', chart: 'repo/webapp', namespace: 'apps' };

describe('templateArgs', () => {
  it('renders the release keys template cares about, in helmfile order', () => {
    const opts = effectiveOptions(
      {
        devel: true,
        enableDNS: true,
        postRenderer: 'pr',
        postRendererArgs: ['x'],
        apiVersions: ['monitoring.coreos.com/v1'],
        skipSchemaValidation: true,
        kubeContext: 'kind',
        plainHttp: true,
      },
      { templateArgs: ['--dry-run=server'], args: ['--debug'] },
    );
    const inputs: ChartInputs = { ...CHART, version: '1.0.0', valuesFiles: ['v.yaml'], extraSet: ['a=1'] };
    expect(
      templateArgs(opts, inputs, H3, {
        showOnly: ['templates/deployment.yaml'],
        outputDir: 'out',
        validate: true,
        includeCRDs: true,
        noHooks: true,
        skipTests: true,
      }),
    ).toEqual([
      'template',
      'web',
      'repo/webapp',
      '--version',
      '1.0.0',
      '--devel',
      '--enable-dns',
      '--post-renderer',
      'pr',
      '--post-renderer-args=x',
      '--api-versions',
      'monitoring.coreos.com/v1',
      '--plain-http',
      '--show-only',
      'templates/deployment.yaml',
      '--skip-schema-validation',
      '--kube-context',
      'kind',
      '--dry-run=server',
      '--namespace',
      'apps',
      '--values',
      'v.yaml',
      '--set',
      'a=1',
      '--output-dir',
      'out',
      '--validate',
      '--include-crds',
      '--no-hooks',
      '--skip-tests',
      '--debug',
    ]);
  });

  it('takes kubeVersion from the command line, then the release, then the state', () => {
    const state = { kubeVersion: '1.30.0', apiVersions: ['a/v1'] };
    const kv = (o: ReturnType<typeof effectiveOptions>) => {
      const argv = templateArgs(o, CHART, H4);
      return argv[argv.indexOf('--kube-version') + 1];
    };
    expect(kv(effectiveOptions({}, {}, state))).toBe('1.30.0');
    expect(kv(effectiveOptions({ kubeVersion: '1.31.0' }, {}, state))).toBe('1.31.0');
    expect(
      kv(effectiveOptions({ kubeVersion: '1.31.0' }, {}, { ...state, cli: { kubeVersion: '1.34.0' } })),
    ).toBe('1.34.0');
    expect(templateArgs(effectiveOptions({}, {}, state), CHART, H4)).toContain('a/v1');
    expect(templateArgs(effectiveOptions({ apiVersions: ['b/v1'] }, {}, state), CHART, H4)).not.toContain(
      'a/v1',
    );
  });

  it('does not carry install-only keys (wait, labels, history) into template', () => {
    const opts = effectiveOptions({
      wait: true,
      atomic: true,
      historyMax: 3,
      syncReleaseLabels: true,
      labels: { a: 'b' },
    });
    const argv = templateArgs(opts, CHART, H4);
    for (const f of [
      '--wait',
      '--wait=watcher',
      '--rollback-on-failure',
      '--history-max',
      '--labels',
      '--create-namespace',
    ]) {
      expect(argv).not.toContain(f);
    }
  });

  it('applies the helm 4 post-renderer plugin rule to template too', () => {
    expect(templateArgs(effectiveOptions({ postRenderer: 'ci/add-labels.bash' }), CHART, H4)).toContain(
      'add-labels',
    );
    expect(() => templateArgs(effectiveOptions({ postRenderer: '/usr/bin/kustomize' }), CHART, H4)).toThrow(
      HelmUnsupportedError,
    );
  });

  it('keeps the command line --template-args over helmDefaults.templateArgs', () => {
    const opts = effectiveOptions(
      {},
      { templateArgs: ['--dry-run=server'] },
      { cli: { templateArgs: '--is-upgrade' } },
    );
    const argv = templateArgs(opts, CHART, H3);
    expect(argv).toContain('--is-upgrade');
    expect(argv).not.toContain('--dry-run=server');
  });

  it('--oci-plain-http: an OCI chart is rendered and pulled over plain HTTP, a repository chart is not', () => {
    const cli = { ociPlainHttp: true };
    const oci: ChartInputs = { ...CHART, chart: 'oci://reg:5000/charts/webapp', oci: true };
    for (const helm of [H3, H4]) {
      expect(templateArgs(effectiveOptions({}, {}, { cli, ociChart: true }), oci, helm)).toContain(
        '--plain-http',
      );
      expect(templateArgs(effectiveOptions({}, {}, { cli }), CHART, helm)).not.toContain('--plain-http');
    }
  });
});
