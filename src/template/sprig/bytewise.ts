/**
 * String helpers that Go code runs on bytes, not runes: Sprig's trunc and
 * substr, and goutils' Abbreviate, Wrap, Initials and DeleteWhiteSpace. Cutting
 * inside a multi-byte character leaves bytes that are not UTF-8; helmfire's
 * strings cannot hold those, so they become U+FFFD. goutils reads single bytes
 * as runes (Latin-1), which garbles non-ASCII text exactly as Go does.
 */

import { utf8Decode, utf8Encode, utf8Length } from '../fmt/index.js';
import { GoError } from '../value.js';
import { isSpace } from './unicode.js';

const ASCII = /^[\x00-\x7f]*$/;

/** Go's s[lo:hi] on the UTF-8 bytes of s, with Go's panic when out of range. */
export function sliceBytes(s: string, lo: number | undefined, hi: number | undefined): string {
  const ascii = ASCII.test(s);
  const b = ascii ? undefined : utf8Encode(s);
  const n = b === undefined ? s.length : b.length;
  const l = lo ?? 0;
  const h = hi ?? n;
  if (h < 0) throw new GoError(`runtime error: slice bounds out of range [:${h}]`);
  if (h > n) throw new GoError(`runtime error: slice bounds out of range [:${h}] with length ${n}`);
  if (l < 0 || l > h) throw new GoError(`runtime error: slice bounds out of range [${l}:${h}]`);
  if (l === 0 && h === n) return s;
  return b === undefined ? s.slice(l, h) : utf8Decode(b.subarray(l, h));
}

/** Byte length of s. */
export function byteLen(s: string): number {
  return utf8Length(s);
}

/** Sprig's trunc: keep the first c bytes, or the last -c bytes when c is negative. */
export function trunc(c: number, s: string): string {
  const n = byteLen(s);
  if (c < 0 && n + c > 0) return sliceBytes(s, n + c, undefined);
  if (c >= 0 && n > c) return sliceBytes(s, 0, c);
  return s;
}

/** Sprig's substr: s[:end] for a negative start, s[start:] for an end that is negative or past the end. */
export function substr(start: number, end: number, s: string): string {
  if (start < 0) return sliceBytes(s, undefined, end);
  if (end < 0 || end > byteLen(s)) return sliceBytes(s, start, undefined);
  return sliceBytes(s, start, end);
}

/** goutils.AbbreviateFull; undefined where it returns an error. */
export function abbreviateFull(s: string, offset0: number, maxWidth: number): string | undefined {
  if (s === '') return '';
  if (maxWidth < 4) return undefined;
  const n = byteLen(s);
  if (n <= maxWidth) return s;
  let offset = Math.min(offset0, n);
  if (n - offset < maxWidth - 3) offset = n - (maxWidth - 3);
  if (offset <= 4) return sliceBytes(s, 0, maxWidth - 3) + '...';
  if (maxWidth < 7) return undefined;
  if (offset + maxWidth - 3 < n)
    return '...' + abbreviateFull(sliceBytes(s, offset, undefined), 0, maxWidth - 3);
  return '...' + sliceBytes(s, n - (maxWidth - 3), undefined);
}

/** goutils.WrapCustom: break at spaces so lines fit `wrapLength` bytes; long words split only when asked. */
export function wrapCustom(s: string, wrapLength0: number, newLine0: string, wrapLongWords: boolean): string {
  if (s === '') return '';
  const newLine = utf8Encode(newLine0 === '' ? '\n' : newLine0);
  const wrapLength = Math.max(wrapLength0, 1);
  const str = utf8Encode(s);
  const n = str.length;
  const out: number[] = [];
  const write = (a: Uint8Array) => {
    for (const x of a) out.push(x);
  };
  const lastSpace = (from: number, to: number) => {
    for (let k = to - 1; k >= from; k--) if (str[k] === 0x20) return k;
    return -1;
  };
  let offset = 0;
  while (n - offset > wrapLength) {
    if (str[offset] === 0x20) {
      offset++;
      continue;
    }
    const at = lastSpace(offset, wrapLength + offset + 1);
    if (at >= offset) {
      write(str.subarray(offset, at));
      write(newLine);
      offset = at + 1;
    } else if (wrapLongWords) {
      write(str.subarray(offset, wrapLength + offset));
      write(newLine);
      offset += wrapLength;
    } else {
      const end = wrapLength + offset;
      const idx = str.indexOf(0x20, end);
      if (idx === -1) {
        write(str.subarray(offset));
        offset = n;
      } else {
        write(str.subarray(offset, idx));
        write(newLine);
        offset = idx + 1;
      }
    }
  }
  write(str.subarray(offset));
  return utf8Decode(Uint8Array.from(out));
}

/** goutils.Initials: the first byte of each whitespace-separated word, read as a Latin-1 rune. */
export function initials(s: string): string {
  let out = '';
  let gap = true;
  for (const b of utf8Encode(s)) {
    if (isSpace(b)) gap = true;
    else if (gap) {
      out += String.fromCharCode(b);
      gap = false;
    }
  }
  return out;
}

/** goutils.DeleteWhiteSpace: drops whitespace bytes; when it drops any, the other bytes come back as Latin-1 runes. */
export function deleteWhiteSpace(s: string): string {
  const bytes = utf8Encode(s);
  let out = '';
  let count = 0;
  for (const b of bytes) {
    if (!isSpace(b)) {
      out += String.fromCharCode(b);
      count++;
    }
  }
  return count === bytes.length ? s : out;
}
