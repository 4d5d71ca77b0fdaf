/**
 * Go's strconv.FormatFloat: formats 'e' 'E' 'f' 'g' 'G' 'b' 'x' 'X' with a
 * precision (-1 = shortest that reads back exactly) for float64 or float32.
 * Rounding of fixed precisions is round-half-even on the exact binary value,
 * as Go does (JS toFixed rounds exact ties away from zero).
 */

/** Decimal digits `0.d × 10^dp` (d has no leading zeros; empty = zero). */
interface Digits {
  d: string;
  dp: number;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const f32 = new Float32Array(1);
const u32f = new Uint32Array(f32.buffer);

interface Bits {
  neg: boolean;
  /** Biased exponent field. */
  expField: number;
  /** Mantissa field (without the implicit bit). */
  mant: bigint;
  mantbits: number;
  bias: number;
  expMax: number;
}

function decompose(x: number, bitSize: 32 | 64): Bits {
  if (bitSize === 32) {
    f32[0] = x;
    const b = u32f[0]!;
    return {
      neg: b >>> 31 === 1,
      expField: (b >>> 23) & 0xff,
      mant: BigInt(b & 0x7fffff),
      mantbits: 23,
      bias: -127,
      expMax: 0xff,
    };
  }
  f64[0] = x;
  // Little-endian platforms: u32[1] is the high word.
  const lo = u32[0]!;
  const hi = u32[1]!;
  return {
    neg: hi >>> 31 === 1,
    expField: (hi >>> 20) & 0x7ff,
    mant: (BigInt(hi & 0xfffff) << 32n) | BigInt(lo),
    mantbits: 52,
    bias: -1023,
    expMax: 0x7ff,
  };
}

/** Shortest digits of |x| that read back as x at the given size. */
function shortestDigits(ax: number, bitSize: 32 | 64): Digits {
  if (bitSize === 64) {
    // Number's toString yields the shortest round-tripping digits too.
    const s = String(ax);
    return s.includes('e') ? parseExp(s) : parsePlain(s);
  }
  // float32: the fewest digits (rounded half to even) that read back as the same float32.
  const exact = exactDigits(ax);
  for (let p = 1; p < 10; p++) {
    const r = roundDigits(exact, p);
    if (Math.fround(Number(`0.${r.d}e${r.dp}`)) === ax) return r;
  }
  return roundDigits(exact, 9);
}

/** Digits of a plain decimal such as `123.45` or `0.00012`. */
function parsePlain(s: string): Digits {
  const dot = s.indexOf('.');
  const intPart = dot < 0 ? s : s.slice(0, dot);
  const frac = dot < 0 ? '' : s.slice(dot + 1);
  let d = intPart === '0' ? frac : intPart + frac;
  let dp = intPart === '0' ? 0 : intPart.length;
  let start = 0;
  while (start < d.length && d.charCodeAt(start) === 48) start++;
  dp -= start;
  let end = d.length;
  while (end > start && d.charCodeAt(end - 1) === 48) end--;
  d = d.slice(start, end);
  return { d, dp };
}

function parseExp(s: string): Digits {
  const e = s.indexOf('e');
  const m = s.slice(0, e);
  let d = m.length > 1 ? m[0] + m.slice(2) : m;
  const exp = Number(s.slice(e + 1));
  let end = d.length;
  while (end > 1 && d.charCodeAt(end - 1) === 48) end--;
  d = d.slice(0, end);
  return { d, dp: exp + 1 };
}

/** Exact decimal expansion of a positive finite float (trailing zeros removed). */
function exactDigits(ax: number): Digits {
  const b = decompose(ax, 64);
  let mant = b.mant;
  let e2: number;
  if (b.expField === 0) e2 = 1 + b.bias - b.mantbits;
  else {
    mant |= 1n << 52n;
    e2 = b.expField + b.bias - b.mantbits;
  }
  let s: string;
  let dp: number;
  if (e2 >= 0) {
    s = (mant << BigInt(e2)).toString();
    dp = s.length;
  } else {
    s = (mant * 5n ** BigInt(-e2)).toString();
    dp = s.length + e2;
  }
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 48) end--;
  return { d: s.slice(0, end), dp };
}

/** Round to nd digits, half to even (strconv decimal.Round). */
function roundDigits(x: Digits, nd: number): Digits {
  const n = x.d.length;
  if (nd < 0 || nd >= n) return x;
  const c = x.d.charCodeAt(nd);
  let up: boolean;
  if (c === 53 && nd + 1 === n) up = nd > 0 && (x.d.charCodeAt(nd - 1) - 48) % 2 !== 0;
  else up = c >= 53;
  if (!up) {
    let end = nd;
    while (end > 0 && x.d.charCodeAt(end - 1) === 48) end--;
    return { d: x.d.slice(0, end), dp: x.dp };
  }
  let i = nd - 1;
  while (i >= 0 && x.d.charCodeAt(i) === 57) i--;
  if (i < 0) return { d: '1', dp: x.dp + 1 };
  return { d: x.d.slice(0, i) + String.fromCharCode(x.d.charCodeAt(i) + 1), dp: x.dp };
}

