/**
 * JSON as sops reads and prints it: key order and duplicate keys kept,
 * integers kept apart from floats, output indented with a tab and escaped the
 * way Go's encoding/json escapes strings (including <, > and &).
 */
import { formatFloatJSON } from './gonum.js';
import { Branch, Comment, GoFloat, GoInt, GoTime, type Value } from './tree.js';

export class JsonLoadError extends Error {
  override readonly name = 'JsonLoadError';
}

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

const STRING_RE = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER_RE = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

class JsonReader {
  private pos = 0;
  constructor(private readonly s: string) {}

  private fail(what: string): never {
    const before = this.s.slice(0, this.pos);
    const line = before.split('\n').length;
    throw new JsonLoadError(`${what} at line ${line}`);
  }

  private ws(): void {
    while (this.pos < this.s.length && ' \t\n\r'.includes(this.s[this.pos]!)) this.pos++;
  }

  top(): Branch {
    this.ws();
    if (this.s[this.pos] !== '{') {
      this.fail('sops only supports JSON files with a top-level object');
    }
    return this.object();
  }

  private value(): Value {
    this.ws();
    const c = this.s[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === 't' && this.s.startsWith('true', this.pos)) {
      this.pos += 4;
      return true;
    }
    if (c === 'f' && this.s.startsWith('false', this.pos)) {
      this.pos += 5;
      return false;
    }
    if (c === 'n' && this.s.startsWith('null', this.pos)) {
      this.pos += 4;
      return null;
    }
    return this.number();
  }

  private object(): Branch {
    this.pos++; // {
    const items: { key: string; value: Value }[] = [];
    this.ws();
    if (this.s[this.pos] === '}') {
      this.pos++;
      return new Branch(items);
    }
    for (;;) {
      this.ws();
      if (this.s[this.pos] !== '"') this.fail('expected an object key');
      const key = this.string();
      this.ws();
      if (this.s[this.pos] !== ':') this.fail("expected ':' after an object key");
      this.pos++;
      items.push({ key, value: this.value() });
      this.ws();
      const c = this.s[this.pos++];
      if (c === '}') return new Branch(items);
      if (c !== ',') this.fail("expected ',' or '}' in an object");
    }
  }

  private array(): Value[] {
    this.pos++; // [
    const out: Value[] = [];
    this.ws();
    if (this.s[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.ws();
      const c = this.s[this.pos++];
      if (c === ']') return out;
      if (c !== ',') this.fail("expected ',' or ']' in an array");
    }
  }

  private string(): string {
    STRING_RE.lastIndex = this.pos;
    const m = STRING_RE.exec(this.s);
    if (!m) this.fail('invalid string');
    this.pos += m[0].length;
    return JSON.parse(m[0]) as string;
  }

  private number(): Value {
    NUMBER_RE.lastIndex = this.pos;
    const m = NUMBER_RE.exec(this.s);
    if (!m || m[0] === '-') this.fail('invalid value');
    this.pos += m[0].length;
    const text = m[0];
    if (!m[1] && !m[2]) {
      const i = BigInt(text);
      if (i >= INT64_MIN && i <= INT64_MAX) return new GoInt(i);
    }
    const f = Number(text);
    if (!Number.isFinite(f)) this.fail('number out of range');
    return new GoFloat(f);
  }
}

export function loadJson(text: string): Branch {
  return new JsonReader(text).top();
}

const HEX = '0123456789abcdef';

/** encoding/json's string quoting (HTML-safe). */
export function goJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || ch === '<' || ch === '>' || ch === '&')
      out += '\\u00' + HEX[cp >> 4] + HEX[cp & 0xf];
    else if (cp === 0x2028 || cp === 0x2029) out += '\\u' + cp.toString(16);
    else if (cp >= 0xd800 && cp <= 0xdfff)
      out += '\\ufffd'; // lone surrogate: invalid UTF-8 in Go
    else out += ch;
  }
  return out + '"';
}

function scalarJson(v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return goJsonString(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof GoInt) return v.value.toString();
  if (v instanceof GoTime) return goJsonString(v.text);
  if (v instanceof GoFloat) {
    if (!Number.isFinite(v.value))
      throw new JsonLoadError('NaN and infinite numbers cannot be written as JSON');
    return formatFloatJSON(v.value);
  }
  if (v instanceof Comment) return goJsonString(v.value);
  throw new Error('not a scalar');
}

function emit(v: Value, depth: number, indent: string): string {
  const pad = (d: number) => '\n' + indent.repeat(d);
  if (v instanceof Branch) {
    const parts = v.items
      .filter((i): i is { key: string; value: Value } => typeof i.key === 'string')
      .map((i) => pad(depth + 1) + goJsonString(i.key) + ': ' + emit(i.value, depth + 1, indent));
    return parts.length === 0 ? '{}' : '{' + parts.join(',') + pad(depth) + '}';
  }
  if (Array.isArray(v)) {
    const parts = v
      .filter((x) => !(x instanceof Comment))
      .map((x) => pad(depth + 1) + emit(x, depth + 1, indent));
    return parts.length === 0 ? '[]' : '[' + parts.join(',') + pad(depth) + ']';
  }
  return scalarJson(v);
}

/** The document as `sops -d` prints a JSON file (tab indentation, trailing newline). */
export function emitJson(branch: Branch, indent = '\t'): string {
  return emit(branch, 0, indent) + '\n';
}
