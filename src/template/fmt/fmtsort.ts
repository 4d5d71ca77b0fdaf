/**
 * Map key order of Go's internal/fmtsort, used by fmt (`map[a:1 b:2]`) and by
 * template `range` over maps: numbers numerically, strings by UTF-8 bytes,
 * false before true, NaN first.
 */

import { GoComplex, GoNumber, GoStruct, type GoValue } from '../value.js';
import { compareStrings } from './utf8.js';

function rank(v: GoValue): number {
  if (v === null || v === undefined) return 0;
  switch (typeof v) {
    case 'boolean':
      return 1;
    case 'bigint':
      return 2;
    case 'number':
      return 3;
    case 'string':
      return 5;
  }
  if (v instanceof GoNumber) return typeof v.value === 'bigint' ? 2 : 3;
  if (v instanceof GoComplex) return 4;
  return 6;
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
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 1:
      return a === b ? 0 : a ? 1 : -1;
    case 2: {
      const x = a instanceof GoNumber ? (a.value as bigint) : (a as bigint);
      const y = b instanceof GoNumber ? (b.value as bigint) : (b as bigint);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 3: {
      const x = a instanceof GoNumber ? (a.value as number) : (a as number);
      const y = b instanceof GoNumber ? (b.value as number) : (b as number);
      return cmpNum(x, y);
    }
    case 4: {
      const x = a as GoComplex;
      const y = b as GoComplex;
      return cmpNum(x.re, y.re) || cmpNum(x.im, y.im);
    }
    case 5:
      return compareStrings(a as string, b as string);
    case 6:
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
  return 0;
}

/** Entries of `m` in fmtsort order. */
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
