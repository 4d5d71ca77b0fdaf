import { describe, expect, it } from 'vitest';
import { GoError, type GoValue } from '../value.js';
import { marshal } from './json.js';
import { callFn } from './testutil.js';
import { funcs } from './url.js';

const call = (name: string, ...args: GoValue[]) => callFn(funcs, name, ...args);
const parsed = (u: string) => marshal(call('urlParse', u), { escapeHTML: false });
const dict = (...kv: GoValue[]) => {
  const d = new Map<GoValue, GoValue>();
  for (let i = 0; i < kv.length; i += 2) d.set(kv[i], kv[i + 1]);
  return d;
};

describe('urlParse', () => {
  it('splits a URL into Go url.URL fields', () => {
    expect(parsed('http://user:p%40ss@example.com:8080/a%20b/c?x=1&y=2#frag%20x')).toBe(
      '{"fragment":"frag x","host":"example.com:8080","hostname":"example.com","opaque":"","path":"/a b/c","query":"x=1&y=2","scheme":"http","userinfo":"user:p%40ss"}',
    );
    expect(parsed('mailto:joe@example.com')).toBe(
      '{"fragment":"","host":"","hostname":"","opaque":"joe@example.com","path":"","query":"","scheme":"mailto","userinfo":""}',
    );
    expect(parsed('//host/path')).toContain('"host":"host"');
    expect(parsed('http://[fe80::1%25en0]/')).toContain('"host":"[fe80::1%en0]","hostname":"fe80::1%en0"');
    expect(parsed('http://u@s@host/')).toContain('"userinfo":"u%40s"');
    expect(parsed('HTTP://EX.com/P')).toContain(
      '"host":"EX.com","hostname":"EX.com","opaque":"","path":"/P","query":"","scheme":"http"',
    );
    expect(parsed('http://x/a?b?c')).toContain('"query":"b?c"');
    expect(parsed('ftp://a:b:80/')).toContain('"host":"a:b:80","hostname":"a:b"');
    expect(parsed('*')).toContain('"path":"*"');
  });
  it('panics with net/url errors', () => {
    const cases: [string, string][] = [
      [':foo', 'missing protocol scheme'],
      ['1http://x', 'first path segment in URL cannot contain colon'],
      ['http://[1.2.3.4]/', 'invalid IP-literal'],
      ['http://[::1/', "missing ']' in host"],
      ['http://a b/', 'invalid character " " in host name'],
      ['http://host:abc/', 'invalid port ":abc" after host'],
      ['http://a:b:80/', 'invalid port ":b:80" after host'],
      ['http://x/%zz', 'invalid URL escape "%zz"'],
      ['http://%41/', 'invalid URL escape "%41"'],
      ['http://a^b@host/', 'net/url: invalid userinfo'],
    ];
    for (const [u, msg] of cases) {
      expect(() => call('urlParse', u), u).toThrow(
        new GoError(`unable to parse url: parse ${JSON.stringify(u)}: ${msg}`),
      );
    }
    expect(() => call('urlParse', 'http://x/\u0001')).toThrow(
      new GoError('unable to parse url: parse "http://x/\\x01": net/url: invalid control character in URL'),
    );
    expect(() => call('urlParse', 'http://x/path#%zz')).toThrow(
      'parse "http://x/path#%zz": invalid URL escape "%zz"',
    );
  });
});

describe('urlJoin', () => {
  it('builds the URL string with Go escaping', () => {
    expect(
      call(
        'urlJoin',
        dict(
          'scheme',
          'http',
          'host',
          'ex.com:80',
          'path',
          '/a b/é',
          'query',
          'x=1',
          'fragment',
          'f g!',
          'userinfo',
          'u:p@ss',
        ),
      ),
    ).toBe('http://u:p%40ss@ex.com:80/a%20b/%C3%A9?x=1#f%20g!');
    expect(call('urlJoin', dict('path', 'a:b/c'))).toBe('./a:b/c');
    expect(call('urlJoin', dict('host', 'h', 'path', 'rel'))).toBe('//h/rel');
    expect(call('urlJoin', dict('scheme', 'mailto', 'opaque', 'x@y'))).toBe('mailto:x@y');
    expect(call('urlJoin', dict())).toBe('');
    expect(call('urlJoin', dict('scheme', 'http'))).toBe('http:');
    expect(call('urlJoin', dict('userinfo', 'user'))).toBe('//user@');
    expect(call('urlJoin', dict('path', '?x'))).toBe('%3Fx');
    expect(call('urlJoin', dict('host', 'a b'))).toBe('//a%20b');
    const u = 'http://user:p%40ss@example.com:8080/a%20b/c?x=1&y=2#frag%20x';
    expect(call('urlJoin', call('urlParse', u))).toBe(u);
  });
  it('panics on non-string fields', () => {
    expect(() => call('urlJoin', dict('host', 1n))).toThrow(
      new GoError('unable to parse host key, must be of type string, but int found'),
    );
    expect(() => call('urlJoin', dict('host', null))).toThrow(
      'runtime error: invalid memory address or nil pointer dereference',
    );
    expect(() => call('urlJoin', dict('userinfo', 'a^b'))).toThrow(
      new GoError('unable to parse userinfo in dict: parse "proto://a^b@host": net/url: invalid userinfo'),
    );
  });
});
