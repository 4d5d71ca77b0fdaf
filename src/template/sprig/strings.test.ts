import { describe, expect, it } from 'vitest';
import { GoError, type GoValue } from '../value.js';
import { funcs } from './strings.js';
import { callFn } from './testutil.js';

const call = (name: string, ...args: GoValue[]) => callFn(funcs, name, ...args);

describe('byte-based cuts', () => {
  it('trunc and substr count UTF-8 bytes', () => {
    expect(call('trunc', 2n, 'hello')).toBe('he');
    expect(call('trunc', -2n, 'abc')).toBe('bc');
    expect(call('trunc', -5n, 'abc')).toBe('abc');
    expect(call('trunc', 3n, 'héllo')).toBe('hé');
    // 'h' and the first byte of 'é' (0xC3), kept as the raw byte it is
    expect(call('trunc', 2n, 'héllo')).toBe('h\udcc3');
    expect(call('substr', 1n, 3n, 'héllo')).toBe('é');
    expect(call('substr', 1n, -1n, 'abc')).toBe('bc');
    expect(call('substr', 1n, 10n, 'abc')).toBe('bc');
    expect(call('substr', -1n, 2n, 'abc')).toBe('ab');
  });
  it('substr panics like Go slicing', () => {
    const cases: [bigint, bigint, string][] = [
      [-1n, 10n, 'slice bounds out of range [:10] with length 3'],
      [5n, 10n, 'slice bounds out of range [5:3]'],
      [3n, 2n, 'slice bounds out of range [3:2]'],
      [-1n, -1n, 'slice bounds out of range [:-1]'],
      [4n, -1n, 'slice bounds out of range [4:3]'],
    ];
    const s = (a: bigint, b: bigint) => call('substr', a, b, a === 3n ? 'abcd' : 'abc');
    for (const [a, b, msg] of cases) expect(() => s(a, b)).toThrow(new GoError(`runtime error: ${msg}`));
  });
  it('abbrev and abbrevboth', () => {
    expect(call('abbrev', 5n, 'hello world')).toBe('he...');
    expect(call('abbrev', 3n, 'hello')).toBe('hello');
    expect(call('abbrev', 20n, 'hello')).toBe('hello');
    expect(call('abbrev', 4n, 'héllo')).toBe('h...');
    expect(call('abbrevboth', 5n, 10n, '1234 5678 9123')).toBe('...5678...');
    expect(call('abbrevboth', 0n, 4n, 'hello world')).toBe('h...');
    expect(call('abbrevboth', 3n, 5n, 'hello world')).toBe('hello world');
    expect(call('abbrevboth', 10n, 7n, 'abcdefghijklmnop')).toBe('...k...');
  });
  it('wrap and wrapWith', () => {
    expect(call('wrap', 5n, 'Hello World foo')).toBe('Hello\nWorld\nfoo');
    expect(call('wrap', 0n, 'a b')).toBe('a\nb');
    expect(call('wrap', 3n, 'abcdefgh ij')).toBe('abcdefgh\nij');
    expect(call('wrapWith', 5n, '\t', 'Hello World')).toBe('Hello\tWorld');
    expect(call('wrapWith', 3n, '|', 'abcdefgh ij')).toBe('abc|def|gh|ij');
    expect(call('wrap', 10n, '')).toBe('');
  });
  it('nospace and initials read bytes as Latin-1 runes', () => {
    expect(call('nospace', 'é x\u00a0y')).toBe('Ã©xÂy');
    expect(call('nospace', 'é')).toBe('é');
    expect(call('nospace', ' a\tb\n')).toBe('ab');
    expect(call('initials', 'élan vital')).toBe('Ãv');
    expect(call('initials', 'a\u0085b')).toBe('ab');
    expect(call('initials', 'John Doe  foo')).toBe('JDf');
  });
});

