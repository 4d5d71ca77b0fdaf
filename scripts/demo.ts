// npm run demo — helmfire's main job on the embedded local cluster, start to finish:
// a real control plane and chart sources on loopback, then
//   helmfire apply   (the quickstart: 4 releases, needs, an environment, a values template)
//   a values edit    -> helmfire diff shows it -> helmfire apply deploys only that release
//   a kubectl scale  -> helmfire diff shows the drift, live
//   helmfire status
//   helmfire sync --watch, with a values edit, `helmfire image` and `helmfire chart` from "another terminal"
// and everything stopped again. Runs in its own loopback-only network namespace.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runCli } from '../src/cli/cli.js';
import { deliverInterrupt } from '../src/cli/interrupt.js';
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

/** Output of the watch, so the demo can wait for what it prints. */
let watchOutput = '';
let mark = 0;
/** Waits until the watch prints `what` after the last `until`. */
async function until(what: RegExp, seconds = 60): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (!what.test(watchOutput.slice(mark))) {
    if (Date.now() > end) throw new Error(`sync --watch did not print ${what} in ${seconds}s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  mark = watchOutput.length;
}

/** The dev loop: a watch, then edits and substitutions as a developer makes them from another terminal. */
async function devLoop(): Promise<void> {
  step(
    'helmfire sync --watch',
    'deploys, then watches every file the state reads and applies exactly the releases an edit changes',
  );
  console.log('  $ helmfire sync --watch   (left running; what follows happens in another terminal)');
  const indent = (x: string) => x.replace(/^(?=.)/gm, '    │ ');
  const watching = runCli(
    ['-f', join(quickstart, 'helmfile.yaml'), '--helm-binary', tools.helm4, 'sync', '--watch'],
    {
      out: (x) => {
        watchOutput += x;
        process.stdout.write(indent(x));
      },
      err: (x) => {
        watchOutput += x;
        process.stdout.write(indent(x));
      },
      color,
    },
  );
  try {
    await until(/watching \d+ files/, 300);
    await edits();
  } finally {
    step('Ctrl-C', 'the watch stops cleanly; then the substitutions are removed again');
    deliverInterrupt('SIGINT');
    await watching;
  }
  await helmfire('image', 'rm', '--all');
  await helmfire('chart', 'rm', '--all');
}

async function edits(): Promise<void> {
  step('Edit a values file', 'frontend replicaCount 2 -> 3: one event, one helm upgrade, of frontend only');
  const fe = join(quickstart, 'values/frontend.yaml');
  writeFileSync(fe, readFileSync(fe, 'utf8').replace('replicaCount: 2', 'replicaCount: 3'));
  await until(/→ frontend upgraded/);

  step(
    'helmfire image postgres:16.4 127.0.0.1:5000/postgres:dev',
    'a local build instead of the chart’s image, in the StatefulSet AND in the chart’s hook Job; no file edited',
  );
  await helmfire('image', 'postgres:16.4', '127.0.0.1:5000/postgres:dev');
  await until(/→ database upgraded/);

  step(
    'helmfire chart demo/webapp@1.1.0 ./webapp-dev',
    'a local checkout of the chart (one template edited) instead of the repository’s: backend and frontend re-deployed',
  );
  const dev = join(work, 'webapp-dev');
  cpSync((await testChartDirs()).find((d) => d.endsWith('webapp-1.1.0')) as string, dev, { recursive: true });
  const cm = join(dev, 'templates', 'configmap.yaml');
  writeFileSync(cm, readFileSync(cm, 'utf8').replace('\ndata:\n', '\ndata:\n  FROM: "my checkout"\n'));
  await helmfire('chart', 'demo/webapp@1.1.0', dev);
  await until(/→ .*(backend upgraded.*frontend upgraded|frontend upgraded.*backend upgraded)/);

  const jsonpath = async (kind: string, name: string, path: string) =>
    (
      await run(
        tools.kubectl,
        ['get', kind, ...(name ? [name] : []), '-n', 'shop', '-o', `jsonpath=${path}`],
        { env },
      )
    ).stdout;
  console.log(
    `  live: database StatefulSet image ${await jsonpath('statefulset', '', '{.items[0].spec.template.spec.containers[0].image}')}`,
  );
  console.log(
    `  live: frontend ConfigMap FROM=${await jsonpath('configmap', 'frontend-webapp', '{.data.FROM}')}`,
  );
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

  await devLoop();
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
