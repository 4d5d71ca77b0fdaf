/**
 * Go literal syntax used by templates: strconv.Unquote / UnquoteChar for
 * strings and rune constants, strconv.ParseInt / ParseUint / ParseFloat with
 * base prefixes and underscores, and the number constants of parse.NumberNode.
 */

import { utf8Decode } from '../fmt/utf8.js';

/** A literal that does not parse; `message` is Go's error text. */
export class LiteralError extends Error {
  override readonly name = 'LiteralError';
}

const INVALID = 'invalid syntax';

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

function validRune(r: number): boolean {
  return (r >= 0 && r < 0xd800) || (r > 0xdfff && r <= 0x10ffff);
}

/**
 * strconv.UnquoteChar: decode the first character or escape of `s` (from `i`).
 * Returns the value, whether it is a rune (true) or a raw byte (false), and the next index.
 */
export function unquoteChar(s: string, i: number, quote: number): [number, boolean, number] {
  const c = s.codePointAt(i);
  if (c === undefined) throw new LiteralError(INVALID);
  if (c === quote && (quote === 39 || quote === 34)) throw new LiteralError(INVALID);
  if (c >= 0x80) return [c, true, i + (c > 0xffff ? 2 : 1)];
  if (c !== 92) return [c, false, i + 1];
  if (i + 1 >= s.length) throw new LiteralError(INVALID);
  const e = s.charCodeAt(i + 1);
  let j = i + 2;
  switch (e) {
    case 97:
      return [7, false, j];
    case 98:
      return [8, false, j];
    case 102:
      return [12, false, j];
    case 110:
      return [10, false, j];
    case 114:
      return [13, false, j];
    case 116:
      return [9, false, j];
    case 118:
      return [11, false, j];
    case 120: // x
    case 117: // u
    case 85: {
      // U
      const n = e === 120 ? 2 : e === 117 ? 4 : 8;
      if (j + n > s.length) throw new LiteralError(INVALID);
      let v = 0;
      for (let k = 0; k < n; k++) {
        const x = hexVal(s.charCodeAt(j + k));
        if (x < 0) throw new LiteralError(INVALID);
        v = v * 16 + x;
      }
      j += n;
      if (e === 120) return [v, false, j];
      if (!validRune(v)) throw new LiteralError(INVALID);
      return [v, true, j];
    }
    case 48:
    case 49:
    case 50:
    case 51:
    case 52:
    case 53:
    case 54:
    case 55: {
      let v = e - 48;
      if (j + 2 > s.length) throw new LiteralError(INVALID);
      for (let k = 0; k < 2; k++) {
        const x = s.charCodeAt(j + k) - 48;
        if (x < 0 || x > 7) throw new LiteralError(INVALID);
        v = v * 8 + x;
      }
      j += 2;
      if (v > 255) throw new LiteralError(INVALID);
      return [v, false, j];
    }
    case 92:
      return [92, false, j];
    case 39:
    case 34:
      if (e !== quote) throw new LiteralError(INVALID);
      return [e, false, j];
  }
  throw new LiteralError(INVALID);
}

function pushUtf8(out: number[], r: number): void {
  if (r < 0x80) out.push(r);
  else if (r < 0x800) out.push(0xc0 | (r >> 6), 0x80 | (r & 0x3f));
  else if (r < 0x10000) out.push(0xe0 | (r >> 12), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f));
  else out.push(0xf0 | (r >> 18), 0x80 | ((r >> 12) & 0x3f), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f));
}

/** strconv.Unquote for a double-quoted or back-quoted string token. */
export function unquote(token: string): string {
  const q = token.charCodeAt(0);
  if (token.length < 2 || token.charCodeAt(token.length - 1) !== q) throw new LiteralError(INVALID);
  const body = token.slice(1, -1);
  if (q === 96) {
    if (body.includes('`')) throw new LiteralError(INVALID);
    return body.includes('\r') ? body.replaceAll('\r', '') : body;
  }
  if (q !== 34) throw new LiteralError(INVALID);
  if (body.includes('\n')) throw new LiteralError(INVALID);
  if (!body.includes('\\') && !body.includes('"')) return body;
  const bytes: number[] = [];
  let i = 0;
  while (i < body.length) {
    const [v, multibyte, next] = unquoteChar(body, i, 34);
    if (v < 0x80 || !multibyte) bytes.push(v);
    else pushUtf8(bytes, v);
    i = next;
  }
  return utf8Decode(Uint8Array.from(bytes));
}

// ---- numbers ----

