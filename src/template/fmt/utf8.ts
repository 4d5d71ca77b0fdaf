/**
 * UTF-8 views of JavaScript strings. Go strings are byte sequences; helmfire keeps
 * them as JS strings and measures or encodes them as UTF-8 where Go semantics
 * depend on bytes (len, %x, slicing). A lone surrogate stands for bytes that
 * are not valid UTF-8 and is encoded as its WTF-8 form.
 */

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
    } else n += 3;
  }
  return n;
}

/** UTF-8 bytes of `s` (lone surrogates become their 3-byte WTF-8 form). */
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

const decoder = new TextDecoder('utf-8', { fatal: false });

/** Decode bytes as Go's `string(b)` then reading runes would (invalid bytes become U+FFFD). */
export function utf8Decode(b: Uint8Array): string {
  return decoder.decode(b);
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

/** Is `c` a valid Unicode scalar value (utf8.ValidRune)? */
export function validRune(c: number): boolean {
  return (c >= 0 && c < 0xd800) || (c > 0xdfff && c <= 0x10ffff);
}

/** Go's `string(rune)`: invalid code points become U+FFFD. */
export function runeToString(c: number): string {
  return String.fromCodePoint(validRune(c) ? c : 0xfffd);
}
