import { describe, expect, it } from 'vitest';
import { sprint, sprintf } from '../fmt/index.js';
import { goTypeOf } from '../reflect.js';
import { GoError, GoNumber, type GoValue, withGoType } from '../value.js';
import { funcs as dictFuncs } from './dicts.js';
import { marshal } from './json.js';
import { funcs as listFuncs } from './lists.js';
import { funcs as strFuncs } from './strslice.js';
import { callFn } from './testutil.js';

const all = [...dictFuncs, ...listFuncs, ...strFuncs];
const call = (name: string, ...args: GoValue[]) => callFn(all, name, ...args);
const list = (...v: GoValue[]) => call('list', ...v);
const p = (v: GoValue) => sprint(v);
const nilDeref = new GoError('runtime error: invalid memory address or nil pointer dereference');

describe('list functions', () => {
  it('list, push/append, prepend return new []interface{}', () => {
    const l = list(1n, 2n);
    expect(goTypeOf(l)).toBe('[]interface {}');
    expect(p(call('append', l, 3n))).toBe('[1 2 3]');
    expect(p(call('mustPush', l, 3n))).toBe('[1 2 3]');
    expect(p(call('prepend', l, 0n))).toBe('[0 1 2]');
    expect(p(l)).toBe('[1 2]');
    const strs = withGoType(['a'], '[]string');
    expect(goTypeOf(call('push', strs, 'b'))).toBe('[]interface {}');
  });
  it('rejects non-lists with Sprig messages and nil with a nil dereference', () => {
    expect(() => call('push', 1n, 2n)).toThrow(new GoError('Cannot push on type int'));
    expect(() => call('mustPrepend', 'x', 2n)).toThrow(new GoError('Cannot prepend on type string'));
    expect(() => call('first', new Map())).toThrow(new GoError('Cannot find first on type map'));
    expect(() => call('last', 1.5)).toThrow(new GoError('Cannot find last on type float64'));
    expect(() => call('rest', true)).toThrow(new GoError('Cannot find rest on type bool'));
    expect(() => call('initial', 'x')).toThrow(new GoError('Cannot find initial on type string'));
    expect(() => call('reverse', 'x')).toThrow(new GoError('Cannot find reverse on type string'));
    expect(() => call('compact', 'abc')).toThrow(new GoError('Cannot compact on type string'));
    expect(() => call('uniq', 'x')).toThrow(new GoError('Cannot find uniq on type string'));
    expect(() => call('without', 'x')).toThrow(new GoError('Cannot find without on type string'));
    expect(() => call('has', 1n, 'x')).toThrow(new GoError('Cannot find has on type string'));
    expect(() => call('concat', list(1n), 2n)).toThrow(new GoError('Cannot concat type int as list'));
    expect(() => call('chunk', 2n, 'x')).toThrow(new GoError('Cannot chunk type string'));
    expect(() => call('slice', 'x')).toThrow(new GoError('list should be type of slice or array but string'));
    expect(() => call('push', null, 1n)).toThrow(nilDeref);
    expect(() => call('first', undefined)).toThrow(nilDeref);
    expect(() => call('concat', null)).toThrow(nilDeref);
  });
  it('first/last of an empty list are nil; rest/initial are nil slices', () => {
    expect(call('first', list())).toBeNull();
    expect(call('mustLast', list())).toBeNull();
    expect(call('first', list(1n, 2n))).toBe(1n);
    expect(call('last', list(1n, 2n))).toBe(2n);
    expect(p(call('rest', list(1n, 2n, 3n)))).toBe('[2 3]');
    expect(p(call('initial', list(1n, 2n, 3n)))).toBe('[1 2]');
    expect(marshal(call('rest', list()), { escapeHTML: true })).toBe('null');
    expect(marshal(call('rest', list(1n)), { escapeHTML: true })).toBe('[]');
    expect(marshal(call('concat', list(), list()), { escapeHTML: true })).toBe('null');
  });
  it('reverse, compact, uniq (deep equality), without, has', () => {
    expect(p(call('reverse', list(1n, 2n, 3n)))).toBe('[3 2 1]');
    expect(p(call('compact', list(0n, 1n, '', null, 'a', list(), false)))).toBe('[1 a]');
    expect(p(call('uniq', list(1n, 1n, '1', list(1n), list(1n))))).toBe('[1 1 [1]]');
    expect(p(call('uniq', list(1n, new GoNumber('int64', 1n))))).toBe('[1 1]');
    expect(p(call('without', list(1n, 2n, 3n, 1n), 1n, 3n))).toBe('[2]');
    expect(call('has', 1n, null)).toBe(false);
    expect(call('mustHas', 1n, list(1n))).toBe(true);
    expect(call('has', 1.0, list(1n))).toBe(false);
  });
  it('chunk', () => {
    const c = call('chunk', 2n, list(1n, 2n, 3n));
    expect(p(c)).toBe('[[1 2] [3]]');
    expect(goTypeOf(c)).toBe('[][]interface {}');
    expect(sprintf('%#v', [call('chunk', 2n, list())])).toBe('[][]interface {}{}');
    expect(() => call('chunk', 0n, list(1n, 2n))).toThrow('runtime error: makeslice: len out of range');
    expect(() => call('chunk', -1n, list())).toThrow('runtime error: makeslice: len out of range');
  });
  it('slice keeps the slice type and checks bounds like reflect', () => {
    expect(p(call('slice', list(1n, 2n, 3n), 1n))).toBe('[2 3]');
    expect(p(call('slice', list(1n, 2n, 3n), '1', 2.9))).toBe('[2]');
    expect(p(call('slice', list(1n, 2n, 3n)))).toBe('[1 2 3]');
    expect(call('slice', list(), 1n)).toBeNull();
    expect(goTypeOf(call('slice', call('splitList', ',', 'a,b,c'), 1n))).toBe('[]string');
    for (const [a, b] of [
      [2n, 1n],
      [1n, 5n],
      [-1n, 2n],
    ] as const) {
      expect(() => call('slice', list(1n, 2n, 3n), a, b)).toThrow(
        'reflect.Value.Slice: slice index out of bounds',
      );
    }
  });
  it('concat flattens one level', () => {
    expect(p(call('concat', list(1n), withGoType(['a'], '[]string'), list(list(2n))))).toBe('[1 a [2]]');
  });
  it('dig walks map[string]interface{} values', () => {
    const d = call('dict', 'a', call('dict', 'b', 1n));
    expect(call('dig', 'a', 'b', 'd', d)).toBe(1n);
    expect(call('dig', 'a', 'x', 'd', d)).toBe('d');
    expect(call('dig', 'x', 'b', 'd', d)).toBe('d');
    expect(() => call('dig', 'a', 'd')).toThrow(new GoError('dig needs at least three arguments'));
    expect(() => call('dig', 'a', 'b', 'd', call('dict', 'a', 1n))).toThrow(
      new GoError('interface conversion: interface {} is int, not map[string]interface {}'),
    );
    expect(() => call('dig', 'a', 1n, 'd', d)).toThrow(
      new GoError('interface conversion: interface {} is int, not string'),
    );
    expect(() => call('dig', 'a', 'd', null)).toThrow(
      new GoError('interface conversion: interface {} is nil, not map[string]interface {}'),
    );
    expect(() => call('dig', 'a', 'x', 'd', call('dict', 'a', call('split', ',', 'a')))).toThrow(
      new GoError('interface conversion: interface {} is map[string]string, not map[string]interface {}'),
    );
  });
});

