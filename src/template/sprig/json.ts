/**
 * Go's encoding/json for template values: Marshal (floats as encoding/json
 * formats them, `<>&` escaped unless raw, map keys sorted, 2-space indent for
 * MarshalIndent) and Unmarshal into interface{} (objects → map[string]interface{},
 * numbers → float64) with the scanner's exact error messages.
 */

import { compareStrings, formatFloat, quote } from '../fmt/index.js';
import { funcTypeString, goTypeOf } from '../reflect.js';
import { GoComplex, GoError, GoNumber, GoStruct, type GoValue, taggedGoType } from '../value.js';
import { GoDuration, GoNamedInt, GoTime, RFC3339_NANO } from './gotime.js';
import { isNilMap, isNilSlice } from './nil.js';

/** A struct with a MarshalJSON method: returns its JSON text (compact). */
export interface JSONMarshaler {
  marshalJSON(): string;
}

function isMarshaler(v: GoStruct): v is GoStruct & JSONMarshaler {
  return typeof (v as Partial<JSONMarshaler>).marshalJSON === 'function';
}

export class JSONError extends GoError {}

export interface EncodeOptions {
  escapeHTML: boolean;
  /** Indent unit for MarshalIndent; undefined = compact. */
  indent?: string;
}

const hex = '0123456789abcdef';

const PLAIN = /^[^"\\<>&\x00-\x1f\u2028\u2029\ud800-\udfff]*$/;

/** encoding/json string encoding. */
export function encodeString(s: string, escapeHTML: boolean): string {
  if (PLAIN.test(s)) return '"' + s + '"';
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c < 0x80) {
      if (c >= 0x20 && c !== 0x22 && c !== 0x5c && !(escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26)))
        continue;
      switch (c) {
        case 0x22:
          esc = '\\"';
          break;
        case 0x5c:
          esc = '\\\\';
          break;
        case 0x08:
          esc = '\\b';
          break;
        case 0x0c:
          esc = '\\f';
          break;
        case 0x0a:
          esc = '\\n';
          break;
        case 0x0d:
          esc = '\\r';
          break;
        case 0x09:
          esc = '\\t';
          break;
        default:
          esc = '\\u00' + hex[c >> 4] + hex[c & 0xf];
      }
    } else if (c === 0x2028 || c === 0x2029) {
      esc = c === 0x2028 ? '\\u2028' : '\\u2029';
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const d = s.charCodeAt(i + 1);
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
      esc = '\\ufffd';
    } else continue;
    out += s.slice(start, i) + esc;
    start = i + 1;
  }
  return out + s.slice(start) + '"';
}

/** encoding/json float formatting: 'f' unless tiny or huge, exponents without padding. */
export function encodeFloat(f: number, bits: 32 | 64): string {
  if (!Number.isFinite(f)) throw new JSONError(`json: unsupported value: ${formatFloat(f, 'g', -1, bits)}`);
  const abs = Math.abs(f);
  let fmt = 'f';
  if (abs !== 0) {
    const a = bits === 32 ? Math.fround(abs) : abs;
    if (a < 1e-6 || a >= 1e21) fmt = 'e';
  }
  let s = formatFloat(f, fmt, -1, bits);
  if (fmt === 'e') s = s.replace(/e-0(\d)$/, 'e-$1');
  return s;
}

const INT_KEY = /^(int|int8|int16|int32|int64|uint|uint8|uint16|uint32|uint64|uintptr)$/;

function mapKeyType(t: string): string {
  let depth = 0;
  for (let i = 4; i < t.length; i++) {
    if (t[i] === '[') depth++;
    else if (t[i] === ']') {
      if (depth === 0) return t.slice(4, i);
      depth--;
    }
  }
  return t;
}

function keyString(k: GoValue): string {
  if (typeof k === 'string') return k;
  if (typeof k === 'bigint') return k.toString();
  if (k instanceof GoNumber) return String(k.value);
  return String(k);
}

