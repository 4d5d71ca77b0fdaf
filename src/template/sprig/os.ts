/** Sprig's env and expandenv (os.Getenv, os.ExpandEnv) over an injectable environment. */

import { type GoFunc, goFunc } from '../value.js';

export type Getenv = (name: string) => string | undefined;

function isShellSpecial(c: string | undefined): boolean {
  return c !== undefined && '*#$@!?-0123456789'.includes(c);
}

function isAlphaNum(c: string | undefined): boolean {
  return c !== undefined && /^[A-Za-z0-9_]$/.test(c);
}

/** os.Expand's variable name after `$`: the name and how many characters it took. */
function shellName(s: string): [string, number] {
  if (s[0] === '{') {
    if (s.length > 2 && isShellSpecial(s[1]) && s[2] === '}') return [s.slice(1, 2), 3];
    const close = s.indexOf('}', 1);
    if (close === 1) return ['', 2];
    if (close > 1) return [s.slice(1, close), close + 1];
    return ['', 1];
  }
  if (isShellSpecial(s[0])) return [s.slice(0, 1), 1];
  let i = 0;
  while (i < s.length && isAlphaNum(s[i])) i++;
  return [s.slice(0, i), i];
}

/** os.Expand: replace $var and ${var} using `mapping`. */
export function expand(s: string, mapping: (name: string) => string): string {
  let out = '';
  let i = 0;
  for (let j = 0; j < s.length; j++) {
    if (s[j] === '$' && j + 1 < s.length) {
      out += s.slice(i, j);
      const [name, w] = shellName(s.slice(j + 1));
      if (name === '' && w === 0) out += '$';
      else if (name !== '') out += mapping(name);
      j += w;
      i = j + 1;
    }
  }
  return i === 0 ? s : out + s.slice(i);
}

/** env and expandenv reading variables through `getenv` (unset reads as ""). */
export function osFuncs(getenv: Getenv): GoFunc[] {
  const get = (name: string) => getenv(name) ?? '';
  return [
    goFunc('env', { params: ['string'], result: 'string', returnsError: false }, ([n]) => get(n as string)),
    goFunc('expandenv', { params: ['string'], result: 'string', returnsError: false }, ([s]) =>
      expand(s as string, get),
    ),
  ];
}

export const funcs: GoFunc[] = osFuncs((name) => process.env[name]);