function fmtE(neg: boolean, x: Digits, prec: number, fmt: string): string {
  let out = neg ? '-' : '';
  const nd = x.d.length;
  out += nd !== 0 ? x.d[0] : '0';
  if (prec > 0) {
    out += '.';
    const m = Math.min(nd, prec + 1);
    if (m > 1) out += x.d.slice(1, m);
    for (let i = Math.max(m, 1); i <= prec; i++) out += '0';
  }
  out += fmt;
  let exp = nd === 0 ? 0 : x.dp - 1;
  if (exp < 0) {
    out += '-';
    exp = -exp;
  } else out += '+';
  return out + (exp < 10 ? '0' + exp : String(exp));
}

function fmtF(neg: boolean, x: Digits, prec: number): string {
  let out = neg ? '-' : '';
  const nd = x.d.length;
  if (x.dp > 0) {
    const m = Math.min(nd, x.dp);
    out += x.d.slice(0, m);
    if (m < x.dp) out += '0'.repeat(x.dp - m);
  } else out += '0';
  if (prec > 0) {
    out += '.';
    for (let i = 0; i < prec; i++) {
      const j = x.dp + i;
      out += j >= 0 && j < nd ? x.d[j] : '0';
    }
  }
  return out;
}

function formatDigits(shortest: boolean, neg: boolean, x: Digits, prec: number, fmt: string): string {
  switch (fmt) {
    case 'e':
    case 'E':
      return fmtE(neg, x, prec, fmt);
    case 'f':
      return fmtF(neg, x, prec);
    case 'g':
    case 'G': {
      const nd = x.d.length;
      let eprec = prec;
      if (eprec > nd && nd >= x.dp) eprec = nd;
      if (shortest) eprec = 6;
      const exp = x.dp - 1;
      if (exp < -4 || exp >= eprec) {
        let p = prec;
        if (p > nd) p = nd;
        return fmtE(neg, x, p - 1, fmt === 'g' ? 'e' : 'E');
      }
      let p = prec;
      if (p > x.dp) p = nd;
      return fmtF(neg, x, Math.max(p - x.dp, 0));
    }
  }
  return '%' + fmt;
}

function fmtB(b: Bits, mant: bigint, exp: number): string {
  const e = exp - b.mantbits;
  return (b.neg ? '-' : '') + mant.toString() + 'p' + (e >= 0 ? '+' : '') + e;
}

function fmtX(b: Bits, prec: number, fmt: string, mantIn: bigint, expIn: number): string {
  let mant = mantIn;
  let exp = expIn;
  if (mant === 0n) exp = 0;
  const one60 = 1n << 60n;
  mant <<= BigInt(60 - b.mantbits);
  while (mant !== 0n && (mant & one60) === 0n) {
    mant <<= 1n;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const mask60 = one60 - 1n;
    const extra = (mant << shift) & mask60;
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant <<= 60n - shift;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  const hex = fmt === 'X' ? '0123456789ABCDEF' : '0123456789abcdef';
  const mask64 = (1n << 64n) - 1n;
  let out = (b.neg ? '-' : '') + '0' + fmt + ((mant >> 60n) & 1n).toString();
  mant = (mant << 4n) & mask64;
  if (prec < 0 && mant !== 0n) {
    out += '.';
    while (mant !== 0n) {
      out += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & mask64;
    }
  } else if (prec > 0) {
    out += '.';
    for (let i = 0; i < prec; i++) {
      out += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & mask64;
    }
  }
  out += fmt === 'X' ? 'P' : 'p';
  if (exp < 0) {
    out += '-';
    exp = -exp;
  } else out += '+';
  return out + (exp < 10 ? '0' + exp : String(exp));
}

/** strconv.FormatFloat(x, fmt, prec, bitSize). */
export function formatFloat(x: number, fmt: string, prec: number, bitSize: 32 | 64 = 64): string {
  const v = bitSize === 32 ? Math.fround(x) : x;
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const b = decompose(v, bitSize);
  if (fmt === 'b' || fmt === 'x' || fmt === 'X') {
    let exp = b.expField;
    let mant = b.mant;
    if (exp === 0) exp++;
    else mant |= 1n << BigInt(b.mantbits);
    exp += b.bias;
    return fmt === 'b' ? fmtB(b, mant, exp) : fmtX(b, prec, fmt, mant, exp);
  }
  const neg = b.neg;
  const ax = Math.abs(v);
  const shortest = prec < 0;
  if (ax === 0) return formatDigits(shortest, neg, { d: '', dp: 0 }, prec, fmt);
  let digs: Digits;
  let p = prec;
  if (shortest) {
    digs = shortestDigits(ax, bitSize);
    const nd = digs.d.length;
    if (fmt === 'e' || fmt === 'E') p = Math.max(nd - 1, 0);
    else if (fmt === 'f') p = Math.max(nd - digs.dp, 0);
    else p = nd;
  } else {
    const exact = exactDigits(ax);
    if (fmt === 'e' || fmt === 'E') digs = roundDigits(exact, p + 1);
    else if (fmt === 'f') digs = roundDigits(exact, exact.dp + p);
    else {
      if (p === 0) p = 1;
      digs = roundDigits(exact, p);
    }
  }
  return formatDigits(shortest, neg, digs, p, fmt);
}
