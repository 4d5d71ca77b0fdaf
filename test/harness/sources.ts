import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChartRepo } from '../../src/localcluster/chart-repo.js';
import { pushChart, startOciRegistry } from '../../src/localcluster/oci-registry.js';

export const chartsDir = fileURLToPath(new URL('../charts/', import.meta.url));

/** The test charts' source directories (every folder of test/charts with a Chart.yaml). */
export async function testChartDirs(): Promise<string[]> {
  const entries = await readdir(chartsDir, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => join(chartsDir, e.name));
}

/** The chart repository and the OCI registry on loopback, with every test chart in both. */
export async function startLoopbackSources(
  dir: string,
  helm: string,
): Promise<{ chartRepoUrl: string; ociHost: string; stop(): Promise<void> }> {
  const charts = await testChartDirs();
  const repo = await startChartRepo({ charts, workDir: join(dir, 'repo'), helmBin: helm });
  let registry: Awaited<ReturnType<typeof startOciRegistry>> | undefined;
  try {
    registry = await startOciRegistry({ workDir: join(dir, 'registry') });
    for (const tgz of repo.packages) await pushChart(registry.host, tgz, helm);
  } catch (err) {
    await registry?.stop();
    await repo.stop();
    throw err;
  }
  const reg = registry;
  return {
    chartRepoUrl: repo.url,
    ociHost: reg.host,
    async stop() {
      await reg.stop();
      await repo.stop();
    },
  };
}
