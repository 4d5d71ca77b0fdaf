/**
 * Sprig's regex functions with Go's regexp semantics (RE2 syntax via re2js):
 * regexMatch, regexFind, regexFindAll, regexReplaceAll (Go's `$name` / `${n}`
 * expansion), regexReplaceAllLiteral, regexSplit (each with a must* variant
 * that returns the compile error) and regexQuoteMeta.
 */
import { RE2JS } from 're2js';
import { canBackquote, quote } from '../fmt/index.js';
import { GoError, type GoFunc, type GoValue, goFunc, withGoType } from '../value.js';

class CompileError extends Error {}

const cache = new Map<string, RE2JS | CompileError>();

/** Go's regexp.Compile: Go's syntax and its `error parsing regexp: …` messages. */
function compile(expr: string): RE2JS {
  let hit = cache.get(expr);
  if (hit === undefined) {
    try {
      hit = RE2JS.compile(expr);
    } catch (e) {
      hit = new CompileError(e instanceof Error ? e.message : String(e));
    }
    if (cache.size > 500) cache.clear();
    cache.set(expr, hit);
  }
  if (hit instanceof CompileError) throw hit;
  return hit;
}

/** regexp.MustCompile: a compile error panics with `regexp: Compile(<expr>): <error>`. */
function mustCompile(expr: string): RE2JS {
  try {
    return compile(expr);
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    const q = canBackquote(expr) ? `\`${expr}\`` : quote(expr);
    throw new GoError(`regexp: Compile(${q}): ${e.message}`);
  }
}

/** Start/end offsets (UTF-16) of the match and of every group; -1 for groups that did not take part. */
type Match = number[];

function execAt(re: RE2JS, s: string, pos: number): Match | undefined {
  const m = re.matcher(s);
  if (!m.find(pos)) return undefined;
  const out: Match = [];
  for (let g = 0; g <= m.groupCount(); g++) out.push(m.start(g), m.end(g));
  return out;
}

/** Width (in UTF-16 units) of the character at `pos`. */
function charWidth(s: string, pos: number): number {
  const c = s.charCodeAt(pos);
  return c >= 0xd800 && c <= 0xdbff && pos + 1 < s.length ? 2 : 1;
}

/** Go's allMatches: successive matches, no empty match right after a previous match. */
function allMatches(re: RE2JS, s: string, n: number): Match[] {
  const limit = n < 0 ? s.length + 1 : n;
  const out: Match[] = [];
  let pos = 0;
  let prevEnd = -1;
  while (out.length < limit && pos <= s.length) {
    const m = execAt(re, s, pos);
    if (!m) break;
    let accept = true;
    if (m[1] === pos) {
      if (m[0] === prevEnd) accept = false;
      pos += pos < s.length ? charWidth(s, pos) : 1;
    } else {
      pos = m[1]!;
    }
    prevEnd = m[1]!;
    if (accept) out.push(m);
  }
  return out;
}

function isWordChar(ch: string): boolean {
  return /^[\p{L}\p{Nd}_]$/u.test(ch);
}

/** Go's Regexp.Expand of a `$` template for one match. */
function expand(template: string, s: string, m: Match, names: Record<string, number>): string {
  let out = '';
  let t = template;
  for (;;) {
    const i = t.indexOf('$');
    if (i < 0) break;
    out += t.slice(0, i);
    t = t.slice(i + 1);
    if (t.startsWith('$')) {
      out += '$';
      t = t.slice(1);
      continue;
    }
    const brace = t.startsWith('{');
    let body = brace ? t.slice(1) : t;
    let nameLen = 0;
    for (const ch of body) {
      if (!isWordChar(ch)) break;
      nameLen += ch.length;
    }
    if (nameLen === 0 || (brace && body[nameLen] !== '}')) {
      out += '$';
      continue;
    }
    const name = body.slice(0, nameLen);
    body = body.slice(nameLen + (brace ? 1 : 0));
    t = body;
    let num = -1;
    if (/^[0-9]+$/.test(name) && !(name.length > 1 && name[0] === '0') && name.length <= 8)
      num = Number(name);
    let group = num;
    if (num < 0) group = names[name] ?? -1;
    if (group >= 0 && 2 * group + 1 < m.length && m[2 * group]! >= 0) {
      out += s.slice(m[2 * group], m[2 * group + 1]);
    }
  }
  return out + t;
}

