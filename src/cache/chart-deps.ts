import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { type DependencyBuildFlags, dependencyBuildArgs, type HelmInfo, runHelm } from '../helm/index.js';
import { chartDirDigest } from '../plan/index.js';
import { writeFileAtomic } from './store.js';

/**
 * `helm dependency build` for local charts, run only when it can change
 * something: a chart without dependencies is never built, and a chart whose
 * dependency inputs (Chart.yaml, Chart.lock, requirements.*, the `charts/`
 * folder, and the content of `file://` dependencies) are unchanged since
 * helmfire last built it is not built again. What "last built" saw is kept
 * as a stamp in `<cache>/deps/`.
 */

export interface ChartDependency {
  readonly name: string;
  readonly version?: string;
  readonly repository?: string;
  readonly alias?: string;
}

function readYaml(path: string): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const v = parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The dependencies a chart declares (`Chart.yaml`, or `requirements.yaml` of apiVersion v1 charts). */
export function chartDependencies(dir: string): ChartDependency[] {
  const chart = readYaml(join(dir, 'Chart.yaml'));
  let deps = chart?.dependencies;
  if (!Array.isArray(deps) || deps.length === 0)
    deps = readYaml(join(dir, 'requirements.yaml'))?.dependencies;
  if (!Array.isArray(deps)) return [];
  return deps
    .filter((d): d is Record<string, unknown> => !!d && typeof d === 'object' && typeof d.name === 'string')
    .map((d) => ({
      name: d.name as string,
      ...(typeof d.version === 'string' ? { version: d.version } : {}),
      ...(typeof d.repository === 'string' ? { repository: d.repository } : {}),
      ...(typeof d.alias === 'string' ? { alias: d.alias } : {}),
    }));
}

const fileDigest = (path: string) => {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return '-';
  }
};

/** Digest of everything `helm dependency build` reads or writes for this chart. */
export function dependencyInputsDigest(dir: string, deps = chartDependencies(dir)): string {
  const h = createHash('sha256');
  for (const f of ['Chart.yaml', 'Chart.lock', 'requirements.yaml', 'requirements.lock']) {
    h.update(`${f}\0${fileDigest(join(dir, f))}\0`);
  }
  let charts: string[] = [];
  try {
    charts = readdirSync(join(dir, 'charts')).sort();
  } catch {
    // no charts/ yet
  }
  for (const name of charts) {
    const p = join(dir, 'charts', name);
    const isDir = statSync(p).isDirectory();
    h.update(`charts/${name}\0${isDir ? chartDirDigest(p) : fileDigest(p)}\0`);
  }
  for (const d of deps) {
    if (!d.repository?.startsWith('file://')) continue;
    const rel = d.repository.slice('file://'.length);
    const p = isAbsolute(rel) ? rel : resolve(dir, rel);
    let digest = '-';
    try {
      digest = chartDirDigest(p);
    } catch {
      // missing: helm will say so
    }
    h.update(`file://${rel}\0${digest}\0`);
  }
  return h.digest('hex');
}

export interface DependencyBuilderOptions {
  /** Where stamps live (`<cache>/deps`). */
  readonly stampDir: string;
  readonly helm: HelmInfo;
  readonly env?: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
  /** Awaited before the first build of the run (e.g. to add the state's repositories). */
  readonly beforeBuild?: (dir: string, deps: readonly ChartDependency[]) => Promise<void>;
  /** Called when a build starts (progress). */
  readonly onBuild?: (dir: string) => void;
}

export type DependencyOutcome = 'none' | 'up-to-date' | 'built';

/**
 * Builds the dependencies of local charts, one chart at a time (helm's
 * repository cache is not safe for concurrent builds), each chart at most
 * once per run.
 */
export class DependencyBuilder {
  private readonly done = new Map<string, Promise<DependencyOutcome>>();
  private queue: Promise<unknown> = Promise.resolve();
  builds = 0;

  constructor(private readonly o: DependencyBuilderOptions) {}

  private stampPath(dir: string): string {
    return join(this.o.stampDir, `${createHash('sha256').update(dir).digest('hex').slice(0, 32)}.json`);
  }

  private stamp(dir: string): string | undefined {
    try {
      const s = JSON.parse(readFileSync(this.stampPath(dir), 'utf8')) as { dir?: string; digest?: string };
      return s.dir === dir ? s.digest : undefined;
    } catch {
      return undefined;
    }
  }

  /** Makes sure `dir`'s dependencies are built; `flags` apply to the build if one runs. */
  ensure(dir: string, flags: DependencyBuildFlags = {}): Promise<DependencyOutcome> {
    let p = this.done.get(dir);
    if (!p) {
      p = this.run(dir, flags);
      this.done.set(dir, p);
    }
    return p;
  }

  private async run(dir: string, flags: DependencyBuildFlags): Promise<DependencyOutcome> {
    const deps = chartDependencies(dir);
    if (deps.length === 0) return 'none';
    if (this.stamp(dir) === dependencyInputsDigest(dir, deps)) return 'up-to-date';
    const turn = this.queue.then(async () => {
      await this.o.beforeBuild?.(dir, deps);
      this.o.onBuild?.(dir);
      await runHelm(this.o.helm.path, dependencyBuildArgs(dir, this.o.helm, flags), {
        ...(this.o.env ? { env: this.o.env } : {}),
        ...(this.o.signal ? { signal: this.o.signal } : {}),
        cwd: dir,
      });
      this.builds++;
      writeFileAtomic(
        this.stampPath(dir),
        `${JSON.stringify({ dir, digest: dependencyInputsDigest(dir, deps) })}\n`,
      );
    });
    this.queue = turn.catch(() => {});
    await turn;
    return 'built';
  }
}
