import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalClusterError } from './errors.js';
import { type KubeEndpoint, kubeGet, kubeRequest } from './kube-http.js';
import { createPki } from './pki.js';
import { freePort, isAlive, startDaemon, stopProcess, waitFor } from './processes.js';
import type { Toolchain } from './toolchain.js';

/**
 * A real Kubernetes control plane on loopback: etcd, kube-apiserver,
 * kube-controller-manager, kube-scheduler and kwok (a fake kubelet that keeps
 * one Node Ready and runs its Pods), each a plain process bound to 127.0.0.1.
 *
 * Lifecycle: `LocalCluster.up(dir)` starts everything and records it in
 * `dir/cluster.json`; `LocalCluster.open(dir)` re-attaches to a running one;
 * `down()` stops every process and removes the data. Nothing in this cluster
 * dials an address outside loopback: the API server has no webhooks or
 * aggregated APIs configured and its endpoint reconciler is off.
 */

const COMPONENTS = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok'] as const;
export type Component = (typeof COMPONENTS)[number];

export interface ClusterRecord {
  readonly dir: string;
  readonly server: string;
  readonly kubeconfig: string;
  readonly context: string;
  readonly ports: Readonly<Record<string, number>>;
  readonly pids: Partial<Record<Component, number>>;
  /** Each component's command line (binary, then arguments), so a stopped one can be started again. */
  readonly commands?: Partial<Record<Component, readonly string[]>>;
  readonly startedAt: string;
  /** Seconds from the first process start to a Ready node and a default ServiceAccount. */
  readonly startSeconds: number;
}

export interface ComponentStatus {
  readonly name: Component;
  readonly pid: number | undefined;
  readonly running: boolean;
}

export interface ClusterStatus {
  readonly running: boolean;
  readonly ready: boolean;
  readonly server?: string;
  readonly kubeconfig?: string;
  readonly components: readonly ComponentStatus[];
}

export interface UpOptions {
  /** Progress lines ("etcd ready", …); defaults to silence. */
  readonly log?: (line: string) => void;
  /** Overall readiness timeout per component; start-up on 2 busy cores can be slow. */
  readonly timeoutMs?: number;
  readonly context?: string;
}

export const NODE_NAME = 'kwok-node-0';

export class LocalCluster {
  private constructor(
    readonly record: ClusterRecord,
    private readonly endpoint: KubeEndpoint,
  ) {}

  get kubeconfig(): string {
    return this.record.kubeconfig;
  }

  get server(): string {
    return this.record.server;
  }

