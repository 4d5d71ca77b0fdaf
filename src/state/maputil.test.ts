import { describe, expect, it } from 'vitest';
import { GoNumber, type GoValue } from '../template/value.js';
import { parseStateValuesSet, parseStateValuesSetString } from './cli-values.js';
import { castKeysToStrings, mergeMaps, parseKey, setAtPath, typedSetValue } from './maputil.js';

const m = (entries: Record<string, GoValue>) => new Map<GoValue, GoValue>(Object.entries(entries));

describe('mergeMaps (helmfile maputil.MergeMaps)', () => {
  it('layers b over a recursively without touching the inputs', () => {
    const a = m({ x: m({ y: 1n, z: 2n }), k: 'a' });
    const out = mergeMaps(a, m({ x: m({ y: 5n }) }));
    expect(out).toEqual(m({ x: m({ y: 5n, z: 2n }), k: 'a' }));
    expect(a.get('x')).toEqual(m({ y: 1n, z: 2n }));
  });
  it('never overwrites with null, but adds a null for a new key', () => {
    expect(mergeMaps(m({ a: 1n }), m({ a: null, b: null }))).toEqual(m({ a: 1n, b: null }));
  });
  it('replaces complete lists and merges sparse ones (with nulls) by index', () => {
    expect(mergeMaps(m({ l: [1n, 2n, 3n] }), m({ l: [9n] }))).toEqual(m({ l: [9n] }));
    expect(mergeMaps(m({ l: [1n, 2n, 3n] }), m({ l: [null, 9n] }))).toEqual(m({ l: [1n, 9n, 3n] }));
    expect(mergeMaps(m({ l: [1n, 2n, 3n] }), m({ l: [9n] }), 'merge')).toEqual(m({ l: [9n, 2n, 3n] }));
  });
});

describe('castKeysToStrings', () => {
  it('rejects non-string keys as helmfile does', () => {
    const bad = new Map<GoValue, GoValue>([['a', new Map<GoValue, GoValue>([[1n, 'x']])]]);
    expect(() => castKeysToStrings(bad)).toThrow(
      'unexpected type of key in map: expected string, got int: value=1, map=map[1:x]',
    );
  });
});

describe('--state-values-set', () => {
  it('parses escaped keys', () => {
    expect(parseKey('a.b\\.c.d')).toEqual(['a', 'b.c', 'd']);
  });
  it('types values: bools, null, int64 without leading zero, else strings', () => {
    expect(typedSetValue('TRUE', false)).toBe(true);
    expect(typedSetValue('null', false)).toBe(null);
    expect(typedSetValue('42', false)).toEqual(new GoNumber('int64', 42n));
    expect(typedSetValue('0', false)).toEqual(new GoNumber('int64', 0n));
    expect(typedSetValue('007', false)).toBe('007');
    expect(typedSetValue('1.5', false)).toBe('1.5');
    expect(typedSetValue('42', true)).toBe('42');
  });
  it('builds nested maps and lists', () => {
    const out = new Map<GoValue, GoValue>();
    setAtPath(out, ['a', 'b'], 'x');
    setAtPath(out, ['l[1]', 'name'], 'n');
    expect(out).toEqual(m({ a: m({ b: 'x' }), l: [null, m({ name: 'n' })] }));
  });
  it('splits on commas; set-string keeps quoted values with commas (quotes included)', () => {
    expect(parseStateValuesSet(['a=1,b.c=true'])).toEqual(
      m({ a: new GoNumber('int64', 1n), b: m({ c: true }) }),
    );
    expect(parseStateValuesSetString(["a='x,y',b=2"])).toEqual(m({ a: "'x,y'", b: '2' }));
    expect(() => parseStateValuesSet(['novalue'])).toThrow('"novalue" is not in the form key=value');
  });
});
