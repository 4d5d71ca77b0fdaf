import { describe, expect, it } from 'vitest';
import { sprintf } from './index.js';
import { quote } from './quote.js';
import {
  compareStrings,
  hasInvalidUtf8,
  runeCount,
  toValidUtf8,
  utf8Decode,
  utf8Encode,
  utf8Length,
} from './utf8.js';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('Go strings that are not valid UTF-8 (each raw byte as U+DC80–U+DCFF)', () => {
  it('decodes invalid bytes one by one, as Go steps over them, and valid text as text', () => {
    expect(utf8Decode(bytes(0xff))).toBe('\udcff');
    expect(utf8Decode(bytes(0x61, 0xc3, 0xa9, 0xff, 0x62))).toBe('aé\udcffb');
    // a truncated sequence, an encoded surrogate, an overlong form, beyond U+10FFFF
    expect(utf8Decode(bytes(0xe2, 0x82))).toBe('\udce2\udc82');
    expect(utf8Decode(bytes(0xed, 0xa0, 0x80))).toBe('\udced\udca0\udc80');
    expect(utf8Decode(bytes(0xc0, 0x80))).toBe('\udcc0\udc80');
    expect(utf8Decode(bytes(0xf4, 0x90, 0x80, 0x80))).toBe('\udcf4\udc90\udc80\udc80');
    expect(utf8Decode(bytes(0xef, 0xbf, 0xbd))).toBe('\ufffd');
    expect(utf8Decode(bytes(0xef, 0xbb, 0xbf, 0x78))).toBe('\ufeffx');
  });

  it('encodes them back to the same bytes and counts each as one byte and one rune', () => {
    for (const b of [
      bytes(0xff, 0x00, 0xc3),
      bytes(0xe6, 0x97, 0xa5, 0xe6),
      bytes(0xf0, 0x9f, 0x8e, 0x89, 0x80),
    ]) {
      const s = utf8Decode(b);
      expect(utf8Encode(s)).toEqual(b);
      expect(utf8Length(s)).toBe(b.length);
    }
    expect(runeCount('a\udcff\udcfe')).toBe(3);
  });

  it('tells invalid text apart and reads it as Go ranging over runes does', () => {
    expect(hasInvalidUtf8('日本\u{1F389}')).toBe(false);
    expect(hasInvalidUtf8('a\udcff')).toBe(true);
    expect(toValidUtf8('a\udcffb')).toBe('a\ufffdb');
  });

  it('orders by bytes: raw bytes after ASCII, 0xC3 before é (C3 A9), é before 0xFF', () => {
    const sorted = ['\udcff', 'é', 'z', '\udcc3'].sort(compareStrings);
    expect(sorted).toEqual(['z', '\udcc3', 'é', '\udcff']);
  });

  it('prints them as Go fmt does', () => {
    expect(quote('abc\udcffdef')).toBe('"abc\\xffdef"');
    expect(sprintf('%x|%X|% x', ['\udcff\udcf0\x0f\udcff', '\udcab', 'a\udcffb'])).toBe(
      'fff00fff|AB|61 ff 62',
    );
    expect(sprintf('%5s|%.1s', ['\udcff\udcfe', '\udcfd\udcfc'])).toBe('   \udcff\udcfe|\udcfd');
    expect(sprintf('%#q', ['\udcff'])).toBe('"\\xff"');
  });
});