/** Go's replaceAll: every match replaced, no replacement for an empty match right after a match. */
function replaceAll(re: RE2JS, s: string, repl: (m: Match) => string): string {
  let out = '';
  let lastEnd = 0;
  let pos = 0;
  while (pos <= s.length) {
    const m = execAt(re, s, pos);
    if (!m) break;
    out += s.slice(lastEnd, m[0]);
    if (m[1]! > lastEnd || m[0] === 0) out += repl(m);
    lastEnd = m[1]!;
    const width = pos < s.length ? charWidth(s, pos) : 0;
    if (pos + width > m[1]!) pos += width;
    else if (pos + 1 > m[1]!) pos++;
    else pos = m[1]!;
  }
  return out + s.slice(lastEnd);
}

function split(re: RE2JS, expr: string, s: string, n: number): string[] {
  if (n === 0) return [];
  if (expr.length > 0 && s.length === 0) return [''];
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of allMatches(re, s, n)) {
    if (n > 0 && out.length === n - 1) break;
    end = m[0]!;
    if (m[1] !== 0) out.push(s.slice(beg, end));
    beg = m[1]!;
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

function strings(a: string[]): GoValue {
  return withGoType(a, '[]string');
}

/** regexp.QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

type Impl = (re: RE2JS, args: GoValue[], expr: string) => GoValue;

const OPS: { name: string; params: string[]; result: string; impl: Impl; onError: GoValue }[] = [
  {
    name: 'RegexMatch',
    params: ['string', 'string'],
    result: 'bool',
    impl: (re, [, s]) => re.matcher(s as string).find(),
    onError: false,
  },
  {
    name: 'RegexFindAll',
    params: ['string', 'string', 'int'],
    result: '[]string',
    impl: (re, [, s, n]) =>
      strings(allMatches(re, s as string, Number(n)).map((m) => (s as string).slice(m[0], m[1]))),
    onError: null,
  },
  {
    name: 'RegexFind',
    params: ['string', 'string'],
    result: 'string',
    impl: (re, [, s]) => {
      const m = execAt(re, s as string, 0);
      return m ? (s as string).slice(m[0], m[1]) : '';
    },
    onError: '',
  },
  {
    name: 'RegexReplaceAll',
    params: ['string', 'string', 'string'],
    result: 'string',
    impl: (re, [, s, r]) =>
      replaceAll(re, s as string, (m) => expand(r as string, s as string, m, re.namedGroups())),
    onError: '',
  },
  {
    name: 'RegexReplaceAllLiteral',
    params: ['string', 'string', 'string'],
    result: 'string',
    impl: (re, [, s, r]) => replaceAll(re, s as string, () => r as string),
    onError: '',
  },
  {
    name: 'RegexSplit',
    params: ['string', 'string', 'int'],
    result: '[]string',
    impl: (re, [, s, n], expr) => strings(split(re, expr, s as string, Number(n))),
    onError: null,
  },
];

function lowerFirst(s: string): string {
  return s[0]!.toLowerCase() + s.slice(1);
}

export const funcs: GoFunc[] = [
  ...OPS.flatMap((op) => {
    const lenient = goFunc(
      lowerFirst(op.name),
      { params: op.params, result: op.result, returnsError: false },
      (args) => {
        const expr = args[0] as string;
        if (op.name === 'RegexMatch') {
          // regexp.MatchString: a compile error is swallowed (false).
          try {
            return op.impl(compile(expr), args, expr);
          } catch (e) {
            if (e instanceof CompileError) return false;
            throw e;
          }
        }
        return op.impl(mustCompile(expr), args, expr);
      },
    );
    const must = goFunc(
      `must${op.name}`,
      { params: op.params, result: op.result, returnsError: true },
      (args) => {
        const expr = args[0] as string;
        let re: RE2JS;
        try {
          re = compile(expr);
        } catch (e) {
          if (e instanceof CompileError) throw new GoError(e.message);
          throw e;
        }
        return op.impl(re, args, expr);
      },
    );
    return [lenient, must];
  }),
  goFunc('regexQuoteMeta', { params: ['string'], result: 'string', returnsError: false }, ([s]) =>
    quoteMeta(s as string),
  ),
];
