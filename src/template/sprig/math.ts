/**
 * Sprig's math: integer functions convert every argument with cast.ToInt64 and
 * return int64 (so `add 1 2.7` is 3); the float functions go through
 * shopspring/decimal (`addf 0.1 0.2` is 0.3); floor/ceil/round return float64;
 * seq/until/untilStep build integer sequences.
 */

import { GoError, type GoFunc, GoNumber, type GoValue, goFunc, withGoType } from '../value.js';
import { toFloat64, toInt64 } from './cast.js';
import * as dec from './decimal.js';

const I = 'interface {}';

function int64(v: bigint): GoNumber {
  return new GoNumber('int64', BigInt.asIntN(64, v));
}

function divideByZero(): never {
  throw new GoError('runtime error: integer divide by zero');
}

/** Go's int64 division: truncates, MinInt64 / -1 wraps to MinInt64. */
function quo(a: bigint, b: bigint): bigint {
  if (b === 0n) divideByZero();
  return BigInt.asIntN(64, a / b);
}

function rem(a: bigint, b: bigint): bigint {
  if (b === 0n) divideByZero();
  return a % b;
}

function decimalOp(
  first: GoValue,
  rest: readonly GoValue[],
  op: (a: dec.Decimal, b: dec.Decimal) => dec.Decimal,
) {
  let acc = dec.fromFloat(toFloat64(first));
  for (const x of rest) acc = op(acc, dec.fromFloat(toFloat64(x)));
  return dec.toFloat(acc);
}

/** math.Frexp: frac in [0.5, 1) and exp with f = frac × 2^exp. */
function frexp(f: number): [number, number] {
  if (f === 0 || !Number.isFinite(f)) return [f, 0];
  let exp = Math.floor(Math.log2(Math.abs(f))) + 1;
  let frac = f / 2 ** exp;
  // log2 may be off by one near powers of two.
  if (Math.abs(frac) >= 1) {
    frac /= 2;
    exp++;
  } else if (Math.abs(frac) < 0.5) {
    frac *= 2;
    exp--;
  }
  return [frac, exp];
}

/** math.Ldexp with a single rounding for subnormal results. */
function ldexp(frac: number, exp: number): number {
  if (frac === 0 || !Number.isFinite(frac)) return frac;
  const [m, e] = frexp(frac);
  const total = e + exp;
  if (total < -1074) return frac < 0 ? -0 : 0;
  if (total > 1024) return frac < 0 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (total < -1021) return m * 2 ** (total + 53) * 2 ** -53;
  return m * 2 ** total;
}

/** math.Pow(10, n) for an integer n, by Go's successive squaring (its rounding, not the C library's). */
export function pow10(n: number): number {
  if (n === 0) return 1;
  if (n === 1) return 10;
  const yi = Math.abs(n);
  if (yi >= 2 ** 63) return n > 0 ? Number.POSITIVE_INFINITY : 0;
  let a1 = 1;
  let ae = 0;
  let [x1, xe] = frexp(10);
  for (let i = BigInt(yi); i !== 0n; i >>= 1n) {
    if (xe < -(1 << 12) || 1 << 12 < xe) {
      ae += xe;
      break;
    }
    if ((i & 1n) === 1n) {
      a1 *= x1;
      ae += xe;
    }
    x1 *= x1;
    xe *= 2;
    if (x1 < 0.5) {
      x1 += x1;
      xe--;
    }
  }
  if (n < 0) {
    a1 = 1 / a1;
    ae = -ae;
  }
  return ldexp(a1, ae);
}

function round(a: GoValue, places: bigint, roundOn: number): number {
  const val = toFloat64(a);
  const pow = pow10(Number(places));
  const digit = pow * val;
  const frac = digit - Math.trunc(digit);
  const r = frac >= roundOn ? Math.ceil(digit) : Math.floor(digit);
  return r / pow;
}

/** The longest integer sequence helmfire builds (Go would grow until memory runs out). */
const MAX_SEQUENCE = 1 << 24;

function checkLength(start: bigint, stop: bigint, step: bigint): void {
  const n = (stop - start + step + (step > 0n ? -1n : 1n)) / step;
  if (n > BigInt(MAX_SEQUENCE)) throw new GoError(`a sequence of ${n} integers is too long for helmfire`);
}

/** Sprig's untilStep: integers from start towards stop (exclusive) by step; empty when step points away. */
export function untilStep(start: bigint, stop: bigint, step: bigint): bigint[] {
  const v: bigint[] = [];
  if (stop < start) {
    if (step >= 0n) return v;
    checkLength(start, stop, step);
    for (let i = start; i > stop; i += step) v.push(i);
    return v;
  }
  if (step <= 0n) return v;
  checkLength(start, stop, step);
  for (let i = start; i < stop; i += step) v.push(i);
  return v;
}

function intSlice(v: bigint[]): bigint[] {
  return withGoType(v, '[]int') as bigint[];
}

function seq(params: readonly bigint[]): string {
  let list: bigint[] = [];
  if (params.length === 1) {
    const end = params[0]!;
    const inc = end < 1n ? -1n : 1n;
    list = untilStep(1n, end + inc, inc);
  } else if (params.length === 2) {
    const [start, end] = params as [bigint, bigint];
    const step = end < start ? -1n : 1n;
    list = untilStep(start, end + step, step);
  } else if (params.length === 3) {
    const [start, step, end] = params as [bigint, bigint, bigint];
    let inc = 1n;
    if (end < start) {
      inc = -1n;
      if (step > 0n) return '';
    }
    list = untilStep(start, end + inc, step);
  }
  return list.join(' ');
}

