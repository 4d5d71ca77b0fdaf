import { posix } from 'node:path';
import type { StateHost } from './host.js';

/**
 * Globs as helmfile expands them: Go's `filepath.Glob` / `filepath.Match`.
 * `*` and `?` never match `/`; `[...]`/`[^...]` classes with ranges; `\` escapes;
 * no `**`; dot files are matched like any other name; results are sorted.
 */

export class GlobPatternError extends Error {
  override readonly name = 'GlobPatternError';
  constructor(readonly pattern: string) {
    super('syntax error in pattern');
  }
}

const META = /[*?[\\]/;

export function hasGlobMeta(pattern: string): boolean {
  return META.test(pattern);
}

const cache = new Map<string, RegExp>();

function escapeRe(c: string): string {
  return c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/** Compiles one path element pattern to an anchored regular expression. Throws GlobPatternError. */
function compile(pattern: string): RegExp {
  const hit = cache.get(pattern);
  if (hit) return hit;
  const chars = [...pattern];
  let re = '^';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\') {
      i++;
      if (i >= chars.length) throw new GlobPatternError(pattern);
      re += escapeRe(chars[i]!);
    } else if (c === '[') {
      i++;
      let negated = false;
      if (chars[i] === '^') {
        negated = true;
        i++;
      }
      let cls = '';
      let n = 0;
      for (;;) {
        if (i >= chars.length) throw new GlobPatternError(pattern);
        if (chars[i] === ']' && n > 0) break;
        const lo = classChar(chars, i, pattern);
        i = lo.next;
        let item = escapeRe(lo.c);
        if (chars[i] === '-') {
          const hi = classChar(chars, i + 1, pattern);
          if (hi.c < lo.c) throw new GlobPatternError(pattern);
          item = `${escapeRe(lo.c)}-${escapeRe(hi.c)}`;
          i = hi.next;
        }
        cls += item;
        n++;
      }
      re += negated ? `[^/${cls}]` : `[${cls}]`;
    } else re += escapeRe(c);
  }
  const compiled = new RegExp(`${re}$`, 'u');
  cache.set(pattern, compiled);
  return compiled;
}

function classChar(chars: string[], i: number, pattern: string): { c: string; next: number } {
  let c = chars[i];
  if (c === undefined || c === '-' || c === ']') throw new GlobPatternError(pattern);
  if (c === '\\') {
    i++;
    c = chars[i];
    if (c === undefined) throw new GlobPatternError(pattern);
  }
  return { c, next: i + 1 };
}

/** Go's `filepath.Match(pattern, name)` for one path element or a whole path (separators must match literally). */
export function globMatch(pattern: string, name: string): boolean {
  const pp = pattern.split('/');
  const np = name.split('/');
  if (pp.length !== np.length) {
    // Validate the pattern anyway so a bad pattern is always reported.
    for (const p of pp) compile(p);
    return false;
  }
  return pp.every((p, i) => compile(p).test(np[i]!));
}

/** Go's `filepath.Glob` over a host: absolute `pattern` → sorted absolute matches. Throws GlobPatternError. */
export function glob(host: StateHost, pattern: string): string[] {
  if (!hasGlobMeta(pattern)) return host.stat(pattern) ? [pattern] : [];
  let dir = posix.dirname(pattern);
  const file = posix.basename(pattern);
  if (pattern.endsWith('/')) return [];
  if (dir === '') dir = '.';
  const dirs = hasGlobMeta(dir) ? glob(host, dir) : [dir];
  const out: string[] = [];
  for (const d of dirs) {
    if (host.stat(d) !== 'dir') continue;
    const re = compile(file);
    for (const n of [...host.readDir(d)].sort()) if (re.test(n)) out.push(posix.join(d, n));
  }
  return out;
}
