// biome-ignore-all lint/suspicious/noTemplateCurlyInString: stackfile ${name} references are the subject here
import { describe, expect, it } from 'vitest';
import { parseDotenv } from '../../src/stackfile/dotenv.js';
import { type DeclaredVariable, expandVariables, VariableScope } from '../../src/stackfile/expand.js';
import { substituteVariables } from '../../src/stackfile/substitute.js';
import { decodeYaml } from '../../src/yaml/index.js';

const vars = (m: Record<string, string>) => (name: string) => m[name];

describe('expandVariables: ${name} syntax', () => {
  const lookup = vars({ a: 'A', empty: '', url: 'http://x:1' });

  it('replaces references and keeps a lone $', () => {
    expect(expandVariables('x-${a}-${url}/$HOME/$', lookup)).toBe('x-A-http://x:1/$HOME/$');
  });

  it('gives defaults for unset (-) and for unset or empty (:-), with references inside', () => {
    expect(expandVariables('${nope:-d}|${empty:-d}|${nope-d}|${empty-d}|${nope:-${a}b}', lookup)).toBe(
      'd|d|d||Ab',
    );
  });

  it('keeps $${ as a literal ${', () => {
    expect(expandVariables('$${a} and ${a}', lookup)).toBe('${a} and A');
  });

  it('fails on an unset name, an :? check, a bad name and an unterminated reference', () => {
    expect(() => expandVariables('${nope}', lookup)).toThrow('variable "nope" is not set');
    expect(() => expandVariables('${empty:?needed for prod}', lookup)).toThrow(
      'variable "empty" is empty: needed for prod',
    );
    expect(expandVariables('${empty?x}', lookup)).toBe('');
    expect(() => expandVariables('${1a}', lookup)).toThrow('expected a variable name');
    expect(() => expandVariables('${a b}', lookup)).toThrow('bad substitution "${a b}"');
    expect(() => expandVariables('${a', lookup)).toThrow('unterminated');
  });
});

describe('VariableScope: where a name comes from', () => {
  const decl = (text: string, plain = true): DeclaredVariable => ({ text, plain, file: '/w/stackfile.yaml' });

  it('prefers the environment, then .env, then declared variables; declared values are expanded lazily', () => {
    const scope = new VariableScope(
      vars({ TAG: 'from-env' }),
      new Map([
        ['TAG', 'from-dotenv'],
        ['REGION', 'eu'],
      ]),
      new Map([
        ['image', decl('nginx:${TAG}')],
        ['host', decl('${name}.${REGION}.example')],
        ['name', decl('web')],
      ]),
    );
    expect(scope.lookup('image')).toBe('nginx:from-env');
    expect(scope.lookup('host')).toBe('web.eu.example');
    expect(scope.lookup('missing')).toBeUndefined();
  });

  it('reports a cycle and names the variable whose value fails', () => {
    const cyc = new VariableScope(
      vars({}),
      new Map(),
      new Map([
        ['a', decl('${b}')],
        ['b', decl('x${a}')],
      ]),
    );
    expect(() => cyc.lookup('a')).toThrow('variable "a" refers to itself (a -> b -> a)');
    const bad = new VariableScope(vars({}), new Map(), new Map([['a', decl('${zzz}')]]));
    expect(() => bad.lookup('a')).toThrow('in variable "a" (/w/stackfile.yaml): variable "zzz" is not set');
  });

  it('types plain values for .Values and keeps quoted ones as strings', () => {
    const scope = new VariableScope(
      vars({ FROM_ENV: '5' }),
      new Map(),
      new Map([
        ['n', decl('3')],
        ['quoted', decl('3', false)],
        ['flag', decl('false')],
        ['v', decl('1.10', false)],
        ['FROM_ENV', decl('x')],
        ['text', decl('a: b')],
      ]),
    );
    expect(Object.fromEntries(scope.values())).toEqual({
      n: 3n,
      quoted: '3',
      flag: false,
      v: '1.10',
      FROM_ENV: 5n,
      text: 'a: b',
    });
  });
});

describe('substituteVariables: in the YAML text, as if the value had been written there', () => {
  const lookup = vars({ n: '3', v: '1.10', word: 'hello world', colon: 'a: b', multi: 'l1\nl2', empty: '' });
  const decode = (text: string) => decodeYaml(substituteVariables(text, '/w/s.yaml', lookup))[0];

  it('types an unquoted expansion as YAML would and keeps quoted ones strings', () => {
    const out = decode(
      'a: ${n}\nb: "${n}"\nc: ${v}\nd: ${word}\ne: ${colon}\nf: ${multi}\ng: ${empty}\nh: x${n}\n',
    ) as Map<string, unknown>;
    expect(Object.fromEntries(out)).toEqual({
      a: 3n,
      b: '3',
      c: 1.1,
      d: 'hello world',
      e: 'a: b',
      f: 'l1\nl2',
      g: '',
      h: 'x3',
    });
  });

  it('keeps the text of a value for the string fields it lands in (1.10 stays 1.10)', () => {
    expect(substituteVariables('version: ${v}\n', '/w/s.yaml', lookup)).toBe('version: 1.10\n');
  });

  it('leaves keys and comments alone and keeps line numbers after block and multi-line scalars', () => {
    const text =
      '${n}: ${n} # ${nope}\nblock: |\n  one ${n}\n  two\nplain: first\n  second ${n}\nlast: ${n}\n';
    const out = substituteVariables(text, '/w/s.yaml', lookup);
    expect(out.split('\n').length).toBe(text.split('\n').length);
    expect(out.split('\n')[6]).toBe('last: 3');
    expect(Object.fromEntries(decodeYaml(out)[0] as Map<string, unknown>)).toEqual({
      '${n}': 3n,
      block: 'one 3\ntwo\n',
      plain: 'first second 3',
      last: 3n,
    });
  });

  it('quotes an expansion inside a flow collection that would split it', () => {
    const out = decodeYaml(
      substituteVariables('a: ["${word}", "x,${n}"]\n', '/w/s.yaml', vars({ word: 'p,q', n: '1' })),
    );
    expect(out[0]).toEqual(new Map([['a', ['p,q', 'x,1']]]));
  });

  it('names the file, line and column of an unset reference and how to set it', () => {
    expect(() => substituteVariables('a: 1\nlist:\n  - ok\n  - ${nope}\n', '/w/s.yaml', lookup)).toThrow(
      /^\/w\/s\.yaml:4:5: variable "nope" is not set: declare it under variables:, in a \.env file/,
    );
  });
});

describe('parseDotenv', () => {
  it('reads KEY=VALUE lines with export, comments and both quotes', () => {
    const env = parseDotenv(
      [
        '# comment',
        '',
        'A=plain value  # trailing',
        'export B = spaced',
        "C='single $x #kept'",
        'D="double\\nline \\"q\\""',
        'E="multi',
        'line"',
        'F=',
        'G=a#b',
      ].join('\r\n'),
      '/w/.env',
    );
    expect(Object.fromEntries(env)).toEqual({
      A: 'plain value',
      B: 'spaced',
      C: 'single $x #kept',
      D: 'double\nline "q"',
      E: 'multi\nline',
      F: '',
      G: 'a#b',
    });
  });

  it('names the line of what it cannot read', () => {
    expect(() => parseDotenv('A=1\nnot a pair\n', '/w/.env')).toThrow('/w/.env:2: expected KEY=VALUE');
    expect(() => parseDotenv('A=1\nB="open\n', '/w/.env')).toThrow(
      '/w/.env:2: unterminated double-quoted value of B',
    );
  });
});