function randIntn(n: bigint): bigint {
  if (n <= 0n) throw new GoError('invalid argument to Intn');
  if (n <= BigInt(Number.MAX_SAFE_INTEGER)) return BigInt(Math.floor(Math.random() * Number(n)));
  const r =
    (BigInt(Math.floor(Math.random() * 2 ** 32)) << 32n) | BigInt(Math.floor(Math.random() * 2 ** 32));
  return r % n;
}

export const funcs: GoFunc[] = [
  goFunc('add1', { params: [I], result: 'int64', returnsError: false }, ([i]) => int64(toInt64(i) + 1n)),
  goFunc('add', { params: [], variadic: I, result: 'int64', returnsError: false }, (args) =>
    int64(args.reduce<bigint>((a, b) => BigInt.asIntN(64, a + toInt64(b)), 0n)),
  ),
  goFunc('sub', { params: [I, I], result: 'int64', returnsError: false }, ([a, b]) =>
    int64(toInt64(a) - toInt64(b)),
  ),
  goFunc('div', { params: [I, I], result: 'int64', returnsError: false }, ([a, b]) =>
    int64(quo(toInt64(a), toInt64(b))),
  ),
  goFunc('mod', { params: [I, I], result: 'int64', returnsError: false }, ([a, b]) =>
    int64(rem(toInt64(a), toInt64(b))),
  ),
  goFunc('mul', { params: [I], variadic: I, result: 'int64', returnsError: false }, ([a, ...rest]) =>
    int64(rest.reduce<bigint>((acc, b) => BigInt.asIntN(64, acc * toInt64(b)), toInt64(a))),
  ),
  goFunc('randInt', { params: ['int', 'int'], result: 'int', returnsError: false }, ([min, max]) => {
    const lo = min as bigint;
    return BigInt.asIntN(64, randIntn(BigInt.asIntN(64, (max as bigint) - lo)) + lo);
  }),
  goFunc('add1f', { params: [I], result: 'float64', returnsError: false }, ([i]) =>
    decimalOp(i, [1n], dec.add),
  ),
  goFunc('addf', { params: [], variadic: I, result: 'float64', returnsError: false }, (args) =>
    decimalOp(0, args, dec.add),
  ),
  goFunc('subf', { params: [I], variadic: I, result: 'float64', returnsError: false }, ([a, ...rest]) =>
    decimalOp(a, rest, dec.sub),
  ),
  goFunc('divf', { params: [I], variadic: I, result: 'float64', returnsError: false }, ([a, ...rest]) =>
    decimalOp(a, rest, dec.div),
  ),
  goFunc('mulf', { params: [I], variadic: I, result: 'float64', returnsError: false }, ([a, ...rest]) =>
    decimalOp(a, rest, dec.mul),
  ),
  ...['biggest', 'max'].map((name) =>
    goFunc(name, { params: [I], variadic: I, result: 'int64', returnsError: false }, ([a, ...rest]) =>
      int64(rest.reduce<bigint>((m, b) => (toInt64(b) > m ? toInt64(b) : m), toInt64(a))),
    ),
  ),
  goFunc('min', { params: [I], variadic: I, result: 'int64', returnsError: false }, ([a, ...rest]) =>
    int64(rest.reduce<bigint>((m, b) => (toInt64(b) < m ? toInt64(b) : m), toInt64(a))),
  ),
  goFunc('maxf', { params: [I], variadic: I, result: 'float64', returnsError: false }, ([a, ...rest]) =>
    rest.reduce<number>((m, b) => Math.max(m, toFloat64(b)), toFloat64(a)),
  ),
  goFunc('minf', { params: [I], variadic: I, result: 'float64', returnsError: false }, ([a, ...rest]) =>
    rest.reduce<number>((m, b) => Math.min(m, toFloat64(b)), toFloat64(a)),
  ),
  goFunc('floor', { params: [I], result: 'float64', returnsError: false }, ([a]) => Math.floor(toFloat64(a))),
  goFunc('ceil', { params: [I], result: 'float64', returnsError: false }, ([a]) => Math.ceil(toFloat64(a))),
  goFunc(
    'round',
    { params: [I, 'int'], variadic: 'float64', result: 'float64', returnsError: false },
    ([a, p, roundOn]) => round(a, p as bigint, roundOn === undefined ? 0.5 : (roundOn as number)),
  ),
  goFunc('seq', { params: [], variadic: 'int', result: 'string', returnsError: false }, (args) =>
    seq(args as bigint[]),
  ),
  goFunc('until', { params: ['int'], result: '[]int', returnsError: false }, ([count]) => {
    const c = count as bigint;
    return intSlice(untilStep(0n, c, c < 0n ? -1n : 1n));
  }),
  goFunc('untilStep', { params: ['int', 'int', 'int'], result: '[]int', returnsError: false }, ([a, b, c]) =>
    intSlice(untilStep(a as bigint, b as bigint, c as bigint)),
  ),
];
