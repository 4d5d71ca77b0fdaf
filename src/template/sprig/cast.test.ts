import { describe, expect, it } from 'vitest';
import { type GoMember, GoNumber, GoStruct } from '../value.js';
import {
  CastError,
  formatFloatFixed,
  toBool,
  toBoolE,
  toFloat64,
  toFloat64E,
  toInt,
  toInt64,
  toInt64E,
  toIntE,
  toStr,
} from './cast.js';
import { GoDuration, GoNamedInt } from './gotime.js';
import { atoi, parseGoFloat, parseGoInt } from './strconv.js';

class Named extends GoStruct {
  readonly goType = 'x.Named';
  fields() {
    return [];
  }
  member(): GoMember | undefined {
    return undefined;
  }
  override stringer() {
    return 'named!';
  }
}

describe('strconv', () => {
  it('parses Go integer syntax with base 0', () => {
    expect(parseGoInt('0x1F', 0).value).toBe(31n);
    expect(parseGoInt('017', 0).value).toBe(15n);
    expect(parseGoInt('0o17', 0).value).toBe(15n);
    expect(parseGoInt('-0b101', 0).value).toBe(-5n);
    expect(parseGoInt('1_000', 0).value).toBe(1000n);
    expect(parseGoInt('0x_1f', 0).value).toBe(31n);
    expect(parseGoInt('1__0', 0).err).toBe('syntax');
    expect(parseGoInt('_1', 0).err).toBe('syntax');
    expect(parseGoInt('08', 0).err).toBe('syntax');
    expect(parseGoInt('0x', 0).err).toBe('syntax');
    expect(parseGoInt('', 0).err).toBe('syntax');
    expect(parseGoInt('1_000', 10).err).toBe('syntax');
  });
  it('clamps out of range values and reports the range error', () => {
    expect(parseGoInt('9223372036854775808', 0)).toEqual({ value: 9223372036854775807n, err: 'range' });
    expect(parseGoInt('-9223372036854775809', 10)).toEqual({ value: -9223372036854775808n, err: 'range' });
    expect(parseGoInt('-9223372036854775808', 10)).toEqual({ value: -9223372036854775808n, err: null });
    expect(atoi('99999999999999999999')).toEqual({ value: 9223372036854775807n, err: 'range' });
    expect(atoi(' 1').err).toBe('syntax');
    expect(atoi('+5').value).toBe(5n);
  });
  it('parses Go float syntax', () => {
    expect(parseGoFloat('1_000.5').value).toBe(1000.5);
    expect(parseGoFloat('.5e1').value).toBe(5);
    expect(parseGoFloat('5.').value).toBe(5);
    expect(parseGoFloat('0x1p-2').value).toBe(0.25);
    expect(parseGoFloat('0x1.8p1').value).toBe(3);
    expect(parseGoFloat('0x1').err).toBe('syntax');
    expect(parseGoFloat('inf').value).toBe(Number.POSITIVE_INFINITY);
    expect(parseGoFloat('-Infinity').value).toBe(Number.NEGATIVE_INFINITY);
    expect(parseGoFloat('NaN').value).toBeNaN();
    expect(parseGoFloat('+nan').err).toBe('syntax');
    expect(parseGoFloat('infin').err).toBe('syntax');
    expect(parseGoFloat('1e400').err).toBe('range');
    expect(parseGoFloat('1e-400')).toEqual({ value: 0, err: null });
    expect(parseGoFloat('1__0').err).toBe('syntax');
    expect(parseGoFloat(' 1').err).toBe('syntax');
    expect(parseGoFloat('1e').err).toBe('syntax');
  });
  it('rounds long hexadecimal mantissas to nearest even', () => {
    expect(parseGoFloat('0x1.00000000000008p0').value).toBe(1);
    expect(parseGoFloat('0x1.00000000000018p0').value).toBe(1 + 2 * 2 ** -52);
    expect(parseGoFloat('0x1p-1074').value).toBe(2 ** -1074);
    expect(parseGoFloat('0x1p1024').err).toBe('range');
  });
});

describe('cast', () => {
  it('toInt64 follows spf13/cast', () => {
    expect(toInt64('12.000')).toBe(12n);
    expect(toInt64('1.')).toBe(0n);
    expect(toInt64('0x1F')).toBe(31n);
    expect(toInt64('9223372036854775808')).toBe(0n);
    expect(toInt64(2.7)).toBe(2n);
    expect(toInt64(-2.9)).toBe(-2n);
    expect(toInt64(1e19)).toBe(-9223372036854775808n);
    expect(toInt64(Number.NaN)).toBe(-9223372036854775808n);
    expect(toInt64(true)).toBe(1n);
    expect(toInt64(null)).toBe(0n);
    expect(toInt64(undefined)).toBe(0n);
    expect(toInt64(new GoNumber('uint64', 18446744073709551615n))).toBe(-1n);
    expect(toInt64(new GoNumber('float32', 1.5))).toBe(1n);
    expect(toInt64([1n])).toBe(0n);
    expect(() => toInt64E('abc')).toThrow(new CastError('unable to cast "abc" of type string to int64'));
    expect(() => toIntE([1n])).toThrow(
      new CastError('unable to cast []interface {}{1} of type []interface {} to int'),
    );
    expect(() => toFloat64E(new Map())).toThrow(
      new CastError('unable to cast map[string]interface {}{} of type map[string]interface {} to float64'),
    );
    expect(toInt64(new GoNamedInt('time.Month', 3n, 'March'))).toBe(3n);
    expect(toInt64(new GoDuration(5n))).toBe(0n);
    expect(toFloat64(new GoNamedInt('time.Weekday', 2n, 'Tuesday'))).toBe(2);
    expect(toBool(new GoDuration(5n))).toBe(true);
    expect(toStr(new GoNamedInt('time.Month', 3n, 'March'))).toBe('March');
    expect(toInt('7')).toBe(7n);
  });
  it('toFloat64 follows spf13/cast', () => {
    expect(toFloat64('1.5')).toBe(1.5);
    expect(toFloat64('1e400')).toBe(0);
    expect(toFloat64(3n)).toBe(3);
    expect(toFloat64(false)).toBe(0);
    expect(toFloat64(new GoNumber('int64', 9n))).toBe(9);
    expect(toFloat64(new Map())).toBe(0);
  });
  it('toBool accepts strconv.ParseBool words', () => {
    expect(toBool('T')).toBe(true);
    expect(toBool('False')).toBe(false);
    expect(toBool('yes')).toBe(false);
    expect(() => toBoolE('yes')).toThrow(new CastError('strconv.ParseBool: parsing "yes": invalid syntax'));
    expect(toBool(2n)).toBe(true);
    expect(toBool(0)).toBe(false);
  });
  it('toStr formats floats without exponent', () => {
    expect(toStr(1e21)).toBe('1000000000000000000000');
    expect(toStr(1.5e-7)).toBe('0.00000015');
    expect(toStr(-0)).toBe('-0');
    expect(toStr(new GoNumber('float32', Math.fround(0.1)))).toBe('0.1');
    expect(toStr(12n)).toBe('12');
    expect(toStr(null)).toBe('');
    expect(toStr(new Uint8Array([104, 105]))).toBe('hi');
    expect(toStr(new Named())).toBe('named!');
    expect(toStr([1n])).toBe('');
    expect(formatFloatFixed(123.456)).toBe('123.456');
    expect(formatFloatFixed(Number.POSITIVE_INFINITY)).toBe('+Inf');
  });
});
