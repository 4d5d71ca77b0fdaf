import { describe, expect, it } from 'vitest';
import { TemplateError } from '../errors.js';
import { renderTemplate } from '../template.js';
import { GoError, type GoMember, GoStruct, type GoValue, goFunc } from '../value.js';

/** `main.Inner{X, N}`; as a pointer it has a String() method. */
class Inner extends GoStruct {
  constructor(
    private readonly x: string,
    private readonly pointer: boolean,
  ) {
    super();
    if (pointer) this.stringer = () => `inner(${this.x})`;
  }
  get goType(): string {
    return this.pointer ? '*main.Inner' : 'main.Inner';
  }
  fields(): Array<[string, GoValue]> {
    return [
      ['X', this.x],
      ['N', 1n],
    ];
  }
  member(name: string): GoMember | undefined {
    const f = this.fields().find(([n]) => n === name);
    return f ? { kind: 'field', value: f[1] } : undefined;
  }
}

const fnF = goFunc('F', { params: ['string'], result: 'string', returnsError: false }, ([s]) => `F(${s})`);
const methods: Record<string, GoMember> = {
  Hello: {
    kind: 'method',
    fn: goFunc('Hello', { params: [], result: 'string', returnsError: false }, () => 'hi n'),
  },
  Add: {
    kind: 'method',
    fn: goFunc(
      'Add',
      { params: ['int', 'int'], result: 'int', returnsError: false },
      ([a, b]) => (a as bigint) + (b as bigint),
    ),
  },
  Join: {
    kind: 'method',
    fn: goFunc(
      'Join',
      { params: ['string'], variadic: 'string', result: 'string', returnsError: false },
      ([sep, ...xs]) => xs.join(sep as string),
    ),
  },
  Fail: {
    kind: 'method',
    fn: goFunc('Fail', { params: [], result: 'string', returnsError: true }, () => {
      throw new GoError('failed');
    }),
  },
  Self: {
    kind: 'method',
    fn: goFunc('Self', { params: [], result: 'main.T', returnsError: false }, () => new T()),
  },
  Nothing: {
    kind: 'method',
    fn: goFunc('Nothing', { params: [], result: 'interface {}', returnsError: false }, () => null),
  },
};

/** `main.T`, a struct with fields of several kinds and methods. */
class T extends GoStruct {
  readonly goType = 'main.T';
  private readonly values: Array<[string, GoValue]> = [
    ['Name', 'n'],
    ['Count', 2n],
    ['In', new Inner('in', false)],
    ['PIn', new Inner('p', true)],
    ['Any', null],
    ['M', new Map([['k', 'v']])],
    ['L', [1n, 'x']],
    ['F', fnF],
  ];
  fields(): Array<[string, GoValue]> {
    return this.values;
  }
  member(name: string): GoMember | undefined {
    const f = this.values.find(([n]) => n === name);
    return f ? { kind: 'field', value: f[1] } : methods[name];
  }
}

function run(tpl: string): string {
  try {
    return renderTemplate('t', tpl, new T());
  } catch (e) {
    if (e instanceof TemplateError) return `ERR ${e.message}`;
    throw e;
  }
}

const at = (col: number, node: string, msg: string) =>
  `ERR template: t:1:${col}: executing "t" at <${node}>: ${msg}`;

describe('structs: fields, methods, Stringer (outputs as Go prints them)', () => {
  it.each([
    ['{{.Name}} {{.Count}} {{.In}} {{.In.X}} {{.PIn}} {{.PIn.X}}', 'n 2 {in 1} in inner(p) p'],
    ['{{.Any}} {{.M.k}} {{.M.nope}} {{.L}}', '<no value> v <no value> [1 x]'],
    ['{{.Any.X}}', at(6, '.Any.X', 'nil pointer evaluating interface {}.X')],
    ['{{.F}}', at(2, '{{.F}}', "can't print {{.F}} of type func(string) string")],
    ['{{call .F "a"}}', 'F(a)'],
    ['{{call .F 1}}', at(2, 'call .F 1', 'error calling call: arg 0: value has type int; should be string')],
    ['{{call .F}}', at(2, 'call .F', 'error calling call: wrong number of args for .F: got 0 want 1')],
    ['{{.Nope}}', at(2, '.Nope', "can't evaluate field Nope in type main.T")],
    ['{{.Hello}} {{.Add 1 2}} {{.Join "-" "a" "b"}}|{{.Join "-"}}', 'hi n 3 a-b|'],
    ['{{.Hello 1}}', at(2, '.Hello', 'wrong number of args for Hello: want 0 got 1')],
    ['{{.Add 1}}', at(2, '.Add', 'wrong number of args for Add: want 2 got 1')],
    ['{{.Add "a" 2}}', at(7, '"a"', 'expected integer; found "a"')],
    ['{{.Join}}', at(2, '.Join', 'wrong number of args for Join: want at least 1 got 0')],
    ['{{.Fail}}', at(2, '.Fail', 'error calling Fail: failed')],
    ['{{.Self.Name}} {{.Self.Self.Hello}} {{.Nothing}}', 'n hi n <no value>'],
    ['{{.Nothing.X}}', at(10, '.Nothing.X', 'nil pointer evaluating interface {}.X')],
    ['{{.Name 1}}', at(2, '.Name', 'Name has arguments but cannot be invoked as function')],
    ['{{.F "x"}}', at(2, '.F', 'F has arguments but cannot be invoked as function')],
    ['{{1 | .Add 2}} {{"x" | .Join "-" "a"}}', '3 a-x'],
    [
      '{{printf "%+v" .In}} {{printf "%v %s %T" .PIn .PIn .PIn}} {{printf "%T" .}}',
      '{X:in N:1} inner(p) inner(p) *main.Inner main.T',
    ],
    ['{{print .In .PIn}} {{html .PIn}}', '{in 1} inner(p) inner(p)'],
    [
      '{{with .In}}{{.X}}{{end}} {{range .L}}{{.}}{{end}} {{if .}}y{{end}} {{if .Any}}y{{else}}n{{end}}',
      'in 1x y n',
    ],
    ['{{len .}}', at(2, 'len .', 'error calling len: len of type main.T')],
    ['{{index . 1}}', at(2, 'index . 1', "error calling index: can't index item of type main.T")],
    ['{{eq .In .In}} {{eq .Name "n"}}', 'true true'],
    ['{{.In.Nope}}', at(5, '.In.Nope', "can't evaluate field Nope in type main.Inner")],
    ['{{.PIn.Nope}}', at(6, '.PIn.Nope', "can't evaluate field Nope in type *main.Inner")],
    ['{{.M.k.x}}', at(4, '.M.k.x', "can't evaluate field x in type interface {}")],
    ['{{template "x" .}}{{define "x"}}{{.Hello}}{{end}}', 'hi n'],
  ])('%s', (tpl, want) => {
    expect(run(tpl)).toBe(want);
  });

  it('refuses to compare a struct holding a map', () => {
    expect(run('{{eq . .}}')).toMatch(
      /error calling eq: non-comparable type \{n %!s\(int=2\) .*\}: main\.T$/,
    );
  });
});
