/**
 * Go's strconv quoting: Quote, QuoteToASCII, QuoteRune, QuoteRuneToASCII,
 * CanBackquote and IsPrint.
 */

import { validRune } from './utf8.js';

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const hexDigits = '0123456789abcdef';

/** strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isPrint(r: number): boolean {
  if (r < 0x7f) return r >= 0x20;
  if (r < 0xa1) return false;
  if (!validRune(r)) return false;
  return printable.test(String.fromCodePoint(r));
}

function hex(n: number, width: number): string {
  let s = '';
  for (let shift = (width - 1) * 4; shift >= 0; shift -= 4) s += hexDigits[Math.floor(n / 2 ** shift) & 0xf];
  return s;
}

function escapeRune(r: number, quote: number, asciiOnly: boolean): string {
  if (r === quote || r === 0x5c) return '\\' + String.fromCharCode(r);
  if (asciiOnly) {
    if (r < 0x80 && isPrint(r)) return String.fromCharCode(r);
  } else if (isPrint(r)) return String.fromCodePoint(r);
  switch (r) {
    case 7:
      return '\\a';
    case 8:
      return '\\b';
    case 12:
      return '\\f';
    case 10:
      return '\\n';
    case 13:
      return '\\r';
    case 9:
      return '\\t';
    case 11:
      return '\\v';
  }
  if (r < 0x20 || r === 0x7f) return '\\x' + hex(r, 2);
  let c = r;
  if (!validRune(c)) c = 0xfffd;
  if (c < 0x10000) return '\\u' + hex(c, 4);
  return '\\U' + hex(c, 8);
}

/** Bytes that a lone surrogate stands for (an escaped raw byte, else its WTF-8 encoding), each printed as `\xNN`. */
function loneSurrogateBytes(c: number): string {
  if (c >= 0xdc80 && c <= 0xdcff) return '\\x' + hex(c & 0xff, 2);
  const b0 = 0xe0 | (c >> 12);
  const b1 = 0x80 | ((c >> 6) & 0x3f);
  const b2 = 0x80 | (c & 0x3f);
  return '\\x' + hex(b0, 2) + '\\x' + hex(b1, 2) + '\\x' + hex(b2, 2);
}

function quoteWith(s: string, quote: number, asciiOnly: boolean): string {
  const q = String.fromCharCode(quote);
  let out = q;
  const len = s.length;
  for (let i = 0; i < len; i++) {
    let c = s.charCodeAt(i);
    // Fast path: printable ASCII that needs no escape.
    if (c >= 0x20 && c < 0x7f && c !== quote && c !== 0x5c) {
      out += s[i];
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < len ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else {
        out += loneSurrogateBytes(c);
        continue;
      }
    }
    out += escapeRune(c, quote, asciiOnly);
  }
  return out + q;
}

/** strconv.Quote. */
export function quote(s: string): string {
  return quoteWith(s, 0x22, false);
}

/** strconv.QuoteToASCII. */
export function quoteToASCII(s: string): string {
  return quoteWith(s, 0x22, true);
}

/** strconv.QuoteRune (invalid code points quote as U+FFFD). */
export function quoteRune(r: number): string {
  const c = validRune(r) ? r : 0xfffd;
  return "'" + escapeRune(c, 0x27, false) + "'";
}

/** strconv.QuoteRuneToASCII. */
export function quoteRuneToASCII(r: number): string {
  const c = validRune(r) ? r : 0xfffd;
  return "'" + escapeRune(c, 0x27, true) + "'";
}

/** strconv.CanBackquote: no control characters but tab, no backquote, valid UTF-8, no BOM. */
export function canBackquote(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0xfeff) return false;
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
      return false;
    }
    if ((c < 0x20 && c !== 9) || c === 0x60 || c === 0x7f) return false;
  }
  return true;
}