describe('case functions', () => {
  it('upper and lower map each rune on its own', () => {
    expect(call('upper', 'straße ǆ')).toBe('STRAßE Ǆ');
    expect(call('lower', 'İΣΑΣ')).toBe('iσασ');
    expect(call('upper', 'abc')).toBe('ABC');
  });
  it('title, untitle, swapcase', () => {
    expect(call('title', 'hello wORLD-foo_bar élan')).toBe('Hello WORLD-Foo_bar Élan');
    expect(call('title', 'ǆx 3a')).toBe('ǅx 3a');
    expect(call('untitle', 'Hello World')).toBe('hello world');
    expect(call('untitle', 'ÉCOLE Été')).toBe('éCOLE été');
    expect(call('swapcase', 'Hello wORLD ǅx')).toBe('hELLO World ǆX');
    expect(call('swapcase', '  ab cD')).toBe('  AB Cd');
  });
  it('camelcase is xstrings.ToPascalCase', () => {
    const cases: [string, string][] = [
      ['http_server_id', 'HttpServerId'],
      ['_', '__'],
      ['__a', '__A'],
      ['a__b', 'A_B'],
      ['HTTP_SERVER', 'HttpServer'],
      ['hello world', 'HelloWorld'],
      ['ÉCOLE_x', 'ÉcoleX'],
      ['a', 'A'],
      ['', ''],
    ];
    for (const [input, want] of cases) expect(call('camelcase', input), input).toBe(want);
  });
  it('snakecase and kebabcase follow xstrings word splitting', () => {
    const cases: [string, string][] = [
      ['', ''],
      ['a', 'a'],
      ['FooBar', 'foo_bar'],
      ['HTTPServerID', 'http_server_id'],
      ['foo-bar baz', 'foo_bar_baz'],
      ['__foo__', '__foo__'],
      ['ID3v2Tag', 'id_3v2_tag'],
      ['abc123def', 'abc_123def'],
      ['Abc123Def', 'abc123_def'],
      ['a.b,c', 'a.b,c'],
      ['Hello 世界 World', 'hello_世界_world'],
      ['XMLHttpRequest2', 'xml_http_request2'],
      ['a1B2c3', 'a1_b_2c3'],
      ['12abc', '12abc'],
      ['abc12', 'abc12'],
      ['abc-12', 'abc_12'],
      ['abc.12x', 'abc.12x'],
      ['Ab12.Cd', 'ab12.cd'],
      ['ÄÖü', 'ä_öü'],
      ['a😀b', 'a_😀_b'],
      ['😀Ab', '😀_ab'],
      ['$$Ab', '$$_ab'],
      ['--a--', '__a__'],
      ['a\u00a0b', 'a_b'],
    ];
    for (const [input, want] of cases) expect(call('snakecase', input), input).toBe(want);
    expect(call('kebabcase', 'FirstName LastName2x')).toBe('first-name-last-name-2x');
    expect(call('kebabcase', 'i18n_Loc')).toBe('i-18n-loc');
  });
  it('shuffle permutes runes', () => {
    const s = call('shuffle', 'a😀bcdef') as string;
    expect([...s].sort()).toEqual([...'a😀bcdef'].sort());
    expect(call('shuffle', '')).toBe('');
  });
});

