/**
 * Sprig's dict.go: dictionaries are `map[string]interface{}`; set, unset and
 * the merge family mutate their first argument. Go iterates maps in random
 * order; `keys` and `values` here follow sorted key order, one of Go's orders.
 */

import { compareStrings } from '../fmt/index.js';
import { GoError, type GoFunc, type GoValue, goFunc, withGoType } from '../value.js';
import { mergeMaps } from './mergo.js';
import { isNilMap, nilMap } from './nil.js';
import { strval } from './strval.js';

const I = 'interface {}';
const DICT = 'map[string]interface {}';

type Dict = Map<GoValue, GoValue> | null;

function sortedKeys(d: Dict): string[] {
  if (d === null) return [];
  return ([...d.keys()] as string[]).sort(compareStrings);
}

export const funcs: GoFunc[] = [
  goFunc('dict', { params: [], variadic: I, result: DICT, returnsError: false }, (v) => {
    const d = new Map<GoValue, GoValue>();
    for (let i = 0; i < v.length; i += 2) d.set(strval(v[i]), i + 1 < v.length ? v[i + 1] : '');
    return d;
  }),
  goFunc('get', { params: [DICT, 'string'], result: I, returnsError: false }, ([d, key]) => {
    const m = d as Dict;
    return m?.has(key) ? m.get(key) : '';
  }),
  goFunc('set', { params: [DICT, 'string', I], result: DICT, returnsError: false }, ([d, key, value]) => {
    const m = d as Dict;
    if (m == null || isNilMap(m)) throw new GoError('assignment to entry in nil map');
    m.set(key, value);
    return m;
  }),
  goFunc('unset', { params: [DICT, 'string'], result: DICT, returnsError: false }, ([d, key]) => {
    (d as Dict)?.delete(key);
    return d ?? nilMap();
  }),
  goFunc(
    'hasKey',
    { params: [DICT, 'string'], result: 'bool', returnsError: false },
    ([d, key]) => (d as Dict)?.has(key) === true,
  ),
  goFunc(
    'pluck',
    { params: ['string'], variadic: DICT, result: '[]interface {}', returnsError: false },
    ([key, ...ds]) => {
      const res: GoValue[] = [];
      for (const d of ds as Dict[]) if (d?.has(key)) res.push(d.get(key));
      return res;
    },
  ),
  goFunc('keys', { params: [], variadic: DICT, result: '[]string', returnsError: false }, (ds) =>
    withGoType((ds as Dict[]).flatMap(sortedKeys), '[]string'),
  ),
  goFunc('values', { params: [DICT], result: '[]interface {}', returnsError: false }, ([d]) =>
    sortedKeys(d as Dict).map((k) => (d as Map<GoValue, GoValue>).get(k)),
  ),
  goFunc('pick', { params: [DICT], variadic: 'string', result: DICT, returnsError: false }, ([d, ...ks]) => {
    const m = d as Dict;
    const res = new Map<GoValue, GoValue>();
    for (const k of ks) if (m?.has(k)) res.set(k, m.get(k));
    return res;
  }),
  goFunc('omit', { params: [DICT], variadic: 'string', result: DICT, returnsError: false }, ([d, ...ks]) => {
    const res = new Map<GoValue, GoValue>();
    const omit = new Set(ks);
    for (const [k, v] of (d as Dict) ?? []) if (!omit.has(k as string)) res.set(k, v);
    return res;
  }),
  goFunc('merge', { params: [DICT], variadic: DICT, result: I, returnsError: false }, ([d, ...srcs]) =>
    mergeMaps(
      (d ?? null) as Dict,
      (srcs as Dict[]).map((s) => s ?? null),
      false,
    ),
  ),
  goFunc('mustMerge', { params: [DICT], variadic: DICT, result: I, returnsError: true }, ([d, ...srcs]) =>
    mergeMaps(
      (d ?? null) as Dict,
      (srcs as Dict[]).map((s) => s ?? null),
      false,
    ),
  ),
  goFunc(
    'mergeOverwrite',
    { params: [DICT], variadic: DICT, result: I, returnsError: false },
    ([d, ...srcs]) =>
      mergeMaps(
        (d ?? null) as Dict,
        (srcs as Dict[]).map((s) => s ?? null),
        true,
      ),
  ),
  goFunc(
    'mustMergeOverwrite',
    { params: [DICT], variadic: DICT, result: I, returnsError: true },
    ([d, ...srcs]) =>
      mergeMaps(
        (d ?? null) as Dict,
        (srcs as Dict[]).map((s) => s ?? null),
        true,
      ),
  ),
];
