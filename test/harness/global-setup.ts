import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { LocalCluster, resolveToolchain } from '../../src/localcluster/index.js';
import { stopStaleOciRegistry } from '../../src/localcluster/oci-registry.js';
import { isAlive } from '../../src/localcluster/processes.js';
import { startLoopbackSources } from './sources.js';

/**
 * Starts the real parts once per test run — control plane, chart repository,
 * OCI registry — and stops them when the run ends, passed or failed. A run
 * that was killed leaves an owner file behind; the next run cleans it up.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = join(tmpdir(), 'helmfire-test-runs');
  await mkdir(root, { recursive: true });
  await reapStaleRuns(root);
  const runDir = join(root, `run-${process.pid}`);
  await rm(runDir, { recursive: true, force: true });
  await mkdir(runDir, { recursive: true });
  await writeFile(join(runDir, 'owner.pid'), String(process.pid));

  const tools = resolveToolchain();
  const helmMajor = process.env.HELMFIRE_TEST_HELM === '3' ? 3 : 4;
  const helm = helmMajor === 3 ? tools.helm3 : tools.helm4;
  const t0 = Date.now();
  const cluster = await LocalCluster.up(join(runDir, 'cluster'), tools, { context: 'helmfire-test' });
  let sources: Awaited<ReturnType<typeof startLoopbackSources>> | undefined;
  try {
    sources = await startLoopbackSources(join(runDir, 'sources'), helm);
  } catch (err) {
    await cluster.down();
    throw err;
  }
  console.error(
    `[harness] control plane ${cluster.record.startSeconds}s, all parts ready in ${((Date.now() - t0) / 1000).toFixed(1)}s (helm ${helmMajor})`,
  );

  project.provide('kubeconfig', cluster.kubeconfig);
  project.provide('helm', helm);
  project.provide('helmMajor', helmMajor);
  project.provide('kubectl', tools.kubectl);
  project.provide('chartRepoUrl', sources.chartRepoUrl);
  project.provide('ociHost', sources.ociHost);
  project.provide('runDir', runDir);

  return async () => {
    await sources?.stop();
    await cluster.down();
    await rm(runDir, { recursive: true, force: true });
  };
}

/** Stops clusters of earlier runs whose test process no longer exists. */
async function reapStaleRuns(root: string): Promise<void> {
  for (const name of await readdir(root)) {
    const dir = join(root, name);
    const ownerFile = join(dir, 'owner.pid');
    if (!existsSync(ownerFile)) continue;
    const owner = Number(await readFile(ownerFile, 'utf8'));
    if (owner && isAlive(owner)) continue;
    const clusterDir = join(dir, 'cluster');
    if (existsSync(join(clusterDir, 'cluster.json'))) await (await LocalCluster.open(clusterDir)).down();
    await stopStaleOciRegistry(join(dir, 'sources', 'registry'));
    await rm(dir, { recursive: true, force: true });
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    kubeconfig: string;
    helm: string;
    helmMajor: 3 | 4;
    kubectl: string;
    chartRepoUrl: string;
    ociHost: string;
    runDir: string;
  }
}
