// npm run demo — the main job on the embedded local cluster, start to finish.
// Starts a real control plane and a chart repository on loopback, deploys a
// chart with the real helm, shows the result, and stops everything again.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LocalCluster, resolveToolchain } from '../src/localcluster/index.js';
import { startLoopbackSources } from '../test/harness/sources.js';

const run = promisify(execFile);
const say = (s: string) => console.log(s);
const step = (s: string) => console.log(`\n▸ ${s}`);

const work = await mkdtemp(join(tmpdir(), 'helmfire-demo-'));
const tools = resolveToolchain();
const env = {
  ...process.env,
  KUBECONFIG: join(work, 'cluster', 'kubeconfig'),
  HELM_CACHE_HOME: join(work, 'helm', 'cache'),
  HELM_CONFIG_HOME: join(work, 'helm', 'config'),
  HELM_DATA_HOME: join(work, 'helm', 'data'),
};
const sh = async (bin: string, ...args: string[]) => {
  const { stdout } = await run(bin, args, { env });
  return stdout.trimEnd();
};

let cluster: LocalCluster | undefined;
let sources: Awaited<ReturnType<typeof startLoopbackSources>> | undefined;
try {
  step(
    'starting a real Kubernetes control plane on 127.0.0.1 (etcd, kube-apiserver, controller-manager, scheduler, kwok)',
  );
  cluster = await LocalCluster.up(join(work, 'cluster'), tools, { log: (l) => say(`  ${l}`) });
  say(`  ${await sh(tools.kubectl, 'version').then((v) => v.split('\n').pop() ?? '')}`);

  step('serving charts from a loopback chart repository and OCI registry');
  sources = await startLoopbackSources(join(work, 'sources'), tools.helm4);
  say(`  chart repo:   ${sources.chartRepoUrl}`);
  say(`  OCI registry: oci://${sources.ociHost}/charts`);
  await sh(tools.helm4, 'repo', 'add', 'demo', sources.chartRepoUrl);

  step('helm install shop demo/webapp --wait');
  const t0 = Date.now();
  await sh(
    tools.helm4,
    'install',
    'shop',
    'demo/webapp',
    '-n',
    'demo',
    '--create-namespace',
    '--wait',
    '--timeout',
    '120s',
  );
  say(`  installed and ready in ${((Date.now() - t0) / 1000).toFixed(1)}s`);

  step('what is running');
  say(await sh(tools.kubectl, 'get', 'deployments,pods,services', '-n', 'demo'));
  say('');
  say(await sh(tools.helm4, 'list', '-n', 'demo'));
  step('done — stopping everything');
} finally {
  await sources?.stop();
  await cluster?.down();
  await rm(work, { recursive: true, force: true });
}
