/**
 * Go's `path` package (slash-separated paths) for Sprig's base, dir, clean,
 * ext and isAbs. The os* variants use path/filepath, which on the POSIX hosts
 * helmfire runs on behaves the same.
 */

import { type GoFunc, goFunc } from '../value.js';

/** path.Clean: the shortest equivalent path by purely lexical processing. */
export function clean(path: string): string {
  if (path === '') return '.';
  const rooted = path[0] === '/';
  const parts: string[] = [];
  // Number of leading ".." elements a relative path keeps.
  let dotdot = 0;
  for (const el of path.split('/')) {
    if (el === '' || el === '.') continue;
    if (el === '..') {
      if (parts.length > dotdot) parts.pop();
      else if (!rooted) {
        parts.push('..');
        dotdot = parts.length;
      }
      continue;
    }
    parts.push(el);
  }
  const joined = parts.join('/');
  if (rooted) return '/' + joined;
  return joined === '' ? '.' : joined;
}

/** path.Base: the last element, "." for an empty path, "/" for slashes only. */
export function base(path: string): string {
  if (path === '') return '.';
  const p = path.replace(/\/+$/, '');
  if (p === '') return '/';
  return p.slice(p.lastIndexOf('/') + 1);
}

/** path.Dir: everything but the last element, cleaned. */
export function dir(path: string): string {
  return clean(path.slice(0, path.lastIndexOf('/') + 1));
}

/** path.Ext: the suffix from the last dot of the last element. */
export function ext(path: string): string {
  for (let i = path.length - 1; i >= 0 && path[i] !== '/'; i--) if (path[i] === '.') return path.slice(i);
  return '';
}

const sig = { params: ['string'], result: 'string', returnsError: false };
const boolSig = { params: ['string'], result: 'bool', returnsError: false };
const isAbs = (p: string) => p.startsWith('/');

export const funcs: GoFunc[] = [
  ...(['', 'os'] as const).flatMap((prefix) => {
    const name = (n: string) => (prefix === '' ? n : prefix + n[0]!.toUpperCase() + n.slice(1));
    return [
      goFunc(name('base'), sig, ([p]) => base(p as string)),
      goFunc(name('dir'), sig, ([p]) => dir(p as string)),
      goFunc(name('clean'), sig, ([p]) => clean(p as string)),
      goFunc(name('ext'), sig, ([p]) => ext(p as string)),
      goFunc(name('isAbs'), boolSig, ([p]) => isAbs(p as string)),
    ];
  }),
];
