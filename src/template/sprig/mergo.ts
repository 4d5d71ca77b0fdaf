/**
 * dario.cat/mergo (v1.0.1) Merge and MergeWithOverwrite on `map[string]interface{}`
 * values, as Sprig's merge functions call them. The rules, per key of src:
 *  - nil in src: copied only when overwriting;
 *  - map in src and map in dst: merged recursively, in place;
 *  - slice in src: replaces dst's value when overwriting or when dst's value is empty;
 *  - anything else: replaces dst's value when overwriting, when the key is
 *    missing, or when dst's value is empty (zero, "", false, empty container, nil).
 * The first argument is mutated; nested maps from src are shared, not copied.
 */

import { goTypeOf, isTrue } from '../reflect.js';
import { GoComplex, GoError, type GoValue, taggedGoType, withGoType } from '../value.js';
import { isNilMap, nilMap } from './nil.js';

type GoMap = Map<GoValue, GoValue>;

const MAX_DEPTH = 10_000;

/** mergo's isEmptyValue (encoding/json's rules; complex numbers are never empty). */
function isEmpty(v: GoValue): boolean {
  if (v instanceof GoComplex) return false;
  return !isTrue(v);
}

function elemType(m: GoMap): string {
  const t = taggedGoType(m);
  if (t === undefined) return 'interface {}';
  let depth = 0;
  for (let i = 4; i < t.length; i++) {
    if (t[i] === '[') depth++;
    else if (t[i] === ']') {
      if (depth === 0) return t.slice(i + 1);
      depth--;
    }
  }
  return 'interface {}';
}

/**
 * reflect.Value.SetMapIndex: panics unless the value's static type (an element of
 * src has its map's element type) is the element type of dst, or that is interface {}.
 */
function setIndex(m: GoMap, key: GoValue, v: GoValue, staticType: string): void {
  const et = elemType(m);
  if (et !== 'interface {}' && staticType !== et) {
    throw new GoError(
      `reflect.Value.SetMapIndex: value of type ${staticType} is not assignable to type ${et}`,
    );
  }
  m.set(key, v);
}

function deepMergeMap(dst: GoMap, src: GoMap, overwrite: boolean, depth: number): void {
  if (depth > MAX_DEPTH) throw new GoError('runtime: goroutine stack exceeds 1000000000-byte limit');
  const srcType = elemType(src);
  for (const [key, srcEl] of src) {
    if (srcEl === null || srcEl === undefined) {
      if (overwrite) setIndex(dst, key, null, srcType);
      continue;
    }
    const dstHas = dst.has(key);
    const dstEl = dst.get(key);
    if (srcEl instanceof Map) {
      if (dstEl instanceof Map) deepMergeMap(dstEl, srcEl, overwrite, depth + 1);
    } else if (Array.isArray(srcEl)) {
      let dstSlice: GoValue;
      if (!dstHas || dstEl === null || dstEl === undefined) {
        const t = taggedGoType(srcEl);
        dstSlice = t === undefined ? [] : withGoType([], t);
      } else dstSlice = dstEl;
      if (overwrite || isEmpty(dst)) dstSlice = srcEl;
      setIndex(dst, key, dstSlice, goTypeOf(dstSlice));
    }
    if (dstHas && !isEmpty(dstEl)) {
      if (Array.isArray(srcEl)) continue;
      if (srcEl instanceof Map && dstEl instanceof Map) continue;
    }
    if (overwrite || !dstHas || isEmpty(dstEl)) setIndex(dst, key, srcEl, srcType);
  }
}

/**
 * Merge each src into dst (mergo.Merge, or MergeWithOverwrite when `overwrite`).
 * A nil dst becomes a new map when a src is not nil. Returns the merged map (a nil map when all are nil).
 */
export function mergeMaps(dst: GoMap | null, srcs: readonly (GoMap | null)[], overwrite: boolean): GoMap {
  let d = dst !== null && isNilMap(dst) ? null : dst;
  for (const src0 of srcs) {
    const src = src0 !== null && isNilMap(src0) ? null : src0;
    if (d === null && src !== null) d = new Map();
    if (d !== null && src !== null) deepMergeMap(d, src, overwrite, 0);
  }
  return d ?? nilMap();
}
