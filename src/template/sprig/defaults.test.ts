import { describe, expect, it } from 'vitest';
import { sprint, sprintf } from '../fmt/index.js';
import { goTypeOf } from '../reflect.js';
import { GoComplex, GoError, GoNumber, type GoValue, goFunc, withGoType } from '../value.js';
import { funcs } from './defaults.js';
import { GoTime, UTC } from './gotime.js';
import { encodeString, marshal, unmarshal } from './json.js';
import { callFn } from './testutil.js';

const call = (name: string, ...args: GoValue[]) => callFn(funcs, name, ...args);
const m = (...kv: GoValue[]) => {
  const d = new Map<GoValue, GoValue>();
  for (let i = 0; i < kv.length; i += 2) d.set(kv[i], kv[i + 1]);
  return d;
};

describe('default, empty, coalesce, all, any, ternary', () => {
  it('treats zero values, empty containers and nil as empty', () => {
    for (const v of [0n, 0, '', false, null, undefined, [], new Map(), new GoNumber('int64', 0n)]) {
      expect(call('empty', v)).toBe(true);
      expect(call('default', 'd', v)).toBe('d');
    }
    for (const v of [1n, 0.5, 'x', true, [null], m('a', 1n), new GoComplex(0, 1)]) {
      expect(call('empty', v)).toBe(false);
      expect(call('default', 'd', v)).toBe(v);
    }
    expect(call('default', 'd')).toBe('d');
  });
  it('coalesce returns the first non-empty value or nil', () => {
    expect(call('coalesce', 0n, '', 'a', 'b')).toBe('a');
    expect(call('coalesce', 0n, '', null)).toBeNull();
    expect(call('coalesce')).toBeNull();
  });
  it('all and any', () => {
    expect(call('all')).toBe(true);
    expect(call('all', 1n, 'a')).toBe(true);
    expect(call('all', 1n, '')).toBe(false);
    expect(call('any')).toBe(false);
    expect(call('any', 0n, '', 'x')).toBe(true);
  });
  it('ternary picks by the bool', () => {
    expect(call('ternary', 1n, 2n, true)).toBe(1n);
    expect(call('ternary', 1n, 2n, false)).toBe(2n);
  });
});

describe('JSON encoding', () => {
  const j = (v: GoValue) => call('toJson', v);
  it('formats floats as encoding/json does', () => {
    expect(j([1, 1e21, 1e20, 0.000001, 1e-7, -0, 100000000.5, 1e-10, 1.2345678901234569e23])).toBe(
      '[1,1e+21,100000000000000000000,0.000001,1e-7,-0,100000000.5,1e-10,1.2345678901234569e+23]',
    );
    expect(j(new GoNumber('float32', Math.fround(0.1)))).toBe('0.1');
    expect(j([5n, new GoNumber('uint64', 18446744073709551615n)])).toBe('[5,18446744073709551615]');
  });
  it('escapes HTML characters in toJson but not toRawJson', () => {
    const s = 'a\b\f\x01<>&\u2028"\\\t';
    expect(j(s)).toBe('"a\\b\\f\\u0001\\u003c\\u003e\\u0026\\u2028\\"\\\\\\t"');
    expect(call('toRawJson', ['<>&\u2028'])).toBe('["<>&\\u2028"]');
    expect(encodeString('x\ud800y', false)).toBe('"x\\ufffdy"');
  });
  it('sorts map keys by bytes, numeric keys by their text', () => {
    expect(j(m('b', 1n, 'a', m('d', null, 'c', true)))).toBe('{"a":{"c":true,"d":null},"b":1}');
    expect(j(withGoType(m(10n, 'x', 9n, 'y'), 'map[int]string'))).toBe('{"10":"x","9":"y"}');
  });
  it('pretty prints with two spaces and keeps empty containers compact', () => {
    expect(call('toPrettyJson', m('b', [], 'a', new Map(), 'c', [1n, m('x', 2n)]))).toBe(
      '{\n  "a": {},\n  "b": [],\n  "c": [\n    1,\n    {\n      "x": 2\n    }\n  ]\n}',
    );
    expect(call('toPrettyJson', 1n)).toBe('1');
  });
  it('encodes []byte as base64 and nil as null', () => {
    expect(j([new Uint8Array([120]), null, undefined])).toBe('["eA==",null,null]');
    expect(j(undefined)).toBe('null');
  });
  it('fails on NaN, infinities and unsupported types; toJson swallows, toRawJson panics', () => {
    expect(j(Number.NaN)).toBe('');
    expect(() => call('mustToJson', Number.NaN)).toThrow(new GoError('json: unsupported value: NaN'));
    expect(() => call('toRawJson', Number.NEGATIVE_INFINITY)).toThrow(
      new GoError('json: unsupported value: -Inf'),
    );
    expect(() => call('mustToPrettyJson', [Number.POSITIVE_INFINITY])).toThrow(
      'json: unsupported value: +Inf',
    );
    expect(() => call('mustToJson', withGoType(m(1n, 'a'), 'map[interface {}]interface {}'))).toThrow(
      'json: unsupported type: map[interface {}]interface {}',
    );
    expect(() => call('mustToJson', new GoComplex(1, 2))).toThrow('json: unsupported type: complex128');
    const fn = goFunc('f', { params: ['string'], result: 'string', returnsError: true }, () => '');
    expect(() => call('mustToJson', fn)).toThrow('json: unsupported type: func(string) (string, error)');
  });
  it('encodes time.Time as RFC 3339 with nanoseconds, only for years 0-9999', () => {
    expect(j(GoTime.date(2001, 12, 14, 21, 59, 43, 100_000_000, UTC))).toBe('"2001-12-14T21:59:43.1Z"');
    expect(() => call('mustToJson', [GoTime.date(10000, 1, 1, 0, 0, 0, 0, UTC)])).toThrow(
      'json: error calling MarshalJSON for type time.Time: Time.MarshalJSON: year outside of range [0,9999]',
    );
  });
  it('reports a cycle', () => {
    const a = m();
    a.set('self', a);
    expect(() => marshal(a, { escapeHTML: true })).toThrow(
      'json: unsupported value: encountered a cycle via map[string]interface {}',
    );
  });
});

