/**
 * Seeded random cases: templates from Go's template grammar over random YAML
 * data (generator/grammar.ts, generator/data.ts), for each function set, plus
 * malformed variants (mutated valid templates). The same seed always yields
 * the same cases, so their oracle answers can be recorded as fixtures.
 */
import fc from 'fast-check';
import type { Case, CaseInput, Funcs, MissingKeyMode } from '../case.js';
import { caseId } from '../load-cases.js';
import { dataYaml } from './data.js';
import { template } from './grammar.js';

export const DEFAULT_SEED = 20260821;

const TOKENS = [
  '{{',
  '}}',
  '{{end}}',
  '{{else}}',
  '"',
  '`',
  '(',
  ')',
  '|',
  '$',
  ':=',
  '=',
  '{{-',
  '-}}',
  '/*',
  '*/',
  "'",
  'range',
  'if',
  '.',
  ',',
  '{{define "x"}}',
  '{{block "b" .}}',
  '{{template "t1"}}',
  '\n',
  '0x',
  '1e',
  '\\',
  '{{break}}',
  '{{else if}}',
  'nil',
  '..',
];

type Mutation = readonly ['del' | 'ins' | 'cut', number, number | string];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.constant('del' as const), fc.nat(), fc.integer({ min: 1, max: 4 })),
  fc.tuple(fc.constant('ins' as const), fc.nat(), fc.constantFrom(...TOKENS)),
  fc.tuple(fc.constant('cut' as const), fc.nat(), fc.constant(0)),
);

export function mutate(text: string, muts: readonly Mutation[]): string {
  let s = text;
  for (const [kind, at, arg] of muts) {
    const i = s.length === 0 ? 0 : at % (s.length + 1);
    if (kind === 'del') s = s.slice(0, i) + s.slice(i + Number(arg));
    else if (kind === 'ins') s = s.slice(0, i) + String(arg) + s.slice(i);
    else s = s.slice(0, i);
  }
  return s;
}

const MODES: Record<Funcs, MissingKeyMode[]> = {
  go: ['default', 'zero', 'error', 'invalid'],
  sprig: ['default', 'error'],
  helmfile: ['error', 'error', 'zero'],
};

/** Each area draws its data from a pool of this many documents (keeps fixtures small). */
const DATA_POOL = 40;

function sample(area: string, funcs: Funcs, tmpl: fc.Arbitrary<string>, seed: number, n: number): Case[] {
  const pool = fc.sample(dataYaml, { seed: seed + 1000, numRuns: DATA_POOL });
  const arb = fc.tuple(tmpl, fc.constantFrom(...pool), fc.constantFrom(...MODES[funcs]));
  return fc.sample(arb, { seed, numRuns: n }).map(([t, data, missingkey]) => {
    const input: CaseInput = { template: t, data, funcs, missingkey };
    return { id: caseId(area, input), area, input };
  });
}

export interface GeneratorOptions {
  seed?: number;
  /** Grammar cases per function set. */
  perFuncs?: number;
  malformed?: number;
}

/** The generated part of the corpus; deterministic for a seed. */
export function generateCases(opts: GeneratorOptions = {}): Case[] {
  const seed = opts.seed ?? DEFAULT_SEED;
  const per = opts.perFuncs ?? 800;
  const out: Case[] = [];
  (['go', 'sprig', 'helmfile'] as const).forEach((funcs, k) => {
    out.push(...sample(`gen-${funcs}`, funcs, template(funcs), seed + k, per));
  });
  const bad = fc
    .tuple(template('sprig'), fc.array(mutation, { minLength: 1, maxLength: 3 }))
    .map(([t, m]) => mutate(t, m));
  out.push(...sample('gen-malformed', 'sprig', bad, seed + 10, opts.malformed ?? 800));
  return out;
}

/** Fresh random inputs for fuzzing (any seed; not recorded). */
export function fuzzInputs(seed: number, n: number): CaseInput[] {
  const noise = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc
      .array(fc.constantFrom(...TOKENS, 'x', ' ', '1', 'print', 'len', '.a', '$x'), { maxLength: 24 })
      .map((xs) => xs.join('')),
  );
  const forFuncs = (funcs: Funcs) =>
    fc.tuple(
      fc.oneof(
        { weight: 3, arbitrary: template(funcs) },
        {
          weight: 2,
          arbitrary: fc
            .tuple(template(funcs), fc.array(mutation, { minLength: 1, maxLength: 6 }))
            .map(([t, m]) => mutate(t, m)),
        },
        { weight: 1, arbitrary: noise },
      ),
      dataYaml,
      fc.constantFrom(...MODES[funcs]),
      fc.constant(funcs),
    );
  const arb = fc.oneof(forFuncs('go'), forFuncs('sprig'), forFuncs('helmfile'));
  return fc
    .sample(arb, { seed, numRuns: n })
    .map(([template, data, missingkey, funcs]) => ({ template, data, funcs, missingkey }));
}
