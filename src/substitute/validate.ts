import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { type ChartDependency, chartDependencies, type DependencyBuilder } from '../cache/chart-deps.js';
import type { DependencyBuildFlags } from '../helm/index.js';
import { SubstituteError } from './errors.js';

/**
 * A local chart directory standing in for a remote chart must be a chart
 * helm can install: a parseable `Chart.yaml` with `apiVersion`, `name` and
 * `version`, and every dependency it declares present in `charts/` (built
 * with `helm dependency build` when some are not). Checked when the
 * substitution is added and again when a run uses it.
 */

export interface LocalChartInfo {
  readonly dir: string;
  readonly name: string;
  readonly version: string;
  /** What `Chart.yaml` (or `requirements.yaml`) declares. */
  readonly dependencies: readonly ChartDependency[];
  /** Declared dependencies with nothing in `charts/` (by name). */
  readonly missing: readonly ChartDependency[];
}

const SEMVER =
  /^v?(0|[1-9]\d*)(\.(0|[1-9]\d*))?(\.(0|[1-9]\d*))?(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

const invalid = (message: string) => new SubstituteError('CHART_DIR_INVALID', message);

const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));

/** Reads and checks `dir/Chart.yaml`; throws SubstituteError('CHART_DIR_INVALID') naming what is wrong. */
export function inspectLocalChart(dir: string): LocalChartInfo {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(dir);
  } catch {
    throw invalid(`chart directory ${dir} does not exist`);
  }
  if (!st.isDirectory())
    throw invalid(`${dir} is not a directory: expected a chart directory (with a Chart.yaml)`);
  const file = join(dir, 'Chart.yaml');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw invalid(`${file} not found: expected a chart directory with a Chart.yaml (name, version)`);
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw invalid(`${file}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    throw invalid(`${file}: expected a mapping with apiVersion, name and version, found ${show(doc)}`);
  const meta = doc as Record<string, unknown>;
  if (typeof meta.apiVersion !== 'string' || !/^v[123]$/.test(meta.apiVersion))
    throw invalid(`${file}: apiVersion: expected v1 or v2, found ${show(meta.apiVersion)}`);
  if (typeof meta.name !== 'string' || meta.name.trim() === '')
    throw invalid(`${file}: name: expected the chart's name, found ${show(meta.name)}`);
  if (typeof meta.version !== 'string' || !SEMVER.test(meta.version))
    throw invalid(
      `${file}: version: expected a semantic version as a string (e.g. "1.2.3"), found ${show(meta.version)}`,
    );
  const dependencies = chartDependencies(dir);
  return {
    dir,
    name: meta.name,
    version: meta.version,
    dependencies,
    missing: missingDependencies(dir, dependencies),
  };
}

/**
 * The dependencies with nothing for them in `charts/`: neither a
 * `<name>/` chart directory nor a `<name>-<version>.tgz` archive (helm
 * checks presence by name; `helm dependency build` writes archives).
 */
export function missingDependencies(dir: string, deps: readonly ChartDependency[]): ChartDependency[] {
  let entries: string[] = [];
  try {
    entries = readdirSync(join(dir, 'charts'));
  } catch {
    // no charts/ yet
  }
  const present = (name: string) =>
    entries.some((e) => {
      if (e === name) return statSync(join(dir, 'charts', e)).isDirectory();
      return e.startsWith(`${name}-`) && e.endsWith('.tgz') && /^v?\d/.test(e.slice(name.length + 1));
    });
  return deps.filter((d) => !present(d.name));
}

export interface EnsureChartOptions {
  /**
   * Builds missing dependencies (a function: made only when a build is
   * needed); absent: missing dependencies are an error (`--skip-deps`).
   */
  readonly deps?: DependencyBuilder | (() => Promise<DependencyBuilder>);
  readonly flags?: DependencyBuildFlags;
}

export type EnsureOutcome = 'none' | 'present' | 'built';

/**
 * Validates `dir` and builds its dependencies when `charts/` lacks some
 * (once: the builder keeps a stamp of what it built, so an unchanged chart
 * is never built again). Throws SubstituteError('CHART_DIR_INVALID').
 */
export async function ensureLocalChart(
  dir: string,
  options: EnsureChartOptions = {},
): Promise<{ info: LocalChartInfo; outcome: EnsureOutcome }> {
  const info = inspectLocalChart(dir);
  if (info.dependencies.length === 0) return { info, outcome: 'none' };
  if (info.missing.length === 0) return { info, outcome: 'present' };
  const names = info.missing.map((d) => d.name).join(', ');
  if (!options.deps)
    throw invalid(
      `${dir}: dependencies ${names} are declared in Chart.yaml but missing from charts/; run \`helm dependency build ${dir}\``,
    );
  try {
    const builder = typeof options.deps === 'function' ? await options.deps() : options.deps;
    await builder.ensure(dir, options.flags);
  } catch (err) {
    throw new SubstituteError(
      'CHART_DIR_INVALID',
      `${dir}: helm dependency build failed (missing from charts/: ${names}): ${(err as Error).message}`,
      { cause: err },
    );
  }
  const still = missingDependencies(dir, info.dependencies);
  if (still.length > 0)
    throw invalid(
      `${dir}: after helm dependency build, still missing from charts/: ${still.map((d) => d.name).join(', ')}`,
    );
  return { info: { ...info, missing: [] }, outcome: 'built' };
}
