/**
 * Go's strconv number parsing (ParseInt, ParseUint, ParseFloat, Atoi) with its
 * exact syntax: base prefixes and `_` separators for base 0, `inf`/`nan`,
 * hexadecimal floats, and range errors that still return the clamped value.
 */

const DIGITS = /^[0-9]+$/;

export type ParseErr = 'syntax' | 'range' | null;

export interface ParsedInt {
  value: bigint;
  err: ParseErr;
}

export interface ParsedFloat {
  value: number;
  err: ParseErr;
}

function lower(c: string): string {
  return c.toLowerCase();
}

/** Underscores may only separate digits (or follow a base prefix), as in Go literals. */
export function underscoreOK(s0: string): boolean {
  let s = s0;
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'box'.includes(lower(s[1]!))) {
    i = 2;
    saw = '0';
    hex = lower(s[1]!) === 'x';
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if ((c >= '0' && c <= '9') || (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** strconv.ParseUint. */
export function parseGoUint(s0: string, base0: number, bitSize = 64): ParsedInt {
  if (s0 === '') return { value: 0n, err: 'syntax' };
  // Fast path: a short run of decimal digits cannot overflow 64 bits.
  if (base0 === 10 && bitSize === 64 && s0.length < 19 && DIGITS.test(s0))
    return { value: BigInt(s0), err: null };
  let s = s0;
  let base = base0;
  const isBase0 = base0 === 0;
  if (base === 0) {
    base = 10;
    if (s[0] === '0') {
      const p = s.length >= 3 ? lower(s[1]!) : '';
      if (p === 'b') base = 2;
      else if (p === 'o') base = 8;
      else if (p === 'x') base = 16;
      else base = 8;
      s = s.slice(base === 8 && p !== 'o' ? 1 : 2);
    }
  }
  const maxVal = (1n << BigInt(bitSize)) - 1n;
  const bigBase = BigInt(base);
  let underscores = false;
  let n = 0n;
  for (const c of s) {
    let d: number;
    if (c === '_' && isBase0) {
      underscores = true;
      continue;
    }
    if (c >= '0' && c <= '9') d = c.charCodeAt(0) - 48;
    else if (lower(c) >= 'a' && lower(c) <= 'z' && c.length === 1) d = lower(c).charCodeAt(0) - 87;
    else return { value: 0n, err: 'syntax' };
    if (d >= base) return { value: 0n, err: 'syntax' };
    n = n * bigBase + BigInt(d);
    if (n > maxVal) return { value: maxVal, err: 'range' };
  }
  if (underscores && !underscoreOK(s0)) return { value: 0n, err: 'syntax' };
  return { value: n, err: null };
}

/** strconv.ParseInt. */
export function parseGoInt(s0: string, base: number, bitSize = 64): ParsedInt {
  if (s0 === '') return { value: 0n, err: 'syntax' };
  let s = s0;
  let neg = false;
  if (s[0] === '+') s = s.slice(1);
  else if (s[0] === '-') {
    s = s.slice(1);
    neg = true;
  }
  const u = parseGoUint(s, base, bitSize);
  if (u.err === 'syntax') return { value: 0n, err: 'syntax' };
  const cutoff = 1n << BigInt(bitSize - 1);
  if (!neg && u.value >= cutoff) return { value: cutoff - 1n, err: 'range' };
  if (neg && u.value > cutoff) return { value: -cutoff, err: 'range' };
  return { value: neg ? -u.value : u.value, err: null };
}

/** strconv.Atoi (64-bit int). */
export function atoi(s: string): ParsedInt {
  return parseGoInt(s, 10, 64);
}

/** The double nearest to m × 2^e (round half to even), ±Infinity on overflow. */
function scaleToDouble(m: bigint, e: number): number {
  if (m === 0n) return 0;
  const bits = m.toString(2).length;
  // Value = m × 2^e with m having `bits` bits; the result exponent (of the leading bit) is bits - 1 + e.
  const top = bits - 1 + e;
  if (top > 1023) return Number.POSITIVE_INFINITY;
  // Number of mantissa bits we can keep: 53 for normals, fewer for subnormals.
  const keep = top >= -1022 ? 53 : 53 - (-1022 - top);
  if (keep <= 0) {
    // Below half the smallest subnormal, or exactly half / above half of it.
    if (keep < 0) return 0;
    const half = 1n << BigInt(bits - 1);
    return m > half ? 2 ** -1074 : 0;
  }
  let shift = bits - keep;
  let q = m;
  if (shift > 0) {
    const sh = BigInt(shift);
    q = m >> sh;
    const rem = m - (q << sh);
    const half = 1n << (sh - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  } else {
    shift = 0;
  }
  const result = Number(q) * 2 ** (e + shift);
  return result;
}

function special(s: string): number | undefined {
  const m = /^([+-]?)(inf|infinity)$/i.exec(s);
  if (m) return m[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^nan$/i.test(s)) return Number.NaN;
  return undefined;
}

/** strconv.ParseFloat(s, 64). */
export function parseGoFloat(s: string): ParsedFloat {
  const sp = special(s);
  if (sp !== undefined) return { value: sp, err: null };
  let i = 0;
  let neg = false;
  if (s[i] === '+') i++;
  else if (s[i] === '-') {
    neg = true;
    i++;
  }
  let hex = false;
  if (i + 2 < s.length && s[i] === '0' && lower(s[i + 1]!) === 'x') {
    hex = true;
    i += 2;
  }
  let underscores = false;
  let sawdot = false;
  let sawdigits = false;
  let digits = '';
  let dp = 0;
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (c === '_') {
      underscores = true;
      continue;
    }
    if (c === '.') {
      if (sawdot) break;
      sawdot = true;
      dp = digits.length;
      continue;
    }
    if ((c >= '0' && c <= '9') || (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
      sawdigits = true;
      digits += c;
      continue;
    }
    break;
  }
  const fail: ParsedFloat = { value: 0, err: 'syntax' };
  if (!sawdigits) return fail;
  if (!sawdot) dp = digits.length;
  let exp = 0;
  const expChar = hex ? 'p' : 'e';
  if (i < s.length && lower(s[i]!) === expChar) {
    i++;
    if (i >= s.length) return fail;
    let esign = 1;
    if (s[i] === '+') i++;
    else if (s[i] === '-') {
      esign = -1;
      i++;
    }
    if (i >= s.length || s[i]! < '0' || s[i]! > '9') return fail;
    let e = 0;
    for (; i < s.length && ((s[i]! >= '0' && s[i]! <= '9') || s[i] === '_'); i++) {
      if (s[i] === '_') {
        underscores = true;
        continue;
      }
      if (e < 10000) e = e * 10 + (s.charCodeAt(i) - 48);
    }
    exp = e * esign;
  } else if (hex) return fail;
  if (underscores && !underscoreOK(s.slice(0, i))) return fail;
  if (i !== s.length) return fail;

  let value: number;
  if (hex) {
    const m = BigInt('0x' + digits);
    value = scaleToDouble(m, exp - 4 * (digits.length - dp));
  } else {
    value = Number(`${digits}e${exp - (digits.length - dp)}`);
  }
  if (neg) value = -value;
  if (!Number.isFinite(value)) return { value, err: 'range' };
  return { value, err: null };
}

/** Wrap a bigint to the signed 64-bit range (Go's int64 conversion of a wider integer). */
export function wrapInt64(v: bigint): bigint {
  return BigInt.asIntN(64, v);
}

/** Go's float64 → int64 conversion as amd64 performs it (out of range and NaN give MinInt64). */
export function floatToInt64(f: number): bigint {
  if (Number.isNaN(f) || f >= 2 ** 63 || f < -(2 ** 63)) return -(1n << 63n);
  return BigInt(Math.trunc(f));
}
