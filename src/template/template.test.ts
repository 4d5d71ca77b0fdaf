import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TemplateError } from './errors.js';
import { toValidUtf8 } from './fmt/utf8.js';
import { type MissingKey, renderTemplate, TemplateSet } from './template.js';
import { decodeValue, type EncodedValue } from './testing.js';
import { GoError, type GoFunc, type GoValue, goFunc } from './value.js';

/** Rows recorded from Go's text/template: template, options, expected output and error. */
interface Row {
  tpl: string;
  mk?: MissingKey;
  delims?: [string, string];
  extra?: string[];
  data?: EncodedValue | null;
  out: string;
  err?: string;
}

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const rows: Row[] = JSON.parse(fixture('exec-cases.json'));
const defaultData: EncodedValue = JSON.parse(fixture('exec-data.json'));

function run(r: Row): { out: string; err?: string } {
  try {
    const set = new TemplateSet('t', { missingKey: r.mk, delims: r.delims });
    for (const x of r.extra ?? []) set.parse(x);
    set.parse(r.tpl);
    const data =
      r.data === undefined ? decodeValue(defaultData) : r.data === null ? null : decodeValue(r.data);
    return { out: set.execute(data) };
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    return { out: e.partialOutput, err: e.message };
  }
}

describe('text/template against recorded Go output', () => {
  it.each(rows.map((r) => [`${r.tpl}${r.mk ? ` (missingkey=${r.mk})` : ''}`, r] as const))('%s', (_n, r) => {
    const got = run(r);
    // These rows were recorded through JSON, which holds each byte that is
    // not valid UTF-8 as U+FFFD: compare in that form (the conformance
    // corpus compares such output byte for byte).
    expect(got.err).toBe(r.err);
    expect(toValidUtf8(got.out)).toBe(r.out);
  });
});

describe('TemplateSet', () => {
  it('parses once and executes many times with different data', () => {
    const set = new TemplateSet('main').parse(
      '{{define "item"}}<{{.}}>{{end}}{{range .}}{{template "item" .}}{{end}}',
    );
    expect(set.execute([1n, 2n])).toBe('<1><2>');
    expect(set.execute(['a'])).toBe('<a>');
    expect(set.execute('item', 'item')).toBe('<item>');
    expect(set.has('item')).toBe(true);
    expect(set.has('nope')).toBe(false);
  });

  it('reports unknown and never-parsed templates as Go does', () => {
    const set = new TemplateSet('main');
    expect(() => set.execute(null)).toThrow('template: main: "main" is an incomplete or empty template');
    set.parse('x');
    expect(() => set.execute(null, 'other')).toThrow(
      'template: no template "other" associated with template "main"',
    );
  });

  it('reports endless recursion as the depth error at the recursive call', () => {
    expect(() =>
      renderTemplate('t', '{{define "r"}}{{template "r" .}}{{end}}{{template "r" .}}', null),
    ).toThrow(
      'template: t:1:25: executing "r" at <{{template "r" .}}>: exceeded maximum template depth (100000)',
    );
    const mutual =
      '{{define "a"}}{{template "b" .}}{{end}}{{define "b"}}{{template "a" .}}{{end}}{{template "a"}}';
    expect(() => renderTemplate('t', mutual, null)).toThrow(
      'template: t:1:64: executing "b" at <{{template "a" .}}>: exceeded maximum template depth (100000)',
    );
  });

  it('marks parse and exec errors and keeps partial output', () => {
    try {
      renderTemplate('t', 'abc{{', null);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TemplateError);
      expect((e as TemplateError).kind).toBe('parse');
      expect((e as TemplateError).message).toBe('template: t:1: unclosed action');
    }
    try {
      renderTemplate('t', 'abc{{index 1 1}}', null);
      expect.unreachable();
    } catch (e) {
      expect((e as TemplateError).kind).toBe('exec');
      expect((e as TemplateError).partialOutput).toBe('abc');
    }
  });
});

