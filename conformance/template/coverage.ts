/**
 * Corpus coverage of function names: how many cases use each function, and
 * how many of those end in an error.
 */
import type { Case, Outcome } from './case.js';

export interface FunctionCoverage {
  cases: number;
  errors: number;
}

function texts(c: Case): string {
  return [
    c.input.template,
    ...(c.input.parses ?? []).map((p) => p.text),
    ...Object.values(c.input.files ?? {}),
  ].join('\n');
}

/** Coverage of each name over the cases whose function set includes it. */
export function functionCoverage(
  names: Iterable<string>,
  cases: ReadonlyArray<{ case: Case; outcome: Outcome }>,
): Map<string, FunctionCoverage> {
  const out = new Map<string, FunctionCoverage>();
  const patterns = [...names].map((n) => [n, new RegExp(`(^|[\\s({|])${n}($|[\\s)}])`)] as const);
  for (const [n] of patterns) out.set(n, { cases: 0, errors: 0 });
  for (const { case: c, outcome } of cases) {
    const text = texts(c);
    for (const [n, re] of patterns) {
      if (!re.test(text)) continue;
      const cov = out.get(n)!;
      cov.cases++;
      if (outcome.error) cov.errors++;
    }
  }
  return out;
}
