import { describe, expect, it } from 'vitest';
import type { ChartInputs, HelmTarget } from './args.js';
import { HelmOptionsError, HelmUnsupportedError } from './args-errors.js';
import { upgradeArgs } from './args-upgrade.js';
import {
  type CliHelmOverrides,
  effectiveOptions,
  type HelmDefaultsKeys,
  type ReleaseHelmKeys,
} from './options.js';

const H3: HelmTarget = { major: 3, version: 'v3.18.0' };
const H4: HelmTarget = { major: 4, version: 'v4.1.4' };
const CHART: ChartInputs = { name: 'web', chart: 'repo/webapp', namespace: 'apps' };

function up(
  release: ReleaseHelmKeys,
  helm: HelmTarget,
  defaults: HelmDefaultsKeys = {},
  cli: CliHelmOverrides = {},
  inputs: Partial<ChartInputs> = {},
) {
  return upgradeArgs(effectiveOptions(release, defaults, { cli }), { ...CHART, ...inputs }, helm);
}

/** `seq` appears in `argv` as consecutive items. */
function has(argv: readonly string[], seq: readonly string[]): boolean {
  for (let i = 0; i + seq.length <= argv.length; i++) {
    if (seq.every((s, j) => argv[i + j] === s)) return true;
  }
  return false;
}

type Expect = readonly string[] | 'absent' | typeof HelmUnsupportedError | typeof HelmOptionsError;

interface Row {
  readonly key: string;
  readonly release: ReleaseHelmKeys;
  readonly defaults?: HelmDefaultsKeys;
  readonly cli?: CliHelmOverrides;
  readonly inputs?: Partial<ChartInputs>;
  /** The flag(s) looked for when `absent`. */
  readonly probe?: readonly string[];
  readonly v3: Expect;
  readonly v4: Expect;
}

