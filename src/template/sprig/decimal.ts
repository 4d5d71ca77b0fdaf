/**
 * The part of shopspring/decimal (v1.4.0) that Sprig's float functions use:
 * a float64 is read as its shortest decimal digits (so 0.1 is exactly 0.1),
 * added, subtracted and multiplied exactly, divided to 16 decimal places
 * (half away from zero), and the exact result rounded back to the nearest float64.
 */

import { GoError } from '../value.js';

/** value × 10^exp */
export interface Decimal {
  readonly value: bigint;
  readonly exp: number;
}

const DIVISION_PRECISION = 16;

function floatText(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  return f > 0 ? '+Inf' : '-Inf';
}

/** decimal.NewFromFloat: panics (throws) on NaN and infinities as the library does. */
export function fromFloat(f: number): Decimal {
  if (!Number.isFinite(f)) throw new GoError(`Cannot create a Decimal from ${floatText(f)}`);
  if (f === 0) return { value: 0n, exp: 0 };
  if (Number.isSafeInteger(f)) return normalize(BigInt(f));
  const [mant, e] = f.toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '');
  const nd = digits.replace('-', '').length;
  return { value: BigInt(digits), exp: Number(e) - (nd - 1) };
}

/** An integer as shortest digits × 10^exp, like NewFromFloat (trailing zeros go into the exponent). */
function normalize(v: bigint): Decimal {
  let value = v;
  let exp = 0;
  while (value % 10n === 0n) {
    value /= 10n;
    exp++;
  }
  return { value, exp };
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

function rescalePair(a: Decimal, b: Decimal): [bigint, bigint, number] {
  if (a.exp === b.exp) return [a.value, b.value, a.exp];
  if (a.exp < b.exp) return [a.value, b.value * pow10(b.exp - a.exp), a.exp];
  return [a.value * pow10(a.exp - b.exp), b.value, b.exp];
}

export function add(a: Decimal, b: Decimal): Decimal {
  const [x, y, exp] = rescalePair(a, b);
  return { value: x + y, exp };
}

export function sub(a: Decimal, b: Decimal): Decimal {
  const [x, y, exp] = rescalePair(a, b);
  return { value: x - y, exp };
}

export function mul(a: Decimal, b: Decimal): Decimal {
  return { value: a.value * b.value, exp: a.exp + b.exp };
}

/** d / d2 rounded to 16 decimal places, ties away from zero (Decimal.Div). */
export function div(a: Decimal, b: Decimal): Decimal {
  if (b.value === 0n) throw new GoError('decimal division by 0');
  const e = a.exp - b.exp + DIVISION_PRECISION;
  let num = a.value;
  let den = b.value;
  if (e >= 0) num *= pow10(e);
  else den *= pow10(-e);
  let q = num / den;
  const r = num % den;
  const absR = r < 0n ? -r : r;
  const absDen = den < 0n ? -den : den;
  if (2n * absR >= absDen) q += num < 0n !== den < 0n ? -1n : 1n;
  return { value: q, exp: -DIVISION_PRECISION };
}

/** Decimal.Float64: the float64 nearest to the exact value. */
export function toFloat(d: Decimal): number {
  if (d.value === 0n) return 0;
  return Number(`${d.value}e${d.exp}`);
}
