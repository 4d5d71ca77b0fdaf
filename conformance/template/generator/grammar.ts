/**
 * Random templates from Go's template grammar. Expressions are typed loosely
 * (int, float, string, bool, list, map, any) so that most generated templates
 * execute and reach deep into the engine; now and then an argument of the
 * wrong type or a wrong argument count is chosen on purpose, so errors are
 * exercised too.
 */
import fc from 'fast-check';
import type { Funcs } from '../case.js';

/** `fmap` is a fresh map (never part of the data), for functions that modify their argument. */
export type T = 'int' | 'float' | 'str' | 'bool' | 'list' | 'map' | 'fmap' | 'any';
const TYPES: T[] = ['int', 'float', 'str', 'bool', 'list', 'map', 'any'];

interface Sig {
  name: string;
  params: T[];
  result: T;
  /** Which function sets have it (go builtins are in all). */
  from: 'go' | 'sprig' | 'helmfile';
}

const sig = (from: Sig['from'], result: T, names: string[], params: T[]): Sig[] =>
  names.map((name) => ({ name, params, result, from }));

const SIGS: Sig[] = [
  // Go builtins
  ...sig('go', 'str', ['print'], ['any']),
  ...sig('go', 'str', ['print', 'println'], ['any', 'any']),
  ...sig('go', 'int', ['len'], ['str']),
  ...sig('go', 'int', ['len'], ['list']),
  ...sig('go', 'int', ['len'], ['map']),
  ...sig('go', 'any', ['index'], ['list', 'int']),
  ...sig('go', 'any', ['index'], ['map', 'str']),
  ...sig('go', 'str', ['slice'], ['str', 'int']),
  ...sig('sprig', 'list', ['slice'], ['list', 'int']),
  ...sig('go', 'bool', ['eq', 'ne', 'lt', 'le', 'gt', 'ge'], ['int', 'int']),
  ...sig('go', 'bool', ['eq', 'ne', 'lt', 'ge'], ['str', 'str']),
  ...sig('go', 'bool', ['lt', 'gt'], ['float', 'float']),
  ...sig('go', 'bool', ['eq'], ['bool', 'bool']),
  ...sig('go', 'bool', ['eq'], ['int', 'int', 'int']),
  ...sig('go', 'any', ['and', 'or'], ['any', 'any']),
  ...sig('go', 'any', ['and', 'or'], ['any', 'any', 'any']),
  ...sig('go', 'bool', ['not'], ['any']),
  ...sig('go', 'str', ['html', 'js', 'urlquery'], ['any']),
  // Sprig
  ...sig(
    'sprig',
    'str',
    [
      'upper',
      'lower',
      'title',
      'untitle',
      'trim',
      'quote',
      'squote',
      'kebabcase',
      'snakecase',
      'camelcase',
      'swapcase',
      'nospace',
      'initials',
      'b64enc',
      'b32enc',
      'sha1sum',
      'sha256sum',
      'adler32sum',
      'base',
      'dir',
      'ext',
      'clean',
      'toString',
    ],
    ['str'],
  ),
  ...sig(
    'sprig',
    'str',
    ['toString', 'toJson', 'toRawJson', 'toPrettyJson', 'typeOf', 'kindOf', 'quote', 'cat'],
    ['any'],
  ),
  ...sig('sprig', 'str', ['cat'], ['any', 'any']),
  ...sig('sprig', 'str', ['trimAll', 'trimPrefix', 'trimSuffix'], ['str', 'str']),
  ...sig('sprig', 'bool', ['contains', 'hasPrefix', 'hasSuffix'], ['str', 'str']),
  ...sig('sprig', 'str', ['trunc', 'abbrev', 'indent', 'nindent', 'repeat', 'wrap'], ['int', 'str']),
  ...sig('sprig', 'str', ['replace'], ['str', 'str', 'str']),
  ...sig('sprig', 'str', ['substr'], ['int', 'int', 'str']),
  ...sig('sprig', 'int', ['add', 'sub', 'mul', 'max', 'min'], ['int', 'int']),
  ...sig('sprig', 'int', ['add1'], ['int']),
  ...sig('sprig', 'int', ['add', 'max', 'min'], ['any', 'any']),
  ...sig('sprig', 'int', ['int', 'int64', 'len', 'add1'], ['any']),
  ...sig('sprig', 'float', ['float64', 'ceil', 'floor'], ['any']),
  ...sig('sprig', 'float', ['round'], ['any', 'int']),
  ...sig('sprig', 'float', ['addf', 'subf', 'mulf', 'maxf', 'minf'], ['float', 'float']),
  ...sig('sprig', 'float', ['addf', 'mulf'], ['any', 'any']),
  ...sig('sprig', 'any', ['default', 'coalesce'], ['any', 'any']),
  ...sig('sprig', 'any', ['ternary'], ['any', 'any', 'bool']),
  ...sig('sprig', 'bool', ['empty', 'not'], ['any']),
  ...sig('sprig', 'list', ['list'], ['any', 'any']),
  ...sig('sprig', 'list', ['list'], []),
  ...sig('sprig', 'map', ['dict'], ['str', 'any']),
  ...sig('sprig', 'map', ['dict'], ['str', 'any', 'str', 'any']),
  ...sig('sprig', 'any', ['first', 'last'], ['list']),
  ...sig(
    'sprig',
    'list',
    ['rest', 'initial', 'uniq', 'compact', 'reverse', 'sortAlpha', 'toStrings', 'deepCopy'],
    ['list'],
  ),
  ...sig('sprig', 'str', ['join'], ['str', 'list']),
  ...sig('sprig', 'list', ['splitList'], ['str', 'str']),
  ...sig('sprig', 'map', ['split'], ['str', 'str']),
  ...sig('sprig', 'bool', ['has'], ['any', 'list']),
  ...sig('sprig', 'list', ['without', 'append', 'prepend'], ['list', 'any']),
  ...sig('sprig', 'list', ['concat'], ['list', 'list']),
  ...sig('sprig', 'bool', ['hasKey'], ['map', 'str']),
  ...sig('sprig', 'map', ['omit', 'pick'], ['map', 'str']),
  ...sig('sprig', 'map', ['merge', 'mergeOverwrite'], ['fmap', 'map']),
  ...sig('sprig', 'map', ['set'], ['fmap', 'str', 'any']),
  ...sig('sprig', 'map', ['unset'], ['fmap', 'str']),
  ...sig('sprig', 'map', ['deepCopy'], ['map']),
  ...sig('sprig', 'list', ['pluck'], ['str', 'map']),
  ...sig('sprig', 'bool', ['regexMatch'], ['str', 'str']),
  ...sig('sprig', 'str', ['regexFind'], ['str', 'str']),
  ...sig('sprig', 'str', ['regexReplaceAll', 'regexReplaceAllLiteral'], ['str', 'str', 'str']),
  ...sig('sprig', 'int', ['atoi'], ['str']),
  ...sig('sprig', 'any', ['dig'], ['str', 'any', 'map']),
  ...sig('sprig', 'bool', ['semverCompare'], ['str', 'str']),
  ...sig('sprig', 'str', ['plural'], ['str', 'str', 'int']),
  // helmfile
  ...sig('helmfile', 'str', ['toYaml'], ['any']),
  ...sig('helmfile', 'any', ['get'], ['str', 'map']),
  ...sig('helmfile', 'any', ['get'], ['str', 'any', 'map']),
  ...sig('helmfile', 'any', ['getOrNil'], ['str', 'map']),
  ...sig('helmfile', 'any', ['required'], ['str', 'any']),
  ...sig('helmfile', 'map', ['setValueAtPath'], ['str', 'any', 'fmap']),
  ...sig('helmfile', 'any', ['sprigGet'], ['map', 'str']),
];