// The key → flag table of `upgrade --install`, per helm major.
const table: Row[] = [
  { key: 'wait', release: { wait: true }, v3: ['--wait'], v4: ['--wait=watcher'] },
  {
    key: 'wait with trackMode helm-legacy',
    release: { wait: true, trackMode: 'helm-legacy' },
    v3: ['--wait'],
    v4: ['--wait=legacy'],
  },
  { key: 'wait unset', release: {}, probe: ['--wait'], v3: 'absent', v4: 'absent' },
  { key: 'waitForJobs', release: { waitForJobs: true }, v3: ['--wait-for-jobs'], v4: ['--wait-for-jobs'] },
  {
    key: 'waitForJobs with kubedog tracking',
    release: { waitForJobs: true, trackMode: 'kubedog' },
    probe: ['--wait-for-jobs'],
    v3: 'absent',
    v4: 'absent',
  },
  { key: 'timeout', release: { timeout: 90 }, v3: ['--timeout', '90s'], v4: ['--timeout', '90s'] },
  { key: 'atomic', release: { atomic: true }, v3: ['--atomic'], v4: ['--rollback-on-failure'] },
  {
    key: 'rollbackOnFailure',
    release: { rollbackOnFailure: true },
    v3: HelmUnsupportedError,
    v4: ['--rollback-on-failure'],
  },
  {
    key: 'atomic + rollbackOnFailure',
    release: { atomic: true, rollbackOnFailure: true },
    v3: HelmOptionsError,
    v4: HelmOptionsError,
  },
  {
    key: 'cleanupOnFail',
    release: { cleanupOnFail: true },
    v3: ['--cleanup-on-fail'],
    v4: ['--cleanup-on-fail'],
  },
  { key: 'force', release: { force: true }, v3: ['--force'], v4: ['--force-replace'] },
  {
    key: 'force means client-side apply on helm 4',
    release: { force: true },
    probe: ['--server-side'],
    v3: 'absent',
    v4: ['--server-side', 'false'],
  },
  {
    key: 'force + serverSide true',
    release: { force: true, serverSide: 'true' },
    v3: HelmUnsupportedError,
    v4: HelmOptionsError,
  },
  {
    key: 'forceConflicts',
    release: { forceConflicts: true },
    v3: HelmUnsupportedError,
    v4: ['--force-conflicts'],
  },
  {
    key: 'force + forceConflicts',
    release: { force: true, forceConflicts: true },
    v3: HelmUnsupportedError,
    v4: HelmOptionsError,
  },
  { key: 'recreatePods', release: { recreatePods: true }, v3: ['--recreate-pods'], v4: HelmUnsupportedError },
  { key: 'historyMax', release: { historyMax: 3 }, v3: ['--history-max', '3'], v4: ['--history-max', '3'] },
  { key: 'historyMax default', release: {}, v3: ['--history-max', '10'], v4: ['--history-max', '10'] },
  {
    key: 'historyMax 0 (unlimited)',
    release: { historyMax: 0 },
    v3: ['--history-max', '0'],
    v4: ['--history-max', '0'],
  },
  { key: 'createNamespace default', release: {}, v3: ['--create-namespace'], v4: ['--create-namespace'] },
  {
    key: 'createNamespace false',
    release: { createNamespace: false },
    probe: ['--create-namespace'],
    v3: 'absent',
    v4: 'absent',
  },
  {
    key: 'skipCRDs (helmDefaults)',
    release: {},
    defaults: { skipCRDs: true },
    v3: ['--skip-crds'],
    v4: ['--skip-crds'],
  },
  { key: 'devel', release: { devel: true }, v3: ['--devel'], v4: ['--devel'] },
  { key: 'verify', release: { verify: true }, v3: ['--verify'], v4: ['--verify'] },
  { key: 'keyring', release: { keyring: 'k.gpg' }, v3: ['--keyring', 'k.gpg'], v4: ['--keyring', 'k.gpg'] },
  {
    key: 'verify on an OCI chart (verified at pull time)',
    release: { verify: true },
    inputs: { chart: 'oci://reg/charts/webapp' },
    probe: ['--verify'],
    v3: 'absent',
    v4: 'absent',
  },
  {
    key: 'disableOpenAPIValidation',
    release: { disableOpenAPIValidation: true },
    v3: ['--disable-openapi-validation'],
    v4: ['--disable-openapi-validation'],
  },
  {
    key: 'disableValidation (helm-diff only)',
    release: { disableValidation: true },
    probe: ['--disable-validation'],
    v3: 'absent',
    v4: 'absent',
  },
  {
    key: 'skipSchemaValidation',
    release: { skipSchemaValidation: true },
    v3: ['--skip-schema-validation'],
    v4: ['--skip-schema-validation'],
  },
  {
    key: 'postRenderer script',
    release: { postRenderer: './hack/add-cm.sh' },
    v3: ['--post-renderer', './hack/add-cm.sh'],
    v4: ['--post-renderer', 'add-cm'],
  },
  {
    key: 'postRenderer executable path',
    release: { postRenderer: 'bin/kustomize-wrap' },
    v3: ['--post-renderer', 'bin/kustomize-wrap'],
    v4: HelmUnsupportedError,
  },
  {
    key: 'postRendererArgs',
    release: { postRenderer: 'pr', postRendererArgs: ['-a', '', 'b c'] },
    v3: ['--post-renderer-args=-a', '--post-renderer-args=b c'],
    v4: ['--post-renderer-args=-a', '--post-renderer-args=b c'],
  },
  { key: 'reuseValues', release: { reuseValues: true }, v3: ['--reuse-values'], v4: ['--reuse-values'] },
  { key: 'reuseValues default', release: {}, v3: ['--reset-values'], v4: ['--reset-values'] },
  {
    key: 'description',
    release: { description: 'why' },
    v3: ['--description', 'why'],
    v4: ['--description', 'why'],
  },
  {
    key: 'takeOwnership',
    release: { takeOwnership: true },
    v3: ['--take-ownership'],
    v4: ['--take-ownership'],
  },
  {
    key: 'serverSide',
    release: { serverSide: 'true' },
    v3: HelmUnsupportedError,
    v4: ['--server-side', 'true'],
  },
  {
    key: 'serverSide auto',
    release: { serverSide: 'auto' },
    v3: HelmUnsupportedError,
    v4: ['--server-side', 'auto'],
  },
  {
    key: 'serverSide invalid',
    release: { serverSide: 'yes' },
    v3: HelmUnsupportedError,
    v4: HelmOptionsError,
  },
  {
    key: 'serverSide from the command line',
    release: {},
    cli: { serverSide: 'false' },
    probe: ['--server-side'],
    v3: 'absent',
    v4: ['--server-side', 'false'],
  },
  {
    key: 'insecureSkipTLSVerify',
    release: { insecureSkipTLSVerify: true },
    v3: ['--insecure-skip-tls-verify'],
    v4: ['--insecure-skip-tls-verify'],
  },
  { key: 'plainHttp', release: { plainHttp: true }, v3: ['--plain-http'], v4: ['--plain-http'] },
  {
    key: 'plainHttp drops insecureSkipTLSVerify',
    release: { plainHttp: true, insecureSkipTLSVerify: true },
    probe: ['--insecure-skip-tls-verify'],
    v3: 'absent',
    v4: 'absent',
  },
  { key: 'enableDNS', release: { enableDNS: true }, v3: ['--enable-dns'], v4: ['--enable-dns'] },
  {
    key: 'kubeContext',
    release: { kubeContext: 'prod' },
    v3: ['--kube-context', 'prod'],
    v4: ['--kube-context', 'prod'],
  },
  {
    key: 'syncReleaseLabels',
    release: { syncReleaseLabels: true, labels: { tier: 'web', name: 'x', app: 'shop' } },
    v3: ['--labels', 'app=shop,tier=web'],
    v4: ['--labels', 'app=shop,tier=web'],
  },
  {
    key: 'labels without syncReleaseLabels',
    release: { labels: { tier: 'web' } },
    probe: ['--labels'],
    v3: 'absent',
    v4: 'absent',
  },
  {
    key: 'adopt (helm-x)',
    release: { adopt: ['ns/cm/x'] },
    v3: HelmUnsupportedError,
    v4: HelmUnsupportedError,
  },
  {
    key: 'hideNotes (command line)',
    release: {},
    cli: { hideNotes: true },
    v3: ['--hide-notes'],
    v4: ['--hide-notes'],
  },
];

