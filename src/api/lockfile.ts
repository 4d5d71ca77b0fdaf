import { readFileSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { HelmfireError } from '../errors.js';
import type { ResolvedRelease, ResolvedState } from '../state/model.js';
import { checkConstraints, parseConstraints, SemverVersion } from '../template/sprig/semver.js';

/**
 * helmfile's lock file (`helmfile.lock`, or `lockFilePath:`): the chart
 * versions `deps` resolved for the releases whose chart comes from one of
 * the state's repositories. While it exists, each such release uses the
 * locked version that satisfies its `version:` constraint.
 */

/** One locked chart. */
export interface LockedChart {
  readonly name: string;
  readonly repository: string;
  readonly version: string;
}

/** A chart the lock file is asked about: what `deps` writes as a dependency of its temporary chart. */
export interface UnresolvedChart {
  readonly name: string;
  readonly repository: string;
  /** Version constraint, `*` when the release has none. */
  readonly version: string;
  /** `<namespace>-<release>`, unique per release. */
  readonly alias: string;
}

export class LockFileError extends HelmfireError {
  override readonly name = 'LockFileError';
  constructor(message: string) {
    super('LOCK_FILE', message);
  }
}

/** Where the state's lock file is: `lockFilePath:` (relative to the state), else `<state name>.lock` beside it. */
export function lockFilePath(state: ResolvedState): string {
  if (state.lockFilePath) {
    return isAbsolute(state.lockFilePath) ? state.lockFilePath : join(state.baseDir, state.lockFilePath);
  }
  const name = basename(state.file)
    .replace(/\.gotmpl$/, '')
    .replace(/\.yaml$/, '')
    .replace(/\.yml$/, '');
  return join(state.baseDir, `${name}.lock`);
}

/** The release's chart as a lock-file entry, or undefined when it is not from one of the state's repositories. */
export function unresolvedChart(state: ResolvedState, release: ResolvedRelease): UnresolvedChart | undefined {
  const chart = release.chart;
  if (chart.startsWith('oci://') || chart.startsWith('.') || chart.startsWith('/')) return undefined;
  const slash = chart.indexOf('/');
  if (slash <= 0) return undefined;
  const repo = state.repositories.find((r) => r.name === chart.slice(0, slash));
  if (!repo) return undefined;
  let name = chart.slice(slash + 1);
  let url = repo.url;
  if (repo.oci) {
    // The chart's path prefix goes into the repository URL; the name is its last segment.
    const base = `oci://${repo.url.replace(/^oci:\/\//, '').replace(/\/+$/, '')}`;
    const last = name.lastIndexOf('/');
    url = last >= 0 ? `${base}/${name.slice(0, last)}` : base;
    name = last >= 0 ? name.slice(last + 1) : name;
  }
  return {
    name,
    repository: url,
    version: release.version || '*',
    alias: `${release.namespace}-${release.name}`,
  };
}

/** Parses a lock file's `dependencies`. */
export function parseLockFile(text: string, file: string): LockedChart[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new LockFileError(`${file}: ${(err as Error).message}`);
  }
  const deps = (doc as { dependencies?: unknown } | null)?.dependencies;
  if (!Array.isArray(deps)) return [];
  return deps
    .filter((d): d is Record<string, unknown> => !!d && typeof d === 'object')
    .map((d) => ({
      name: String(d.name ?? ''),
      repository: String(d.repository ?? ''),
      version: String(d.version ?? ''),
    }));
}

/** The first locked version of `name` that satisfies `constraint` (helmfile's lookup). */
export function lockedVersion(
  locked: readonly LockedChart[],
  name: string,
  constraint: string,
): string | undefined {
  let groups: ReturnType<typeof parseConstraints>;
  try {
    groups = parseConstraints(constraint || '*');
  } catch (err) {
    throw new LockFileError(
      `version constraint "${constraint}" of chart "${name}": ${(err as Error).message}`,
    );
  }
  for (const l of locked) {
    if (l.name !== name) continue;
    let v: SemverVersion;
    try {
      v = SemverVersion.parse(l.version);
    } catch {
      continue;
    }
    if (checkConstraints(groups, v)) return l.version;
  }
  return undefined;
}

const cache = new Map<string, { text: string | undefined; locked: LockedChart[] }>();

function readLocked(path: string): LockedChart[] | undefined {
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    text = undefined;
  }
  const hit = cache.get(path);
  if (hit && hit.text === text) return text === undefined ? undefined : hit.locked;
  const locked = text === undefined ? [] : parseLockFile(text, path);
  cache.set(path, { text, locked });
  return text === undefined ? undefined : locked;
}

/**
 * The release with its chart version taken from the state's lock file,
 * when there is a lock file and the chart is one it manages; the release
 * unchanged otherwise. A managed chart missing from the lock file is an error.
 */
export function applyLockFile(state: ResolvedState, release: ResolvedRelease): ResolvedRelease {
  const want = unresolvedChart(state, release);
  if (!want) return release;
  const file = lockFilePath(state);
  const locked = readLocked(file);
  if (!locked) return release;
  const version = lockedVersion(locked, want.name, release.version);
  if (version === undefined) {
    throw new LockFileError(
      `no resolved dependency found for "${want.name}" in ${file}, running "helmfire deps" may resolve the issue`,
    );
  }
  if (version === release.version) return release;
  return { ...release, version, spec: { ...release.spec, version } };
}