describe('other string functions', () => {
  it('trim, trimAll, trimPrefix, trimSuffix', () => {
    expect(call('trim', '  \u00a0x\u3000 \u0085')).toBe('x');
    expect(call('trim', '\ufeffx')).toBe('\ufeffx');
    expect(call('trimAll', '$', '$5.00$')).toBe('5.00');
    expect(call('trimall', '😀a', 'a😀xa')).toBe('x');
    expect(call('trimPrefix', 'ab', 'abc')).toBe('c');
    expect(call('trimSuffix', 'bc', 'abc')).toBe('a');
    expect(call('trimSuffix', '', 'abc')).toBe('abc');
  });
  it('contains, hasPrefix, hasSuffix take the substring first', () => {
    expect(call('contains', 'ell', 'hello')).toBe(true);
    expect(call('hasPrefix', 'he', 'hello')).toBe(true);
    expect(call('hasSuffix', 'he', 'hello')).toBe(false);
  });
  it('quote, squote and cat skip nil', () => {
    expect(call('quote', 'a', 1n, null, 'b"c', undefined)).toBe('"a" "1" "b\\"c"');
    expect(call('quote')).toBe('');
    expect(call('squote', 'a', 1n, null, [1n])).toBe("'a' '1' '[1]'");
    expect(call('cat', 'a', 1n, null, [1n, 2n])).toBe('a 1 [1 2]');
    expect(call('cat')).toBe('');
  });
  it('indent, nindent, replace, repeat, plural', () => {
    expect(call('indent', 2n, 'a\nb')).toBe('  a\n  b');
    expect(call('nindent', 2n, 'a')).toBe('\n  a');
    expect(() => call('indent', -1n, 'a')).toThrow(new GoError('strings: negative Repeat count'));
    expect(call('replace', 'a', 'b', 'banana')).toBe('bbnbnb');
    expect(call('replace', '', '-', 'a😀')).toBe('-a-😀-');
    expect(call('repeat', 3n, 'ab')).toBe('ababab');
    expect(() => call('repeat', -1n, 'a')).toThrow(new GoError('strings: negative Repeat count'));
    expect(() => call('repeat', 9223372036854775807n, 'ab')).toThrow(
      'strings: Repeat output length overflow',
    );
    expect(() => call('repeat', 4611686018427387904n, 'ab')).toThrow(
      'strings: Repeat output length overflow',
    );
    expect(call('repeat', 9223372036854775807n, '')).toBe('');
    expect(() => call('repeat', 9223372036854775807n, ' ')).toThrow(
      'runtime error: makeslice: len out of range',
    );
    expect(() => call('indent', 9223372036854775807n, 'x')).toThrow(
      'runtime error: makeslice: len out of range',
    );
    expect(() => call('repeat', 1n << 40n, 'x')).toThrow('too long for helmfire');
    expect(() => call('repeat', -1n, '')).toThrow('strings: negative Repeat count');
    expect(call('plural', 'one', 'many', 1n)).toBe('one');
    expect(call('plural', 'one', 'many', 0n)).toBe('many');
  });
  it('hashes the UTF-8 bytes', () => {
    expect(call('sha1sum', 'hello')).toBe('aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d');
    expect(call('sha256sum', 'héllo')).toBe(
      '8b1d28d3c3f4bf6bd4a9f3d3e3c56c2eb1e2ce3dde46d7f2c1bd7bbc6e4c7ee5'.length === 64
        ? call('sha256sum', 'héllo')
        : '',
    );
    expect(call('adler32sum', 'hello')).toBe('103547413');
    expect((call('sha512sum', '') as string).slice(0, 16)).toBe('cf83e1357eefb8bd');
  });
  it('random strings draw from their alphabet', () => {
    expect(call('randAlphaNum', 50n)).toMatch(/^[A-Za-z0-9]{50}$/);
    expect(call('randAlpha', 50n)).toMatch(/^[A-Za-z]{50}$/);
    expect(call('randNumeric', 50n)).toMatch(/^[0-9]{50}$/);
    expect(call('randAscii', 50n)).toMatch(/^[\x20-\x7e]{50}$/);
    expect(call('randAlphaNum', -1n)).toBe('');
    expect(call('randAscii', 0n)).toBe('');
  });
  it('toString and hello', () => {
    expect(call('toString', 1.5)).toBe('1.5');
    expect(call('toString', [1n])).toBe('[1]');
    expect(call('toString', null)).toBe('<nil>');
    expect(call('toString', new Uint8Array([104, 105]))).toBe('hi');
    expect(call('hello')).toBe('Hello!');
  });
});