/** Where the expression is: dot is the root data, or something else. */
export interface Scope {
  funcs: Funcs;
  dotIsRoot: boolean;
  /** Variables in scope with their types. */
  vars: ReadonlyArray<readonly [string, T]>;
}

function available(s: Scope): Sig[] {
  return SIGS.filter((f) => {
    if (f.from === 'go') return !(f.name === 'slice' && s.funcs !== 'go'); // Sprig's slice replaces the builtin
    if (f.from === 'sprig') return s.funcs !== 'go' && !(s.funcs === 'helmfile' && f.name === 'get');
    return s.funcs === 'helmfile';
  });
}

const STRINGS = [
  '"a"',
  '"hello"',
  '"k1"',
  '"a,b"',
  '""',
  '"1"',
  '"é"',
  '" sp "',
  '"a.b"',
  '`raw`',
  '"x\\ny"',
  '"\\t\\x41"',
  '"2.3.4"',
  '"^a.*"',
  '"<&>"',
];

function rootField(s: Scope, name: string): string {
  return s.dotIsRoot ? `.${name}` : `$.${name}`;
}

/** Leaves of a type. */
function atom(s: Scope, t: T): fc.Arbitrary<string> {
  const vars = s.vars.filter(([, vt]) => vt === t || t === 'any').map(([n]) => n);
  const f = (n: string) => rootField(s, n);
  const opts: string[][] = [];
  switch (t) {
    case 'int':
      opts.push(
        ['0', '1', '2', '3', '7', '-1', '42', "'a'", '0x10', '1_000', '0o17', '0b101'],
        [f('a'), f('neg')],
      );
      break;
    case 'float':
      opts.push(['1.5', '-2.25', '0.0', '1e3', '3.0', '0.1', '1e21', '1e-7'], [f('f')]);
      break;
    case 'str':
      opts.push(STRINGS, [f('s'), f('empty')]);
      break;
    case 'bool':
      opts.push(['true', 'false'], [f('flag')]);
      break;
    case 'list':
      opts.push([f('list')], s.funcs === 'go' ? [] : ['(list 1 "b" 2.5)', '(list)', '(list "z" "a" "m")']);
      break;
    case 'map':
      opts.push([f('m'), f('nested.inner')], s.funcs === 'go' ? ['$'] : ['(dict "k" 1 "j" "v")', '(dict)']);
      break;
    case 'fmap':
      opts.push(['(dict "k" 1 "j" "v")', '(dict)', `(deepCopy ${f('m')})`, `(dict "m" (dict "k" 2))`]);
      break;
    case 'any':
      opts.push(
        [f('b'), f('m.k1'), f('m.k2'), f('nil'), f('big'), f('a'), f('s'), f('list'), f('m'), f('f')],
        s.funcs === 'go' ? ['1', '"x"', '2.5', 'true', '$'] : ['1', '"x"', '2.5', 'true'],
      );
      break;
  }
  if (!s.dotIsRoot && t === 'any') opts.push(['.']);
  const pools = opts.filter((p) => p.length > 0).map((p) => fc.constantFrom(...p));
  if (vars.length > 0) pools.push(fc.constantFrom(...vars), fc.constantFrom(...vars));
  const rare: fc.Arbitrary<string>[] = [fc.constantFrom(f('missing'), 'nil', f('m.nope'), f('a.b'))];
  return fc.oneof({ weight: 60, arbitrary: fc.oneof(...pools) }, { weight: 1, arbitrary: fc.oneof(...rare) });
}

