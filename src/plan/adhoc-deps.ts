import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { HelmfireError } from '../errors.js';
import { type HelmInfo, runHelm } from '../helm/index.js';
import type { Repository } from '../state/model.js';
import type { DependencySpec } from '../state/spec.js';
import { inputDigest } from './digest.js';
import { type PreparedRelease, withImages } from './prepare.js';

/**
 * A release's `dependencies:` ("adhoc" chart dependencies, as helmfile
 * hands them to chartify): the release's chart is copied into a private
 * directory, the listed charts are added to its Chart.yaml `dependencies`
 * (each with the condition `<alias or name>.enabled`), `helm dependency
 * update` downloads them into its `charts/`, and helm installs or renders
 * that copy. The chart keeps its own name and version, so helm's release
 * record and the `# Source:` lines are those of the original chart.
 */

/** One entry added to the copied chart's Chart.yaml `dependencies`. */
export interface AdhocDependency {
  readonly name: string;
  readonly repository: string;
  readonly condition: string;
  readonly alias?: string;
  readonly version?: string;
}

/** A release's `dependencies:` entry cannot be resolved or fetched. */
export class AdhocDependencyError extends HelmfireError {
  override readonly name = 'AdhocDependencyError';
  constructor(release: string, message: string, options?: { cause?: unknown }) {
    super('ADHOC_DEPENDENCY', `release "${release}": dependencies: ${message}`, options);
  }
}

