/** Sprig's string slice functions: join, splitList, split, splitn, toStrings, sortAlpha. */

import { compareStrings } from '../fmt/index.js';
import { type GoFunc, type GoValue, goFunc, withGoType } from '../value.js';
import { strslice, strval } from './strval.js';

const I = 'interface {}';

/** strings.SplitN (n < 0: all parts; n == 0: none; an empty separator splits into runes). */
export function splitN(s: string, sep: string, n: number): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const runes = [...s];
    if (n < 0 || n >= runes.length) return runes;
    return [...runes.slice(0, n - 1), runes.slice(n - 1).join('')];
  }
  const parts = s.split(sep);
  if (n < 0 || parts.length <= n) return parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

function indexMap(parts: readonly string[]): Map<GoValue, GoValue> {
  const m = new Map<GoValue, GoValue>();
  for (const [i, p] of parts.entries()) m.set(`_${i}`, p);
  return withGoType(m, 'map[string]string');
}

function stringSlice(a: string[]): string[] {
  return withGoType(a, '[]string') as string[];
}

function sortAlpha(v: GoValue): string[] {
  if (Array.isArray(v) || v instanceof Uint8Array) return stringSlice(strslice(v).sort(compareStrings));
  return stringSlice([strval(v === undefined ? null : v)]);
}

export const funcs: GoFunc[] = [
  goFunc('join', { params: ['string', I], result: 'string', returnsError: false }, ([sep, v]) =>
    strslice(v).join(sep as string),
  ),
  goFunc('splitList', { params: ['string', 'string'], result: '[]string', returnsError: false }, ([sep, s]) =>
    stringSlice(splitN(s as string, sep as string, -1)),
  ),
  goFunc(
    'split',
    { params: ['string', 'string'], result: 'map[string]string', returnsError: false },
    ([sep, s]) => indexMap(splitN(s as string, sep as string, -1)),
  ),
  goFunc(
    'splitn',
    { params: ['string', 'int', 'string'], result: 'map[string]string', returnsError: false },
    ([sep, n, s]) => indexMap(splitN(s as string, sep as string, Number(n as bigint))),
  ),
  goFunc('toStrings', { params: [I], result: '[]string', returnsError: false }, ([v]) => strslice(v)),
  goFunc('sortAlpha', { params: [I], result: '[]string', returnsError: false }, ([v]) => sortAlpha(v)),
];
