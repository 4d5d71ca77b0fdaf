/**
 * spf13/cast conversions (v1.7.0) on Go values: what Sprig's `int`, `int64`,
 * `float64`, math functions and others use to accept anything. The `…E`
 * functions report failure with a `CastError`; the plain ones return the zero
 * value instead, as cast's `ToX` do.
 */

import { quote, sprintf } from '../fmt/index.js';
import { GoNumber, GoStruct, type GoValue } from '../value.js';
import { GoDuration, GoNamedInt } from './gotime.js';
import { floatToInt64, parseGoFloat, parseGoInt, wrapInt64 } from './strconv.js';

export class CastError extends Error {
  override readonly name = 'CastError';
}

const UNSIGNED = new Set(['uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr']);

/** cast's trimZeroDecimal: `"12.000"` → `"12"` (only zeros after the dot). */
function trimZeroDecimal(s: string): string {
  let foundZero = false;
  for (let i = s.length; i > 0; i--) {
    const c = s[i - 1];
    if (c === '.') {
      if (foundZero) return s.slice(0, i - 1);
    } else if (c === '0') foundZero = true;
    else return s;
  }
  return s;
}

/** cast's error: `unable to cast "x" of type string to int64`. */
function fail(target: string, v: GoValue): never {
  throw new CastError(sprintf(`unable to cast %#v of type %T to ${target}`, [v ?? null, v ?? null]));
}

/** cast.ToInt64E. */
export function toInt64E(v: GoValue): bigint {
  switch (typeof v) {
    case 'bigint':
      return v;
    case 'number':
      return floatToInt64(v);
    case 'boolean':
      return v ? 1n : 0n;
    case 'string': {
      const r = parseGoInt(trimZeroDecimal(v), 0, 64);
      if (r.err !== null) fail('int64', v);
      return r.value;
    }
    case 'undefined':
      return 0n;
  }
  if (v === null) return 0n;
  if (v instanceof GoNumber) {
    if (typeof v.value === 'number') return floatToInt64(v.value);
    return UNSIGNED.has(v.type) ? wrapInt64(v.value) : v.value;
  }
  // cast reads time.Month and time.Weekday as ints (but not time.Duration).
  if (v instanceof GoNamedInt) return v.value;
  return fail('int64', v);
}

/** cast.ToIntE (Go's int is 64-bit; its messages name int64 for strings and int otherwise). */
export function toIntE(v: GoValue): bigint {
  try {
    return toInt64E(v);
  } catch (e) {
    if (e instanceof CastError && typeof v !== 'string') fail('int', v);
    throw e;
  }
}

/** cast.ToFloat64E. */
export function toFloat64E(v: GoValue): number {
  switch (typeof v) {
    case 'number':
      return v;
    case 'bigint':
      return Number(v);
    case 'boolean':
      return v ? 1 : 0;
    case 'string': {
      const r = parseGoFloat(v);
      if (r.err !== null) fail('float64', v);
      return r.value;
    }
    case 'undefined':
      return 0;
  }
  if (v === null) return 0;
  if (v instanceof GoNumber) return Number(v.value);
  if (v instanceof GoNamedInt) return Number(v.value);
  return fail('float64', v);
}

/** cast.ToBoolE. */
export function toBoolE(v: GoValue): boolean {
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'bigint':
      return v !== 0n;
    case 'number':
      return v !== 0;
    case 'string':
      switch (v) {
        case '1':
        case 't':
        case 'T':
        case 'TRUE':
        case 'true':
        case 'True':
          return true;
        case '0':
        case 'f':
        case 'F':
        case 'FALSE':
        case 'false':
        case 'False':
          return false;
      }
      throw new CastError(`strconv.ParseBool: parsing ${quote(v)}: invalid syntax`);
    case 'undefined':
      return false;
  }
  if (v === null) return false;
  if (v instanceof GoNumber) return typeof v.value === 'number' ? v.value !== 0 : v.value !== 0n;
  if (v instanceof GoDuration) return v.ns !== 0n;
  return fail('bool', v);
}

/** strconv.FormatFloat(f, 'f', -1, 64): shortest digits that read back, never an exponent. */
export function formatFloatFixed(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (Object.is(f, -0)) return '-0';
  const [mant, expPart] = f.toExponential().split('e') as [string, string];
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  const exp = Number(expPart);
  let out: string;
  if (exp < 0) out = '0.' + '0'.repeat(-exp - 1) + digits;
  else if (digits.length <= exp + 1) out = digits + '0'.repeat(exp + 1 - digits.length);
  else out = digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
  return neg ? '-' + out : out;
}

/** Shortest float32 digits that read back as the same float32. */
function formatFloat32Fixed(f: number): string {
  if (!Number.isFinite(f) || f === 0) return formatFloatFixed(f);
  for (let p = 1; p <= 9; p++) {
    const s = f.toPrecision(p);
    if (Math.fround(Number(s)) === f) return formatFloatFixed(Number(s));
  }
  return formatFloatFixed(f);
}

/** cast.ToStringE. */
export function toStrE(v: GoValue): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return formatFloatFixed(v);
    case 'bigint':
      return v.toString();
    case 'undefined':
      return '';
  }
  if (v === null) return '';
  if (v instanceof GoNumber)
    return typeof v.value === 'number' ? formatFloat32Fixed(v.value) : v.value.toString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  if (v instanceof GoStruct) {
    if (v.stringer) return v.stringer();
    if (v.errorString) return v.errorString();
  }
  return fail('string', v);
}

function orZero<T>(f: (v: GoValue) => T, zero: T): (v: GoValue) => T {
  return (v) => {
    try {
      return f(v);
    } catch (e) {
      if (e instanceof CastError) return zero;
      throw e;
    }
  };
}

/** cast.ToInt64: 0 when the value does not convert. */
export const toInt64 = orZero(toInt64E, 0n);
/** cast.ToInt: 0 when the value does not convert. */
export const toInt = orZero(toIntE, 0n);
/** cast.ToFloat64: 0 when the value does not convert. */
export const toFloat64 = orZero(toFloat64E, 0);
/** cast.ToBool: false when the value does not convert. */
export const toBool = orZero(toBoolE, false);
/** cast.ToString (named toStr: `toString` is reserved): "" when the value does not convert. */
export const toStr = orZero(toStrE, '');
