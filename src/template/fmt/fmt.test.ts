import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeValue, type EncodedValue } from '../testing.js';
import { GoStruct, type GoValue } from '../value.js';
import {
  formatFloat,
  quote,
  quoteRune,
  quoteToASCII,
  sortedMapKeys,
  sprint,
  sprintf,
  sprintln,
} from './index.js';

interface Row {
  f: string;
  mode?: 'print' | 'println';
  args: EncodedValue[];
  want: string;
}

const rows: Row[] = JSON.parse(
  readFileSync(new URL('./fixtures/printf-cases.json', import.meta.url), 'utf8'),
);

describe('fmt against recorded Go output', () => {
  it.each(rows.map((r) => [r.mode ?? r.f, r] as const))('%s', (_name, r) => {
    const args = r.args.map(decodeValue);
    const got =
      r.mode === 'print' ? sprint(...args) : r.mode === 'println' ? sprintln(...args) : sprintf(r.f, args);
    expect(got).toBe(r.want);
  });
});

describe('formatFloat (strconv)', () => {
  it.each([
    [1e6, 'g', -1, 64, '1e+06'],
    [100000, 'g', -1, 64, '100000'],
    [1234567, 'g', -1, 64, '1.234567e+06'],
    [0.00001, 'g', -1, 64, '1e-05'],
    [0.0001, 'g', -1, 64, '0.0001'],
    [-0, 'g', -1, 64, '-0'],
    [1e21, 'f', -1, 64, '1000000000000000000000'],
    [0.1, 'f', 20, 64, '0.10000000000000000555'],
    [2.5, 'f', 0, 64, '2'],
    [3.5, 'f', 0, 64, '4'],
    [1.005, 'f', 2, 64, '1.00'],
    [123.456, 'e', 2, 64, '1.23e+02'],
    [1e-300, 'e', -1, 64, '1e-300'],
    [0.1, 'g', -1, 32, '0.1'],
    [0.1, 'f', -1, 32, '0.1'],
    [16777217, 'g', -1, 32, '1.6777216e+07'],
    [2855497.25, 'g', -1, 32, '2.8554972e+06'],
    [1, 'b', -1, 64, '4503599627370496p-52'],
    [1, 'x', -1, 64, '0x1p+00'],
    [3.25, 'x', 3, 64, '0x1.a00p+01'],
    [Number.NaN, 'g', -1, 64, 'NaN'],
    [Infinity, 'e', 3, 64, '+Inf'],
    [-Infinity, 'f', 3, 64, '-Inf'],
    [5e-324, 'g', -1, 64, '5e-324'],
    [0, 'e', -1, 64, '0e+00'],
  ] as const)('%s %s %s %s', (x, f, prec, bits, want) => {
    expect(formatFloat(x, f, prec, bits)).toBe(want);
  });
});

describe('quoting (strconv)', () => {
  it('quotes strings with Go escapes', () => {
    expect(quote('a"b\\c\n\t\x01\x7f')).toBe('"a\\"b\\\\c\\n\\t\\x01\\x7f"');
    expect(quote('héllo 日本 😀')).toBe('"héllo 日本 😀"');
    expect(quote('\u00a0\u200b\ufeff')).toBe('"\\u00a0\\u200b\\ufeff"');
    expect(quoteToASCII('é😀')).toBe('"\\u00e9\\U0001f600"');
    expect(quote('\ud800')).toBe('"\\xed\\xa0\\x80"');
  });
  it('quotes runes', () => {
    expect(quoteRune(39)).toBe("'\\''");
    expect(quoteRune(34)).toBe(`'"'`);
    expect(quoteRune(0xd800)).toBe("'�'");
    expect(quoteRune(7)).toBe("'\\a'");
  });
});

describe('map key order (fmtsort)', () => {
  it('orders strings by UTF-8 bytes, not UTF-16 units', () => {
    expect(
      sortedMapKeys(
        new Map<GoValue, GoValue>([
          ['😀', 1n],
          ['｡', 2n],
          ['b', 3n],
          ['B', 4n],
        ]),
      ),
    ).toEqual(['B', 'b', '｡', '😀']);
  });
  it('orders numbers numerically with NaN first', () => {
    expect(
      sortedMapKeys(
        new Map<GoValue, GoValue>([
          [10n, 1n],
          [-1n, 1n],
          [2n, 1n],
        ]),
      ),
    ).toEqual([-1n, 2n, 10n]);
    expect(
      sortedMapKeys(
        new Map<GoValue, GoValue>([
          [2.5, 1n],
          [Number.NaN, 1n],
          [-1, 1n],
        ]),
      ),
    ).toEqual([Number.NaN, -1, 2.5]);
  });
});

class Point extends GoStruct {
  readonly goType: string;
  constructor(
    readonly x: GoValue,
    readonly y: GoValue,
    pointer = false,
    private readonly str?: string,
  ) {
    super();
    this.goType = pointer ? '*main.Point' : 'main.Point';
    if (str !== undefined) this.stringer = () => this.str as string;
  }
  fields(): ReadonlyArray<readonly [string, GoValue]> {
    return [
      ['X', this.x],
      ['Y', this.y],
    ];
  }
  member() {
    return undefined;
  }
}

describe('structs, Stringer and Error', () => {
  it('prints fields with %v, %+v and %#v', () => {
    const p = new Point(1n, 'a');
    expect(sprintf('%v|%+v|%#v|%T', [p, p, p, p])).toBe('{1 a}|{X:1 Y:a}|main.Point{X:1, Y:"a"}|main.Point');
  });
  it('prints a pointer to a struct with & at top level', () => {
    const p = new Point(1n, null, true);
    expect(sprintf('%v|%+v|%#v', [p, p, p])).toBe(
      '&{1 <nil>}|&{X:1 Y:<nil>}|&main.Point{X:1, Y:interface {}(nil)}',
    );
  });
  it('uses String() for string verbs and not for %d or %#v', () => {
    const p = new Point(1n, 2n, false, 'P!');
    expect(sprintf('%v %s %q %x %d', [p, p, p, p, p])).toBe('P! P! "P!" 5021 {1 2}');
    expect(sprint([p, p])).toBe('[P! P!]');
    expect(sprintf('%#v', [p])).toBe('main.Point{X:1, Y:2}');
  });
  it('does not use String() inside a bad-verb report', () => {
    const p = new Point(1n, 2n, false, 'P!');
    expect(sprintf('%t', [p])).toBe('{%!t(int=1) %!t(int=2)}');
  });
  it('reports a panicking String method', () => {
    const p = new Point(1n, 2n);
    p.stringer = () => {
      throw new Error('boom');
    };
    expect(sprint(p)).toBe('%!v(PANIC=String method: boom)');
  });
});

describe('GoStringer', () => {
  it('prints %#v with a goString() method when the struct has one', () => {
    const p = new Point(1n, 2n);
    (p as Point & { goString: () => string }).goString = () => 'main.NewPoint(1, 2)';
    expect(sprintf('%#v|%v|%#v', [p, p, [p]])).toBe(
      'main.NewPoint(1, 2)|{1 2}|[]interface {}{main.NewPoint(1, 2)}',
    );
  });
});

describe('map keys of different types', () => {
  it('order like helmfile-built Go: nil, string, uint64, int, float64, bool', () => {
    const m = new Map<GoValue, GoValue>([
      [true, 't'],
      [2.5, 'f'],
      [1n, 'i'],
      ['b', 's'],
      [null, 'n'],
      ['a', 's2'],
    ]);
    expect(sprint(m)).toBe('map[<nil>:n a:s2 b:s 1:i 2.5:f true:t]');
  });
});
