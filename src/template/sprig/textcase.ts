/**
 * The word and case helpers Sprig borrows from huandu/xstrings (v1.5.0:
 * ToPascalCase for `camelcase`, ToSnakeCase, ToKebabCase, Shuffle) and
 * Masterminds/goutils (v1.1.1: SwapCase, Uncapitalize) plus Go's strings.Title.
 * They work rune by rune; U+FFFD counts as an undecodable rune, as in Go.
 */

import { toValidUtf8 } from '../fmt/utf8.js';
import {
  isDigit,
  isLetter,
  isLower,
  isNumber,
  isPunct,
  isSpace,
  isTitle,
  isUpper,
  toLower,
  toTitle,
  toUpper,
} from './unicode.js';

const RUNE_ERROR = 0xfffd;

/** Code points of `s`; lone surrogates (undecodable bytes) become U+FFFD. */
function runesOf(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    out.push(c >= 0xd800 && c <= 0xdfff ? RUNE_ERROR : c);
  }
  return out;
}

function fromRunes(rs: readonly number[]): string {
  let s = '';
  for (const r of rs) s += String.fromCodePoint(r);
  return s;
}

function isConnector(r: number): boolean {
  return r === 0x2d || r === 0x5f || isSpace(r);
}

/** A letter that is not a CJK ideograph (xstrings' isAlphabet). */
function isAlphabet(r: number): boolean {
  if (!isLetter(r)) return false;
  if (r < 0x3400) return true;
  if (r >= 0x4e00 && r <= 0x9fcc) return false;
  if (r >= 0x3400 && r <= 0x4d85) return false;
  if (r >= 0x20000 && r <= 0x2b81d) return false;
  return true;
}

/** xstrings.ToPascalCase (Sprig's `camelcase`). */
export function toPascalCase(s: string): string {
  const rs = runesOf(s);
  if (rs.length === 0) return '';
  const out: number[] = [];
  let i = 0;
  let r0 = 0;
  let firstUpper = false;
  for (; i < rs.length; ) {
    r0 = rs[i++]!;
    if (!isConnector(r0)) {
      firstUpper = isUpper(r0);
      r0 = toUpper(r0);
      break;
    }
    out.push(r0);
  }
  if (i >= rs.length) {
    out.push(r0);
    return fromRunes(out);
  }
  while (i < rs.length) {
    const r1 = r0;
    r0 = rs[i++]!;
    if (isConnector(r0) && isConnector(r1)) {
      out.push(r1);
      continue;
    }
    if (isConnector(r1)) {
      firstUpper = isUpper(r0);
      r0 = toUpper(r0);
    } else {
      if (firstUpper) {
        if (isUpper(r0)) r0 = toLower(r0);
        else firstUpper = false;
      }
      out.push(r1);
    }
  }
  out.push(r0);
  return fromRunes(out);
}

enum W {
  Invalid,
  Number,
  Upper,
  Alphabet,
  Connector,
  Punct,
  Other,
}

interface Word {
  wt: W;
  start: number;
  /** End of the word = start of what remains. */
  end: number;
}

/** The first decodable rune at or after `i`, and how many runes that took (prev when none is left). */
function nextValidRune(rs: readonly number[], i: number, prev: number): [number, number] {
  let size = 0;
  for (let j = i; j < rs.length; j++) {
    size++;
    if (rs[j] !== RUNE_ERROR) return [rs[j]!, size];
  }
  return [prev, size];
}

function nextWord(rs: readonly number[], start: number): Word {
  if (start >= rs.length) return { wt: W.Invalid, start, end: start };
  let [r, size] = nextValidRune(rs, start, RUNE_ERROR);
  let offset = start + size;
  if (r === RUNE_ERROR) return { wt: W.Invalid, start, end: offset };
  let rem = offset;
  const scan = (keep: (c: number) => boolean) => {
    while (rem < rs.length) {
      [r, size] = nextValidRune(rs, rem, r);
      if (!keep(r)) break;
      offset += size;
      rem += size;
    }
  };
  let wt: W;
  if (isConnector(r)) {
    wt = W.Connector;
    scan(isConnector);
  } else if (isPunct(r)) {
    wt = W.Punct;
    scan(isPunct);
  } else if (isUpper(r)) {
    wt = W.Upper;
    if (rem < rs.length) {
      [r, size] = nextValidRune(rs, rem, r);
      if (isUpper(r)) {
        let prevSize = size;
        offset += size;
        rem += size;
        while (rem < rs.length) {
          [r, size] = nextValidRune(rs, rem, r);
          if (!isUpper(r)) break;
          prevSize = size;
          offset += size;
          rem += size;
        }
        if (rem < rs.length && isAlphabet(r)) {
          offset -= prevSize;
          rem = offset;
        }
      } else if (isAlphabet(r)) {
        offset += size;
        rem += size;
        scan((c) => isAlphabet(c) && !isUpper(c));
      }
    }
  } else if (isAlphabet(r)) {
    wt = W.Alphabet;
    scan((c) => isAlphabet(c) && !isUpper(c));
  } else if (isNumber(r)) {
    wt = W.Number;
    scan(isNumber);
  } else {
    wt = W.Other;
    while (rem < rs.length) {
      [r, size] = nextValidRune(rs, rem, r);
      if (size === 0 || isConnector(r) || isAlphabet(r) || isNumber(r) || isPunct(r)) break;
      offset += size;
      rem += size;
    }
  }
  return { wt, start, end: offset };
}

