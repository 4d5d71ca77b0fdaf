import { posix } from 'node:path';
import type { ValueMap } from '../state/maputil.js';
import type { EnvironmentSpec, ReleaseSetSpec, ReleaseSpec, RepositorySpec } from '../state/spec.js';
import { closest } from '../state/suggest.js';
import type { GoValue } from '../template/value.js';
import type { DecodedOverlay, DecodedStackfile, StackRelease } from './decode.js';

/**
 * Putting a stack together, purely: several stackfiles merged in order, then
 * the environment's overlays applied in order, then ignored releases left
 * out. Merging follows helmstack's overlay rule for a release (a later
 * setting replaces an earlier one, maps such as `set:` and `labels:` merge
 * key by key, `values:` and `secrets:` lists are appended).
 *
 * Relative paths (values and secrets files, `./` charts) are rebased onto the
 * directory of the first stackfile as each piece comes in, so that the result
 * reads as one file there.
 */

export interface Stack {
  /** Top-level settings other than releases. */
  readonly spec: ReleaseSetSpec;
  readonly releases: readonly StackRelease[];
  readonly helmBinary?: string;
}

/** A stackfile, with the directory its relative paths are written against. */
export interface StackPart {
  readonly file: string;
  readonly dir: string;
  readonly decoded: DecodedStackfile;
}

/** An overlay, with the directory its relative paths are written against (its stackfile's, as in helmstack). */
export interface OverlayPart {
  readonly file: string;
  readonly dir: string;
  readonly decoded: DecodedOverlay;
}

const isRemote = (p: string) => p.includes('://') || p.includes('::');

/** A path written against `from`, written against `to` instead. */
export function rebasePath(p: string, from: string, to: string): string {
  if (from === to || p === '' || posix.isAbsolute(p) || isRemote(p)) return p;
  return posix.relative(to, posix.join(from, p)) || '.';
}

const rebaseList = (list: GoValue[] | undefined, from: string, to: string): GoValue[] | undefined =>
  list?.map((v) => (typeof v === 'string' ? rebasePath(v, from, to) : v));

function rebaseRelease(r: StackRelease, from: string, to: string): StackRelease {
  if (from === to) return r;
  const spec: ReleaseSpec = { ...r.spec };
  if (spec.values) spec.values = rebaseList(spec.values, from, to)!;
  if (spec.secrets) spec.secrets = rebaseList(spec.secrets, from, to)!;
  if (spec.chart && /^\.\.?(\/|$)/.test(spec.chart)) spec.chart = rebasePath(spec.chart, from, to);
  return { ...r, spec };
}

function rebaseTop(spec: ReleaseSetSpec, from: string, to: string): ReleaseSetSpec {
  if (from === to) return spec;
  const out: ReleaseSetSpec = { ...spec };
  if (out.values) out.values = rebaseList(out.values, from, to)!;
  if (out.environments) {
    out.environments = Object.fromEntries(
      Object.entries(out.environments).map(([name, e]) => {
        const env: EnvironmentSpec = { ...e };
        if (env.values) env.values = rebaseList(env.values, from, to)!;
        if (env.secrets) env.secrets = env.secrets.map((s) => rebasePath(s, from, to));
        return [name, env];
      }),
    );
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map);

function mergeObjects(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b))
    out[k] = isObject(v) && isObject(out[k]) ? mergeObjects(out[k], v) : v;
  return out;
}

/** Values maps merged key by key (nested maps too); anything else from `b` replaces. */
export function mergeValueMaps(a: ValueMap, b: ValueMap): ValueMap {
  const out: ValueMap = new Map(a);
  for (const [k, v] of b) {
    const cur = out.get(k);
    out.set(k, cur instanceof Map && v instanceof Map ? mergeValueMaps(cur, v) : v);
  }
  return out;
}

/** helmstack's overlay rule for one release. */
export function mergeRelease(base: StackRelease, over: StackRelease): StackRelease {
  const spec: Record<string, unknown> = { ...base.spec };
  for (const [k, v] of Object.entries(over.spec)) {
    if ((k === 'values' || k === 'secrets') && Array.isArray(v)) {
      spec[k] = [...((spec[k] as unknown[] | undefined) ?? []), ...v];
    } else spec[k] = isObject(v) && isObject(spec[k]) ? mergeObjects(spec[k], v) : v;
  }
  const set = base.set && over.set ? mergeValueMaps(base.set, over.set) : (over.set ?? base.set);
  const ignore = over.ignore ?? base.ignore;
  return { spec: spec as ReleaseSpec, ...(set ? { set } : {}), ...(ignore !== undefined ? { ignore } : {}) };
}

