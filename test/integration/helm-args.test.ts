import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChartInputs,
  dependencyBuildArgs,
  detectHelm,
  effectiveOptions,
  getManifestArgs,
  type HelmBinary,
  type HelmCommand,
  historyArgs,
  listArgs,
  observeRelease,
  parseManifest,
  pullArgs,
  type ReleaseHelmKeys,
  registryLoginArgs,
  repoAddArgs,
  rollbackArgs,
  runHelm,
  statusArgs,
  templateArgs,
  testArgs,
  uninstallArgs,
  upgradeArgs,
} from '../../src/helm/index.js';
import { type TestEnv, testEnv, useNamespace } from '../harness/context.js';
import { chartsDir } from '../harness/sources.js';

/**
 * The command lines the builders make are accepted by the real helm of the
 * major under test (HELMFIRE_TEST_HELM=3 or 4) and do what the keys say.
 */
describe('helm command lines from release keys, on the real helm', () => {
  let t: TestEnv;
  let helm: HelmBinary;
  let ns: string;
  let work: string;
  const created: string[] = [];
  const run = async (args: readonly string[] | HelmCommand) => {
    const cmd = Array.isArray(args) ? { args: args as readonly string[] } : (args as HelmCommand);
    return (await runHelm(t.helm, cmd.args, { env: t.env, input: cmd.input })).stdout;
  };
  const json = async <T>(...args: string[]) => JSON.parse(await t.kubectl(...args, '-o', 'json')) as T;

  beforeAll(async () => {
    t = testEnv();
    helm = await detectHelm(t.helm);
    ns = await useNamespace(t, 'args');
    work = await mkdtemp(join(tmpdir(), 'helmfire-args-'));
    await run(repoAddArgs({ name: 'loop', url: t.chartRepoUrl }));
    await run(['repo', 'update', 'loop']);
  });

  afterAll(async () => {
    for (const n of created) await t.kubectl('delete', 'namespace', n, '--wait=false').catch(() => {});
    await rm(work, { recursive: true, force: true });
  });

  it('every flag the builders can emit for this major parses (helm <cmd> … --help)', async () => {
    const v4 = helm.major === 4;
    const all = effectiveOptions(
      {
        kubeContext: 'ctx',
        devel: true,
        verify: true,
        keyring: 'k.gpg',
        enableDNS: true,
        wait: true,
        waitForJobs: true,
        timeout: 60,
        force: true,
        ...(v4 ? { rollbackOnFailure: true } : { atomic: true, recreatePods: true }),
        cleanupOnFail: true,
        historyMax: 3,
        disableOpenAPIValidation: true,
        skipSchemaValidation: true,
        // helm resolves --post-renderer while parsing flags: covered by the post-renderer test
        postRendererArgs: ['a'],
        description: 'd',
        takeOwnership: true,
        syncReleaseLabels: true,
        labels: { a: 'b' },
        insecureSkipTLSVerify: true,
        apiVersions: ['x/v1'],
        kubeVersion: '1.30.0',
        cascade: 'foreground',
        deleteWait: true,
        deleteTimeout: 30,
      },
      { skipCRDs: true },
      { cli: { hideNotes: true } },
    );
    const inputs: ChartInputs = {
      name: 'x',
      chart: 'loop/webapp',
      version: '1.0.0',
      namespace: 'n',
      kubeconfig: t.kubeconfig,
      valuesFiles: ['v.yaml'],
      set: [
        { name: 'a', value: '1' },
        { name: 'f', file: 'f.txt' },
      ],
      setString: [{ name: 's', value: 'x' }],
    };
    const target = { name: 'x', namespace: 'n' };
    const ref = { ...target, kubeContext: 'ctx' };
    const lines: (readonly string[])[] = [
      upgradeArgs(all, inputs, helm, { recordLabels: { 'helmfire.io/digest': 'd' }, dryRun: 'server' }),
      upgradeArgs(
        effectiveOptions({ forceConflicts: v4, serverSide: v4 ? 'auto' : undefined, reuseValues: true }),
        inputs,
        helm,
      ),
      templateArgs(all, inputs, helm, {
        showOnly: ['t.yaml'],
        outputDir: 'o',
        validate: true,
        includeCRDs: true,
        noHooks: true,
        skipTests: true,
      }),
      templateArgs(effectiveOptions({ plainHttp: true }), inputs, helm),
      uninstallArgs(all, target, helm, { keepHistory: true, dryRun: true }),
      testArgs(all, target, { logs: true, filter: ['name=t'] }),
      rollbackArgs(all, target, helm, 1),
      statusArgs(ref, { output: 'json', revision: 1 }),
      getManifestArgs(ref, 1),
      historyArgs(ref, 5),
      listArgs(helm, { filter: '^x$', namespace: 'n', selector: 'a=b', max: 10, kubeContext: 'ctx' }),
      listArgs(helm, {
        allNamespaces: true,
        states: ['deployed', 'failed', 'pending', 'superseded', 'uninstalled', 'uninstalling'],
      }),
      dependencyBuildArgs('c', helm, {
        skipRefresh: true,
        verify: true,
        keyring: 'k',
        insecureSkipTLSVerify: true,
      }),
      dependencyBuildArgs('c', helm, { plainHttp: true }),
      repoAddArgs({
        name: 'r',
        url: 'u',
        username: 'a',
        password: 'b',
        caFile: 'c',
        certFile: 'd',
        keyFile: 'e',
        passCredentials: true,
        skipTLSVerify: true,
      }).args,
      registryLoginArgs('h', {
        username: 'a',
        password: 'b',
        caFile: 'c',
        certFile: 'd',
        keyFile: 'e',
        skipTLSVerify: true,
        plainHttp: true,
      })?.args ?? [],
      pullArgs({
        chart: 'oci://h/c:1.0.0',
        destination: 'd',
        devel: true,
        insecureSkipTLSVerify: true,
        caFile: 'c',
        certFile: 'd',
        keyFile: 'e',
        verify: true,
        keyring: 'k',
        registryConfig: 'r',
      }),
      pullArgs({ chart: 'r/c', destination: 'd', plainHttp: true }),
    ];
    for (const argv of lines) {
      // flags are parsed (and unknown ones refused) before --help prints
      await expect(run([...argv, '--help']), argv.join(' ')).resolves.toContain('Usage:');
    }
  });

  it('template: values files, escaped --set, --set-string, lists, schema skip, kubeVersion, show-only', async () => {
    const values = join(work, 'template-values.yaml');
    await writeFile(values, 'config:\n  FROM_FILE: file\n');
    const release: ReleaseHelmKeys = {
      skipSchemaValidation: true,
      kubeVersion: '1.30.0',
      apiVersions: ['x.io/v1'],
    };
    const inputs: ChartInputs = {
      name: 'tpl',
      chart: 'loop/webapp',
      version: '1.0.0',
      namespace: ns,
      valuesFiles: [values],
      set: [
        { name: 'config.GREETING', value: 'hi, {you}' },
        { name: 'config.LIST', values: ['a', 'b,c'] },
      ],
      setString: [{ name: 'config.FLAG', value: 'true' }],
    };
    const out = await run(
      templateArgs(effectiveOptions(release), inputs, helm, { showOnly: ['templates/configmap.yaml'] }),
    );
    const objs = parseManifest(out, 'tpl');
    expect(objs.map((o) => o.kind)).toEqual(['ConfigMap']);
    const data = objs[0]?.data as Record<string, string>;
    expect(data.FROM_FILE).toBe('file');
    expect(data.GREETING).toBe('hi, {you}');
    // a list violates the chart's schema: rendering it proves --skip-schema-validation went through
    expect(data.LIST).toBe('[a b,c]');
    expect(data.FLAG).toBe('true');

    // the chart requires Kubernetes >= 1.23: kubeVersion reaches helm
    await expect(
      run(
        templateArgs(
          effectiveOptions({ kubeVersion: '1.22.0' }),
          { name: 'tpl', chart: 'loop/webapp' },
          helm,
        ),
      ),
    ).rejects.toThrow(/kubeVersion|incompatible/i);
    // and without skipSchemaValidation the same list is refused by the schema
    await expect(run(templateArgs(effectiveOptions({}), inputs, helm))).rejects.toThrow(/schema/i);
  });

  it('post-renderer: an executable on helm 3, the plugin of the same name on helm 4, with its args', async () => {
    // one script serves both: run directly by helm 3, as a postrenderer/v1 plugin by helm 4
    const dir = join(t.env.HELM_DATA_HOME as string, 'plugins', 'set-greeting');
    await mkdir(dir, { recursive: true });
    const script = join(dir, 'set-greeting.sh');
    await writeFile(script, '#!/bin/sh\nsed "s/^  GREETING: .*/  GREETING: \\"$1\\"/"\n', { mode: 0o755 });
    await writeFile(
      join(dir, 'plugin.yaml'),
      [
        'name: set-greeting',
        'version: 0.1.0',
        'type: postrenderer/v1',
        'apiVersion: v1',
        'runtime: subprocess',
        'runtimeConfig:',
        '  platformCommand:',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: helm expands it in the plugin
        '    - command: "${HELM_PLUGIN_DIR}/set-greeting.sh"',
        '',
      ].join('\n'),
    );
    const opts = effectiveOptions({ postRenderer: script, postRendererArgs: ['post-rendered'] });
    const argv = templateArgs(opts, { name: 'pr', chart: 'loop/webapp', version: '1.0.0' }, helm, {
      showOnly: ['templates/configmap.yaml'],
    });
    expect(argv).toContain(helm.major === 3 ? script : 'set-greeting');
    const data = parseManifest(await run(argv), 'pr')[0]?.data as Record<string, string> | undefined;
    expect(data?.GREETING).toBe('post-rendered');
  });

  it('template from the OCI registry over plain HTTP, with CRDs included', async () => {
    const inputs: ChartInputs = { name: 'crd', chart: `oci://${t.ociHost}/charts/crd-app`, version: '0.1.0' };
    const out = await run(
      templateArgs(effectiveOptions({ plainHttp: true }), inputs, helm, {
        includeCRDs: true,
        skipTests: true,
      }),
    );
    expect(parseManifest(out, 'crd').map((o) => o.kind)).toContain('CustomResourceDefinition');
  });

  let appNs: string;
  const opts = (extra: ReleaseHelmKeys = {}) =>
    effectiveOptions(
      {
        wait: true,
        waitForJobs: true,
        timeout: 120,
        cleanupOnFail: true,
        atomic: true,
        historyMax: 2,
        disableOpenAPIValidation: true,
        enableDNS: true,
        takeOwnership: true,
        syncReleaseLabels: true,
        labels: { tier: 'web' },
        ...(helm.major === 4 ? { serverSide: 'auto' } : {}),
        ...extra,
      },
      { args: ['--burst-limit=50'] },
    );
  const webInputs = (version: string): ChartInputs => ({
    name: 'web',
    chart: 'loop/webapp',
    version,
    namespace: appNs,
    set: [{ name: 'config.GREETING', value: 'a,b' }],
    setString: [{ name: 'config.PORT_NAME', value: '8080' }],
  });

  it('upgrade --install with a representative set of keys: namespace created, Ready, labels and description stored', async () => {
    appNs = `${ns}-app`;
    created.push(appNs);
    const argv = upgradeArgs(opts({ description: 'first install' }), webInputs('1.0.0'), helm, {
      recordLabels: { 'helmfire.io/digest': 'd1' },
    });
    expect(argv).toContain('--create-namespace');
    expect(argv).toContain(helm.major === 3 ? '--atomic' : '--rollback-on-failure');
    await run(argv);

    const dep = await json<{ status: { readyReplicas?: number } }>(
      'get',
      'deployment',
      'web-webapp',
      '-n',
      appNs,
    );
    expect(dep.status.readyReplicas).toBe(1);
    const values = JSON.parse(await run(['get', 'values', 'web', '-n', appNs, '-o', 'json'])) as {
      config: Record<string, unknown>;
    };
    expect(values.config).toEqual({ GREETING: 'a,b', PORT_NAME: '8080' });
    const obs = await observeRelease(helm, { name: 'web', namespace: appNs, env: t.env, labels: true });
    expect(obs.exists && obs.labels).toEqual({ 'helmfire.io/digest': 'd1', tier: 'web' });
    const hist = JSON.parse(await run(historyArgs({ name: 'web', namespace: appNs }))) as {
      description: string;
    }[];
    expect(hist.at(-1)?.description).toBe('first install');
  });

  it('upgrade with force, reuse-values and a new chart version; history capped at historyMax', async () => {
    await run(upgradeArgs(opts({ force: true }), webInputs('1.1.0'), helm));
    await run(
      upgradeArgs(opts({ reuseValues: true }), { ...webInputs('1.1.0'), set: [], setString: [] }, helm, {
        recordLabels: { 'helmfire.io/digest': 'd3' },
      }),
    );
    const values = JSON.parse(await run(['get', 'values', 'web', '-n', appNs, '-o', 'json'])) as {
      config: Record<string, unknown>;
    };
    expect(values.config.GREETING).toBe('a,b');
    const hist = JSON.parse(await run(historyArgs({ name: 'web', namespace: appNs }))) as {
      revision: number;
    }[];
    expect(hist.map((h) => h.revision)).toEqual([2, 3]);
    const status = JSON.parse(
      await run(statusArgs({ name: 'web', namespace: appNs }, { output: 'json' })),
    ) as { info: { status: string } };
    expect(status.info.status).toBe('deployed');
    const obs = await observeRelease(helm, { name: 'web', namespace: appNs, env: t.env, labels: true });
    expect(obs.exists && [obs.chartVersion, obs.labels]).toEqual([
      '1.1.0',
      { 'helmfire.io/digest': 'd3', tier: 'web' },
    ]);
  });

  it('rollback to an earlier revision with the release’s wait settings', async () => {
    await run(rollbackArgs(opts(), { name: 'web', namespace: appNs }, helm, 2));
    const obs = await observeRelease(helm, { name: 'web', namespace: appNs, env: t.env });
    expect(obs.exists && [obs.status, obs.revision, obs.chartVersion]).toEqual(['deployed', 4, '1.1.0']);
    const manifest = parseManifest(await run(getManifestArgs({ name: 'web', namespace: appNs })), 'web');
    expect(manifest.map((o) => o.kind)).toContain('Deployment');
  });

  it('test and list', async () => {
    await run(testArgs(opts(), { name: 'web', namespace: appNs }, { logs: true, timeout: 60 }));
    const rows = JSON.parse(await run(listArgs(helm, { filter: '^web$', namespace: appNs }))) as {
      name: string;
    }[];
    expect(rows.map((r) => r.name)).toEqual(['web']);
    const none = JSON.parse(
      await run(listArgs(helm, { namespace: appNs, selector: 'helmfire.io/digest=nope' })),
    ) as unknown[];
    expect(none).toEqual([]);
  });

  it('uninstall with deleteWait, deleteTimeout and cascade removes the release and its objects', async () => {
    const del = effectiveOptions({ deleteWait: true, deleteTimeout: 120, cascade: 'foreground' });
    await run(uninstallArgs(del, { name: 'web', namespace: appNs }, helm));
    expect(await observeRelease(helm, { name: 'web', namespace: appNs, env: t.env })).toEqual({
      exists: false,
    });
    // foreground cascade: the Deployment goes once the garbage collector removed what it owns
    let left = '';
    for (let i = 0; i < 150; i++) {
      left = (await t.kubectl('get', 'deployment', '-n', appNs, '-o', 'name')).trim();
      if (left === '') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(left).toBe('');
  });

  it('pull from the OCI registry (tag in the reference) and dependency build of a local chart', async () => {
    const dest = join(work, 'pulled');
    await run(
      pullArgs({ chart: `oci://${t.ociHost}/charts/webapp:1.1.0`, destination: dest, plainHttp: true }),
    );
    expect(await readdir(join(dest, 'webapp'))).toContain('Chart.yaml');

    const src = join(work, 'src');
    await cp(join(chartsDir, 'stack'), join(src, 'stack'), { recursive: true });
    await cp(join(chartsDir, 'webapp-1.1.0'), join(src, 'webapp-1.1.0'), { recursive: true });
    await run(
      dependencyBuildArgs(join(src, 'stack'), helm, { skipRefresh: true, extraArgs: ['--wait', '--debug'] }),
    );
    expect(await readdir(join(src, 'stack', 'charts'))).toContain('webapp-1.1.0.tgz');
  });
});