const ociBase = (url: string) => url.replace(/^oci:\/\//, '').replace(/\/+$/, '');

/**
 * Resolves `dependencies:` entries as helmfile does: a directory relative to
 * the state file becomes `file://<absolute path>`; `oci://host/path/name`
 * splits into the repository `oci://host/path` and the name; `repo/name`
 * of an OCI repository of the state becomes `oci://<url>/name`; any other
 * `repo/name` takes the repository's URL from the state, else from
 * `knownRepos` (helm's own repository list).
 */
export function resolveAdhocDependencies(
  release: string,
  deps: readonly DependencySpec[],
  baseDir: string,
  repositories: readonly Repository[],
  isDir: (path: string) => boolean,
  knownRepos: ReadonlyMap<string, string> = new Map(),
): AdhocDependency[] {
  return deps.map((d, i) => {
    const chart = d.chart ?? '';
    if (!chart) throw new AdhocDependencyError(release, `entry ${i + 1} has no "chart"`);
    let name: string;
    let repository: string;
    const local = isAbsolute(chart) ? chart : resolve(baseDir, chart);
    const slash = chart.indexOf('/');
    const ociRepo =
      slash > 0 ? repositories.find((r) => r.oci && r.name === chart.slice(0, slash)) : undefined;
    if (isDir(local)) {
      name = basename(local);
      repository = `file://${local}`;
    } else if (chart.startsWith('oci://') || ociRepo) {
      const ref = ociRepo ? `oci://${ociBase(ociRepo.url)}/${chart.slice(slash + 1)}` : chart;
      const cut = ref.replace(/\/+$/, '').lastIndexOf('/');
      name = ref.slice(cut + 1);
      repository = ref.slice(0, cut);
    } else {
      if (slash <= 0) {
        throw new AdhocDependencyError(
          release,
          `chart "${chart}" is neither a directory, an oci:// reference nor "repository/name"`,
        );
      }
      const repoName = chart.slice(0, slash);
      name = chart.slice(slash + 1).split('/')[0] ?? '';
      const url = repositories.find((r) => !r.oci && r.name === repoName)?.url ?? knownRepos.get(repoName);
      if (!url) {
        throw new AdhocDependencyError(
          release,
          `chart "${chart}": no repository "${repoName}" in the state's repositories nor in helm's repository list`,
        );
      }
      repository = url;
    }
    return {
      name,
      repository,
      condition: `${d.alias || name}.enabled`,
      ...(d.alias ? { alias: d.alias } : {}),
      ...(d.version ? { version: d.version } : {}),
    };
  });
}

/** helm's own repository list (`helm repo list`), name → URL; empty when helm has none. */
export async function helmRepositoryList(
  helm: HelmInfo,
  env?: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  try {
    const { stdout } = await runHelm(helm.path, ['repo', 'list', '--output', 'json'], {
      ...(env ? { env } : {}),
      ...(signal ? { signal } : {}),
    });
    const list = JSON.parse(stdout) as unknown;
    if (Array.isArray(list)) {
      for (const r of list as { name?: unknown; url?: unknown }[]) {
        if (typeof r?.name === 'string' && typeof r.url === 'string') out.set(r.name, r.url);
      }
    }
  } catch {
    // helm says "no repositories to show" with a non-zero exit
  }
  return out;
}

/** Whether resolving `deps` needs helm's repository list (a `repo/name` whose repository the state lacks). */
export function needsHelmRepositoryList(
  deps: readonly DependencySpec[],
  baseDir: string,
  repositories: readonly Repository[],
  isDir: (path: string) => boolean,
): boolean {
  return deps.some((d) => {
    const c = d.chart ?? '';
    const slash = c.indexOf('/');
    if (slash <= 0 || c.startsWith('oci://') || isDir(isAbsolute(c) ? c : resolve(baseDir, c))) return false;
    return !repositories.some((r) => r.name === c.slice(0, slash));
  });
}

/** The repository names `deps` refer to as `repo/name` (to be added to helm before the update). */
export function adhocRepositoryNames(
  deps: readonly DependencySpec[],
  repositories: readonly Repository[],
): string[] {
  const out = new Set<string>();
  for (const d of deps) {
    const c = d.chart ?? '';
    const slash = c.indexOf('/');
    if (slash <= 0 || c.startsWith('oci://')) continue;
    const name = c.slice(0, slash);
    if (repositories.some((r) => r.name === name)) out.add(name);
  }
  return [...out];
}

/**
 * The copied chart's Chart.yaml with `deps` as its dependencies: after its
 * own ones (and those of a `requirements.yaml`, merged in as helmfile
 * does) unless `replace`; relative `file://` repositories of its own
 * dependencies are made absolute against `originalDir`, since the copy
 * lives elsewhere. The rest of the file is kept as written.
 */
export function chartYamlWithDependencies(
  chartYaml: string,
  requirementsYaml: string | undefined,
  deps: readonly AdhocDependency[],
  originalDir: string,
  replace: boolean,
): string {
  const doc = parseDocument(chartYaml);
  const own: unknown[] = [];
  if (!replace) {
    const fromChart = doc.get('dependencies');
    const chartDeps = fromChart ? (doc.toJS() as { dependencies?: unknown }).dependencies : undefined;
    if (Array.isArray(chartDeps)) own.push(...chartDeps);
    if (requirementsYaml !== undefined) {
      const req = parseDocument(requirementsYaml).toJS() as { dependencies?: unknown } | null;
      if (Array.isArray(req?.dependencies)) own.push(...req.dependencies);
    }
    for (const d of own) {
      if (!d || typeof d !== 'object') continue;
      const dep = d as { repository?: unknown };
      if (typeof dep.repository === 'string' && dep.repository.startsWith('file://')) {
        const p = dep.repository.slice('file://'.length);
        if (!isAbsolute(p)) dep.repository = `file://${resolve(originalDir, p)}`;
      }
    }
  }
  const all = [...own, ...deps.map((d) => ({ ...d }))];
  doc.set('dependencies', doc.createNode(all));
  return doc.toString();
}

export interface AdhocChartOptions {
  readonly release: string;
  /** The release's chart as a directory (a local chart, or a pulled remote one). */
  readonly chartDir: string;
  /** The chart is a pulled remote chart: its `charts/` already holds its own dependencies. */
  readonly remote: boolean;
  /** Where the copy goes (created; replaced if it exists). */
  readonly targetDir: string;
  readonly deps: readonly AdhocDependency[];
  readonly helm: HelmInfo;
  readonly env?: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
  /** `--oci-plain-http`: helm 4 needs `--plain-http` for a plain-HTTP OCI registry. */
  readonly ociPlainHttp?: boolean;
  /** `plainHttp:` / `insecureSkipTLSVerify:` of the release. */
  readonly plainHttp?: boolean;
  readonly insecureSkipTLSVerify?: boolean;
}

const readIfExists = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : undefined);

