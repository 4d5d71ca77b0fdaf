import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

/** One of helmfile's snapshot cases (`testdata/snapshot/<name>`), with its `config.yaml` applied. */
export interface SnapshotCase {
  readonly name: string;
  readonly dir: string;
  /** Arguments after `-f <input>` (default `build`). */
  readonly helmfileArgs: readonly string[];
  /** Directory (relative to the harness working dir) CHARTIFY_TEMPDIR points at. */
  readonly chartifyTempDir: string;
  /** A local HTTP chart repository on this fixed port. */
  readonly chartRepoPort?: number;
  /** An OCI registry on a free port, substituted for `$REGISTRY_PORT`. */
  readonly registry: boolean;
  /** Why the case cannot run here, if it cannot (it needs the internet). */
  readonly skipReason?: string;
}

/** Cases that fetch from github.com; nothing else in the suite needs the internet. */
const internetCases = new Map([
  ['issue_498_template_go_getter_with_selector', 'needs the internet (git:: chart from github.com)'],
  ['pr_560', 'needs the internet (git:: values and secrets from github.com)'],
]);

interface RawConfig {
  helmfileArgs?: string[];
  chartifyTempDir?: string;
  localChartRepoServer?: { enabled?: boolean; port?: number };
  localDockerRegistry?: { enabled?: boolean };
}

export function loadSnapshotCases(testdata: string): SnapshotCase[] {
  const root = join(testdata, 'snapshot');
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const dir = join(root, name);
      const configFile = join(dir, 'config.yaml');
      const cfg: RawConfig = existsSync(configFile)
        ? (parseYaml(readFileSync(configFile, 'utf8')) ?? {})
        : {};
      const args = cfg.helmfileArgs ?? [];
      const repo = cfg.localChartRepoServer;
      const skipReason = internetCases.get(name);
      return {
        name,
        dir,
        helmfileArgs: args.length > 0 ? args : ['build'],
        chartifyTempDir: cfg.chartifyTempDir || 'chartify_temp',
        ...(repo?.enabled && repo.port ? { chartRepoPort: repo.port } : {}),
        registry: cfg.localDockerRegistry?.enabled === true,
        ...(skipReason ? { skipReason } : {}),
      };
    });
}

/**
 * The golden file the harness compares with: with helm 4 `output-helm4.yaml`
 * first, then the file for the YAML library in use, then `output.yaml`.
 */
export function goldenFile(c: SnapshotCase, helmMajor: 3 | 4, goYamlV3: boolean): string | null {
  const candidates = [
    ...(helmMajor === 4 ? ['output-helm4.yaml'] : []),
    goYamlV3 ? 'gopkg.in-yaml.v3-output.yaml' : 'gopkg.in-yaml.v2-output.yaml',
    'output.yaml',
  ];
  for (const f of candidates) if (existsSync(join(c.dir, f))) return join(c.dir, f);
  return null;
}
