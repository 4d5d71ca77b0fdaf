import { describe, expect, it } from 'vitest';
import { goDeepEqual, goEq, goGe, goGt, goLe, goLt, goNe, goTypeOf, isTrue, kindOf } from './reflect.js';
import { GoComplex, GoNumber, type GoValue, goFunc, withGoType } from './value.js';

const u8 = (n: number) => new GoNumber('uint8', BigInt(n));
const i64 = (n: number) => new GoNumber('int64', BigInt(n));

describe('goTypeOf / kindOf', () => {
  it.each([
    [undefined, '<nil>', 'invalid'],
    [null, '<nil>', 'invalid'],
    ['s', 'string', 'string'],
    [1n, 'int', 'int'],
    [1.5, 'float64', 'float64'],
    [true, 'bool', 'bool'],
    [i64(1), 'int64', 'int64'],
    [new GoNumber('float32', 1), 'float32', 'float32'],
    [new GoComplex(1, 2), 'complex128', 'complex128'],
    [[1n], '[]interface {}', 'slice'],
    [withGoType(['a'], '[]string'), '[]string', 'slice'],
    [withGoType([1n, 2n], '[2]int'), '[2]int', 'array'],
    [new Map(), 'map[string]interface {}', 'map'],
    [withGoType(new Map(), 'map[string]string'), 'map[string]string', 'map'],
    [new Uint8Array([1]), '[]uint8', 'slice'],
  ] as Array<[GoValue, string, string]>)('%s', (v, type, kind) => {
    expect(goTypeOf(v)).toBe(type);
    expect(kindOf(v)).toBe(kind);
  });
  it('prints function types like reflect', () => {
    const f = goFunc(
      'f',
      { params: ['string'], variadic: 'interface {}', result: 'string', returnsError: true },
      () => '',
    );
    expect(goTypeOf(f)).toBe('func(string, ...interface {}) (string, error)');
    const g = goFunc('g', { params: [], result: 'int', returnsError: false }, () => 1n);
    expect(goTypeOf(g)).toBe('func() int');
    expect(kindOf(g)).toBe('func');
  });
});

describe('isTrue', () => {
  it.each([
    [undefined, false],
    [null, false],
    [false, false],
    [true, true],
    [0n, false],
    [2n, true],
    [0, false],
    [-0, false],
    [Number.NaN, true],
    ['', false],
    ['0', true],
    [[], false],
    [[null], true],
    [new Map(), false],
    [new Map([['a', 1n]]), true],
    [u8(0), false],
    [new GoComplex(0, 0), false],
    [new GoComplex(0, 1), true],
    [new Uint8Array(0), false],
  ] as Array<[GoValue, boolean]>)('%s → %s', (v, want) => {
    expect(isTrue(v)).toBe(want);
  });
});

describe('comparison builtins', () => {
  it('eq compares basic kinds and any of several operands', () => {
    expect(goEq(1n, [2n, 3n, 1n])).toBe(true);
    expect(goEq('a', ['b'])).toBe(false);
    expect(goEq(1.5, [1.5])).toBe(true);
    expect(goEq(true, [true])).toBe(true);
    expect(goEq(new GoComplex(1, 2), [new GoComplex(1, 2)])).toBe(true);
  });
  it('eq compares integers across signedness and size', () => {
    expect(goEq(1n, [u8(1)])).toBe(true);
    expect(goEq(i64(-1), [u8(255)])).toBe(false);
    expect(goEq(u8(3), [3n])).toBe(true);
  });
  it('eq rejects int against float with both types named', () => {
    expect(() => goEq(1n, [1])).toThrow('incompatible types for comparison: int and float64');
    expect(() => goEq('a', [withGoType([], '[]string')])).toThrow(
      'incompatible types for comparison: string and []string',
    );
  });
  it('eq with nil and missing values', () => {
    expect(goEq(null, [null])).toBe(true);
    expect(goEq(undefined, [1n])).toBe(false);
    expect(goEq([1n], [null])).toBe(false);
    expect(goEq(new Map(), [undefined])).toBe(false);
  });
  it('eq on slices and maps is an error', () => {
    expect(() => goEq([1n], [[1n]])).toThrow('non-comparable type [%!s(int=1)]: []interface {}');
    expect(() => goEq([1n], [new Map([['a', 'b']])])).toThrow(
      'non-comparable types [%!s(int=1)]: []interface {}, map[string]interface {}: map[a:b]',
    );
  });
  it('eq needs two operands', () => {
    expect(() => goEq(1n, [])).toThrow('missing argument for comparison');
  });
  it('lt orders numbers and strings and rejects the rest', () => {
    expect(goLt(1n, 2n)).toBe(true);
    expect(goLt(i64(-1), u8(0))).toBe(true);
    expect(goLt(u8(5), -1n)).toBe(false);
    expect(goLt('a', 'b')).toBe(true);
    expect(goLt('｡', '😀')).toBe(true);
    expect(goLt(1.5, 1.25)).toBe(false);
    expect(() => goLt(true, false)).toThrow('invalid type for comparison');
    expect(() => goLt(null, 1n)).toThrow('invalid type for comparison');
    expect(() => goLt(1n, 1.5)).toThrow('incompatible types for comparison: int and float64');
  });
  it('le gt ge ne derive from lt and eq', () => {
    expect(goLe(2n, 2n)).toBe(true);
    expect(goGt(3n, 2n)).toBe(true);
    expect(goGe(2n, 3n)).toBe(false);
    expect(goNe('a', 'b')).toBe(true);
  });
});

describe('goDeepEqual', () => {
  it('requires identical Go types', () => {
    expect(goDeepEqual(1n, 1n)).toBe(true);
    expect(goDeepEqual(1n, i64(1))).toBe(false);
    expect(goDeepEqual(1n, 1)).toBe(false);
    expect(goDeepEqual(['a'], withGoType(['a'], '[]string'))).toBe(false);
  });
  it('compares containers deeply', () => {
    const a = new Map<GoValue, GoValue>([['x', [1n, new Map([['y', 'z']])]]]);
    const b = new Map<GoValue, GoValue>([['x', [1n, new Map([['y', 'z']])]]]);
    expect(goDeepEqual(a, b)).toBe(true);
    b.set('w', null);
    expect(goDeepEqual(a, b)).toBe(false);
  });
  it('treats NaN as unequal and nil as unequal to empty', () => {
    expect(goDeepEqual(Number.NaN, Number.NaN)).toBe(false);
    expect(goDeepEqual(null, [])).toBe(false);
    expect(goDeepEqual(null, null)).toBe(true);
  });
});
