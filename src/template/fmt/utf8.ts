/**
 * UTF-8 views of JavaScript strings. Go strings are byte sequences; helmfire
 * keeps them as JS strings and measures or encodes them as UTF-8 where Go
 * semantics depend on bytes (len, %x, slicing, the final output).
 *
 * Bytes that are not valid UTF-8 are kept losslessly with the
 * "surrogateescape" convention: each such byte 0x80–0xFF is the lone
 * surrogate U+DC80–U+DCFF, which decoded text never contains. Such a unit
 * counts as one byte and one rune (Go's utf8.RuneError of width 1) and
 * encodes back to its byte. Any other lone surrogate (not produced here) is
 * encoded as its 3-byte WTF-8 form.
 */

/** The lone surrogate that stands for the raw byte `b` (0x80–0xFF). */
export function byteEscape(b: number): string {
  return String.fromCharCode(0xdc00 | b);
}

/** Is the UTF-16 unit `c` (unpaired) the escape of a raw byte? */
export function isByteEscape(c: number): boolean {
  return c >= 0xdc80 && c <= 0xdcff;
}

/** Number of UTF-8 bytes of `s` (what Go's `len` returns for a string). */
export function utf8Length(s: string): number {
  let n = 0;
  const len = s.length;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else if (c >= 0xdc80 && c <= 0xdcff) n += 1;
    else n += 3;
  }
  return n;
}

/** The bytes Go holds for `s`: its UTF-8, with escaped raw bytes restored. */
export function utf8Encode(s: string): Uint8Array {
  const out = new Uint8Array(utf8Length(s));
  let j = 0;
  const len = s.length;
  for (let i = 0; i < len; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    } else if (c >= 0xdc80 && c <= 0xdcff) {
      out[j++] = c & 0xff;
      continue;
    }
    if (c < 0x80) out[j++] = c;
    else if (c < 0x800) {
      out[j++] = 0xc0 | (c >> 6);
      out[j++] = 0x80 | (c & 0x3f);
    } else if (c < 0x10000) {
      out[j++] = 0xe0 | (c >> 12);
      out[j++] = 0x80 | ((c >> 6) & 0x3f);
      out[j++] = 0x80 | (c & 0x3f);
    } else {
      out[j++] = 0xf0 | (c >> 18);
      out[j++] = 0x80 | ((c >> 12) & 0x3f);
      out[j++] = 0x80 | ((c >> 6) & 0x3f);
      out[j++] = 0x80 | (c & 0x3f);
    }
  }
  return out;
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Length of the valid UTF-8 sequence at b[i] (Go's utf8.DecodeRune rules), 0 when invalid. */
function seqLength(b: Uint8Array, i: number): number {
  const c = b[i]!;
  const n = b.length - i;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => k < n && b[i + k]! >= lo && b[i + k]! <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const lo = c === 0xe0 ? 0xa0 : 0x80;
    const hi = c === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const lo = c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/**
 * Go's `string(b)`: valid UTF-8 decoded, every byte of an invalid sequence
 * kept as its escape (one byte, as Go's decoder steps over it).
 */
export function utf8Decode(b: Uint8Array): string {
  let ascii = true;
  for (let i = 0; i < b.length; i++) {
    if (b[i]! >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return b.length < 4096 ? String.fromCharCode(...b) : decoder.decode(b);
  try {
    return decoder.decode(b);
  } catch {
    // not valid UTF-8: decode sequence by sequence
  }
  let out = '';
  let start = 0;
  let i = 0;
  while (i < b.length) {
    if (b[i]! < 0x80) {
      i++;
      continue;
    }
    const n = seqLength(b, i);
    if (n > 0) {
      i += n;
      continue;
    }
    if (i > start) out += decoder.decode(b.subarray(start, i));
    out += byteEscape(b[i]!);
    i++;
    start = i;
  }
  if (start < b.length) out += decoder.decode(b.subarray(start));
  return out;
}

/** Whether `s` holds bytes that are not valid UTF-8 (Go's !utf8.ValidString). */
export function hasInvalidUtf8(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
    }
    return true;
  }
  return false;
}

/** Go's view of `s` as text: each escaped byte read as U+FFFD (what ranging over runes yields). */
export function toValidUtf8(s: string): string {
  return hasInvalidUtf8(s) ? s.replace(/[\udc80-\udcff]/gu, '\ufffd') : s;
}

/** Number of runes (code points) of `s`, as utf8.RuneCountInString counts them. */
export function runeCount(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/**
 * Compare two strings by their UTF-8 bytes (= by code points), as Go compares
 * strings. JS `<` compares UTF-16 units, which orders U+E000..U+FFFF after
 * astral characters.
 */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if ((x >= 0xd800 && x <= 0xdfff) || (y >= 0xd800 && y <= 0xdfff)) {
        if (hasInvalidUtf8(a) || hasInvalidUtf8(b)) return compareBytes(utf8Encode(a), utf8Encode(b));
      }
      if (x >= 0xd800 && y >= 0xd800) {
        // Surrogates (astral code points) sort after U+E000..U+FFFF.
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x < y ? -1 : 1;
    }
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Is `c` a valid Unicode scalar value (utf8.ValidRune)? */
export function validRune(c: number): boolean {
  return (c >= 0 && c < 0xd800) || (c > 0xdfff && c <= 0x10ffff);
}

/** Go's `string(rune)`: invalid code points become U+FFFD. */
export function runeToString(c: number): string {
  return String.fromCodePoint(validRune(c) ? c : 0xfffd);
}