/** time.Time's MarshalJSON: RFC 3339 with nanoseconds, years 0–9999 only. */
function timeJSON(t: GoTime): string {
  const year = t.fieldsOf().year;
  if (year < 0 || year >= 10000) {
    throw new JSONError(
      'json: error calling MarshalJSON for type time.Time: Time.MarshalJSON: year outside of range [0,9999]',
    );
  }
  return '"' + t.format(RFC3339_NANO) + '"';
}

/** Like encoding/json, cycles are looked for only below this depth. */
const CYCLE_DEPTH = 1000;

class Encoder {
  private readonly path = new Set<object>();
  constructor(private readonly opts: EncodeOptions) {}

  private newline(depth: number): string {
    return this.opts.indent === undefined ? '' : '\n' + this.opts.indent.repeat(depth);
  }

  private enter(v: object, depth: number): void {
    if (depth < CYCLE_DEPTH) return;
    if (this.path.has(v))
      throw new JSONError(`json: unsupported value: encountered a cycle via ${goTypeOf(v as GoValue)}`);
    this.path.add(v);
  }

  encode(v: GoValue, depth: number): string {
    switch (typeof v) {
      case 'undefined':
        return 'null';
      case 'boolean':
        return v ? 'true' : 'false';
      case 'string':
        return encodeString(v, this.opts.escapeHTML);
      case 'bigint':
        return v.toString();
      case 'number':
        return encodeFloat(v, 64);
    }
    if (v === null) return 'null';
    if (v instanceof GoNumber)
      return typeof v.value === 'number' ? encodeFloat(v.value, 32) : v.value.toString();
    if (v instanceof GoComplex) throw new JSONError('json: unsupported type: complex128');
    if (v instanceof Uint8Array) return '"' + Buffer.from(v).toString('base64') + '"';
    if (Array.isArray(v)) return isNilSlice(v) ? 'null' : this.array(v, depth);
    if (v instanceof Map) return isNilMap(v) ? 'null' : this.map(v, depth);
    if (v instanceof GoTime) return timeJSON(v);
    // time.Month, time.Weekday and time.Duration are integers underneath.
    if (v instanceof GoNamedInt) return v.value.toString();
    if (v instanceof GoDuration) return v.ns.toString();
    if (v instanceof GoStruct) {
      if (isMarshaler(v)) return v.marshalJSON();
      return this.struct(v, depth);
    }
    throw new JSONError(`json: unsupported type: ${funcTypeString(v)}`);
  }

  private array(v: GoValue[], depth: number): string {
    if (v.length === 0) return '[]';
    this.enter(v, depth);
    const nl = this.newline(depth + 1);
    let out = '[';
    for (let i = 0; i < v.length; i++) out += (i === 0 ? '' : ',') + nl + this.encode(v[i], depth + 1);
    this.path.delete(v);
    return out + this.newline(depth) + ']';
  }

  private map(m: Map<GoValue, GoValue>, depth: number): string {
    const t = taggedGoType(m);
    if (t !== undefined) {
      const kt = mapKeyType(t);
      if (kt !== 'string' && !INT_KEY.test(kt)) throw new JSONError(`json: unsupported type: ${t}`);
    }
    if (m.size === 0) return '{}';
    this.enter(m, depth);
    const keys: [string, GoValue][] = [];
    for (const k of m.keys()) keys.push([keyString(k), k]);
    if (keys.length > 1) keys.sort((a, b) => compareStrings(a[0], b[0]));
    const sep = this.opts.indent === undefined ? ':' : ': ';
    const nl = this.newline(depth + 1);
    let out = '{';
    for (let i = 0; i < keys.length; i++) {
      const [ks, k] = keys[i]!;
      out +=
        (i === 0 ? '' : ',') +
        nl +
        encodeString(ks, this.opts.escapeHTML) +
        sep +
        this.encode(m.get(k), depth + 1);
    }
    this.path.delete(m);
    return out + this.newline(depth) + '}';
  }

