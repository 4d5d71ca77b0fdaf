/**
 * Go strings (bytes) as the JS strings helmfire's engine uses: valid UTF-8 as
 * text, every byte of an invalid sequence as the lone surrogate U+DC80–U+DCFF
 * ("surrogateescape"). Written independently of the engine's own conversion
 * (src/template/fmt/utf8.ts), so that the comparison checks it.
 */

/** Whether the bytes at `b[i..i+n)` form one valid UTF-8 sequence. */
function validAt(b: Uint8Array, i: number, n: number): boolean {
  if (i + n > b.length) return false;
  const bytes = Buffer.from(b.subarray(i, i + n));
  const s = bytes.toString('utf8');
  if (s === '\ufffd') return bytes.equals(Buffer.from([0xef, 0xbf, 0xbd]));
  return !s.includes('\ufffd') && Buffer.byteLength(s) === n;
}

/** Go bytes → the engine's string form. */
export function goStringFromBytes(b: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
    if (n > 0 && validAt(b, i, n)) {
      out += Buffer.from(b.subarray(i, i + n)).toString('utf8');
      i += n;
    } else {
      out += String.fromCharCode(0xdc00 | c);
      i++;
    }
  }
  return out;
}

/** The engine's string form → Go bytes. */
export function goStringBytes(s: string): Buffer {
  const parts: Buffer[] = [];
  let text = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch.length === 1 && c >= 0xdc80 && c <= 0xdcff) {
      parts.push(Buffer.from(text, 'utf8'), Buffer.from([c & 0xff]));
      text = '';
    } else text += ch;
  }
  parts.push(Buffer.from(text, 'utf8'));
  return Buffer.concat(parts);
}
