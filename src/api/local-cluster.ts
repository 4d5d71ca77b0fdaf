import {
  type ClusterStatus,
  ensureLocalCluster,
  LocalCluster,
  LocalClusterError,
  localClusterDir,
  resolveToolchain,
} from '../localcluster/index.js';

/** Programmatic API for the embedded local cluster (`helmfire cluster …`, `npm run cluster:*`). */

export interface LocalClusterUpResult {
  readonly reused: boolean;
  readonly seconds: number;
  readonly server: string;
  readonly kubeconfig: string;
}

export async function localClusterUp(
  opts: { name?: string; log?: (line: string) => void } = {},
): Promise<LocalClusterUpResult> {
  const t0 = Date.now();
  const { cluster, reused } = await ensureLocalCluster(localClusterDir(opts.name), resolveToolchain(), {
    ...(opts.log ? { log: opts.log } : {}),
  });
  return {
    reused,
    seconds: (Date.now() - t0) / 1000,
    server: cluster.server,
    kubeconfig: cluster.kubeconfig,
  };
}

/** Stops the local cluster; false when none was running. */
export async function localClusterDown(opts: { name?: string } = {}): Promise<boolean> {
  try {
    await (await LocalCluster.open(localClusterDir(opts.name))).down();
    return true;
  } catch (err) {
    if (err instanceof LocalClusterError && err.code === 'NOT_RUNNING') return false;
    throw err;
  }
}

/** The local cluster's status; undefined when none was started. */
export async function localClusterStatus(opts: { name?: string } = {}): Promise<ClusterStatus | undefined> {
  try {
    return await (await LocalCluster.open(localClusterDir(opts.name))).status();
  } catch (err) {
    if (err instanceof LocalClusterError && err.code === 'NOT_RUNNING') return undefined;
    throw err;
  }
}
