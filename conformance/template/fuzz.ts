/**
 * Fuzzing: random and malformed templates must never crash or hang
 * helmfire's engine; every failure must be a Go-like template error.
 *
 *   npm run conformance:template -- --fuzz [--seed N] [--count N] [--seconds S] [--diff]
 *
 * With --diff the same templates also run through the Go oracle and every
 * disagreement is reported (differential fuzzing).
 */
import type { Case, Outcome } from './case.js';
import { compareOutcome } from './compare.js';
import { renderWithHelmfire } from './engine-pool.js';
import { fuzzInputs } from './generator/index.js';
import { ensureOracle, runOracle } from './oracle-client.js';

export interface FuzzFinding {
  case: Case;
  outcome: Outcome;
  problem: 'crash' | 'hang' | 'not-go-like' | 'differs-from-go';
}

/** A Go template error always starts like this (helmfile's own wrappers aside). */
const GO_LIKE = /^template: /;

export function classify(c: Case, o: Outcome, hung: boolean): FuzzFinding | undefined {
  if (hung) return { case: c, outcome: o, problem: 'hang' };
  if (o.panic) return { case: c, outcome: o, problem: 'crash' };
  if (o.error && o.phase !== 'missing' && !GO_LIKE.test(o.error))
    return { case: c, outcome: o, problem: 'not-go-like' };
  return undefined;
}

function flag(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(name);
  const v = i >= 0 ? Number(args[i + 1]) : Number.NaN;
  return Number.isFinite(v) ? v : dflt;
}

export async function runFuzz(args: string[]): Promise<number> {
  const seed = flag(args, '--seed', Date.now() % 1_000_000_007);
  const count = flag(args, '--count', 5000);
  const seconds = flag(args, '--seconds', 120);
  const diff = args.includes('--diff');
  const bin = diff ? ensureOracle() : undefined;
  const deadline = Date.now() + seconds * 1000;
  const findings: FuzzFinding[] = [];
  let done = 0;
  let chunk = 0;
  console.log(`fuzz: seed ${seed}, up to ${count} templates or ${seconds}s`);
  while (done < count && Date.now() < deadline) {
    const n = Math.min(1000, count - done);
    const cases: Case[] = fuzzInputs(seed + chunk, n).map((input, i) => ({
      id: `fuzz/${seed + chunk}-${i}`,
      area: 'fuzz',
      input,
    }));
    const res = await renderWithHelmfire(cases, { timeoutMs: 5000 });
    if (res.missing.length > 0 && chunk === 0)
      for (const m of res.missing) console.log(`engine part missing: ${m}`);
    // A busy machine can stall a worker past the limit: a hang counts only
    // when the case, run again alone, still gets no answer in 30 s.
    const suspects = cases.filter((c) => res.hangs.includes(c.id));
    const recheck =
      suspects.length > 0 ? await renderWithHelmfire(suspects, { timeoutMs: 30_000 }) : undefined;
    for (const c of suspects)
      if (!recheck?.hangs.includes(c.id)) res.outcomes.set(c.id, recheck!.outcomes.get(c.id)!);
    const hung = new Set(recheck?.hangs ?? []);
    const go = bin ? await runOracle(cases, { bin }) : undefined;
    for (const c of cases) {
      const o = res.outcomes.get(c.id)!;
      const f = classify(c, o, hung.has(c.id));
      if (f) findings.push(f);
      else if (go) {
        const v = compareOutcome(c, go.get(c.id)!, o);
        if (!v.ok)
          findings.push({ case: c, outcome: { ...o, error: v.reason ?? '' }, problem: 'differs-from-go' });
      }
    }
    done += n;
    chunk++;
  }
  for (const f of findings.slice(0, 50)) {
    const t = JSON.stringify(f.case.input.template);
    console.log(`${f.problem}: ${f.outcome.error.slice(0, 2000)}`);
    console.log(
      `  template (${f.case.input.funcs}, missingkey=${f.case.input.missingkey}): ${t.slice(0, 2000)}`,
    );
    console.log(`  data: ${JSON.stringify(f.case.input.data)}`);
  }
  console.log(`fuzz: ${done} templates, ${findings.length} problems (seed ${seed})`);
  return findings.length === 0 ? 0 : 1;
}
