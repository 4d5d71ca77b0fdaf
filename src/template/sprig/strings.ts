/**
 * Sprig's string functions (strings.go and the string entries of functions.go),
 * with Go's semantics: byte-based lengths and cuts, Unicode rules of Go's
 * `unicode` package, and the argument order Sprig chose for pipelines.
 */

import { createHash, randomInt } from 'node:crypto';
import { quote, sprintf, utf8Encode } from '../fmt/index.js';
import { GoError, type GoFunc, type GoValue, goFunc } from '../value.js';
import {
  abbreviateFull,
  byteLen,
  deleteWhiteSpace,
  initials,
  substr,
  trunc,
  wrapCustom,
} from './bytewise.js';
import { strval } from './strval.js';
import {
  shuffle,
  swapCase,
  title,
  toKebabCase,
  toPascalCase,
  toSnakeCase,
  uncapitalize,
} from './textcase.js';
import { isDigit, isLetter, isSpace, lowerString, upperString } from './unicode.js';

const I = 'interface {}';
const S = 'string';

/** The longest string helmfire builds (V8's limit is a little above 2^29 UTF-16 units). */
const MAX_STRING = 2 ** 29 - 32;

/** strings.Repeat, with Go's panics. */
export function repeat(s: string, count: bigint): string {
  if (count === 0n) return '';
  if (count === 1n) return s;
  if (count < 0n) throw new GoError('strings: negative Repeat count');
  const total = BigInt(byteLen(s)) * count;
  if (total > 9223372036854775807n) throw new GoError('strings: Repeat output length overflow');
  if (s === '') return '';
  // Go's allocator refuses more than 2^48 bytes; below that it would try and run out of memory.
  if (total > 1n << 48n) throw new GoError('runtime error: makeslice: len out of range');
  if (BigInt(s.length) * count > BigInt(MAX_STRING)) {
    throw new GoError(`strings: Repeat output of ${total} bytes is too long for helmfire`);
  }
  return s.repeat(Number(count));
}

/** strings.TrimSpace (Go's notion of white space). */
export function trimSpace(s: string): string {
  // Every white space rune is in the BMP, so UTF-16 units can be tested directly.
  let a = 0;
  let b = s.length;
  while (a < b && isSpace(s.charCodeAt(a))) a++;
  while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** strings.Trim(s, cutset): drop leading and trailing runes that are in cutset. */
export function trimCutset(s: string, cutset: string): string {
  if (s === '' || cutset === '') return s;
  const set = new Set([...cutset].map((c) => c.codePointAt(0)!));
  const cps = [...s];
  let a = 0;
  let b = cps.length;
  while (a < b && set.has(cps[a]!.codePointAt(0)!)) a++;
  while (b > a && set.has(cps[b - 1]!.codePointAt(0)!)) b--;
  return cps.slice(a, b).join('');
}

/** strings.Replace(s, old, new, -1): an empty `old` matches before every rune and at the end. */
export function replaceAll(s: string, old: string, by: string): string {
  if (old === '') return by + [...s].map((c) => c + by).join('');
  return s.split(old).join(by);
}

function indent(spaces: bigint, v: string): string {
  const pad = repeat(' ', spaces);
  return pad + v.replaceAll('\n', '\n' + pad);
}

/** goutils.CryptoRandom over the printable ASCII range, keeping letters and/or digits. */
function randomString(count: bigint, start: number, end: number, keep: (r: number) => boolean): string {
  if (count <= 0n) return '';
  if (count > BigInt(MAX_STRING))
    throw new GoError(`random string of ${count} characters is too long for helmfire`);
  let out = '';
  for (let n = Number(count); n > 0; ) {
    const r = randomInt(start, end);
    if (keep(r)) {
      out += String.fromCharCode(r);
      n--;
    }
  }
  return out;
}

function hash(algorithm: string, s: string): string {
  return createHash(algorithm).update(utf8Encode(s)).digest('hex');
}

/** hash/adler32.Checksum. */
export function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const x of data) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  return (b * 65536 + a) >>> 0;
}

function quoteAll(args: readonly GoValue[]): string {
  return args
    .filter((s) => s !== null && s !== undefined)
    .map((s) => quote(strval(s)))
    .join(' ');
}

function sig(params: string[], result: string, variadic?: string) {
  return variadic === undefined
    ? { params, result, returnsError: false }
    : { params, variadic, result, returnsError: false };
}

