/**
 * Go's `unicode` package predicates and simple (one rune to one rune) case
 * mappings, as the string functions need them. JavaScript's `toUpperCase` uses
 * full mappings (`ß` → `SS`) and context rules (final sigma), Go maps each rune
 * on its own; the few runes whose simple mapping differs are listed here.
 */

import { toValidUtf8 } from '../fmt/utf8.js';

/** unicode.IsSpace. */
export function isSpace(r: number): boolean {
  if (r <= 0xff) return r === 0x20 || (r >= 0x09 && r <= 0x0d) || r === 0x85 || r === 0xa0;
  return (
    r === 0x1680 ||
    (r >= 0x2000 && r <= 0x200a) ||
    r === 0x2028 ||
    r === 0x2029 ||
    r === 0x202f ||
    r === 0x205f ||
    r === 0x3000
  );
}

const reUpper = /^\p{Lu}$/u;
const reLower = /^\p{Ll}$/u;
const reTitle = /^\p{Lt}$/u;
const reLetter = /^\p{L}$/u;
const reDigit = /^\p{Nd}$/u;
const reNumber = /^\p{N}$/u;
const rePunct = /^\p{P}$/u;

/**
 * Runes assigned after Unicode 15.0 (the version of Go's tables): Go sees them
 * as unassigned, without category or case mapping, whatever the JS engine knows.
 */
const newerRunes: ReadonlyArray<readonly [number, number]> = [
  [0x88f, 0x88f],
  [0xc5c, 0xc5c],
  [0xcdc, 0xcdc],
  [0x1b4e, 0x1b4f],
  [0x1b7f, 0x1b7f],
  [0x1c89, 0x1c8a],
  [0xa7cb, 0xa7cf],
  [0xa7d2, 0xa7d2],
  [0xa7d4, 0xa7d4],
  [0xa7da, 0xa7dc],
  [0xa7f1, 0xa7f1],
  [0x105c0, 0x105f3],
  [0x10940, 0x10959],
  [0x10d40, 0x10d65],
  [0x10d6e, 0x10d85],
  [0x10ec2, 0x10ec7],
  [0x10ed0, 0x10ed0],
  [0x11380, 0x11389],
  [0x1138b, 0x1138b],
  [0x1138e, 0x1138e],
  [0x11390, 0x113b5],
  [0x113b7, 0x113b7],
  [0x113d1, 0x113d1],
  [0x113d3, 0x113d5],
  [0x113d7, 0x113d8],
  [0x116d0, 0x116e3],
  [0x11bc0, 0x11be1],
  [0x11bf0, 0x11bf9],
  [0x11db0, 0x11ddb],
  [0x11de0, 0x11de9],
  [0x13460, 0x143fa],
  [0x16100, 0x1611d],
  [0x16130, 0x16139],
  [0x16d40, 0x16d79],
  [0x16ea0, 0x16eb8],
  [0x16ebb, 0x16ed3],
  [0x16ff2, 0x16ff6],
  [0x187f8, 0x187ff],
  [0x18cff, 0x18cff],
  [0x18d09, 0x18d1e],
  [0x18d80, 0x18df2],
  [0x1ccf0, 0x1ccf9],
  [0x1e5d0, 0x1e5ed],
  [0x1e5f0, 0x1e5fa],
  [0x1e5ff, 0x1e5ff],
  [0x1e6c0, 0x1e6de],
  [0x1e6e0, 0x1e6e2],
  [0x1e6e4, 0x1e6e5],
  [0x1e6e7, 0x1e6ed],
  [0x1e6f0, 0x1e6f4],
  [0x1e6fe, 0x1e6ff],
  [0x2b73a, 0x2b73f],
  [0x2cea2, 0x2cead],
  [0x2ebf0, 0x2ee5d],
  [0x323b0, 0x33479],
];