describe('JSON decoding', () => {
  it('decodes objects to map[string]interface{} and numbers to float64', () => {
    const v = call('fromJson', '{"a":[1,2.5,"x",null,true],"b":{}}');
    expect(sprint(v)).toBe('map[a:[1 2.5 x <nil> true] b:map[]]');
    expect(goTypeOf((v as Map<GoValue, GoValue>).get('a'))).toBe('[]interface {}');
    expect(call('fromJson', '-0')).toBe(-0);
    expect(sprintf('%q', [call('fromJson', '"\\ud800\\u0041\\udc00x\\ud83d\\ude00\\n\\/"')])).toBe(
      '"�A�x😀\\n/"',
    );
  });
  it('fromJson returns nil on syntax errors, mustFromJson the scanner message', () => {
    const cases: [string, string][] = [
      ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
      ['[1 2]', "invalid character '2' after array element"],
      ['', 'unexpected end of JSON input'],
      ['  ', 'unexpected end of JSON input'],
      ['tru', "invalid character ' ' in literal true (expecting 'e')"],
      ['trux', "invalid character 'x' in literal true (expecting 'e')"],
      ['nul', "invalid character ' ' in literal null (expecting 'l')"],
      ['"a\u0001"', "invalid character '\\x01' in string literal"],
      ['01', "invalid character '1' after top-level value"],
      ['1 2', "invalid character '2' after top-level value"],
      ['-', "invalid character ' ' in numeric literal"],
      ['1.e5', "invalid character 'e' after decimal point in numeric literal"],
      ['1.', "invalid character ' ' after decimal point in numeric literal"],
      ['1e', "invalid character ' ' in exponent of numeric literal"],
      ['{"a" 1}', "invalid character '1' after object key"],
      ['{"a":1 "b":2}', "invalid character '\"' after object key:value pair"],
      ['{1:2}', "invalid character '1' looking for beginning of object key string"],
      ['"\\x"', "invalid character 'x' in string escape code"],
      ['"\\', "invalid character ' ' in string escape code"],
      ['"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape"],
      ['"\\u12', "invalid character ' ' in \\u hexadecimal character escape"],
      ['[1,]', "invalid character ']' looking for beginning of value"],
      ['é', "invalid character 'Ã' looking for beginning of value"],
      ['\u0080', "invalid character 'Â' looking for beginning of value"],
      ["'a'", "invalid character '\\'' looking for beginning of value"],
      ['"ab', 'unexpected end of JSON input'],
      ['[1', 'unexpected end of JSON input'],
      ['{"a":', 'unexpected end of JSON input'],
      ['{', 'unexpected end of JSON input'],
    ];
    for (const [text, msg] of cases) {
      expect(unmarshal(text).error, text).toBe(msg);
      expect(call('fromJson', text), text).toBeNull();
      expect(() => call('mustFromJson', text), text).toThrow(new GoError(msg));
    }
  });
  it('keeps decoding past a number out of float64 range', () => {
    expect(sprint(call('fromJson', '[1,1e400,2]'))).toBe('[1 <nil> 2]');
    expect(() => call('mustFromJson', '[1,1e400,2]')).toThrow(
      new GoError('json: cannot unmarshal number 1e400 into Go value of type float64'),
    );
  });
});

describe('deepCopy', () => {
  it('copies containers recursively and keeps their types', () => {
    const inner = withGoType(m('_0', 'a'), 'map[string]string');
    const orig = [1n, m('a', [], 'b', inner)];
    const c = call('deepCopy', orig) as GoValue[];
    expect(sprint(c)).toBe('[1 map[a:[] b:map[_0:a]]]');
    expect(c).not.toBe(orig);
    const cm = c[1] as Map<GoValue, GoValue>;
    expect(cm.get('b')).not.toBe(inner);
    expect(goTypeOf(cm.get('b'))).toBe('map[string]string');
    expect(call('mustDeepCopy', 'x')).toBe('x');
  });
  it('fails on nil like reflect', () => {
    const msg = new GoError('reflect: call of reflect.Value.Type on zero Value');
    expect(() => call('deepCopy', null)).toThrow(msg);
    expect(() => call('mustDeepCopy', undefined)).toThrow(msg);
  });
});
