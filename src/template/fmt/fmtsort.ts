/**
 * Map key order of Go's internal/fmtsort, used by fmt (`map[a:1 b:2]`) and by
 * template `range` over maps: numbers numerically, strings by UTF-8 bytes,
 * false before true, NaN first.
 */

import { GoComplex, GoNumber, GoStruct, type GoValue } from '../value.js';
import { compareStrings } from './utf8.js';

/**
 * Keys of different dynamic types (interface-typed keys) sort by Go type; Go
 * orders those by type descriptor addresses, which in helmfile's build gives
 * nil < string < uint64 < int < float64 < bool < time.Time for YAML keys.
 * Other types follow, by type name.
 */
const typeOrder: ReadonlyMap<string, number> = new Map([
  ['string', 1],
  ['uint64', 2],
  ['int', 3],
  ['float64', 4],
  ['bool', 5],
  ['time.Time', 6],
]);

function typeName(v: GoValue): string {
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
  }
  if (v instanceof GoNumber) return v.type;
  if (v instanceof GoComplex) return 'complex128';
  if (v instanceof GoStruct) return v.goType;
  return '~';
}

function compareTypes(a: GoValue, b: GoValue): number {
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an || bn) return an && bn ? 0 : an ? -1 : 1;
  const ta = typeName(a);
  const tb = typeName(b);
  if (ta === tb) return 0;
  const ra = typeOrder.get(ta) ?? 7;
  const rb = typeOrder.get(tb) ?? 7;
  if (ra !== rb) return ra - rb;
  return ta < tb ? -1 : 1;
}

function cmpNum(a: number, b: number): number {
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  if (an || bn) return an && bn ? 0 : an ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compare two map keys in fmtsort order. Keys of different kinds order by kind. */
export function compareKeys(a: GoValue, b: GoValue): number {
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  const t = compareTypes(a, b);
  if (t !== 0 || a === null || a === undefined) return t;
  switch (typeof a) {
    case 'boolean':
      return a === b ? 0 : a ? 1 : -1;
    case 'bigint':
      return a < (b as bigint) ? -1 : a > (b as bigint) ? 1 : 0;
    case 'number':
      return cmpNum(a, b as number);
  }
  if (a instanceof GoNumber) {
    const y = (b as GoNumber).value;
    if (typeof a.value === 'number') return cmpNum(a.value, y as number);
    return a.value < y ? -1 : a.value > y ? 1 : 0;
  }
  if (a instanceof GoComplex) {
    const y = b as GoComplex;
    return cmpNum(a.re, y.re) || cmpNum(a.im, y.im);
  }
  if (a instanceof GoStruct && b instanceof GoStruct) {
    const fa = a.fields();
    const fb = b.fields();
    for (let i = 0; i < fa.length && i < fb.length; i++) {
      const c = compareKeys(fa[i]![1], fb[i]![1]);
      if (c !== 0) return c;
    }
  }
  return 0;
}

const surrogate = /[\ud800-\udfff]/;

function compareUnits(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Keys of `m` in fmtsort order. */
export function sortedMapKeys(m: ReadonlyMap<GoValue, GoValue>): GoValue[] {
  const keys = Array.from(m.keys());
  if (keys.length < 2) return keys;
  let strings = true;
  let astral = false;
  for (const k of keys) {
    if (typeof k !== 'string') {
      strings = false;
      break;
    }
    if (!astral && surrogate.test(k)) astral = true;
  }
  // Without astral characters UTF-16 order is code point (= UTF-8 byte) order.
  if (strings) (keys as string[]).sort(astral ? compareStrings : compareUnits);
  else keys.sort(compareKeys);
  return keys;
}

/** Entries of `m` in fmtsort order. */
export function sortedMapEntries(m: ReadonlyMap<GoValue, GoValue>): Array<[GoValue, GoValue]> {
  const keys = sortedMapKeys(m);
  const out: Array<[GoValue, GoValue]> = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) out[i] = [keys[i], m.get(keys[i])];
  return out;
}