function isNewer(r: number): boolean {
  if (r < 0x88f) return false;
  let lo = 0;
  let hi = newerRunes.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = newerRunes[mid]!;
    if (r < a) hi = mid - 1;
    else if (r > b) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Lower case letters that gained an upper case form after Unicode 15.0. */
const gainedUpper = new Set([0x19b, 0x264, 0xa7d3, 0xa7d5]);

function test(re: RegExp, r: number): boolean {
  return (
    r >= 0 &&
    r <= 0x10ffff &&
    !(r >= 0xd800 && r <= 0xdfff) &&
    !isNewer(r) &&
    re.test(String.fromCodePoint(r))
  );
}

/** unicode.IsUpper (category Lu). */
export function isUpper(r: number): boolean {
  if (r < 0x80) return r >= 0x41 && r <= 0x5a;
  return test(reUpper, r);
}

/** unicode.IsLower (category Ll). */
export function isLower(r: number): boolean {
  if (r < 0x80) return r >= 0x61 && r <= 0x7a;
  // U+0295 moved from Ll to Lo after Unicode 15.0.
  return r === 0x295 || test(reLower, r);
}

/** unicode.IsTitle (category Lt). */
export function isTitle(r: number): boolean {
  return r >= 0x80 && test(reTitle, r);
}

/** unicode.IsLetter (category L). */
export function isLetter(r: number): boolean {
  if (r < 0x80) return (r | 0x20) >= 0x61 && (r | 0x20) <= 0x7a;
  return test(reLetter, r);
}

/** unicode.IsDigit (category Nd). */
export function isDigit(r: number): boolean {
  if (r < 0x80) return r >= 0x30 && r <= 0x39;
  return test(reDigit, r);
}

/** unicode.IsNumber (category N). */
export function isNumber(r: number): boolean {
  if (r < 0x80) return r >= 0x30 && r <= 0x39;
  return test(reNumber, r);
}

/** unicode.IsPunct (category P). */
export function isPunct(r: number): boolean {
  if (r < 0x80) return rePunct.test(String.fromCharCode(r));
  return test(rePunct, r);
}

/** Runes whose simple upper/title mapping differs from the full mapping's single rune (Greek with ypogegrammeni). */
function greekIotaUpper(r: number): number | undefined {
  if ((r >= 0x1f80 && r <= 0x1f87) || (r >= 0x1f90 && r <= 0x1f97) || (r >= 0x1fa0 && r <= 0x1fa7))
    return r + 8;
  if (r === 0x1fb3) return 0x1fbc;
  if (r === 0x1fc3) return 0x1fcc;
  if (r === 0x1ff3) return 0x1ffc;
  if (
    (r >= 0x1f88 && r <= 0x1f8f) ||
    (r >= 0x1f98 && r <= 0x1f9f) ||
    (r >= 0x1fa8 && r <= 0x1faf) ||
    r === 0x1fbc ||
    r === 0x1fcc ||
    r === 0x1ffc
  )
    return r;
  return undefined;
}

function single(s: string, r: number): number {
  const c = s.codePointAt(0)!;
  return s.length === (c > 0xffff ? 2 : 1) ? c : r;
}

/** unicode.ToUpper. */
export function toUpper(r: number): number {
  if (r < 0x80) return r >= 0x61 && r <= 0x7a ? r - 32 : r;
  if ((r >= 0xd800 && r <= 0xdfff) || gainedUpper.has(r) || isNewer(r)) return r;
  const g = greekIotaUpper(r);
  if (g !== undefined) return g;
  return single(String.fromCodePoint(r).toUpperCase(), r);
}

/** unicode.ToLower. */
export function toLower(r: number): number {
  if (r < 0x80) return r >= 0x41 && r <= 0x5a ? r + 32 : r;
  if ((r >= 0xd800 && r <= 0xdfff) || isNewer(r)) return r;
  if (r === 0x130) return 0x69;
  return single(String.fromCodePoint(r).toLowerCase(), r);
}

/** unicode.ToTitle. */
export function toTitle(r: number): number {
  if (r < 0x80) return r >= 0x61 && r <= 0x7a ? r - 32 : r;
  // Latin digraphs have a title case form of their own.
  if (r >= 0x1c4 && r <= 0x1cc) return 0x1c5 + 3 * Math.floor((r - 0x1c4) / 3);
  if (r >= 0x1f1 && r <= 0x1f3) return 0x1f2;
  // Georgian Mkhedruli letters are their own title case.
  if ((r >= 0x10d0 && r <= 0x10fa) || (r >= 0x10fd && r <= 0x10ff)) return r;
  return toUpper(r);
}

/** Apply a rune mapping to every code point of `s` (strings.Map). */
export function mapRunes(s: string, f: (r: number) => number): string {
  let out = '';
  for (const ch of toValidUtf8(s)) {
    const r = ch.codePointAt(0)!;
    const m = f(r);
    out += m === r ? ch : String.fromCodePoint(m);
  }
  return out;
}

/** strings.ToUpper. */
export function upperString(s: string): string {
  if (/^[\x00-\x7f]*$/.test(s)) return s.toUpperCase();
  return mapRunes(s, toUpper);
}

/** strings.ToLower. */
export function lowerString(s: string): string {
  if (/^[\x00-\x7f]*$/.test(s)) return s.toLowerCase();
  return mapRunes(s, toLower);
}
