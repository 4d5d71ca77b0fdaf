import { join } from 'node:path';
import { helmfireCacheDir } from '../util/cache-dir.js';
import { LocalCluster, type UpOptions } from './control-plane.js';
import { LocalClusterError } from './errors.js';
import type { Toolchain } from './toolchain.js';

/** Where the named local cluster keeps its data: under helmfire's cache, one directory per name. */
export function localClusterDir(name = 'default', env: NodeJS.ProcessEnv = process.env): string {
  return join(helmfireCacheDir(env), 'local-cluster', name);
}

/**
 * Idempotent start: re-uses the cluster in `dir` when all of it is running and
 * ready, otherwise clears what is left of it and starts a new one.
 */
export async function ensureLocalCluster(
  dir: string,
  tools: Toolchain,
  opts: UpOptions = {},
): Promise<{ cluster: LocalCluster; reused: boolean }> {
  try {
    const existing = await LocalCluster.open(dir);
    const status = await existing.status();
    if (status.ready) return { cluster: existing, reused: true };
    opts.log?.('found a stopped or broken local cluster: starting it anew');
    await existing.down();
  } catch (err) {
    if (!(err instanceof LocalClusterError && err.code === 'NOT_RUNNING')) throw err;
  }
  return { cluster: await LocalCluster.up(dir, tools, opts), reused: false };
}