const str = (name: string, f: (s: string) => GoValue) => goFunc(name, sig([S], S), ([s]) => f(s as string));
const str2 = (name: string, result: string, f: (a: string, b: string) => GoValue) =>
  goFunc(name, sig([S, S], result), ([a, b]) => f(a as string, b as string));

export const funcs: GoFunc[] = [
  goFunc('hello', sig([], S), () => 'Hello!'),
  goFunc('abbrev', sig(['int', S], S), ([w, s]) => {
    const width = Number(w as bigint);
    return width < 4 ? s : (abbreviateFull(s as string, 0, width) ?? '');
  }),
  goFunc('abbrevboth', sig(['int', 'int', S], S), ([l, r, s]) => {
    const left = Number(l as bigint);
    const right = Number(r as bigint);
    if (right < 4 || (left > 0 && right < 7)) return s;
    return abbreviateFull(s as string, left, right) ?? '';
  }),
  goFunc('trunc', sig(['int', S], S), ([c, s]) => trunc(Number(c as bigint), s as string)),
  str('trim', trimSpace),
  str('upper', upperString),
  str('lower', lowerString),
  str('title', title),
  str('untitle', uncapitalize),
  goFunc('substr', sig(['int', 'int', S], S), ([a, b, s]) =>
    substr(Number(a as bigint), Number(b as bigint), s as string),
  ),
  goFunc('repeat', sig(['int', S], S), ([n, s]) => repeat(s as string, n as bigint)),
  str2('trimall', S, (a, b) => trimCutset(b, a)),
  str2('trimAll', S, (a, b) => trimCutset(b, a)),
  str2('trimSuffix', S, (a, b) => (a !== '' && b.endsWith(a) ? b.slice(0, b.length - a.length) : b)),
  str2('trimPrefix', S, (a, b) => (a !== '' && b.startsWith(a) ? b.slice(a.length) : b)),
  str('nospace', deleteWhiteSpace),
  str('initials', initials),
  goFunc('randAlphaNum', sig(['int'], S), ([n]) =>
    randomString(n as bigint, 32, 123, (r) => isLetter(r) || isDigit(r)),
  ),
  goFunc('randAlpha', sig(['int'], S), ([n]) => randomString(n as bigint, 32, 123, isLetter)),
  goFunc('randAscii', sig(['int'], S), ([n]) => randomString(n as bigint, 32, 127, () => true)),
  goFunc('randNumeric', sig(['int'], S), ([n]) => randomString(n as bigint, 32, 123, isDigit)),
  str('swapcase', swapCase),
  str('shuffle', (s) => shuffle(s, (n) => randomInt(n))),
  str('snakecase', toSnakeCase),
  str('camelcase', toPascalCase),
  str('kebabcase', toKebabCase),
  goFunc('wrap', sig(['int', S], S), ([l, s]) => wrapCustom(s as string, Number(l as bigint), '', false)),
  goFunc('wrapWith', sig(['int', S, S], S), ([l, sep, s]) =>
    wrapCustom(s as string, Number(l as bigint), sep as string, true),
  ),
  str2('contains', 'bool', (sub, s) => s.includes(sub)),
  str2('hasPrefix', 'bool', (p, s) => s.startsWith(p)),
  str2('hasSuffix', 'bool', (p, s) => s.endsWith(p)),
  goFunc('quote', sig([], S, I), (args) => quoteAll(args)),
  goFunc('squote', sig([], S, I), (args) =>
    args
      .filter((s) => s !== null && s !== undefined)
      .map((s) => sprintf("'%v'", [s]))
      .join(' '),
  ),
  goFunc('cat', sig([], S, I), (args) => {
    const v = args.filter((s) => s !== null && s !== undefined);
    return sprintf(Array(v.length).fill('%v').join(' '), v);
  }),
  goFunc('indent', sig(['int', S], S), ([n, v]) => indent(n as bigint, v as string)),
  goFunc('nindent', sig(['int', S], S), ([n, v]) => '\n' + indent(n as bigint, v as string)),
  goFunc('replace', sig([S, S, S], S), ([o, n, s]) => replaceAll(s as string, o as string, n as string)),
  goFunc('plural', sig([S, S, 'int'], S), ([one, many, n]) => ((n as bigint) === 1n ? one : many)),
  str('sha1sum', (s) => hash('sha1', s)),
  str('sha256sum', (s) => hash('sha256', s)),
  str('sha512sum', (s) => hash('sha512', s)),
  str('adler32sum', (s) => String(adler32(utf8Encode(s)))),
  goFunc('toString', sig([I], S), ([v]) => strval(v)),
];
