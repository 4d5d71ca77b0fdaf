/**
 * Sprig's list.go: list functions accept any slice or array (reflection), return
 * new `[]interface{}` values, and fail with Sprig's messages on other types;
 * the non-must variants panic, which a template reports the same way.
 */

import { goDeepEqual, goTypeOf, kindOf } from '../reflect.js';
import { GoError, type GoFunc, GoNumber, type GoValue, goFunc, taggedGoType, withGoType } from '../value.js';
import { toInt } from './cast.js';
import { empty } from './defaults.js';
import { nilSlice } from './nil.js';

const I = 'interface {}';
const LIST = '[]interface {}';

/** The panic of reflect.TypeOf(nil).Kind(). */
export function nilDeref(): never {
  throw new GoError('runtime error: invalid memory address or nil pointer dereference');
}

/** The elements of a slice or array value, or undefined for other kinds (nil panics as in Go). */
export function listItems(v: GoValue): GoValue[] | undefined {
  if (v === null || v === undefined) nilDeref();
  if (Array.isArray(v)) return v;
  if (v instanceof Uint8Array) return [...v].map((b) => new GoNumber('uint8', BigInt(b)));
  return undefined;
}

function items(v: GoValue, what: string, after = ''): GoValue[] {
  const l = listItems(v);
  if (l === undefined) throw new GoError(`${what} ${kindOf(v)}${after}`);
  return l;
}

function inList(haystack: readonly GoValue[], needle: GoValue): boolean {
  return haystack.some((h) => goDeepEqual(needle, h));
}

function chunk(size: bigint, v: GoValue): GoValue {
  const l = items(v, 'Cannot chunk type').slice();
  const n = l.length;
  const sz = Number(size);
  const raw = Math.floor((n - 1) / sz) + 1;
  const makeslice = () => new GoError('runtime error: makeslice: len out of range');
  if (!Number.isFinite(raw) || raw < 0) throw makeslice();
  const out: GoValue[] = [];
  for (let i = 0; i < raw; i++) {
    let clen = sz;
    if (i === raw - 1) {
      clen = Math.floor(n % sz);
      if (clen === 0) clen = sz;
    }
    if (clen < 0) throw makeslice();
    const part: GoValue[] = [];
    for (let j = 0; j < clen; j++) {
      const ix = i * sz + j;
      if (ix < 0 || ix >= n) throw new GoError('reflect: slice index out of range');
      part.push(l[ix]);
    }
    out.push(part);
  }
  return withGoType(out, '[][]interface {}');
}

function slice(v: GoValue, indices: readonly GoValue[]): GoValue {
  const l = listItems(v);
  if (l === undefined) throw new GoError(`list should be type of slice or array but ${kindOf(v)}`);
  if (l.length === 0) return null;
  const start = indices.length > 0 ? Number(toInt(indices[0])) : 0;
  const end = indices.length < 2 ? l.length : Number(toInt(indices[1]));
  if (start < 0 || end < start || end > l.length)
    throw new GoError('reflect.Value.Slice: slice index out of bounds');
  const out = l.slice(start, end);
  const t = Array.isArray(v) ? taggedGoType(v) : '[]uint8';
  return t === undefined ? out : withGoType(out, t);
}

function typeAssertion(v: GoValue, want: string): never {
  const got = v === null || v === undefined ? 'nil' : goTypeOf(v);
  throw new GoError(`interface conversion: interface {} is ${got}, not ${want}`);
}

function isStringMap(v: GoValue): v is Map<GoValue, GoValue> {
  return v instanceof Map && goTypeOf(v) === 'map[string]interface {}';
}

function dig(ps: readonly GoValue[]): GoValue {
  if (ps.length < 3) throw new GoError('dig needs at least three arguments');
  let dict = ps[ps.length - 1];
  if (!isStringMap(dict)) typeAssertion(dict, 'map[string]interface {}');
  const def = ps[ps.length - 2];
  const keys = ps.slice(0, -2).map((k) => (typeof k === 'string' ? k : typeAssertion(k, 'string')));
  for (let i = 0; ; i++) {
    const k = keys[i]!;
    if (!dict.has(k)) return def;
    const step = dict.get(k);
    if (i === keys.length - 1) return step;
    if (!isStringMap(step)) typeAssertion(step, 'map[string]interface {}');
    dict = step;
  }
}