function underscoreOK(s0: string): boolean {
  let saw = '^';
  let i = 0;
  let s = s0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'bBoOxX'.includes(s[1]!)) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if ((c >= '0' && c <= '9') || (hex && hexVal(c.charCodeAt(0)) >= 0)) {
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

const U64_MAX = (1n << 64n) - 1n;

/** strconv.ParseUint(s, 0, 64): the value, or 'syntax' / 'range'. */
export function parseUint(s: string): bigint | 'syntax' | 'range' {
  if (s.length === 0) return 'syntax';
  let base = 10;
  let body = s;
  if (s[0] === '0') {
    if (s.length >= 3 && (s[1] === 'x' || s[1] === 'X')) {
      base = 16;
      body = s.slice(2);
    } else if (s.length >= 3 && (s[1] === 'o' || s[1] === 'O')) {
      base = 8;
      body = s.slice(2);
    } else if (s.length >= 3 && (s[1] === 'b' || s[1] === 'B')) {
      base = 2;
      body = s.slice(2);
    } else {
      base = 8;
      body = s.slice(1);
    }
  }
  let n = 0n;
  const b = BigInt(base);
  let underscores = false;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 95) {
      underscores = true;
      continue;
    }
    const d = hexVal(c);
    if (d < 0 || d >= base) return 'syntax';
    n = n * b + BigInt(d);
  }
  if (underscores && !underscoreOK(s)) return 'syntax';
  if (n > U64_MAX) return 'range';
  return n;
}

/** strconv.ParseInt(s, 0, 64). */
export function parseInt64(s: string): bigint | 'syntax' | 'range' {
  if (s.length === 0) return 'syntax';
  let neg = false;
  let body = s;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    body = s.slice(1);
  }
  const u = parseUint(body);
  if (typeof u === 'string') return u;
  if (!neg && u >= 1n << 63n) return 'range';
  if (neg && u > 1n << 63n) return 'range';
  return neg ? -u : u;
}

const decimalFloat = /^[+-]?(?:[0-9_]+\.?[0-9_]*|\.[0-9_]+)(?:[eE][+-]?[0-9_]+)?$/;
const hexFloat = /^([+-]?)0[xX]([0-9a-fA-F_]*)(?:\.([0-9a-fA-F_]*))?[pP]([+-]?[0-9_]+)$/;

/** strconv.ParseFloat(s, 64): the value, or 'syntax' / 'range'. */
export function parseFloat64(s: string): number | 'syntax' | 'range' {
  const lower = s.toLowerCase().replace(/^[+-]/, '');
  if (lower === 'inf' || lower === 'infinity') return s[0] === '-' ? -Infinity : Infinity;
  if (lower === 'nan') return Number.NaN;
  const underscores = s.includes('_');
  let v: number;
  const hm = hexFloat.exec(s);
  if (hm !== null) {
    const intPart = hm[2]!.replaceAll('_', '');
    const fracPart = (hm[3] ?? '').replaceAll('_', '');
    if (intPart.length + fracPart.length === 0) return 'syntax';
    if (underscores && !underscoreOK(s)) return 'syntax';
    const mant = BigInt('0x' + (intPart + fracPart || '0'));
    const exp = Number(hm[4]!.replaceAll('_', '')) - 4 * fracPart.length;
    v = hexToFloat(mant, exp);
    if (hm[1] === '-') v = -v;
  } else {
    if (!decimalFloat.test(s)) return 'syntax';
    const digits = s.replace(/[eE].*$/, '');
    if (!/[0-9]/.test(digits)) return 'syntax';
    if (underscores && !underscoreOK(s)) return 'syntax';
    v = Number(s.replaceAll('_', ''));
  }
  if (!Number.isFinite(v)) return 'range';
  return v;
}

/** mant × 2^exp rounded (half to even) to the nearest float64. */
function hexToFloat(mant: bigint, exp: number): number {
  if (mant === 0n) return 0;
  const bits = mant.toString(2).length;
  const eTop = exp + bits - 1;
  if (eTop > 1023) return Infinity;
  // Significant bits a float64 keeps at this magnitude (fewer for subnormals).
  const keep = Math.max(eTop >= -1022 ? 53 : 53 - (-1022 - eTop), 0);
  let q = mant;
  let e = exp;
  const drop = bits - keep;
  if (drop > 0) {
    const d = BigInt(drop);
    const rem = mant & ((1n << d) - 1n);
    const half = 1n << (d - 1n);
    q = mant >> d;
    if (rem > half || (rem === half && (q & 1n) === 1n)) q++;
    e += drop;
  }
  const v = Number(q) * 2 ** Math.trunc(e / 2) * 2 ** (e - Math.trunc(e / 2));
  return v;
}

