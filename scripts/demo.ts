// npm run demo — helmfire's main job on the embedded local cluster, start to finish:
// a real control plane and chart sources on loopback, then
//   helmfire apply   (the quickstart: 4 releases, needs, an environment, a values template)
//   a values edit    -> helmfire diff shows it -> helmfire apply deploys only that release
//   a kubectl scale  -> helmfire diff shows the drift, live
//   helmfire status
// and everything stopped again. Runs in its own loopback-only network namespace.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runCli } from '../src/cli/cli.js';
import { startChartRepo } from '../src/localcluster/chart-repo.js';
import { LocalCluster, resolveToolchain } from '../src/localcluster/index.js';
import { pushChart, startOciRegistry } from '../src/localcluster/oci-registry.js';
import { testChartDirs } from '../test/harness/sources.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
const bold = (s: string) => (color ? `\x1b[1m${s}\x1b[0m` : s);
const step = (title: string, explain: string) => console.log(`\n${bold(`▸ ${title}`)}\n  ${explain}`);

const work = mkdtempSync(join(tmpdir(), 'helmfire-demo-'));
const tools = resolveToolchain();
const kubeconfig = join(work, 'cluster', 'kubeconfig');
const env = {
  ...process.env,
  KUBECONFIG: kubeconfig,
  HELM_CACHE_HOME: join(work, 'helm', 'cache'),
  HELM_CONFIG_HOME: join(work, 'helm', 'config'),
  HELM_DATA_HOME: join(work, 'helm', 'data'),
};
Object.assign(process.env, env);
const quickstart = join(work, 'quickstart');
cpSync(join(root, 'examples/quickstart'), quickstart, { recursive: true });

/** `helmfire …` exactly as a user types it (in-process), output shown as it comes. */
async function helmfire(...args: string[]): Promise<number> {
  console.log(`  $ helmfire ${args.join(' ')}`);
  const indent = (s: string) => s.replace(/^(?=.)/gm, '    ');
  return runCli(['-f', join(quickstart, 'helmfile.yaml'), '--helm-binary', tools.helm4, ...args], {
    out: (s) => process.stdout.write(indent(s)),
    err: (s) => process.stdout.write(indent(s)),
    color,
  });
}

let cluster: LocalCluster | undefined;
const stops: (() => Promise<void>)[] = [];
let failed = false;
try {
  step(
    'A real Kubernetes control plane on 127.0.0.1',
    'etcd, kube-apiserver, controller-manager, scheduler, and kwok as a fake kubelet',
  );
  cluster = await LocalCluster.up(join(work, 'cluster'), tools, { log: (l) => console.log(`    ${l}`) });

  step(
    'Chart sources on loopback',
    'a helm chart repository (http://127.0.0.1:18879) and an OCI registry (oci://127.0.0.1:15000)',
  );
  const repo = await startChartRepo({
    charts: await testChartDirs(),
    workDir: join(work, 'repo'),
    helmBin: tools.helm4,
    port: 18879,
  });
  stops.push(() => repo.stop());
  const registry = await startOciRegistry({ workDir: join(work, 'registry'), port: 15000 });
  stops.push(() => registry.stop());
  for (const tgz of repo.packages) await pushChart(registry.host, tgz, tools.helm4);
  console.log(`    ${repo.packages.length} chart versions served by both`);

  step(
    'helmfire apply',
    'installs the quickstart in needs order: database, then backend, then frontend; status-page alongside',
  );
  if ((await helmfire('apply')) !== 0) throw new Error('apply failed');

  step(
    'Edit a values file, then helmfire diff',
    'frontend replicaCount 1 -> 2: the diff is computed against the live cluster',
  );
  const fe = join(quickstart, 'values/frontend.yaml');
  writeFileSync(fe, readFileSync(fe, 'utf8').replace('replicaCount: 1', 'replicaCount: 2'));
  await helmfire('diff', '--context', '3');

  step(
    'helmfire apply',
    'only the release whose inputs changed is upgraded; the others are left alone (no helm upgrade)',
  );
  if ((await helmfire('apply')) !== 0) throw new Error('apply failed');

  step('Someone scales the backend by hand', 'kubectl scale deployment backend-webapp --replicas=4');
  await run(tools.kubectl, ['scale', 'deployment', 'backend-webapp', '-n', 'shop', '--replicas=4'], { env });
  step(
    'helmfire diff',
    'the drift shows, field by field — helm-diff would not see it (it compares with helm’s record)',
  );
  await helmfire('diff', '--context', '2', '-l', 'name=backend');

  step('helmfire status', 'helm’s record and the health of every object of every release');
  await helmfire('status');
  step('Done', 'stopping everything');
} catch (err) {
  failed = true;
  console.error(`\ndemo failed: ${(err as Error).message}`);
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  await cluster?.down().catch(() => {});
  rmSync(work, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
