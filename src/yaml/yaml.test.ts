import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GoTime } from '../template/sprig/gotime.js';
import { GoNumber, GoStruct, type GoValue, taggedGoType, withGoType } from '../template/value.js';
import type { DecodeFixture } from './fixtures/record.js';
import {
  decodeYaml,
  decodeYamlDocuments,
  encodeYaml,
  unmarshalYaml,
  unmarshalYamlMap,
  YamlError,
} from './index.js';
import { fromTypedDump, type TypedDump, typedDump } from './typed-dump.js';

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

function one(text: string): GoValue {
  const docs = decodeYaml(text);
  expect(docs).toHaveLength(1);
  return docs[0];
}

function map(text: string): Map<GoValue, GoValue> {
  const v = one(text);
  expect(v).toBeInstanceOf(Map);
  return v as Map<GoValue, GoValue>;
}

describe('decodeYaml typing (yaml.v3 into interface{})', () => {
  it('keeps int (bigint) and float64 (number) apart', () => {
    const m = map('i: 1\nf: 1.0\ne: 1e3\nneg: -7\nu: 1_000\n');
    expect(m.get('i')).toBe(1n);
    expect(m.get('f')).toBe(1);
    expect(m.get('e')).toBe(1000);
    expect(m.get('neg')).toBe(-7n);
    expect(m.get('u')).toBe(1000n);
  });

  it('reads 0o17, 017 and 0x1F as ints and 08 as a float', () => {
    expect(one('[0o17, 017, 0x1F, 0b101, 08]')).toEqual([15n, 15n, 31n, 5n, 8]);
  });

  it('turns ints beyond int64 into uint64, then float64', () => {
    const [u, f, g] = one('[18446744073709551615, 99999999999999999999, -9223372036854775809]') as GoValue[];
    expect(u).toEqual(new GoNumber('uint64', 18446744073709551615n));
    expect(f).toBe(1e20);
    expect(g).toBe(-(2 ** 63));
  });

  it('knows .inf, .nan and keeps YAML 1.1 booleans as strings', () => {
    const [inf, ninf, nan, yes, on, t, tr] = one('[.inf, -.Inf, .NaN, yes, on, True, tRue]') as GoValue[];
    expect(inf).toBe(Number.POSITIVE_INFINITY);
    expect(ninf).toBe(Number.NEGATIVE_INFINITY);
    expect(Number.isNaN(nan)).toBe(true);
    expect([yes, on, t, tr]).toEqual(['yes', 'on', true, 'tRue']);
  });

  it('reads null, ~ and empty values as nil, quoted ones as strings', () => {
    expect(one('[~, null, NULL, "", \'~\', "1"]')).toEqual([null, null, null, '', '~', '1']);
    expect(map('a:\nb: ~\n').get('a')).toBe(null);
  });

  it('decodes unquoted timestamps to time.Time and prints them as Go does', () => {
    const [d, t, quoted] = one('[2001-12-14, 2001-12-14t21:59:43.10-05:00, "2001-12-14"]') as GoValue[];
    expect(d).toBeInstanceOf(GoTime);
    expect((d as GoTime).toString()).toBe('2001-12-14 00:00:00 +0000 UTC');
    expect((t as GoTime).toString()).toBe('2001-12-14 21:59:43.1 -0500 -0500');
    expect(quoted).toBe('2001-12-14');
  });

  it('applies explicit tags', () => {
    const m = map('a: !!str 1\nb: !!float 1\nc: !!binary aGVsbG8=\nd: !!int "12"\ne: !foo bar\n');
    expect([m.get('a'), m.get('b'), m.get('c'), m.get('d'), m.get('e')]).toEqual([
      '1',
      1,
      'hello',
      12n,
      'bar',
    ]);
    expect(() => decodeYaml('!!int x')).toThrow('yaml: cannot decode !!str `x` as a !!int');
    expect(() => decodeYaml('!!binary "*"')).toThrow('yaml: !!binary value contains invalid base64 data');
  });

  it('makes map[interface {}]interface {} when a key is not a string', () => {
    const m = map('1: a\ntrue: b\nc: d\n');
    expect(taggedGoType(m)).toBe('map[interface {}]interface {}');
    expect([...m.keys()]).toEqual([1n, true, 'c']);
    expect(taggedGoType(map('a: 1\n"1": 2\n'))).toBeUndefined();
  });

  it('resolves anchors, aliases and merge keys with local keys and earlier merges winning', () => {
    const v = one('- &a {x: 1, y: 1}\n- &b {y: 2, z: 2}\n- <<: [*a, *b]\n  x: 9\n') as Map<
      GoValue,
      GoValue
    >[];
    expect(Object.fromEntries(v[2]!)).toEqual({ x: 9n, y: 1n, z: 2n });
    expect(() => decodeYaml('a: *nope')).toThrow("yaml: unknown anchor 'nope' referenced");
    expect(() => decodeYaml('&a [*a]')).toThrow("yaml: anchor 'a' value contains itself");
    expect(() => decodeYaml('a: {<<: 1}')).toThrow(
      'yaml: map merge requires map or sequence of maps as the value',
    );
  });

  it('stringifies merged keys from their text when merging into a string map', () => {
    const m = map('m: &m {1: one}\nn:\n  <<: *m\n  k: v\n').get('n') as Map<GoValue, GoValue>;
    expect([...m.keys()].sort()).toEqual(['1', 'k']);
  });

  it('reports every repeated key with yaml.v3 wording and the file position', () => {
    let err: unknown;
    try {
      decodeYaml('a: 1\nb: 2\na: 3\nb: 4\n', { filename: 'helmfile.yaml' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(YamlError);
    const y = err as YamlError;
    expect(y.goMessage).toBe(
      'yaml: unmarshal errors:\n  line 3: mapping key "a" already defined at line 1\n  line 4: mapping key "b" already defined at line 2',
    );
    expect(y.position).toEqual({ filename: 'helmfile.yaml', line: 3, column: 1 });
    expect(y.message.startsWith('helmfile.yaml:3:1: yaml: unmarshal errors:')).toBe(true);
  });

  it('words syntax errors like yaml.v3, with its line numbering', () => {
    const msg = (t: string) => {
      try {
        decodeYaml(t);
      } catch (e) {
        return (e as YamlError).goMessage;
      }
      return '';
    };
    expect(msg('a: b: c')).toBe('yaml: mapping values are not allowed in this context');
    expect(msg('a: [1, 2\n')).toBe("yaml: line 1: did not find expected ',' or ']'");
    expect(msg('a: "unterminated\n')).toBe('yaml: line 2: found unexpected end of stream');
  });

  it('returns one value per document and none for an empty stream', () => {
    expect(decodeYaml('a\n---\nb\n---\n')).toEqual(['a', 'b', null]);
    expect(decodeYaml('')).toEqual([]);
    expect(decodeYaml('# only a comment\n')).toEqual([]);
    expect(unmarshalYaml('')).toBe(null);
    expect(unmarshalYaml('x: 1\n---\n[')).toEqual(new Map([['x', 1n]]));
  });

  it('tells where each value and key came from', () => {
    const [, second] = decodeYamlDocuments(
      'a: 1\n---\nreleases:\n  - name: x\n    chart: &c repo/x\n  - name: y\n',
      {
        filename: 'helmfile.yaml',
      },
    );
    expect(second!.index).toBe(1);
    expect(second!.positionOf(['releases', 1, 'name'])).toEqual({
      filename: 'helmfile.yaml',
      line: 6,
      column: 11,
    });
    expect(second!.positionOf(['releases', 0, 'chart'], true)).toEqual({
      filename: 'helmfile.yaml',
      line: 5,
      column: 5,
    });
    expect(second!.positionOf(['releases', 5])).toBeUndefined();
  });

  it('reads a document into map[string]interface {} as helmfile reads values files', () => {
    const m = unmarshalYamlMap('1: a\ntrue: b\n~: c\n2001-12-14: d\nx: {1: a}\n')!;
    expect([...m.keys()].sort()).toEqual(['1', '2001-12-14', 'true', 'x']);
    expect(taggedGoType(m.get('x') as Map<GoValue, GoValue>)).toBe('map[interface {}]interface {}');
    expect(unmarshalYamlMap('')).toBe(null);
    expect(unmarshalYamlMap('~')).toBe(null);
    expect(() => unmarshalYamlMap('- 1\n- 2')).toThrow(
      'yaml: unmarshal errors:\n  line 1: cannot unmarshal !!seq into map[string]interface {}',
    );
    expect(() => unmarshalYamlMap('abcdefghijklmnop')).toThrow(
      'yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `abcdefg...` into map[string]interface {}',
    );
  });

  it('refuses very deep nesting with an error instead of exhausting the stack', () => {
    expect(() => decodeYaml(`${'['.repeat(10001)}${']'.repeat(10001)}`)).toThrow(
      'yaml: exceeded max depth of 10000',
    );
    expect(() => decodeYaml(`${'- '.repeat(3000)}x`)).toThrow(
      'yaml: document nested too deeply for helmfire to read',
    );
    expect(decodeYaml(`${'['.repeat(50)}${']'.repeat(50)}`)).toHaveLength(1);
  });

  it('keeps no final line break for a block scalar that ends the input', () => {
    expect(map('a: |\n  x').get('a')).toBe('x');
    expect(map('a: |\n  x\n').get('a')).toBe('x\n');
  });
});

describe('encodeYaml (yaml.v3 Encoder, indent 2)', () => {
  it('sorts keys naturally and indents sequences under keys', () => {
    const m = new Map<GoValue, GoValue>([
      ['b10', 1n],
      ['b9', 2n],
      ['a', [1n, 'x']],
    ]);
    expect(encodeYaml(m)).toBe('a:\n  - 1\n  - x\nb9: 2\nb10: 1\n');
  });

  it('quotes strings that would read back as something else', () => {
    const v = ['yes', '123', '', '1.5', 'null', '~', '2001-12-14', '1:20', 'on', 'a: b', ' lead', 'ok'];
    expect(encodeYaml(v)).toBe(
      '- "yes"\n- "123"\n- ""\n- "1.5"\n- "null"\n- "~"\n- "2001-12-14"\n- "1:20"\n- "on"\n- \'a: b\'\n- \' lead\'\n- ok\n',
    );
  });

  it('writes multi-line strings as literal blocks with the right chomping', () => {
    expect(encodeYaml(new Map([['k', 'multi\nline']]))).toBe('k: |-\n  multi\n  line\n');
    expect(encodeYaml(new Map([['k', 'x\n']]))).toBe('k: |\n  x\n');
    expect(encodeYaml(new Map([['k', 'x\n\n']]))).toBe('k: |+\n  x\n\n');
    expect(encodeYaml('a\r\nb')).toBe('"a\\r\\nb"\n');
  });

  it('formats numbers, null, empty collections and times like Go', () => {
    const v = new Map<GoValue, GoValue>([
      ['f', 1e6],
      ['g', 0.00001],
      ['h', 100000],
      ['n', null],
      ['e', []],
      ['m', new Map()],
      ['t', GoTime.date(2001, 12, 14, 0, 0, 0, 5, GoTime.zero().loc)],
      ['u', new GoNumber('uint8', 7n)],
    ]);
    expect(encodeYaml(v)).toBe(
      'e: []\nf: 1e+06\ng: 1e-05\nh: 100000\nm: {}\n"n": null\nt: 2001-12-14T00:00:00.000000005Z\nu: 7\n',
    );
  });

  it('encodes structs by their yaml tags in field order, leaving out empty omitempty fields', () => {
    class Release extends GoStruct {
      readonly goType = 'state.ReleaseSpec';
      fields(): ReadonlyArray<readonly [string, GoValue]> {
        return [];
      }
      member(): undefined {
        return undefined;
      }
      yamlFields() {
        return [
          { key: 'name', value: 'web' },
          { key: 'chart', value: 'repo/web' },
          { key: 'version', value: '', omitEmpty: true },
          { key: 'installed', value: false, omitEmpty: true },
          {
            key: 'labels',
            value: new Map<GoValue, GoValue>([
              ['b', '2'],
              ['a', '1'],
            ]),
          },
        ];
      }
    }
    expect(encodeYaml([new Release()])).toBe(
      '- name: web\n  chart: repo/web\n  labels:\n    a: "1"\n    b: "2"\n',
    );
  });

  it('escapes non-printable characters in double quotes', () => {
    expect(encodeYaml('tab\there')).toBe('"tab\\there"\n');
    expect(encodeYaml('smile 😀')).toBe('"smile \\U0001F600"\n');
  });

  it('orders mixed keys numbers first, then by kind', () => {
    const m = withGoType(
      new Map<GoValue, GoValue>([
        ['b', 1n],
        [2n, 1n],
        [true, 1n],
        [1.5, 1n],
      ]),
      'map[interface {}]interface {}',
    );
    expect(encodeYaml(m)).toBe('true: 1\n1.5: 1\n2: 1\nb: 1\n');
  });
});

describe('fixtures recorded from yaml.v3', () => {
  it('decodes every recorded case to the same typed values, re-encodings and errors', () => {
    const cases = fixture<DecodeFixture[]>('decode.json');
    expect(cases.length).toBeGreaterThan(500);
    for (const c of cases) {
      let got: DecodeFixture;
      try {
        got = {
          text: c.text,
          docs: decodeYaml(c.text).map((v) => ({ val: typedDump(v), yaml: encodeYaml(v) })),
        };
      } catch (e) {
        got = { text: c.text, err: (e as YamlError).goMessage };
      }
      expect(got).toEqual(c);
    }
  }, 60_000);

  it('reads every recorded document into map[string]interface {} as yaml.Unmarshal does', () => {
    const cases = fixture<{ text: string; val?: TypedDump; err?: string }[]>('unmarshal-map.json');
    expect(cases.length).toBeGreaterThan(200);
    for (const c of cases) {
      let got: typeof c;
      try {
        got = { text: c.text, val: typedDump(unmarshalYamlMap(c.text)) };
      } catch (e) {
        got = { text: c.text, err: (e as YamlError).goMessage };
      }
      expect(got).toEqual(c);
    }
  }, 60_000);

  it('encodes every recorded value byte for byte', () => {
    const cases = fixture<{ val: TypedDump; yaml: string }[]>('encode.json');
    expect(cases.length).toBeGreaterThan(500);
    for (const c of cases) expect(encodeYaml(fromTypedDump(c.val))).toBe(c.yaml);
  }, 60_000);
});