type Impl = (args: GoValue[]) => GoValue;

/** A function and its must-variant: the same behaviour, one panicking and one returning the error. */
function pair(
  name: string,
  mustName: string,
  params: string[],
  result: string,
  impl: Impl,
  variadic?: string,
) {
  const sig = variadic === undefined ? { params, result } : { params, variadic, result };
  return [
    goFunc(name, { ...sig, returnsError: false }, impl),
    goFunc(mustName, { ...sig, returnsError: true }, impl),
  ];
}

function must(name: string): string {
  return 'must' + name[0]!.toUpperCase() + name.slice(1);
}

function listPair(name: string, params: string[], result: string, impl: Impl, variadic?: string) {
  return pair(name, must(name), params, result, impl, variadic);
}

const push: Impl = ([l, v]) => [...items(l, 'Cannot push on type'), v];

export const funcs: GoFunc[] = [
  goFunc('list', { params: [], variadic: I, result: LIST, returnsError: false }, (args) => [...args]),
  goFunc('tuple', { params: [], variadic: I, result: LIST, returnsError: false }, (args) => [...args]),
  ...pair('push', 'mustPush', [I, I], LIST, push),
  ...pair('append', 'mustAppend', [I, I], LIST, push),
  ...listPair('prepend', [I, I], LIST, ([l, v]) => [v, ...items(l, 'Cannot prepend on type')]),
  ...listPair('chunk', ['int', I], '[][]interface {}', ([size, l]) => chunk(size as bigint, l)),
  ...listPair('first', [I], I, ([l]) => {
    const a = items(l, 'Cannot find first on type');
    return a.length === 0 ? null : a[0];
  }),
  ...listPair('last', [I], I, ([l]) => {
    const a = items(l, 'Cannot find last on type');
    return a.length === 0 ? null : a[a.length - 1];
  }),
  ...listPair('rest', [I], LIST, ([l]) => {
    const a = items(l, 'Cannot find rest on type');
    return a.length === 0 ? nilSlice() : a.slice(1);
  }),
  ...listPair('initial', [I], LIST, ([l]) => {
    const a = items(l, 'Cannot find initial on type');
    return a.length === 0 ? nilSlice() : a.slice(0, -1);
  }),
  ...listPair('reverse', [I], LIST, ([l]) => [...items(l, 'Cannot find reverse on type')].reverse()),
  ...listPair('compact', [I], LIST, ([l]) => items(l, 'Cannot compact on type').filter((x) => !empty(x))),
  ...listPair('uniq', [I], LIST, ([l]) => {
    const dest: GoValue[] = [];
    for (const x of items(l, 'Cannot find uniq on type')) if (!inList(dest, x)) dest.push(x);
    return dest;
  }),
  ...listPair(
    'without',
    [I],
    LIST,
    ([l, ...omit]) => items(l, 'Cannot find without on type').filter((x) => !inList(omit, x)),
    I,
  ),
  ...listPair('has', [I, I], 'bool', ([needle, haystack]) => {
    if (haystack === null || haystack === undefined) return false;
    return inList(items(haystack, 'Cannot find has on type'), needle);
  }),
  ...listPair('slice', [I], I, ([l, ...indices]) => slice(l, indices), I),
  goFunc('concat', { params: [], variadic: I, result: I, returnsError: false }, (lists) => {
    const res: GoValue[] = [];
    for (const l of lists) res.push(...items(l, 'Cannot concat type', ' as list'));
    return res.length === 0 ? nilSlice() : res;
  }),
  goFunc('dig', { params: [], variadic: I, result: I, returnsError: true }, (ps) => dig(ps)),
];
