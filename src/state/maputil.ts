import { sprint, sprintf } from '../template/fmt/index.js';
import { goTypeOf } from '../template/reflect.js';
import { GoNumber, type GoValue, taggedGoType } from '../template/value.js';
import { InvalidStateError } from './errors.js';

/**
 * helmfile's value-map helpers (its `maputil` package), over Go values:
 * `mergeMaps` (how environment layers, defaults and CLI overrides combine),
 * `castKeysToStrings`, and the `--state-values-set` key parser and setter.
 */

export type ValueMap = Map<GoValue, GoValue>;

/** How `mergeMaps` combines two lists found under the same key. */
export type ArrayStrategy =
  /** A list containing a null merges element by element; a list without nulls replaces. */
  | 'sparse'
  /** The later list replaces the earlier one. */
  | 'replace'
  /** Element by element (CLI `--state-values-set a[1]=x` changes only index 1). */
  | 'merge';

/** A `map[string]interface{}` in the Go sense (untagged or tagged so). */
export function isStringMap(v: GoValue): v is ValueMap {
  if (!(v instanceof Map)) return false;
  const t = taggedGoType(v);
  return t === undefined || t === 'map[string]interface {}';
}

/** A `[]interface{}` in the Go sense. */
function isAnySlice(v: GoValue): v is GoValue[] {
  if (!Array.isArray(v)) return false;
  const t = taggedGoType(v);
  return t === undefined || t === '[]interface {}';
}

/**
 * helmfile's `MergeMaps(a, b)`: a new map with `b` layered over `a`. Nested
 * maps merge recursively; a null in `b` never overwrites a key of `a` (but is
 * added when `a` lacks the key); lists combine by `strategy`.
 */
export function mergeMaps(
  a: ValueMap | undefined,
  b: ValueMap | undefined,
  strategy: ArrayStrategy = 'sparse',
): ValueMap {
  const out: ValueMap = new Map(a ?? []);
  for (const [k, v] of b ?? []) {
    if (v === null || v === undefined) {
      if (!out.has(k)) out.set(k, null);
      continue;
    }
    const base = out.get(k);
    if (isStringMap(v) && isStringMap(base)) {
      out.set(k, mergeMaps(base, v, strategy));
      continue;
    }
    if (isAnySlice(v) && out.has(k) && isAnySlice(base)) {
      out.set(k, mergeSlices(base, v, strategy));
      continue;
    }
    out.set(k, v);
  }
  return out;
}

function mergeSlices(base: GoValue[], override: GoValue[], strategy: ArrayStrategy): GoValue[] {
  if (strategy === 'replace') return override;
  if (strategy === 'sparse' && !override.some((v) => v === null || v === undefined)) return override;
  const result: GoValue[] = Array.from({ length: Math.max(base.length, override.length) }, (_, i) =>
    i < base.length ? base[i] : null,
  );
  override.forEach((v, i) => {
    if (v === null || v === undefined) return;
    const b = base[i];
    result[i] = isStringMap(v) && i < base.length && isStringMap(b) ? mergeMaps(b, v, strategy) : v;
  });
  return result;
}

/** A deep copy of maps and lists (scalars shared). */
export function deepCopy<T extends GoValue>(v: T): T {
  if (v instanceof Map) return new Map([...v.entries()].map(([k, val]) => [k, deepCopy(val)] as const)) as T;
  if (Array.isArray(v)) return v.map((x) => deepCopy(x)) as T;
  return v;
}

export class KeyCastError extends InvalidStateError {}

/**
 * helmfile's `CastKeysToStrings`: every map key must be a string (a YAML map
 * with an int key, `1: x`, is an error). Non-map input gives an empty map.
 */
export function castKeysToStrings(v: GoValue): ValueMap {
  if (!(v instanceof Map)) return new Map();
  const out: ValueMap = new Map();
  for (const [k, val] of v) {
    if (typeof k !== 'string') {
      throw new KeyCastError(
        `unexpected type of key in map: expected string, got ${goTypeOf(k)}: value=${sprint(k)}, map=${sprint(v)}`,
      );
    }
    out.set(k, stringifyKeys(val));
  }
  return out;
}

function stringifyKeys(v: GoValue): GoValue {
  if (v instanceof Map) return castKeysToStrings(v);
  if (isAnySlice(v)) return v.map(stringifyKeys);
  return v;
}

/** helmfile's `ParseKey`: splits `a.b\.c` on unescaped dots → ["a", "b.c"]. */
export function parseKey(key: string): string[] {
  const out: string[] = [];
  let part = '';
  let escaped = false;
  for (const ch of key) {
    if (!escaped && ch === '\\') {
      escaped = true;
      continue;
    }
    const split = ch === '.' && !escaped;
    escaped = false;
    if (split) {
      out.push(part);
      part = '';
    } else part += ch;
  }
  if (part.length > 0) out.push(part);
  return out;
}

/**
 * helmfile's typing of a `--state-values-set` value: true/false/null (any case),
 * "0", decimal integers without a leading zero (as int64), else the string.
 */
export function typedSetValue(val: string, asString: boolean): GoValue {
  if (asString) return val;
  const lower = val.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (val === '0') return new GoNumber('int64', 0n);
  if (val.length > 0 && val[0] !== '0' && /^[-+]?[0-9]+$/.test(val)) {
    const n = BigInt(val);
    if (n >= -(2n ** 63n) && n < 2n ** 63n) return new GoNumber('int64', n);
  }
  return val;
}

/** A key segment `name` or `name[3]`. */
function cursor(seg: string): { key: string; index?: number } {
  const spaced = seg.replaceAll('[', ' ').replaceAll(']', ' ');
  // Go's Sscanf("%s %d"): a word, then an integer.
  const m = /^\s*(\S+)\s+([-+]?\d+)/.exec(spaced);
  if (m) return { key: m[1]!, index: Number(m[2]) };
  return { key: spaced };
}

/** helmfile's `maputil.Set`: sets `value` at the path `key` inside `m` (mutated), creating maps and lists. */
export function setAtPath(m: ValueMap, key: readonly string[], value: GoValue): void {
  if (key.length === 0) throw new InvalidStateError('empty key in --state-values-set');
  let cur = m;
  for (const seg of key.slice(0, -1)) {
    const c = cursor(seg);
    if (c.index === undefined) {
      if (!cur.has(c.key)) cur.set(c.key, new Map());
      const next = cur.get(c.key);
      if (!(next instanceof Map)) throw typeError(next);
      cur = next;
    } else {
      const arr = sliceAt(cur, c.key, c.index);
      if (arr[c.index] === null || arr[c.index] === undefined) arr[c.index] = new Map();
      const next = arr[c.index];
      if (!(next instanceof Map)) throw typeError(next);
      cur = next;
    }
  }
  const last = cursor(key[key.length - 1]!);
  if (last.index === undefined) cur.set(last.key, value);
  else sliceAt(cur, last.key, last.index)[last.index] = value;
}

function sliceAt(m: ValueMap, key: string, index: number): GoValue[] {
  if (index < 0) throw new InvalidStateError(`negative index ${index} in --state-values-set key ${key}`);
  if (!m.has(key))
    m.set(
      key,
      Array.from({ length: index + 1 }, () => null),
    );
  const v = m.get(key);
  if (!Array.isArray(v)) throw typeError(v);
  if (v.length <= index) {
    const grown = [...v, ...Array.from({ length: index + 1 - v.length }, () => null)];
    m.set(key, grown);
    return grown;
  }
  return v;
}

function typeError(v: GoValue): InvalidStateError {
  return new InvalidStateError(sprintf('unexpected type: %v(%T)', [v, v]));
}