  private struct(v: GoStruct, depth: number): string {
    const fields = v.fields();
    if (fields.length === 0) return '{}';
    const sep = this.opts.indent === undefined ? ':' : ': ';
    const parts = fields.map(
      ([k, val]) =>
        this.newline(depth + 1) + encodeString(k, this.opts.escapeHTML) + sep + this.encode(val, depth + 1),
    );
    return '{' + parts.join(',') + this.newline(depth) + '}';
  }
}

/** json.Marshal / MarshalIndent / Encoder.Encode (without the trailing newline). Throws JSONError. */
export function marshal(v: GoValue, opts: EncodeOptions): string {
  return new Encoder(opts).encode(v, 0);
}

// ---- decoding ----

class JSONSyntaxError extends JSONError {}

function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return `'"'`;
  const q = quote(c);
  return "'" + q.slice(1, -1) + "'";
}

/** The byte the Go scanner sees first for the character at `i` (a Latin-1 char for non-ASCII bytes). */
function byteAt(s: string, i: number): string {
  if (i >= s.length) return ' ';
  const c = s.codePointAt(i)!;
  if (c < 0x80) return s[i]!;
  const first = c < 0x800 ? 0xc0 | (c >> 6) : c < 0x10000 ? 0xe0 | (c >> 12) : 0xf0 | (c >> 18);
  return String.fromCharCode(first);
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

class Parser {
  private i = 0;
  /** The first number that does not fit a float64 (json.UnmarshalTypeError), reported after parsing. */
  typeError: string | undefined;
  constructor(private readonly s: string) {}

  private fail(what: string): never {
    if (this.i >= this.s.length && !this.eofIsSpace(what))
      throw new JSONSyntaxError('unexpected end of JSON input');
    throw new JSONSyntaxError(`invalid character ${quoteChar(byteAt(this.s, this.i))} ${what}`);
  }

  /** At the end of input Go feeds a space to the scanner; some states reject it, others just need more input. */
  private eofIsSpace(what: string): boolean {
    return (what.startsWith('in ') && what !== 'in string literal') || what.startsWith('after decimal point');
  }

  private skipSpace(): void {
    while (isSpace(this.s[this.i])) this.i++;
  }

  parseTop(): GoValue {
    this.skipSpace();
    if (this.i >= this.s.length) throw new JSONSyntaxError('unexpected end of JSON input');
    const v = this.value();
    this.skipSpace();
    if (this.i < this.s.length) this.fail('after top-level value');
    return v;
  }

  private value(): GoValue {
    const c = this.s[this.i];
    switch (c) {
      case '{':
        return this.object();
      case '[':
        return this.array();
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    return this.fail('looking for beginning of value');
  }

  private literal(word: string, v: GoValue): GoValue {
    for (let k = 1; k < word.length; k++) {
      this.i++;
      if (this.s[this.i] !== word[k]) this.fail(`in literal ${word} (expecting '${word[k]}')`);
    }
    this.i++;
    return v;
  }

  private object(): GoValue {
    const m = new Map<GoValue, GoValue>();
    this.i++;
    this.skipSpace();
    if (this.s[this.i] === '}') {
      this.i++;
      return m;
    }
    for (;;) {
      if (this.s[this.i] !== '"') this.fail('looking for beginning of object key string');
      const k = this.string();
      this.skipSpace();
      if (this.s[this.i] !== ':') this.fail('after object key');
      this.i++;
      this.skipSpace();
      if (this.i >= this.s.length) this.fail('looking for beginning of value');
      m.set(k, this.value());
      this.skipSpace();
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        this.skipSpace();
        continue;
      }
      if (c === '}') {
        this.i++;
        return m;
      }
      this.fail('after object key:value pair');
    }
  }

  private array(): GoValue {
    const a: GoValue[] = [];
    this.i++;
    this.skipSpace();
    if (this.s[this.i] === ']') {
      this.i++;
      return a;
    }
    for (;;) {
      if (this.i >= this.s.length) this.fail('looking for beginning of value');
      a.push(this.value());
      this.skipSpace();
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        this.skipSpace();
        continue;
      }
      if (c === ']') {
        this.i++;
        return a;
      }
      this.fail('after array element');
    }
  }

  private string(): string {
    const s = this.s;
    this.i++;
    let out = '';
    let start = this.i;
    for (;;) {
      if (this.i >= s.length) this.fail('in string literal');
      const c = s.charCodeAt(this.i);
      if (c === 0x22) {
        out += s.slice(start, this.i);
        this.i++;
        return out;
      }
      if (c < 0x20) this.fail('in string literal');
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = s.charCodeAt(this.i + 1);
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          this.i += 2;
          continue;
        }
        out += s.slice(start, this.i) + '\ufffd';
        this.i++;
        start = this.i;
        continue;
      }
      if (c !== 0x5c) {
        this.i++;
        continue;
      }
      out += s.slice(start, this.i);
      this.i++;
      out += this.escape();
      start = this.i;
    }
  }

  private escape(): string {
    const e = this.s[this.i];
    const simple: Record<string, string> = {
      '"': '"',
      '\\': '\\',
      '/': '/',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
    };
    if (e !== undefined && e in simple) {
      this.i++;
      return simple[e]!;
    }
    if (e !== 'u') this.fail('in string escape code');
    this.i++;
    const r = this.hex4();
    if (r >= 0xd800 && r <= 0xdbff) {
      // A high surrogate must be followed by an escaped low surrogate; the pair is validated after scanning.
      if (this.s[this.i] === '\\' && this.s[this.i + 1] === 'u') {
        const save = this.i;
        this.i += 2;
        const r2 = this.hex4();
        if (r2 >= 0xdc00 && r2 <= 0xdfff) return String.fromCharCode(r, r2);
        this.i = save;
      }
      return '\ufffd';
    }
    if (r >= 0xdc00 && r <= 0xdfff) return '\ufffd';
    return String.fromCharCode(r);
  }

  private hex4(): number {
    let r = 0;
    for (let k = 0; k < 4; k++) {
      const c = this.s.charCodeAt(this.i);
      const d =
        c >= 0x30 && c <= 0x39 ? c - 0x30 : (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66 ? (c | 0x20) - 0x57 : -1;
      if (d < 0) this.fail('in \\u hexadecimal character escape');
      r = r * 16 + d;
      this.i++;
    }
    return r;
  }

  private digits(): void {
    while (this.s[this.i] !== undefined && this.s[this.i]! >= '0' && this.s[this.i]! <= '9') this.i++;
  }

  private number(): GoValue {
    const s = this.s;
    const start = this.i;
    const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
    if (s[this.i] === '-') {
      this.i++;
      if (!isDigit(s[this.i])) this.fail('in numeric literal');
    }
    if (s[this.i] === '0') this.i++;
    else this.digits();
    if (s[this.i] === '.') {
      this.i++;
      if (!isDigit(s[this.i])) this.fail('after decimal point in numeric literal');
      this.digits();
    }
    if (s[this.i] === 'e' || s[this.i] === 'E') {
      this.i++;
      if (s[this.i] === '+' || s[this.i] === '-') this.i++;
      if (!isDigit(s[this.i])) this.fail('in exponent of numeric literal');
      this.digits();
    }
    const text = s.slice(start, this.i);
    const f = Number(text);
    if (!Number.isFinite(f)) {
      this.typeError ??= `json: cannot unmarshal number ${text} into Go value of type float64`;
      return null;
    }
    return f;
  }
}

export interface Decoded {
  value: GoValue;
  error: string | undefined;
}

/** json.Unmarshal into interface{}: the (possibly partial) value and the error message, if any. */
export function unmarshal(text: string): Decoded {
  const p = new Parser(text);
  try {
    const value = p.parseTop();
    return { value, error: p.typeError };
  } catch (e) {
    if (e instanceof JSONSyntaxError) return { value: null, error: e.message };
    throw e;
  }
}