export interface NumberValue {
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  isComplex: boolean;
  int64: bigint;
  uint64: bigint;
  float64: number;
  complex: readonly [number, number];
}

const I64_MIN = -(2 ** 63);
const I64_LIMIT = 2 ** 63;
const U64_LIMIT = 2 ** 64;

function fitsInt64(f: number): boolean {
  return Number.isInteger(f) && f >= I64_MIN && f < I64_LIMIT;
}

function fitsUint64(f: number): boolean {
  return Number.isInteger(f) && f >= 0 && f < U64_LIMIT;
}

function fromComplex(re: number, im: number): NumberValue {
  const n: NumberValue = {
    isInt: false,
    isUint: false,
    isFloat: im === 0,
    isComplex: true,
    int64: 0n,
    uint64: 0n,
    float64: 0,
    complex: [re, im],
  };
  if (n.isFloat) {
    n.float64 = re;
    if (fitsInt64(re)) {
      n.isInt = true;
      n.int64 = BigInt(re);
    }
    if (fitsUint64(re)) {
      n.isUint = true;
      n.uint64 = BigInt(re);
    }
  }
  return n;
}

/** Parse a complex literal such as `1+2i` (fmt.Sscan into complex128). */
function parseComplex(text: string): NumberValue {
  let split = -1;
  for (let i = text.length - 2; i > 0; i--) {
    const c = text[i];
    if ((c === '+' || c === '-') && !'eEpP'.includes(text[i - 1]!)) {
      split = i;
      break;
    }
  }
  const reText = split > 0 ? text.slice(0, split) : '0';
  const imText = split > 0 ? text.slice(split, -1) : text.slice(0, -1);
  const re = parseFloat64(reText);
  if (typeof re === 'string')
    throw new LiteralError(`strconv.ParseFloat: parsing "${reText}": invalid syntax`);
  const im = parseFloat64(imText);
  if (typeof im === 'string')
    throw new LiteralError(`strconv.ParseFloat: parsing "${imText}": invalid syntax`);
  return fromComplex(re, im);
}

/** The constant of a number token (parse.newNumber); throws LiteralError with Go's message. */
export function parseNumber(text: string, kind: 'number' | 'char' | 'complex'): NumberValue {
  if (kind === 'char') {
    const [r, , next] = unquoteChar(text, 1, 39);
    if (text.slice(next) !== "'") throw new LiteralError(`malformed character constant: ${text}`);
    return {
      isInt: true,
      isUint: true,
      isFloat: true,
      isComplex: false,
      int64: BigInt(r),
      uint64: BigInt(r),
      float64: r,
      complex: [0, 0],
    };
  }
  if (kind === 'complex') return parseComplex(text);
  if (text.length > 0 && text[text.length - 1] === 'i') {
    const f = parseFloat64(text.slice(0, -1));
    if (typeof f === 'number') return fromComplex(0, f);
  }
  const n: NumberValue = {
    isInt: false,
    isUint: false,
    isFloat: false,
    isComplex: false,
    int64: 0n,
    uint64: 0n,
    float64: 0,
    complex: [0, 0],
  };
  const u = parseUint(text);
  if (typeof u === 'bigint') {
    n.isUint = true;
    n.uint64 = u;
  }
  const i = parseInt64(text);
  if (typeof i === 'bigint') {
    n.isInt = true;
    n.int64 = i;
    if (i === 0n) {
      n.isUint = true;
      n.uint64 = typeof u === 'bigint' ? u : 0n;
    }
  }
  if (n.isInt) {
    n.isFloat = true;
    n.float64 = Number(n.int64);
  } else if (n.isUint) {
    n.isFloat = true;
    n.float64 = Number(n.uint64);
  } else {
    const f = parseFloat64(text);
    if (typeof f === 'number') {
      if (!/[.eEpP]/.test(text)) throw new LiteralError(`integer overflow: ${JSON.stringify(text)}`);
      n.isFloat = true;
      n.float64 = f;
      if (fitsInt64(f)) {
        n.isInt = true;
        n.int64 = BigInt(f);
      }
      if (fitsUint64(f)) {
        n.isUint = true;
        n.uint64 = BigInt(f);
      }
    }
  }
  if (!n.isInt && !n.isUint && !n.isFloat)
    throw new LiteralError(`illegal number syntax: ${JSON.stringify(text)}`);
  return n;
}
