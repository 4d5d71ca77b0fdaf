/**
 * Minimal DER (ASN.1) writing and reading for the certificates and keys
 * Sprig's crypto functions produce, plus PEM encoding and Go's pem.Decode.
 */

export type Der = Uint8Array;

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  while (n > 0) {
    out.unshift(n & 0xff);
    n = Math.floor(n / 256);
  }
  return [0x80 | out.length, ...out];
}

/** A TLV with the given tag byte. */
export function tlv(tag: number, ...content: Der[]): Der {
  const body = Buffer.concat(content);
  return new Uint8Array([tag, ...lengthBytes(body.length), ...body]);
}

export const seq = (...c: Der[]) => tlv(0x30, ...c);
export const set = (...c: Der[]) => tlv(0x31, ...c);
export const octets = (b: Uint8Array) => tlv(0x04, b);
export const bool = (v: boolean) => tlv(0x01, new Uint8Array([v ? 0xff : 0x00]));
export const nul = () => tlv(0x05);
/** Context-specific constructed [n] EXPLICIT. */
export const explicit = (n: number, ...c: Der[]) => tlv(0xa0 | n, ...c);

/** INTEGER from a non-negative bigint, minimal two's-complement encoding. */
export function int(v: bigint): Der {
  let hex = v.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  let bytes = Buffer.from(hex, 'hex');
  if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(0x02, bytes);
}

export function bitString(bytes: Uint8Array, unusedBits = 0): Der {
  return tlv(0x03, new Uint8Array([unusedBits]), bytes);
}

export function oid(dotted: string): Der {
  const parts = dotted.split('.').map((p) => BigInt(p));
  const out: number[] = [Number(parts[0]! * 40n + parts[1]!)];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [Number(p & 0x7fn)];
    let v = p >> 7n;
    while (v > 0n) {
      chunk.unshift(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    out.push(...chunk);
  }
  return tlv(0x06, new Uint8Array(out));
}

/** Go's asn1 choice for an untyped string: PrintableString when every character allows it, else UTF8String. */
export function goString(s: string): Der {
  const printable = /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(s);
  return tlv(printable ? 0x13 : 0x0c, Buffer.from(s, 'utf8'));
}

/** UTCTime for 1950–2049, GeneralizedTime otherwise (Go's asn1 rule), at second precision. */
export function time(unixSec: number): Der {
  const d = new Date(unixSec * 1000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const y = d.getUTCFullYear();
  const rest = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  if (y >= 1950 && y < 2050) return tlv(0x17, Buffer.from(p(y % 100) + rest));
  return tlv(0x18, Buffer.from(p(y, 4) + rest));
}

// ---- reading ----

export interface Element {
  tag: number;
  /** The whole TLV. */
  raw: Uint8Array;
  /** The contents. */
  body: Uint8Array;
}

export class DerError extends Error {}

/** Read one element at `pos`; returns it and the offset after it. */
export function readElement(buf: Uint8Array, pos = 0): [Element, number] {
  if (pos + 2 > buf.length) throw new DerError('asn1: syntax error: data truncated');
  const tag = buf[pos]!;
  let len = buf[pos + 1]!;
  let off = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || off + n > buf.length) throw new DerError('asn1: syntax error: data truncated');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[off + i]!;
    off += n;
  }
  if (off + len > buf.length) throw new DerError('asn1: syntax error: data truncated');
  return [{ tag, raw: buf.subarray(pos, off + len), body: buf.subarray(off, off + len) }, off + len];
}

/** The elements inside a constructed element. */
export function children(e: Element): Element[] {
  const out: Element[] = [];
  let pos = 0;
  while (pos < e.body.length) {
    const [c, next] = readElement(e.body, pos);
    out.push(c);
    pos = next;
  }
  return out;
}

export function readOid(body: Uint8Array): string {
  const parts: bigint[] = [];
  let v = 0n;
  for (const b of body) {
    v = (v << 7n) | BigInt(b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(v);
      v = 0n;
    }
  }
  const first = parts.shift() ?? 0n;
  const a = first < 80n ? first / 40n : 2n;
  return [a, first - a * 40n, ...parts].join('.');
}

export function readInt(body: Uint8Array): bigint {
  return body.length === 0 ? 0n : BigInt(`0x${Buffer.from(body).toString('hex')}`);
}

// ---- PEM ----

export function pemEncode(type: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${type}-----\n${lines.map((l) => `${l}\n`).join('')}-----END ${type}-----\n`;
}

export interface PemBlock {
  type: string;
  bytes: Uint8Array;
}

/** Go's pem.Decode: the first well-formed block (headers skipped), or undefined. */
export function pemDecode(text: string): PemBlock | undefined {
  const re = /(?:^|\n)-----BEGIN ([^\n]*?)-----[ \t\r]*\n([\s\S]*?)\n-----END \1-----[ \t\r]*(?:\n|$)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let body = m[2]!;
    const blank = body.search(/\r?\n\r?\n/);
    if (/^[A-Za-z-]+:/.test(body) && blank >= 0) body = body.slice(blank);
    const clean = body.replace(/[\s]/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) continue;
    return { type: m[1]!, bytes: new Uint8Array(Buffer.from(clean, 'base64')) };
  }
  return undefined;
}