/**
 * Builds the temporary chart: copy, dependencies added, `helm dependency
 * update`. For a local chart helm resolves its own dependencies together
 * with the added ones (as helmfile does); for a pulled remote chart, whose
 * `charts/` holds its own already, only the added ones are fetched and its
 * own are kept.
 */
export async function buildAdhocChart(o: AdhocChartOptions): Promise<string> {
  rmSync(o.targetDir, { recursive: true, force: true });
  mkdirSync(join(o.targetDir, '..'), { recursive: true });
  cpSync(o.chartDir, o.targetDir, { recursive: true, dereference: true });
  const chartYamlPath = join(o.targetDir, 'Chart.yaml');
  const original = readIfExists(chartYamlPath);
  if (original === undefined) {
    throw new AdhocDependencyError(o.release, `the chart "${o.chartDir}" has no Chart.yaml`);
  }
  const requirementsPath = join(o.targetDir, 'requirements.yaml');
  const requirements = readIfExists(requirementsPath);
  const full = chartYamlWithDependencies(original, requirements, o.deps, o.chartDir, false);
  if (requirements !== undefined) rmSync(requirementsPath);
  rmSync(join(o.targetDir, 'requirements.lock'), { force: true });

  // A remote chart's own dependencies are packaged in charts/: set them aside
  // so that the update (which deletes archives it does not list) keeps them.
  const aside = join(o.targetDir, '..', `${basename(o.targetDir)}.own-charts`);
  const charts = join(o.targetDir, 'charts');
  if (o.remote) {
    writeFileSync(chartYamlPath, chartYamlWithDependencies(original, undefined, o.deps, o.chartDir, true));
    rmSync(join(o.targetDir, 'Chart.lock'), { force: true });
    rmSync(aside, { recursive: true, force: true });
    if (existsSync(charts)) renameSync(charts, aside);
  } else {
    writeFileSync(chartYamlPath, full);
  }
  const args = ['dependency', 'update', o.targetDir];
  if (o.plainHttp || (o.ociPlainHttp && o.helm.major === 4)) args.push('--plain-http');
  else if (o.insecureSkipTLSVerify) args.push('--insecure-skip-tls-verify');
  try {
    await runHelm(o.helm.path, args, {
      ...(o.env ? { env: o.env } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
      cwd: o.targetDir,
      release: o.release,
    });
  } catch (err) {
    throw new AdhocDependencyError(o.release, `helm dependency update failed: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (o.remote) {
    if (existsSync(aside)) {
      mkdirSync(charts, { recursive: true });
      cpSync(aside, charts, { recursive: true });
      rmSync(aside, { recursive: true, force: true });
    }
    // Chart.lock now describes the added dependencies only; helm does not need it to render.
    rmSync(join(o.targetDir, 'Chart.lock'), { force: true });
    writeFileSync(chartYamlPath, full);
  }
  return o.targetDir;
}

/**
 * The prepared release rendered from the temporary chart `dir`: a local
 * chart (no `--version`), its digest extended by the added dependencies.
 */
export function withAdhocChart(
  p: PreparedRelease,
  dir: string,
  deps: readonly AdhocDependency[],
): PreparedRelease {
  const { version: _v, ...chart } = p.chart;
  const baseDigest = inputDigest([p.baseDigest, 'adhoc-dependencies', deps.map((d) => ({ ...d }))]);
  return withImages(
    { ...p, source: { kind: 'local', path: dir }, chart: { ...chart, chart: dir, oci: false }, baseDigest },
    p.images ?? [],
  );
}