function camelCaseToLowerCase(s: string, connector: number): string {
  const rs = runesOf(s);
  if (rs.length === 0) return '';
  const out: number[] = [];
  const lower = (w: Word) => {
    if (w.wt !== W.Upper && w.wt !== W.Connector) {
      for (let k = w.start; k < w.end; k++) out.push(rs[k]!);
      return;
    }
    for (let k = w.start; k < w.end; k++) {
      const c = rs[k]!;
      out.push(isConnector(c) ? connector : isUpper(c) ? toLower(c) : c);
    }
  };
  let w = nextWord(rs, 0);
  while (w.end < rs.length) {
    if (w.wt !== W.Connector) lower(w);
    const prev = w;
    w = nextWord(rs, w.end);
    switch (prev.wt) {
      case W.Number:
        while (w.wt === W.Alphabet || w.wt === W.Number) {
          lower(w);
          w = nextWord(rs, w.end);
        }
        if (w.wt !== W.Invalid && w.wt !== W.Punct && w.wt !== W.Connector) out.push(connector);
        break;
      case W.Connector:
        lower(prev);
        break;
      case W.Punct:
        break;
      default: {
        if (w.wt !== W.Number) {
          if (w.wt !== W.Connector && w.wt !== W.Punct) out.push(connector);
          break;
        }
        if (w.end >= rs.length) break;
        const last = w;
        w = nextWord(rs, w.end);
        if (w.wt !== W.Alphabet) {
          lower({ ...last, wt: W.Number });
          if (w.wt !== W.Connector && w.wt !== W.Punct) out.push(connector);
          break;
        }
        out.push(connector);
        lower({ ...last, wt: W.Number });
        while (w.wt === W.Alphabet || w.wt === W.Number) {
          lower(w);
          w = nextWord(rs, w.end);
        }
        if (w.wt !== W.Invalid && w.wt !== W.Connector && w.wt !== W.Punct) out.push(connector);
      }
    }
  }
  lower(w);
  return fromRunes(out);
}

/** xstrings.ToSnakeCase. */
export function toSnakeCase(s: string): string {
  return camelCaseToLowerCase(s, 0x5f);
}

/** xstrings.ToKebabCase. */
export function toKebabCase(s: string): string {
  return camelCaseToLowerCase(s, 0x2d);
}

/** goutils.SwapCase: upper/title → lower; lower → title after whitespace, else upper. */
export function swapCase(s: string): string {
  const rs = runesOf(s);
  let whitespace = true;
  for (let i = 0; i < rs.length; i++) {
    const c = rs[i]!;
    if (isUpper(c) || isTitle(c)) {
      rs[i] = toLower(c);
      whitespace = false;
    } else if (isLower(c)) {
      rs[i] = whitespace ? toTitle(c) : toUpper(c);
      whitespace = false;
    } else whitespace = isSpace(c);
  }
  return fromRunes(rs);
}

/** goutils.Uncapitalize (Sprig's `untitle`): lower-case the first rune of each whitespace-separated word. */
export function uncapitalize(s: string): string {
  const rs = runesOf(s);
  let next = true;
  for (let i = 0; i < rs.length; i++) {
    const c = rs[i]!;
    if (isSpace(c)) next = true;
    else if (next) {
      rs[i] = toLower(c);
      next = false;
    }
  }
  return fromRunes(rs);
}

function isSeparator(r: number): boolean {
  if (r <= 0x7f) {
    if ((r >= 0x30 && r <= 0x39) || (r >= 0x61 && r <= 0x7a) || (r >= 0x41 && r <= 0x5a) || r === 0x5f)
      return false;
    return true;
  }
  if (isLetter(r) || isDigit(r)) return false;
  return isSpace(r);
}

/** strings.Title: title-case the first rune of each word. */
export function title(s: string): string {
  let prev = 0x20;
  let out = '';
  // strings.Title maps runes: each byte that is not valid UTF-8 becomes U+FFFD.
  for (const ch of toValidUtf8(s)) {
    const r = ch.codePointAt(0)!;
    const sep = isSeparator(prev);
    prev = r;
    out += sep ? String.fromCodePoint(toTitle(r)) : ch;
  }
  return out;
}

/** xstrings.Shuffle: a random permutation of the runes. */
export function shuffle(s: string, randomInt: (n: number) => number): string {
  const rs = [...s];
  for (let i = rs.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [rs[i], rs[j]] = [rs[j]!, rs[i]!];
  }
  return rs.join('');
}
