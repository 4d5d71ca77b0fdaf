import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ChartRepo,
  isolatedHelmEnv,
  runHelm,
  startChartRepo,
} from '../../../src/localcluster/chart-repo.js';
import { type OciRegistry, pushChart, startOciRegistry } from '../../../src/localcluster/oci-registry.js';
import { chartDirs, type Workspace } from './workspace.js';

/**
 * The loopback chart sources the snapshot cases need: a chart repository per
 * case on the case's fixed port (another port if that one is taken), and one
 * OCI registry with every test chart pushed to `oci://HOST/myrepo`.
 */
export class SnapshotServers {
  private registry: OciRegistry | undefined;

  constructor(
    private readonly ws: Workspace,
    private readonly helm: string,
  ) {}

  /** Starts a chart repository with the test charts; returns it and the port it really listens on. */
  async chartRepo(wantPort: number): Promise<{ repo: ChartRepo; port: number }> {
    const opts = { charts: chartDirs(this.ws), helmBin: this.helm };
    const workDir = join(this.ws.root, `repo-${wantPort}`);
    let repo: ChartRepo;
    try {
      repo = await startChartRepo({ ...opts, workDir, port: wantPort });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      repo = await startChartRepo({ ...opts, workDir });
    }
    return { repo, port: Number(new URL(repo.url).port) };
  }

  /** The registry's port, starting it and pushing the charts on first use. */
  async registryPort(): Promise<number> {
    if (!this.registry) {
      const registry = await startOciRegistry({ workDir: join(this.ws.root, 'registry') });
      this.registry = registry;
      const pkgDir = join(this.ws.root, 'packages');
      mkdirSync(pkgDir, { recursive: true });
      const env = isolatedHelmEnv(join(this.ws.root, 'package-helm'));
      for (const dir of chartDirs(this.ws))
        await runHelm(this.helm, ['package', dir, '--destination', pkgDir], env);
      for (const tgz of readdirSync(pkgDir)) {
        await pushChart(registry.host, join(pkgDir, tgz), this.helm, { repository: 'myrepo' });
      }
    }
    return Number(this.registry.host.split(':').pop());
  }

  async stop(): Promise<void> {
    await this.registry?.stop();
    this.registry = undefined;
  }
}