  /** Starts a new cluster with its data, PKI, logs and pid records in `dir` (created, must not hold a running cluster). */
  static async up(dir: string, tools: Toolchain, opts: UpOptions = {}): Promise<LocalCluster> {
    const log = opts.log ?? (() => {});
    const timeoutMs = opts.timeoutMs ?? 90_000;
    const context = opts.context ?? 'helmfire-local';
    const t0 = Date.now();
    await rm(dir, { recursive: true, force: true });
    await mkdir(join(dir, 'pki'), { recursive: true });
    await mkdir(join(dir, 'logs'), { recursive: true });
    const pki = await createPki(join(dir, 'pki'));
    const ports = {
      etcdClient: await freePort(),
      etcdPeer: await freePort(),
      apiserver: await freePort(),
      controllerManager: await freePort(),
      scheduler: await freePort(),
      kwok: await freePort(),
    };
    const server = `https://127.0.0.1:${ports.apiserver}`;
    const kubeconfig = join(dir, 'kubeconfig');
    const ca = await readFile(pki.caCert);
    await writeFile(kubeconfig, renderKubeconfig(server, ca, pki.adminToken, context), { mode: 0o600 });
    const endpoint: KubeEndpoint = { server, ca, token: pki.adminToken };
    const pids: Partial<Record<Component, number>> = {};
    const commands: Partial<Record<Component, readonly string[]>> = {};
    const logOf = (c: Component) => join(dir, 'logs', `${c}.log`);
    const save = (startSeconds: number) =>
      writeFile(
        join(dir, 'cluster.json'),
        JSON.stringify(
          {
            dir,
            server,
            kubeconfig,
            context,
            ports,
            pids,
            commands,
            startedAt: new Date(t0).toISOString(),
            startSeconds,
          },
          null,
          2,
        ),
      );
    const start = async (c: Component, bin: string, args: string[]) => {
      commands[c] = [bin, ...args];
      pids[c] = startDaemon(bin, args, logOf(c));
      await save(-1); // record every pid at once so `down` can always stop what was started
    };
    const alive = (c: Component) => () => pids[c] !== undefined && isAlive(pids[c]);

    try {
      const etcdUrl = `http://127.0.0.1:${ports.etcdClient}`;
      const peerUrl = `http://127.0.0.1:${ports.etcdPeer}`;
      await start('etcd', tools.etcd, [
        '--name=helmfire',
        `--data-dir=${join(dir, 'etcd')}`,
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=${peerUrl}`,
        `--initial-advertise-peer-urls=${peerUrl}`,
        `--initial-cluster=helmfire=${peerUrl}`,
        '--unsafe-no-fsync=true',
        '--auto-compaction-retention=1',
        '--quota-backend-bytes=2147483648',
        '--log-level=warn',
      ]);
      await waitFor('etcd', () => httpOk(`${etcdUrl}/health`), {
        timeoutMs,
        alive: alive('etcd'),
        logFile: logOf('etcd'),
      });
      log(`etcd ready (${secs(t0)}s)`);

      await start('kube-apiserver', tools.kubeApiserver, [
        `--etcd-servers=${etcdUrl}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${ports.apiserver}`,
        `--tls-cert-file=${pki.serverCert}`,
        `--tls-private-key-file=${pki.serverKey}`,
        `--client-ca-file=${pki.caCert}`,
        `--token-auth-file=${pki.tokenFile}`,
        '--authorization-mode=RBAC',
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${pki.saPub}`,
        `--service-account-signing-key-file=${pki.saKey}`,
        '--service-cluster-ip-range=10.96.0.0/16',
        '--endpoint-reconciler-type=none',
        '--allow-privileged=true',
        '--enable-priority-and-fairness=false',
        '--profiling=false',
        `--cert-dir=${join(dir, 'pki')}`,
      ]);
      await waitFor(
        'kube-apiserver',
        async () => (await kubeRequest(endpoint, 'GET', '/readyz', undefined, 2000)).status === 200,
        { timeoutMs, alive: alive('kube-apiserver'), logFile: logOf('kube-apiserver') },
      );
      log(`kube-apiserver ready (${secs(t0)}s)`);

      const kcOpts = [
        `--kubeconfig=${kubeconfig}`,
        '--leader-elect=false',
        '--bind-address=127.0.0.1',
        '--authorization-always-allow-paths=/healthz,/readyz,/livez,/metrics',
      ];
      await start('kube-controller-manager', tools.kubeControllerManager, [
        ...kcOpts,
        `--secure-port=${ports.controllerManager}`,
        `--root-ca-file=${pki.caCert}`,
        `--service-account-private-key-file=${pki.saKey}`,
        '--use-service-account-credentials=false',
        `--cert-dir=${join(dir, 'pki', 'kcm')}`,
      ]);
      await start('kube-scheduler', tools.kubeScheduler, [
        ...kcOpts,
        `--secure-port=${ports.scheduler}`,
        `--cert-dir=${join(dir, 'pki', 'scheduler')}`,
      ]);
      const kwokConfig = join(dir, 'kwok.yaml');
      // A config file replaces kwok's built-in option defaults, so state the ones it needs.
      await writeFile(
        kwokConfig,
        [
          'apiVersion: config.kwok.x-k8s.io/v1alpha1',
          'kind: KwokConfiguration',
          'options:',
          '  podPlayStageParallelism: 4',
          '  nodePlayStageParallelism: 4',
          '  nodeLeaseParallelism: 4',
          '  podsOnNodeSyncParallelism: 1',
          '  enablePodsOnNodeSyncListPager: true',
          '  enablePodsOnNodeSyncStreamWatch: false',
          '  enableDebuggingHandlers: false',
          '  enableProfilingHandler: false',
          '',
        ].join('\n'),
      );
      await start('kwok', tools.kwok, [
        `--kubeconfig=${kubeconfig}`,
        `--config=${kwokConfig}`,
        `--config=${tools.kwokStages}`,
        '--manage-all-nodes=true',
        '--node-ip=127.0.0.1',
        '--cidr=10.244.0.0/16',
        '--node-lease-duration-seconds=40',
        `--server-address=127.0.0.1:${ports.kwok}`,
      ]);
      await createNode(endpoint);
      await waitFor('node ready', () => nodeReady(endpoint), {
        timeoutMs,
        alive: alive('kwok'),
        logFile: logOf('kwok'),
      });
      log(`node ${NODE_NAME} ready (${secs(t0)}s)`);
      await waitFor(
        'default ServiceAccount',
        async () =>
          (await kubeGet(endpoint, '/api/v1/namespaces/default/serviceaccounts/default')) !== undefined,
        { timeoutMs, alive: alive('kube-controller-manager'), logFile: logOf('kube-controller-manager') },
      );
      const startSeconds = Number(secs(t0));
      await save(startSeconds);
      log(`cluster ready in ${startSeconds}s`);
      return new LocalCluster(await readRecord(dir), endpoint);
    } catch (err) {
      await stopAll(pids);
      throw err;
    }
  }

