import { describe, expect, it } from 'vitest';
import { sprint } from '../fmt/index.js';
import { goTypeOf } from '../reflect.js';
import { GoError, type GoValue } from '../value.js';
import { funcs as dictFuncs } from './dicts.js';
import { marshal } from './json.js';
import { funcs as listFuncs } from './lists.js';
import { funcs as strFuncs } from './strslice.js';
import { callFn } from './testutil.js';

const all = [...dictFuncs, ...listFuncs, ...strFuncs];
const call = (name: string, ...args: GoValue[]) => callFn(all, name, ...args);
const dict = (...kv: GoValue[]) => call('dict', ...kv) as Map<GoValue, GoValue>;
const list = (...v: GoValue[]) => call('list', ...v);
const json = (v: GoValue) => marshal(v, { escapeHTML: true });

describe('dict basics', () => {
  it('dict stringifies keys and pads a missing value with ""', () => {
    expect(sprint(dict('a', 1n, 'b'))).toBe('map[a:1 b:]');
    expect(sprint(dict(1n, 2n, null, 3n))).toBe('map[1:2 <nil>:3]');
    expect(goTypeOf(dict())).toBe('map[string]interface {}');
  });
  it('get returns "" on a miss; hasKey does not error', () => {
    expect(call('get', dict('a', 1n), 'a')).toBe(1n);
    expect(call('get', dict(), 'x')).toBe('');
    expect(call('get', null, 'x')).toBe('');
    expect(call('hasKey', dict('a', null), 'a')).toBe(true);
    expect(call('hasKey', null, 'a')).toBe(false);
  });
  it('set and unset mutate their argument', () => {
    const d = dict('a', 1n);
    expect(call('set', d, 'b', 2n)).toBe(d);
    expect(sprint(d)).toBe('map[a:1 b:2]');
    expect(call('unset', d, 'a')).toBe(d);
    expect(sprint(d)).toBe('map[b:2]');
    expect(() => call('set', null, 'a', 1n)).toThrow(new GoError('assignment to entry in nil map'));
  });
  it('returns typed nil maps that print as map[] and encode as null', () => {
    const u = call('unset', null, 'a');
    expect(sprint(u)).toBe('map[]');
    expect(json(u)).toBe('null');
    expect(() => call('set', u, 'a', 1n)).toThrow(new GoError('assignment to entry in nil map'));
    const m = call('merge', null, null);
    expect(sprint(m)).toBe('map[]');
    expect(json(m)).toBe('null');
    expect(sprint(call('merge', u, dict('a', 1n)))).toBe('map[a:1]');
  });
  it('pluck, pick, omit, keys, values', () => {
    expect(sprint(call('pluck', 'a', dict('a', 1n), dict('b', 2n), dict('a', 3n)))).toBe('[1 3]');
    expect(sprint(call('pick', dict('a', 1n, 'b', 2n), 'a', 'c'))).toBe('map[a:1]');
    expect(sprint(call('omit', dict('a', 1n, 'b', 2n), 'a', 'c'))).toBe('map[b:2]');
    const k = call('keys', dict('b', 1n, 'a', 2n), dict('c', 3n));
    expect(k).toEqual(['a', 'b', 'c']);
    expect(goTypeOf(k)).toBe('[]string');
    expect(call('values', dict('b', 1n, 'a', 2n))).toEqual([2n, 1n]);
  });
});

describe('merge (mergo rules)', () => {
  const dst = () =>
    dict(
      ...['a', 1n, 'b', '', 'c', list(), 'd', dict('x', 1n), 'e', list(1n), 'f', 0n, 'g', null, 'h', dict()],
      ...['i', 'keep'],
    );
  const src = () =>
    dict(
      ...[
        'a',
        2n,
        'b',
        'B',
        'c',
        list(9n),
        'd',
        dict('x', 2n, 'y', 3n),
        'e',
        list(7n, 8n),
        'f',
        5n,
        'g',
        'G',
      ],
      ...['h', dict('z', 1n), 'i', list(1n), 'j', null, 'k', dict('n', 1n)],
    );
  it('merge fills only empty or missing values, deeply', () => {
    const d = dst();
    const r = call('merge', d, src());
    expect(r).toBe(d);
    expect(json(r)).toBe(
      '{"a":1,"b":"B","c":[9],"d":{"x":1,"y":3},"e":[1],"f":5,"g":"G","h":{"z":1},"i":"keep","k":{"n":1}}',
    );
  });
  it('mergeOverwrite replaces values, copies nils, and merges maps deeply', () => {
    const s = src();
    s.set('a2', null);
    expect(json(call('mergeOverwrite', dst(), s))).toBe(
      '{"a":2,"a2":null,"b":"B","c":[9],"d":{"x":2,"y":3},"e":[7,8],"f":5,"g":"G","h":{"z":1},"i":[1],"j":null,"k":{"n":1}}',
    );
  });
  it('a map never merges into a scalar, nor a scalar into a map, without overwrite', () => {
    expect(json(call('merge', dict('a', dict('b', 1n)), dict('a', 'str')))).toBe('{"a":{"b":1}}');
    expect(json(call('mergeOverwrite', dict('a', dict('b', 1n)), dict('a', 'str')))).toBe('{"a":"str"}');
    expect(json(call('merge', dict('a', 'str'), dict('a', dict('b', 1n))))).toBe('{"a":"str"}');
    expect(json(call('mergeOverwrite', dict('a', 'str'), dict('a', dict('b', 1n))))).toBe('{"a":{"b":1}}');
  });
  it('several sources apply in order; false is empty', () => {
    expect(json(call('merge', dict('t', false), dict('t', true)))).toBe('{"t":true}');
    expect(json(call('merge', dict('t', true), dict('t', false)))).toBe('{"t":true}');
    expect(json(call('merge', dict(), dict('a', 1n), dict('a', 2n, 'b', 3n)))).toBe('{"a":1,"b":3}');
    expect(json(call('mustMergeOverwrite', dict(), dict('a', 1n), dict('a', 2n, 'b', 3n)))).toBe(
      '{"a":2,"b":3}',
    );
  });
  it('shares nested maps of the source', () => {
    const inner = dict('n', 1n);
    const r = call('merge', dict(), dict('k', inner)) as Map<GoValue, GoValue>;
    expect(r.get('k')).toBe(inner);
  });
  it('a nil destination becomes a new map', () => {
    expect(sprint(call('merge', null, dict('a', 1n)))).toBe('map[a:1]');
  });
  it('panics like reflect when a typed map cannot hold the value', () => {
    const typed = () => dict('a', call('split', ',', 'x,y'));
    expect(() => call('merge', typed(), dict('a', dict('_2', 3n)))).toThrow(
      'reflect.Value.SetMapIndex: value of type interface {} is not assignable to type string',
    );
    expect(sprint(call('merge', typed(), dict('a', dict('_0', 3n))))).toBe('map[a:map[_0:x _1:y]]');
    expect(() => call('mergeOverwrite', typed(), dict('a', dict('_0', 3n)))).toThrow(
      'not assignable to type string',
    );
  });
});
