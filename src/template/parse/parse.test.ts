import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtins } from '../exec/builtins.js';
import { nodeString } from './node.js';
import { ParseError, parseTemplate } from './parse.js';

/** Rows recorded from Go: the template, its tree re-printed by Node.String(), the other trees, or the parse error. */
interface Row {
  tpl: string;
  tree: string;
  err?: string;
  defs?: string[];
}

const rows: Row[] = JSON.parse(
  readFileSync(new URL('../fixtures/parse-cases.json', import.meta.url), 'utf8'),
);
const extraFuncs = new Set(['contains', 'undefined2']);
const hasFunction = (n: string) => builtins.has(n) || extraFuncs.has(n);

function parse(tpl: string): Omit<Row, 'tpl'> {
  try {
    const trees = parseTemplate('t', tpl, { hasFunction });
    const out: Omit<Row, 'tpl'> = { tree: nodeString(trees.get('t')!.root) };
    const defs = [...trees]
      .filter(([n]) => n !== 't')
      .map(([n, t]) => `${n}=${nodeString(t.root)}`)
      .sort();
    if (defs.length > 0) out.defs = defs;
    return out;
  } catch (e) {
    if (e instanceof ParseError) return { tree: '', err: e.message };
    throw e;
  }
}

describe('parser against recorded Go trees and errors', () => {
  it.each(rows.map((r) => [r.tpl, r] as const))('%j', (_n, r) => {
    const { tpl, ...want } = r;
    expect(parse(tpl)).toEqual(want);
  });
});

describe('positions and delimiters', () => {
  it('keeps text byte-for-byte and re-prints actions canonically', () => {
    expect(parse('a {{.X|printf "%d"}} b').tree).toBe('a {{.X | printf "%d"}} b');
  });
  it('honours custom delimiters', () => {
    const trees = parseTemplate('t', '<<.X>> {{.Y}}', { leftDelim: '<<', rightDelim: '>>', hasFunction });
    expect(nodeString(trees.get('t')!.root)).toBe('{{.X}} {{.Y}}');
  });
});

describe('robustness', () => {
  const pieces = [
    '{{',
    '}}',
    '{{-',
    '-}}',
    '(',
    ')',
    '|',
    '$x',
    ':=',
    '.a',
    'if',
    'end',
    'range',
    'else',
    '"s"',
    '1',
    ' ',
    '\n',
    'é',
    '/*',
    '*/',
  ];
  it('never throws anything but a ParseError and always terminates', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
        try {
          parseTemplate('t', parts.join(''), { hasFunction });
        } catch (e) {
          expect(e).toBeInstanceOf(ParseError);
        }
      }),
      { numRuns: 2000, seed: 7 },
    );
  });
});
