/**
 * Sprig's b64enc / b64dec / b32enc / b32dec: Go's encoding/base64 and
 * encoding/base32 standard encodings (with padding). A decoding error is not
 * an error of the function: its message becomes the result, as Sprig does
 * (`illegal base64 data at input byte 4`).
 */
import { utf8Decode, utf8Encode } from '../fmt/index.js';
import { type GoFunc, goFunc } from '../value.js';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function decodeMap(alphabet: string): Int16Array {
  const m = new Int16Array(256).fill(-1);
  for (let i = 0; i < alphabet.length; i++) m[alphabet.charCodeAt(i)] = i;
  return m;
}

const B64_MAP = decodeMap(B64);
const B32_MAP = decodeMap(B32);
const PAD = 0x3d;
const CR = 0x0d;
const LF = 0x0a;

export class CorruptInputError extends Error {}

function corrupt(kind: string, at: number): CorruptInputError {
  return new CorruptInputError(`illegal ${kind} data at input byte ${at}`);
}

export function base64Encode(data: Uint8Array): string {
  return Buffer.from(data).toString('base64');
}

/** base64.StdEncoding.DecodeString, quantum by quantum, with Go's error offsets. */
export function base64Decode(src: Uint8Array): Uint8Array {
  const out: number[] = [];
  let si = 0;
  while (si < src.length) {
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let trailing: CorruptInputError | undefined;
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return new Uint8Array(out);
        throw corrupt('base64', si - j);
      }
      const c = src[si++]!;
      const v = B64_MAP[c]!;
      if (v >= 0) {
        dbuf[j] = v;
        continue;
      }
      if (c === LF || c === CR) {
        j--;
        continue;
      }
      if (c !== PAD) throw corrupt('base64', si - 1);
      if (j < 2) throw corrupt('base64', si - 1);
      if (j === 2) {
        while (si < src.length && (src[si] === LF || src[si] === CR)) si++;
        if (si === src.length) throw corrupt('base64', src.length);
        if (src[si] !== PAD) throw corrupt('base64', si - 1);
        si++;
      }
      while (si < src.length && (src[si] === LF || src[si] === CR)) si++;
      if (si < src.length) trailing = corrupt('base64', si);
      dlen = j;
      break;
    }
    const val = (dbuf[0]! << 18) | (dbuf[1]! << 12) | (dbuf[2]! << 6) | dbuf[3]!;
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    out.push(...bytes.slice(0, dlen - 1));
    if (trailing) throw trailing;
    if (dlen < 4) break;
  }
  return new Uint8Array(out);
}

export function base32Encode(data: Uint8Array): string {
  let out = '';
  for (let i = 0; i < data.length; i += 5) {
    const chunk = data.subarray(i, i + 5);
    let bits = 0n;
    for (let k = 0; k < 5; k++) bits = (bits << 8n) | BigInt(chunk[k] ?? 0);
    const chars = [1, 2, 4, 5, 7, 8][[0, 1, 2, 3, 4, 5].indexOf(chunk.length)] ?? 8;
    for (let k = 0; k < 8; k++) {
      out += k < chars ? B32[Number((bits >> BigInt(35 - 5 * k)) & 31n)] : '=';
    }
  }
  return out;
}

/** base32.StdEncoding.DecodeString (newlines removed first), with Go's error offsets. */
export function base32Decode(input: Uint8Array): Uint8Array {
  const src = input.filter((c) => c !== LF && c !== CR);
  const olen = src.length;
  const out: number[] = [];
  let pos = 0;
  let end = false;
  while (pos < src.length && !end) {
    const dbuf = [0, 0, 0, 0, 0, 0, 0, 0];
    let dlen = 8;
    for (let j = 0; j < 8; ) {
      if (pos === src.length) throw corrupt('base32', olen - (src.length - pos) - j);
      const c = src[pos++]!;
      const left = src.length - pos;
      if (c === PAD && j >= 2 && left < 8) {
        if (left + j < 7) throw corrupt('base32', olen);
        for (let k = 0; k < 7 - j; k++) {
          if (left > k && src[pos + k] !== PAD) throw corrupt('base32', olen - left + k - 1);
        }
        dlen = j;
        end = true;
        if (dlen === 1 || dlen === 3 || dlen === 6) throw corrupt('base32', olen - left - 1);
        break;
      }
      const v = B32_MAP[c]!;
      if (v < 0) throw corrupt('base32', olen - left - 1);
      dbuf[j++] = v;
    }
    const b = dbuf;
    const bytes = [
      ((b[0]! << 3) | (b[1]! >> 2)) & 0xff,
      ((b[1]! << 6) | (b[2]! << 1) | (b[3]! >> 4)) & 0xff,
      ((b[3]! << 4) | (b[4]! >> 1)) & 0xff,
      ((b[4]! << 7) | (b[5]! << 2) | (b[6]! >> 3)) & 0xff,
      ((b[6]! << 5) | b[7]!) & 0xff,
    ];
    const n = { 8: 5, 7: 4, 5: 3, 4: 2, 2: 1 }[dlen] ?? 0;
    out.push(...bytes.slice(0, n));
  }
  return new Uint8Array(out);
}

function decodeOrMessage(decode: (b: Uint8Array) => Uint8Array, s: string): string {
  try {
    return utf8Decode(decode(utf8Encode(s)));
  } catch (e) {
    if (e instanceof CorruptInputError) return e.message;
    throw e;
  }
}

const S = { params: ['string'], result: 'string', returnsError: false };

export const funcs: GoFunc[] = [
  goFunc('b64enc', S, ([s]) => base64Encode(utf8Encode(s as string))),
  goFunc('b64dec', S, ([s]) => decodeOrMessage(base64Decode, s as string)),
  goFunc('b32enc', S, ([s]) => base32Encode(utf8Encode(s as string))),
  goFunc('b32dec', S, ([s]) => decodeOrMessage(base32Decode, s as string)),
];