const FORMATS = [
  '%v',
  '%d',
  '%s',
  '%q',
  '%x',
  '%X',
  '%5.2f',
  '%T',
  '%+v',
  '%#v',
  '%-4d|',
  '%t',
  '%e',
  '%g',
  '%08.3f',
  '%c',
  '%U',
  '%v %v',
  '%[2]v %[1]v',
  '%6s|',
  '%-6s|',
  '%.2s',
  '%o',
  '%b',
  '%%',
  '%!',
  '%',
  '%d %d',
];

/** An expression of type `t` (or anything, for `any`). */
export function expr(s: Scope, t: T, depth: number): fc.Arbitrary<string> {
  if (depth <= 0 || t === 'fmap') return atom(s, t);
  const fns = available(s).filter((f) => t === 'any' || f.result === t);
  const call =
    fns.length === 0
      ? atom(s, t)
      : fc
          .tuple(fc.constantFrom(...fns), fc.integer({ min: 0, max: 99 }), fc.boolean())
          .chain(([f, wobble, piped]) => {
            let params = [...f.params];
            if (wobble === 0)
              params = params.slice(1); // one argument too few
            else if (wobble === 1) params.push('any'); // one too many
            const args = params.map((p, i) =>
              wobble === 2 && i === 0
                ? fc.constantFrom(...TYPES).chain((wrong) => expr(s, wrong, 0))
                : expr(s, p, depth - 1),
            );
            if (args.length === 0) return fc.constant(f.name);
            return fc.tuple(...args).map((xs) => {
              const wrapped = xs.map((x) => (/\s/.test(x) && !/^[("`]/.test(x) ? `(${x})` : x));
              if (piped && wrapped.length > 0) {
                const last = wrapped.pop()!;
                return `${last} | ${[f.name, ...wrapped].join(' ')}`;
              }
              return [f.name, ...wrapped].join(' ');
            });
          });
  const printf =
    t === 'str' || t === 'any'
      ? fc
          .tuple(fc.constantFrom(...FORMATS), fc.array(expr(s, 'any', depth - 1), { maxLength: 3 }))
          .map(([fmt, args]) =>
            ['printf', JSON.stringify(fmt), ...args.map((a) => (/\s/.test(a) ? `(${a})` : a))].join(' '),
          )
      : atom(s, t);
  return fc.oneof(
    { weight: 4, arbitrary: atom(s, t) },
    { weight: 5, arbitrary: call },
    { weight: 1, arbitrary: printf },
  );
}

const TEXT = ['', 'x', ' ', '\n', 'a-b', '  \n  ', 'key: ', '\t', '|', 'é', '<p>', '}', ': ', '- '];

function openDelim(trim: boolean): string {
  return trim ? '{{- ' : '{{';
}
function closeDelim(trim: boolean): string {
  return trim ? ' -}}' : '}}';
}

/** A sequence of template nodes. */
export function body(s: Scope, depth: number, inRange: boolean): fc.Arbitrary<string> {
  const trim = fc.integer({ min: 0, max: 5 }).map((n) => n === 0);
  const action = fc
    .tuple(
      trim,
      expr(s, 'any', 2).filter((e) => e !== 'nil'),
      trim,
    )
    .map(([l, e, r]) => `${openDelim(l)}${e.replace(/^-/, ' -')}${closeDelim(r)}`);
  const local = fc
    .tuple(fc.constantFrom(...TYPES), fc.nat(99))
    .chain(([t, n]) => expr(s, t, 2).map((e) => `{{$t${n} := ${e}}}{{$t${n}}}`));
  const assign = expr(s, 'int', 1).map((e) => `{{$x = ${e}}}`);
  const leaves: { weight: number; arbitrary: fc.Arbitrary<string> }[] = [
    { weight: 3, arbitrary: fc.constantFrom(...TEXT) },
    { weight: 6, arbitrary: action },
    { weight: 1, arbitrary: local },
    ...(s.vars.some(([n]) => n === '$x') ? [{ weight: 1, arbitrary: assign }] : []),
    { weight: 1, arbitrary: fc.constantFrom('{{/* c */}}', '{{- /* c */ -}}', '{{/* multi\nline */}}') },
  ];
  if (inRange)
    leaves.push({
      weight: 1,
      arbitrary: fc.constantFrom('{{break}}', '{{continue}}', '{{if eq 1 1}}{{continue}}{{end}}'),
    });
  const leaf = fc.oneof(...leaves);
  if (depth <= 0) return fc.array(leaf, { maxLength: 3 }).map((xs) => xs.join(''));
  const inner = body(s, depth - 1, inRange);
  const cond = expr(s, 'any', 1);
  const ifNode = fc
    .tuple(cond, inner, fc.option(fc.tuple(cond, inner)), fc.option(inner), trim)
    .map(([c, a, elif, els, tr]) => {
      let out = `${openDelim(tr)}if ${c}}}${a}`;
      if (elif) out += `{{else if ${elif[0]}}}${elif[1]}`;
      if (els !== null) out += `{{else}}${els}`;
      return `${out}{{end}}`;
    });
  const withNode = fc
    .constantFrom<T>('any', 'map', 'str', 'list')
    .chain((t) =>
      fc
        .tuple(
          expr(s, t, 1),
          body({ ...s, dotIsRoot: false, vars: [...s.vars, ['$w', t]] }, depth - 1, inRange),
          fc.option(inner),
        )
        .map(([e, a, els]) => `{{with $w := ${e}}}${a}${els !== null ? `{{else}}${els}` : ''}{{end}}`),
    );
  const over: [string, T, T][] = [
    [rootField(s, 'list'), 'int', 'any'],
    [rootField(s, 'm'), 'str', 'any'],
    [rootField(s, 'nested'), 'str', 'any'],
    ['3', 'int', 'int'],
    ['0', 'int', 'int'],
    [rootField(s, 'nil'), 'int', 'any'],
  ];
  if (s.funcs !== 'go')
    over.push(
      ['(list 1 2 3)', 'int', 'int'],
      ['(dict "b" 2 "a" 1)', 'str', 'int'],
      ['(until 3)', 'int', 'int'],
    );
  const rangeNode = fc
    .tuple(fc.constantFrom(...over), fc.constantFrom('none', 'one', 'two', 'two', 'two'))
    .chain(([[what, kt, vt], decl]) => {
      const ints = what === '3' || what === '0';
      const vars: [string, T][] =
        decl === 'one'
          ? [['$v', ints ? 'int' : vt]]
          : decl === 'two' && !ints
            ? [
                ['$i', kt],
                ['$v', vt],
              ]
            : [];
      const head = decl === 'one' ? '$v := ' : decl === 'two' && !ints ? '$i, $v := ' : '';
      return fc
        .tuple(
          body({ ...s, dotIsRoot: false, vars: [...s.vars, ...vars] }, depth - 1, true),
          fc.option(inner),
        )
        .map(([b, els]) => `{{range ${head}${what}}}${b}${els !== null ? `{{else}}${els}` : ''}{{end}}`);
    });
  const node = fc.oneof(
    { weight: 6, arbitrary: leaf },
    { weight: 2, arbitrary: ifNode },
    { weight: 1, arbitrary: withNode },
    { weight: 2, arbitrary: rangeNode },
  );
  return fc.array(node, { minLength: 1, maxLength: 4 }).map((xs) => xs.join(''));
}

/** A whole template: optional define + call, variables $x (int) and $y (string), a body. */
export function template(funcs: Funcs): fc.Arbitrary<string> {
  const main: Scope = {
    funcs,
    dotIsRoot: true,
    vars: [
      ['$x', 'int'],
      ['$y', 'str'],
    ],
  };
  const inDefine: Scope = { funcs, dotIsRoot: true, vars: [] };
  const define = fc
    .tuple(fc.constantFrom('define', 'block'), body(inDefine, 1, false))
    .map(([kind, b]) =>
      kind === 'define'
        ? [`{{define "t1"}}${b}{{end}}`, '{{template "t1" .}}']
        : ['', `{{block "t1" .}}${b}{{end}}`],
    );
  return fc
    .tuple(fc.option(define, { freq: 3 }), body(main, 2, false))
    .map(
      ([d, b]) => `${d?.[0] ?? ''}{{$x := ${main.dotIsRoot ? '.a' : '$.a'}}}{{$y := .s}}${b}${d?.[1] ?? ''}`,
    );
}