describe('functions from a FuncMap', () => {
  const upper = goFunc('upper', { params: ['string'], result: 'string', returnsError: false }, ([s]) =>
    (s as string).toUpperCase(),
  );
  const repeat = goFunc(
    'repeat',
    { params: ['int', 'string'], result: 'string', returnsError: false },
    ([n, s]) => (s as string).repeat(Number(n)),
  );
  const fail = goFunc('fail', { params: ['string'], result: 'string', returnsError: true }, ([m]) => {
    throw new GoError(m as string);
  });
  const join = goFunc(
    'join',
    { params: ['string'], variadic: 'interface {}', result: 'string', returnsError: false },
    ([sep, ...xs]) => xs.map(String).join(sep as string),
  );
  const typed = goFunc(
    'typed',
    { params: ['int64', 'uint8', 'float32'], result: 'string', returnsError: false },
    (a) => a.map((x) => (typeof x === 'object' && x !== null && 'type' in x ? x.type : typeof x)).join(','),
  );
  const funcs = new Map<string, GoFunc>([upper, repeat, fail, join, typed].map((f) => [f.name, f]));
  const render = (tpl: string, data: GoValue = null) => renderTemplate('t', tpl, data, { funcs });

  it('converts arguments by signature', () => {
    expect(render('{{upper "a"}} {{"b" | upper}} {{repeat 2 "x"}} {{repeat 2.0 "y"}}')).toBe('A B xx yy');
    expect(render('{{typed 1 2 3}}')).toBe('int64,uint8,float32');
    expect(render('{{join "-" 1 "a" 2.5}}')).toBe('1-a-2.5');
  });

  it('reports Go conversion errors', () => {
    expect(() => render('{{upper 1}}')).toThrow(/at <1>: expected string; found 1$/);
    expect(() => render('{{upper nil}}')).toThrow(/cannot assign nil to string$/);
    expect(() => render('{{upper .x}}', new Map())).toThrow(/at <\.x>: invalid value; expected string$/);
    expect(() => render('{{upper .x}}', new Map([['x', null]]))).toThrow(
      /wrong type for value; expected string; got interface \{\}$/,
    );
    expect(() => render('{{repeat .f "a"}}', new Map([['f', 1.5]]))).toThrow(
      /wrong type for value; expected int; got float64$/,
    );
    expect(() => render('{{repeat 1.5 "a"}}')).toThrow(/expected integer; found 1.5$/);
    expect(() => render('{{typed -1 -1 1}}')).toThrow(/expected unsigned integer; found -1$/);
    expect(() => render('{{upper}}')).toThrow(/at <upper>: wrong number of args for upper: want 1 got 0$/);
    expect(() => render('{{join}}')).toThrow(/wrong number of args for join: want at least 1 got 0$/);
  });

  it('reports function errors with the command', () => {
    expect(() => render('x{{fail "boom"}}')).toThrow(
      'template: t:1:3: executing "t" at <fail "boom">: error calling fail: boom',
    );
  });

  it('lets a FuncMap entry shadow a builtin', () => {
    const len = goFunc(
      'len',
      { params: ['interface {}'], result: 'string', returnsError: false },
      () => 'mine',
    );
    expect(renderTemplate('t', '{{len "abc"}}', null, { funcs: new Map([['len', len]]) })).toBe('mine');
  });

  it('gives functions a context that executes templates of the set', () => {
    const include = goFunc(
      'include',
      { params: ['string', 'interface {}'], result: 'string', returnsError: true },
      ([name, data], ctx) => ctx.executeTemplate(name as string, data),
    );
    const tpl = goFunc(
      'tpl',
      { params: ['string', 'interface {}'], result: 'string', returnsError: true },
      ([t, d], ctx) => ctx.renderString(t as string, d),
    );
    const f = new Map<string, GoFunc>([include, tpl].map((x) => [x.name, x]));
    const set = new TemplateSet('t', { funcs: f }).parse(
      '{{define "h"}}[{{.}}]{{end}}{{include "h" 1}}{{tpl "{{.}}!" 2}}',
    );
    expect(set.execute(null)).toBe('[1]2!');
    const bad = new TemplateSet('t', { funcs: f }).parse(
      '{{define "h"}}{{index . 3}}{{end}}{{include "h" .}}',
    );
    expect(() => bad.execute([])).toThrow(
      'template: t:1:36: executing "t" at <include "h" .>: error calling include: template: t:1:16: executing "h" at <index . 3>: error calling index: index out of range: 3',
    );
  });
});

describe('robustness', () => {
  const pieces = [
    '{{',
    '}}',
    '{{range .}}',
    '{{end}}',
    '{{if .a}}',
    '{{else}}',
    '{{with .b}}',
    '{{template "d" .}}',
    '{{define "d"}}',
    '{{.}}',
    '{{index . 1}}',
    '{{len .}}',
    '{{printf "%v" .a}}',
    '{{$x := .}}',
    '{{$x}}',
    '{{break}}',
    '(',
    ')',
    '|',
    'x',
    ' ',
  ];
  const data = new Map<GoValue, GoValue>([
    ['a', [1n, 'x', null]],
    ['b', new Map([['c', 1.5]])],
  ]);
  it('executes random templates with a TemplateError or an output, never a crash', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 25 }), (parts) => {
        try {
          renderTemplate('t', parts.join(''), data);
        } catch (e) {
          expect(e).toBeInstanceOf(TemplateError);
        }
      }),
      { numRuns: 3000, seed: 11 },
    );
  });
});

describe('nil results', () => {
  it('prints a nil slice or map result of a function as Go does, other nils as <no value>', () => {
    const nilSlice = goFunc('nilSlice', { params: [], result: '[]string', returnsError: false }, () => null);
    const nilMap = goFunc(
      'nilMap',
      { params: [], result: 'map[string]interface {}', returnsError: false },
      () => null,
    );
    const nilAny = goFunc('nilAny', { params: [], result: 'interface {}', returnsError: false }, () => null);
    const funcs = new Map<string, GoFunc>([nilSlice, nilMap, nilAny].map((f) => [f.name, f]));
    expect(renderTemplate('t', '{{nilSlice}} {{nilMap}} {{nilAny}} {{len nilSlice}}', null, { funcs })).toBe(
      '[] map[] <no value> 0',
    );
  });
});