const releaseKey = (r: ReleaseSpec) => `${r.namespace ?? ''}/${r.name ?? ''}`;

function mergeRepositories(a: RepositorySpec[], b: RepositorySpec[]): RepositorySpec[] {
  const out = [...a];
  for (const r of b) {
    const i = out.findIndex((x) => x.name === r.name);
    if (i >= 0) out[i] = r;
    else out.push(r);
  }
  return out;
}

function mergeEnvironments(
  a: Record<string, EnvironmentSpec>,
  b: Record<string, EnvironmentSpec>,
): Record<string, EnvironmentSpec> {
  const out = { ...a };
  for (const [name, e] of Object.entries(b)) {
    const cur = out[name];
    if (!cur) {
      out[name] = e;
      continue;
    }
    const merged: EnvironmentSpec = { ...cur, ...e };
    if (cur.values || e.values) merged.values = [...(cur.values ?? []), ...(e.values ?? [])];
    if (cur.secrets || e.secrets) merged.secrets = [...(cur.secrets ?? []), ...(e.secrets ?? [])];
    out[name] = merged;
  }
  return out;
}

/** Top-level settings of a later stackfile over an earlier one's. */
function mergeTop(a: ReleaseSetSpec, b: ReleaseSetSpec): ReleaseSetSpec {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b) as [keyof ReleaseSetSpec, unknown][]) {
    const cur = out[k];
    if (k === 'repositories')
      out[k] = mergeRepositories((cur as RepositorySpec[]) ?? [], v as RepositorySpec[]);
    else if (k === 'environments') {
      out[k] = mergeEnvironments(
        (cur as Record<string, EnvironmentSpec>) ?? {},
        v as Record<string, EnvironmentSpec>,
      );
    } else if (Array.isArray(v) && Array.isArray(cur)) out[k] = [...cur, ...v];
    else out[k] = isObject(v) && isObject(cur) ? { ...cur, ...v } : v;
  }
  return out as ReleaseSetSpec;
}

/**
 * Several stackfiles as one, in order: releases with the same name and
 * namespace merge (the later file's settings win), others are appended;
 * repositories with the same name are replaced; helmDefaults, labels and
 * other maps merge key by key; lists are appended.
 */
export function mergeStackfiles(parts: readonly StackPart[], baseDir: string): Stack {
  let spec: ReleaseSetSpec = {};
  const releases: StackRelease[] = [];
  let helmBinary: string | undefined;
  for (const p of parts) {
    spec = mergeTop(spec, rebaseTop(p.decoded.spec, p.dir, baseDir));
    if (p.decoded.helmBinary !== undefined) helmBinary = p.decoded.helmBinary;
    for (const r of p.decoded.releases.map((x) => rebaseRelease(x, p.dir, baseDir))) {
      const i = releases.findIndex((x) => releaseKey(x.spec) === releaseKey(r.spec));
      if (i >= 0) releases[i] = mergeRelease(releases[i]!, r);
      else releases.push(r);
    }
  }
  return { spec, releases, ...(helmBinary !== undefined ? { helmBinary } : {}) };
}

/**
 * Applies overlays in order. An overlay names a release by `name` (every
 * release of that name) or `namespace/name`; a name that matches nothing is
 * reported through `warn`.
 */
export function applyOverlays(
  stack: Stack,
  overlays: readonly OverlayPart[],
  baseDir: string,
  warn?: (m: string) => void,
): Stack {
  let releases = [...stack.releases];
  for (const o of overlays) {
    for (const [key, patch] of o.decoded.releases) {
      const matches = (r: StackRelease) =>
        key.includes('/') ? releaseKey(r.spec) === key : (r.spec.name ?? '') === key;
      if (!releases.some(matches)) {
        const near = closest(
          key,
          releases.map((r) => (key.includes('/') ? releaseKey(r.spec) : (r.spec.name ?? ''))),
        );
        warn?.(
          `${o.file}: release "${key}" is not in the stackfile; its overlay settings are not used` +
            (near ? ` (did you mean "${near}"?)` : ''),
        );
        continue;
      }
      const rebased = rebaseRelease(patch, o.dir, baseDir);
      releases = releases.map((r) => (matches(r) ? mergeRelease(r, rebased) : r));
    }
  }
  return { ...stack, releases };
}

/** The releases left after `ignore: true`. */
export function withoutIgnored(stack: Stack): Stack {
  return { ...stack, releases: stack.releases.filter((r) => r.ignore !== true) };
}