describe('upgradeArgs: key → flag, per helm major', () => {
  for (const row of table) {
    for (const [major, helm] of [
      ['v3', H3],
      ['v4', H4],
    ] as const) {
      const want = row[major];
      it(`${row.key} on helm ${helm.major}`, () => {
        const build = () => up(row.release, helm, row.defaults, row.cli, row.inputs);
        if (typeof want === 'function') {
          expect(build).toThrow(want);
        } else if (want === 'absent') {
          expect(build().some((a) => (row.probe ?? []).some((p) => a === p || a.startsWith(`${p}=`)))).toBe(
            false,
          );
        } else {
          const argv = build();
          expect(has(argv, want), `${argv.join(' ')}\n  lacks ${want.join(' ')}`).toBe(true);
        }
      });
    }
  }
});

describe('upgradeArgs: whole command lines', () => {
  const release: ReleaseHelmKeys = {
    wait: true,
    waitForJobs: true,
    timeout: 300,
    atomic: true,
    cleanupOnFail: true,
    force: true,
    historyMax: 5,
    kubeContext: 'kind',
    description: 'deploy',
    syncReleaseLabels: true,
    labels: { team: 'a' },
  };
  const inputs: ChartInputs = {
    name: 'web',
    chart: 'repo/webapp',
    version: '1.1.0',
    namespace: 'apps',
    kubeconfig: 'kc.yaml',
    valuesFiles: ['v1.yaml', 'v2.yaml'],
    set: [{ name: 'image.tag', value: '1.2' }],
    setString: [{ name: 'port', value: '80' }],
    extraValuesFiles: ['cli.yaml'],
    extraSet: ['replicas=2'],
  };
  const opts = effectiveOptions(release, { args: ['--debug'] }, { cli: { syncArgs: '--hide-secret' } });

  it('helm 3, in helmfile order', () => {
    expect(upgradeArgs(opts, inputs, H3, { recordLabels: { 'helmfire.io/digest': 'abc' } })).toEqual([
      'upgrade',
      '--install',
      'web',
      'repo/webapp',
      '--version',
      '1.1.0',
      '--wait',
      '--wait-for-jobs',
      '--timeout',
      '300s',
      '--force',
      '--atomic',
      '--cleanup-on-fail',
      '--create-namespace',
      '--kube-context',
      'kind',
      '--kubeconfig',
      'kc.yaml',
      '--labels',
      'helmfire.io/digest=abc,team=a',
      '--description',
      'deploy',
      '--hide-secret',
      '--namespace',
      'apps',
      '--values',
      'v1.yaml',
      '--values',
      'v2.yaml',
      '--set',
      'image.tag=1.2',
      '--set-string',
      'port=80',
      '--values',
      'cli.yaml',
      '--set',
      'replicas=2',
      '--reset-values',
      '--history-max',
      '5',
      '--debug',
    ]);
  });

  it('helm 4 renames force and atomic and takes a wait strategy', () => {
    const argv = upgradeArgs(opts, inputs, H4);
    expect(argv.slice(6, 13)).toEqual([
      '--wait=watcher',
      '--wait-for-jobs',
      '--timeout',
      '300s',
      '--force-replace',
      '--rollback-on-failure',
      '--cleanup-on-fail',
    ]);
    expect(has(argv, ['--labels', 'team=a'])).toBe(true);
  });

  it('passes an OCI digest in the chart reference, not in --version', () => {
    const argv = upgradeArgs(effectiveOptions({}), { ...CHART, version: '1.0.0@sha256:abcd' }, H4);
    expect(has(argv, ['--version', '1.0.0'])).toBe(true);
  });

  it('puts a dry run before the values', () => {
    const argv = upgradeArgs(effectiveOptions({}), CHART, H4, { dryRun: 'server' });
    expect(argv.indexOf('--dry-run=server')).toBeLessThan(argv.indexOf('--namespace'));
  });
});