describe('string slices', () => {
  it('sortAlpha sorts string forms by bytes; non-lists become one element', () => {
    expect(call('sortAlpha', list('b', 10n, 'a', null, 2.5))).toEqual(['10', '2.5', 'a', 'b']);
    expect(call('sortAlpha', null)).toEqual(['<nil>']);
    expect(call('sortAlpha', 12n)).toEqual(['12']);
    expect(call('sortAlpha', list('｡', '😀'))).toEqual(['｡', '😀']);
  });
  it('join and toStrings drop nil elements', () => {
    expect(call('join', '-', list(1n, null, 'a', 2.5))).toBe('1-a-2.5');
    expect(call('join', ',', 'abc')).toBe('abc');
    expect(call('join', ',', null)).toBe('');
    expect(call('toStrings', list(1n, null, true))).toEqual(['1', 'true']);
    expect(goTypeOf(call('toStrings', 3n))).toBe('[]string');
  });
  it('splitList, split and splitn follow strings.Split/SplitN', () => {
    expect(call('splitList', ',', 'a,b,,c')).toEqual(['a', 'b', '', 'c']);
    expect(call('splitList', '', 'a😀b')).toEqual(['a', '😀', 'b']);
    expect(call('splitList', ',', '')).toEqual(['']);
    const s = call('split', '/', 'a/b');
    expect(p(s)).toBe('map[_0:a _1:b]');
    expect(goTypeOf(s)).toBe('map[string]string');
    expect(p(call('splitn', '/', 2n, 'a/b/c'))).toBe('map[_0:a _1:b/c]');
    expect(p(call('splitn', '/', 0n, 'a/b/c'))).toBe('map[]');
    expect(p(call('splitn', '/', -1n, 'a/b/c'))).toBe('map[_0:a _1:b _2:c]');
    expect(p(call('splitn', '', 2n, 'abc'))).toBe('map[_0:a _1:bc]');
  });
});