  /** Attaches to the cluster recorded in `dir`; NOT_RUNNING when there is none. */
  static async open(dir: string): Promise<LocalCluster> {
    if (!existsSync(join(dir, 'cluster.json'))) {
      throw new LocalClusterError('NOT_RUNNING', `no local cluster in ${dir}`);
    }
    const record = await readRecord(dir);
    const ca = await readFile(join(dir, 'pki', 'ca.crt'));
    const token = (await readFile(join(dir, 'pki', 'tokens.csv'), 'utf8')).split(',')[0] ?? '';
    return new LocalCluster(record, { server: record.server, ca, token });
  }

  async status(): Promise<ClusterStatus> {
    const components = COMPONENTS.map((name) => {
      const pid = this.record.pids[name];
      return { name, pid, running: pid !== undefined && isAlive(pid) };
    });
    const running = components.every((c) => c.running);
    const ready = running && (await nodeReady(this.endpoint).catch(() => false));
    return { running, ready, server: this.server, kubeconfig: this.kubeconfig, components };
  }

  /** Stops one component and waits until it is gone (the rest keeps running); for fault tests. */
  async stopComponent(c: Component): Promise<void> {
    const pid = this.record.pids[c];
    if (pid !== undefined) await stopProcess(pid);
  }

  /**
   * Starts a component stopped by `stopComponent` again, with its original
   * command line (same ports, data and certificates); for the API server,
   * resolves once it is ready again.
   */
  async startComponent(c: Component, timeoutMs = 90_000): Promise<void> {
    const cmd = this.record.commands?.[c];
    const pid = this.record.pids[c];
    if (pid !== undefined && isAlive(pid)) return;
    if (!cmd?.[0]) throw new LocalClusterError('NOT_RUNNING', `no recorded command line for ${c}`);
    const logFile = join(this.record.dir, 'logs', `${c}.log`);
    const started = startDaemon(cmd[0], cmd.slice(1), logFile);
    this.record.pids[c] = started;
    await writeFile(join(this.record.dir, 'cluster.json'), JSON.stringify(this.record, null, 2));
    if (c === 'kube-apiserver') {
      await waitFor(
        'kube-apiserver',
        async () => (await kubeRequest(this.endpoint, 'GET', '/readyz', undefined, 2000)).status === 200,
        { timeoutMs, alive: () => isAlive(started), logFile },
      );
    }
  }

  /** Stops every component (reverse start order) and removes the cluster's data. */
  async down(): Promise<void> {
    await stopAll(this.record.pids);
    await rm(this.record.dir, { recursive: true, force: true });
  }
}

async function stopAll(pids: Partial<Record<Component, number>>): Promise<void> {
  for (const c of [...COMPONENTS].reverse()) {
    const pid = pids[c];
    if (pid !== undefined) await stopProcess(pid);
  }
}

async function readRecord(dir: string): Promise<ClusterRecord> {
  return JSON.parse(await readFile(join(dir, 'cluster.json'), 'utf8')) as ClusterRecord;
}

function secs(t0: number): string {
  return ((Date.now() - t0) / 1000).toFixed(1);
}

async function httpOk(url: string): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  return res.ok;
}

/** A kubeconfig with the CA embedded, so the file works wherever it is copied. */
function renderKubeconfig(server: string, ca: Buffer, token: string, context: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${context}`,
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority-data: ${ca.toString('base64')}`,
    'users:',
    `- name: ${context}-admin`,
    '  user:',
    `    token: ${token}`,
    'contexts:',
    `- name: ${context}`,
    '  context:',
    `    cluster: ${context}`,
    `    user: ${context}-admin`,
    `current-context: ${context}`,
    '',
  ].join('\n');
}

async function createNode(ep: KubeEndpoint): Promise<void> {
  const resources = { cpu: '32', memory: '256Gi', pods: '250', 'ephemeral-storage': '500Gi' };
  const node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: NODE_NAME,
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'kwok.x-k8s.io/node': 'fake' },
      labels: {
        'kubernetes.io/hostname': NODE_NAME,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        type: 'kwok',
      },
    },
    spec: {},
    status: {
      allocatable: resources,
      capacity: resources,
      nodeInfo: {
        architecture: 'amd64',
        operatingSystem: 'linux',
        kubeletVersion: 'fake',
        kubeProxyVersion: 'fake',
      },
    },
  };
  const res = await kubeRequest(ep, 'POST', '/api/v1/nodes', node);
  if (res.status !== 201 && res.status !== 409) {
    throw new LocalClusterError(
      'PROCESS_EXITED',
      `creating node ${NODE_NAME}: HTTP ${res.status}: ${res.body}`,
    );
  }
}

interface NodeObject {
  status?: { conditions?: { type: string; status: string }[] };
}

async function nodeReady(ep: KubeEndpoint): Promise<boolean> {
  const node = await kubeGet<NodeObject>(ep, `/api/v1/nodes/${NODE_NAME}`);
  return node?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}