describe('upgradeArgs: record labels', () => {
  it('refuses a label value helm cannot store (64 hex chars > 63)', () => {
    const digest = 'a'.repeat(64);
    expect(() =>
      upgradeArgs(effectiveOptions({}), CHART, H4, { recordLabels: { 'helmfire.io/digest': digest } }),
    ).toThrow(/at most 63/);
  });

  it('refuses helm’s own label names', () => {
    expect(() => upgradeArgs(effectiveOptions({}), CHART, H3, { recordLabels: { status: 'x' } })).toThrow(
      HelmOptionsError,
    );
  });

  it('record labels win over synced state labels of the same key', () => {
    const opts = effectiveOptions({ syncReleaseLabels: true, labels: { k: 'state' } });
    expect(has(upgradeArgs(opts, CHART, H4, { recordLabels: { k: 'mine' } }), ['--labels', 'k=mine'])).toBe(
      true,
    );
  });

  it('needs helm 3.13 for record labels; synced labels are dropped before it', () => {
    const old: HelmTarget = { major: 3, version: 'v3.12.3' };
    expect(() => upgradeArgs(effectiveOptions({}), CHART, old, { recordLabels: { a: 'b' } })).toThrow(
      HelmUnsupportedError,
    );
    const argv = upgradeArgs(effectiveOptions({ syncReleaseLabels: true, labels: { a: 'b' } }), CHART, old);
    expect(argv).not.toContain('--labels');
  });

  it('drops --take-ownership and --hide-notes on helm 3 versions before them, as helmfile does', () => {
    const old: HelmTarget = { major: 3, version: 'v3.15.0' };
    const argv = upgradeArgs(
      effectiveOptions({ takeOwnership: true }, {}, { cli: { hideNotes: true } }),
      CHART,
      old,
    );
    expect(argv).not.toContain('--take-ownership');
    expect(argv).not.toContain('--hide-notes');
  });
});
