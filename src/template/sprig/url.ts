/**
 * Sprig's urlParse and urlJoin over a port of the parts of Go's net/url they
 * use: Parse (scheme, opaque, authority with userinfo and host:port checks,
 * query, fragment, percent-decoding with Go's errors) and URL.String.
 */

import { quote, utf8Decode, utf8Encode } from '../fmt/index.js';
import { kindOf } from '../reflect.js';
import { GoError, type GoFunc, type GoValue, goFunc } from '../value.js';
import { nilDeref } from './lists.js';

enum Mode {
  Path,
  Host,
  Zone,
  UserPassword,
  QueryComponent,
  Fragment,
}

class URLError extends Error {}

function isAlnum(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
}

/** net/url shouldEscape (RFC 3986 per component). */
function shouldEscape(c: number, mode: Mode): boolean {
  if (isAlnum(c)) return false;
  if ((mode === Mode.Host || mode === Mode.Zone) && '!$&\'()*+,;=:[]<>"'.includes(String.fromCharCode(c))) {
    return false;
  }
  const ch = String.fromCharCode(c);
  if ('-_.~'.includes(ch)) return false;
  if ('$&+,/:;=?@'.includes(ch)) {
    switch (mode) {
      case Mode.Path:
        return ch === '?';
      case Mode.UserPassword:
        return '@/?:'.includes(ch);
      case Mode.QueryComponent:
        return true;
      case Mode.Fragment:
        return false;
    }
  }
  if (mode === Mode.Fragment && '!()*'.includes(ch)) return false;
  return true;
}

function isHex(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66));
}

function unhex(c: number): number {
  return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57;
}

function latin1(b: Uint8Array): string {
  return String.fromCharCode(...b);
}

/** net/url unescape, with its EscapeError / InvalidHostError messages. */
function urlUnescape(str: string, mode: Mode): string {
  const s = utf8Encode(str);
  let n = 0;
  for (let i = 0; i < s.length; ) {
    const c = s[i]!;
    if (c === 0x25) {
      n++;
      if (i + 2 >= s.length || !isHex(s[i + 1]) || !isHex(s[i + 2])) {
        throw new URLError('invalid URL escape ' + quote(utf8Decode(s.subarray(i, i + 3))));
      }
      const pct = latin1(s.subarray(i, i + 3));
      if (mode === Mode.Host && unhex(s[i + 1]!) < 8 && pct !== '%25') {
        throw new URLError('invalid URL escape ' + quote(pct));
      }
      if (mode === Mode.Zone) {
        const v = (unhex(s[i + 1]!) << 4) | unhex(s[i + 2]!);
        if (pct !== '%25' && v !== 0x20 && shouldEscape(v, Mode.Host)) {
          throw new URLError('invalid URL escape ' + quote(pct));
        }
      }
      i += 3;
    } else {
      if ((mode === Mode.Host || mode === Mode.Zone) && c < 0x80 && shouldEscape(c, mode)) {
        throw new URLError('invalid character ' + quote(String.fromCharCode(c)) + ' in host name');
      }
      i++;
    }
  }
  if (n === 0) return str;
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === 0x25) {
      out.push((unhex(s[i + 1]!) << 4) | unhex(s[i + 2]!));
      i += 2;
    } else out.push(s[i]!);
  }
  return utf8Decode(Uint8Array.from(out));
}

/** net/url escape (never in query-component mode here). */
function urlEscape(str: string, mode: Mode): string {
  const bytes = utf8Encode(str);
  if (!bytes.some((c) => shouldEscape(c, mode))) return str;
  let out = '';
  for (const c of bytes) {
    out += shouldEscape(c, mode)
      ? '%' + c.toString(16).toUpperCase().padStart(2, '0')
      : String.fromCharCode(c);
  }
  return out;
}

interface GoURL {
  scheme: string;
  opaque: string;
  user: { username: string; password?: string } | undefined;
  host: string;
  path: string;
  rawQuery: string;
  fragment: string;
}

