import { describe, expect, it } from 'vitest';
import { GoError, GoNumber, type GoValue, taggedGoType } from '../value.js';
import * as dec from './decimal.js';
import { funcs, pow10 } from './math.js';
import { callFn, fnOf } from './testutil.js';

const call = (name: string, ...args: GoValue[]) => callFn(funcs, name, ...args);
const i64 = (v: bigint) => new GoNumber('int64', v);

describe('integer math', () => {
  it('converts every argument with cast.ToInt64 and returns int64', () => {
    expect(call('add', 1n, 2.7)).toEqual(i64(3n));
    expect(call('add')).toEqual(i64(0n));
    expect(call('add1', 'x')).toEqual(i64(1n));
    expect(call('add1', '41')).toEqual(i64(42n));
    expect(call('sub', 10n, '3')).toEqual(i64(7n));
    expect(call('mul', 2n, 3n, 4n)).toEqual(i64(24n));
    expect(call('max', '5', 3.5)).toEqual(i64(5n));
    expect(call('biggest', 1n, 9n, 3n)).toEqual(i64(9n));
    expect(call('min', 4n, -2n, true)).toEqual(i64(-2n));
  });
  it('divides like Go int64', () => {
    expect(call('div', -7n, 2n)).toEqual(i64(-3n));
    expect(call('mod', -7n, 3n)).toEqual(i64(-1n));
    expect(call('div', 9223372036854775807n, -1n)).toEqual(i64(-9223372036854775807n));
    expect(call('div', -9223372036854775808n, -1n)).toEqual(i64(-9223372036854775808n));
    expect(() => call('div', 1n, 0n)).toThrow(new GoError('runtime error: integer divide by zero'));
    expect(() => call('mod', 1n, 'x')).toThrow('integer divide by zero');
  });
  it('wraps on overflow', () => {
    expect(call('mul', 9223372036854775807n, 2n)).toEqual(i64(-2n));
    expect(call('add', 9223372036854775807n, 1n)).toEqual(i64(-9223372036854775808n));
  });
  it('randInt stays in [min, max) and rejects an empty range', () => {
    for (let k = 0; k < 50; k++) {
      const r = call('randInt', 3n, 6n) as bigint;
      expect(r >= 3n && r < 6n).toBe(true);
    }
    expect(() => call('randInt', 5n, 5n)).toThrow('invalid argument to Intn');
  });
});

describe('float math', () => {
  it('is decimal-exact like shopspring/decimal', () => {
    expect(call('addf', 0.1, 0.2)).toBe(0.3);
    expect(call('addf')).toBe(0);
    expect(call('add1f', 0.1)).toBe(1.1);
    expect(call('subf', 1n, 0.9)).toBe(0.1);
    expect(call('mulf', 1.1, 3n)).toBe(3.3);
    expect(call('mulf', 3n)).toBe(3);
    expect(call('divf', 1n, 3n)).toBe(0.3333333333333333);
    expect(call('divf', 2n, 3n)).toBe(0.6666666666666667);
    expect(call('divf', -2n, 3n)).toBe(-0.6666666666666667);
    expect(call('addf', 1e20, 1n)).toBe(1e20);
    expect(call('mulf', 1e308, 10n)).toBe(Number.POSITIVE_INFINITY);
    expect(call('addf', '1.5', true)).toBe(2.5);
  });
  it('fails like the library on division by zero and non-finite input', () => {
    expect(() => call('divf', 1n, 0)).toThrow(new GoError('decimal division by 0'));
    expect(() => call('addf', Number.NaN)).toThrow(new GoError('Cannot create a Decimal from NaN'));
    expect(() => call('addf', '-inf')).toThrow(new GoError('Cannot create a Decimal from -Inf'));
  });
  it('maxf/minf follow math.Max/Min', () => {
    expect(call('maxf', 1n, 'x')).toBe(1);
    expect(call('maxf', 1n, 2.5, -3n)).toBe(2.5);
    expect(call('minf', 1n, 2.5, -3n)).toBe(-3);
    expect(Object.is(call('minf', 0, -0), -0)).toBe(true);
  });
  it('floor, ceil and round return float64', () => {
    expect(call('floor', '1.7')).toBe(1);
    expect(Object.is(call('ceil', -0.5), -0)).toBe(true);
    expect(call('round', 1.25, 1n)).toBe(1.3);
    expect(call('round', -1.25, 1n)).toBe(-1.3);
    expect(call('round', 2.5, 0n)).toBe(3);
    expect(call('round', 1.005, 2n)).toBe(1);
    expect(call('round', 123.456, -1n)).toBe(120);
    expect(call('round', 1.5, 0n, 0.6)).toBe(1);
    expect(call('round', 1e300, 10n)).toBe(Number.POSITIVE_INFINITY);
    expect(call('round', 0.1, 400n)).toBeNaN();
  });
  it('pow10 is exact where Go is', () => {
    for (let n = -22; n <= 22; n++) expect(pow10(n)).toBe(Number(`1e${n}`));
    expect(pow10(400)).toBe(Number.POSITIVE_INFINITY);
    expect(pow10(-400)).toBe(0);
  });
  it('decimal keeps shortest digits', () => {
    expect(dec.fromFloat(0.1)).toEqual({ value: 1n, exp: -1 });
    expect(dec.fromFloat(-1234.5)).toEqual({ value: -12345n, exp: -1 });
    expect(dec.fromFloat(1e21)).toEqual({ value: 1n, exp: 21 });
    expect(dec.fromFloat(1200)).toEqual({ value: 12n, exp: 2 });
    expect(dec.fromFloat(-7)).toEqual({ value: -7n, exp: 0 });
  });
});

describe('sequences', () => {
  it('seq takes end, start end, or start step end', () => {
    expect(call('seq', 5n)).toBe('1 2 3 4 5');
    expect(call('seq', -3n)).toBe('1 0 -1 -2 -3');
    expect(call('seq', 0n)).toBe('1 0');
    expect(call('seq', 2n, 5n)).toBe('2 3 4 5');
    expect(call('seq', 5n, 2n)).toBe('5 4 3 2');
    expect(call('seq', 0n, 2n, 10n)).toBe('0 2 4 6 8 10');
    expect(call('seq', 10n, -2n, 0n)).toBe('10 8 6 4 2 0');
    expect(call('seq', 10n, 2n, 0n)).toBe('');
    expect(call('seq')).toBe('');
    expect(call('seq', 1n, 2n, 3n, 4n)).toBe('');
  });
  it('until and untilStep return []int', () => {
    const u = call('until', -3n) as bigint[];
    expect(u).toEqual([0n, -1n, -2n]);
    expect(taggedGoType(u)).toBe('[]int');
    expect(call('untilStep', 0n, 10n, 3n)).toEqual([0n, 3n, 6n, 9n]);
    expect(call('untilStep', 0n, 10n, -1n)).toEqual([]);
    expect(call('untilStep', 5n, 0n, -2n)).toEqual([5n, 3n, 1n]);
    expect(() => call('until', 9223372036854775807n)).toThrow('too long for helmfire');
    expect(() => call('seq', -9223372036854775807n)).toThrow('too long for helmfire');
  });
  it('declares Go signatures', () => {
    expect(fnOf(funcs, 'round').sig).toEqual({
      params: ['interface {}', 'int'],
      variadic: 'float64',
      result: 'float64',
      returnsError: false,
    });
    expect(fnOf(funcs, 'add').sig.variadic).toBe('interface {}');
  });
});