function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) continue;
    if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === 0x3a) {
      if (i === 0) throw new URLError('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

function parseHost(scheme: string, host: string): string {
  const open = host.lastIndexOf('[');
  if (open > 0) throw new URLError('invalid IP-literal');
  if (open === 0) {
    const close = host.lastIndexOf(']');
    if (close < 0) throw new URLError("missing ']' in host");
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) throw new URLError(`invalid port ${quote(colonPort)} after host`);
    const port = urlUnescape(colonPort, Mode.Host);
    const name = host.slice(1, close);
    const zone = name.indexOf('%25');
    const addr =
      zone >= 0
        ? urlUnescape(name.slice(0, zone), Mode.Host) + urlUnescape(name.slice(zone), Mode.Zone)
        : urlUnescape(name, Mode.Host);
    const ip = zone >= 0 ? addr.slice(0, addr.indexOf('%')) : addr;
    if (/^\d+\.\d+\.\d+\.\d+$/.test(ip)) throw new URLError('invalid IP-literal');
    if (!/^[0-9a-fA-F:.]*:[0-9a-fA-F:.]*$/.test(ip)) {
      throw new URLError(`invalid host: ParseAddr(${quote(addr)}): unable to parse IP`);
    }
    return '[' + addr + ']' + port;
  }
  let i = host.indexOf(':');
  if (i !== -1) {
    const last = host.lastIndexOf(':');
    // Since Go 1.26 http(s) hosts may not contain further colons (urlstrictcolons).
    if (last !== i && scheme !== 'http' && scheme !== 'https') i = last;
    const colonPort = host.slice(i);
    if (!validOptionalPort(colonPort)) throw new URLError(`invalid port ${quote(colonPort)} after host`);
  }
  return urlUnescape(host, Mode.Host);
}

function validUserinfo(s: string): boolean {
  return /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(s);
}

function parseAuthority(scheme: string, authority: string): [GoURL['user'], string] {
  const at = authority.lastIndexOf('@');
  const host = parseHost(scheme, at < 0 ? authority : authority.slice(at + 1));
  if (at < 0) return [undefined, host];
  const userinfo = authority.slice(0, at);
  if (!validUserinfo(userinfo)) throw new URLError('net/url: invalid userinfo');
  const colon = userinfo.indexOf(':');
  if (colon < 0) return [{ username: urlUnescape(userinfo, Mode.UserPassword) }, host];
  return [
    {
      username: urlUnescape(userinfo.slice(0, colon), Mode.UserPassword),
      password: urlUnescape(userinfo.slice(colon + 1), Mode.UserPassword),
    },
    host,
  ];
}

function parseNoFragment(raw: string): GoURL {
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new URLError('net/url: invalid control character in URL');
  const u: GoURL = {
    scheme: '',
    opaque: '',
    user: undefined,
    host: '',
    path: '',
    rawQuery: '',
    fragment: '',
  };
  if (raw === '*') {
    u.path = '*';
    return u;
  }
  let [scheme, rest] = getScheme(raw);
  u.scheme = scheme.toLowerCase();
  if (rest.endsWith('?') && rest.split('?').length === 2) rest = rest.slice(0, -1);
  else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      u.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (u.scheme !== '') {
      u.opaque = rest;
      return u;
    }
    const seg = rest.split('/')[0]!;
    if (seg.includes(':')) throw new URLError('first path segment in URL cannot contain colon');
  }
  if ((u.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) {
      rest = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    [u.user, u.host] = parseAuthority(u.scheme, authority);
  }
  u.path = urlUnescape(rest, Mode.Path);
  return u;
}

/** net/url.Parse; throws GoError with *url.Error's text. */
export function parseURL(raw: string): GoURL {
  const hash = raw.indexOf('#');
  const u0 = hash < 0 ? raw : raw.slice(0, hash);
  let u: GoURL;
  try {
    u = parseNoFragment(u0);
  } catch (e) {
    if (e instanceof URLError) throw new GoError(`parse ${quote(u0)}: ${e.message}`);
    throw e;
  }
  if (hash >= 0) {
    try {
      u.fragment = urlUnescape(raw.slice(hash + 1), Mode.Fragment);
    } catch (e) {
      if (e instanceof URLError) throw new GoError(`parse ${quote(raw)}: ${e.message}`);
      throw e;
    }
  }
  return u;
}

function userString(user: GoURL['user']): string {
  if (user === undefined) return '';
  let s = urlEscape(user.username, Mode.UserPassword);
  if (user.password !== undefined) s += ':' + urlEscape(user.password, Mode.UserPassword);
  return s;
}

/** URL.String for a URL built from fields (no raw path or fragment kept). */
export function urlString(u: GoURL): string {
  let buf = '';
  if (u.scheme !== '') buf += u.scheme + ':';
  if (u.opaque !== '') buf += u.opaque;
  else {
    if (u.scheme !== '' || u.host !== '' || u.user !== undefined) {
      if (u.host !== '' || u.path !== '' || u.user !== undefined) buf += '//';
      if (u.user !== undefined) buf += userString(u.user) + '@';
      if (u.host !== '') buf += urlEscape(u.host, Mode.Host);
    }
    const path = u.path === '*' ? '*' : urlEscape(u.path, Mode.Path);
    if (path !== '' && path[0] !== '/' && u.host !== '') buf += '/';
    if (buf === '' && path.split('/')[0]!.includes(':')) buf += './';
    buf += path;
  }
  if (u.rawQuery !== '') buf += '?' + u.rawQuery;
  if (u.fragment !== '') buf += '#' + urlEscape(u.fragment, Mode.Fragment);
  return buf;
}

function hostname(host: string): string {
  let h = host;
  const colon = h.lastIndexOf(':');
  if (colon !== -1 && validOptionalPort(h.slice(colon))) h = h.slice(0, colon);
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  return h;
}

function urlParse(v: string): Map<GoValue, GoValue> {
  let u: GoURL;
  try {
    u = parseURL(v);
  } catch (e) {
    if (e instanceof GoError) throw new GoError(`unable to parse url: ${e.message}`);
    throw e;
  }
  return new Map<GoValue, GoValue>([
    ['scheme', u.scheme],
    ['host', u.host],
    ['hostname', hostname(u.host)],
    ['path', u.path],
    ['query', u.rawQuery],
    ['opaque', u.opaque],
    ['fragment', u.fragment],
    ['userinfo', userString(u.user)],
  ]);
}

function dictGetOrEmpty(d: Map<GoValue, GoValue> | null, key: string): string {
  if (!d?.has(key)) return '';
  const v = d.get(key);
  if (v === null || v === undefined) nilDeref();
  if (typeof v !== 'string') {
    throw new GoError(`unable to parse ${key} key, must be of type string, but ${kindOf(v)} found`);
  }
  return v;
}

function urlJoin(d: Map<GoValue, GoValue> | null): string {
  const u: GoURL = {
    scheme: dictGetOrEmpty(d, 'scheme'),
    host: dictGetOrEmpty(d, 'host'),
    path: dictGetOrEmpty(d, 'path'),
    rawQuery: dictGetOrEmpty(d, 'query'),
    opaque: dictGetOrEmpty(d, 'opaque'),
    fragment: dictGetOrEmpty(d, 'fragment'),
    user: undefined,
  };
  const userinfo = dictGetOrEmpty(d, 'userinfo');
  if (userinfo !== '') {
    try {
      u.user = parseURL(`proto://${userinfo}@host`).user;
    } catch (e) {
      if (e instanceof GoError) throw new GoError(`unable to parse userinfo in dict: ${e.message}`);
      throw e;
    }
  }
  return urlString(u);
}

export const funcs: GoFunc[] = [
  goFunc('urlParse', { params: ['string'], result: 'map[string]interface {}', returnsError: false }, ([v]) =>
    urlParse(v as string),
  ),
  goFunc('urlJoin', { params: ['map[string]interface {}'], result: 'string', returnsError: false }, ([d]) =>
    urlJoin((d ?? null) as Map<GoValue, GoValue> | null),
  ),
];
