/**
 * Template render benchmark: helmfire's engine against Go's text/template
 * (the oracle's bench mode), over the same cases of the conformance corpus.
 *
 *   npm run bench:template [-- --iterations N] [--top K]
 *
 * Cases: every recorded fixture where Go succeeded, compared exactly (no
 * random/time functions), without files, environment, processes or key
 * derivation (so that the figure measures template rendering, not I/O or
 * scrypt). Each side decodes the data and parses each template once, runs it
 * once to warm up, then executes it N times in a row; only those runs are
 * timed. `--top K` lists the K cases where helmfire loses the most time.
 * Ends with `template render: helmfire Xs, go Ys, ratio R` (R = X / Y).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Case } from '../conformance/template/case.js';
import { decodeCaseData } from '../conformance/template/data-yaml.js';
import { readFixtures, rowCase } from '../conformance/template/fixtures.js';
import { benchOracle, ensureOracle } from '../conformance/template/oracle-client.js';
import { HelmfileRenderer } from '../src/template/helmfile/index.js';
import { TemplateSet } from '../src/template/index.js';
import { sprigFuncMap } from '../src/template/sprig/index.js';
import type { GoValue } from '../src/template/value.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const EXCLUDED =
  /\b(exec|envExec|readFile|readDir|readDirEntries|isFile|isDir|derivePassword|fetchSecretValue|expandSecretRefs|requiredEnv|env|expandenv|getHostByName)\b/;

function intFlag(argv: string[], name: string, dflt: number): number {
  const i = argv.indexOf(name);
  const n = i >= 0 ? Number(argv[i + 1]) : dflt;
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} wants a whole number`);
  return n;
}

/** The benchmark's cases, from the fixtures recorded from Go. */
export function benchCases(): Case[] {
  return readFixtures(join(ROOT, 'conformance/template/fixtures'))
    .filter((r) => !r.err && r.shape === undefined && !r.insecure && !r.badUtf8)
    .filter((r) => !r.in.files && !r.in.env && !EXCLUDED.test(r.in.template))
    .map(rowCase);
}

interface Prepared {
  id: string;
  run(): string;
}

/** Parse once (as the oracle's bench mode does); null when helmfire cannot run the case. */
function prepare(c: Case, baseDir: string, sprig: ReturnType<typeof sprigFuncMap>): Prepared | null {
  const data: GoValue = decodeCaseData(c.input.data);
  const input = c.input;
  let set: TemplateSet;
  let execName: string | undefined;
  if (input.funcs === 'helmfile') {
    const missingKey = input.missingkey === 'zero' ? 'zero' : 'error';
    set = new HelmfileRenderer({ baseDir, missingKey }).newTemplate().parse(input.template);
  } else {
    const name = input.name ?? 'stringTemplate';
    set = new TemplateSet(name, {
      ...(input.missingkey && { missingKey: input.missingkey }),
      ...(input.delims && { delims: input.delims }),
      ...(input.funcs === 'sprig' && { funcs: sprig }),
    });
    for (const p of input.parses ?? []) set.parse(p.text, p.name);
    set.parse(input.template);
    execName = input.execute ?? name;
  }
  const p = { id: c.id, run: () => set.execute(data, execName) };
  p.run();
  return p;
}

interface HelmfireBench {
  cases: number;
  skipped: number;
  seconds: number;
  perCase: Map<string, number>;
}

function benchHelmfire(cases: Case[], iterations: number): HelmfireBench {
  const baseDir = mkdtempSync(join(tmpdir(), 'helmfire-bench-'));
  try {
    const sprig = sprigFuncMap();
    const prepared: Prepared[] = [];
    let skipped = 0;
    for (const c of cases) {
      try {
        const p = prepare(c, baseDir, sprig);
        if (p) prepared.push(p);
      } catch {
        skipped++;
      }
    }
    const perCase = new Map<string, number>();
    let total = 0n;
    for (const p of prepared) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < iterations; i++) {
        try {
          p.run();
        } catch {
          /* helmfire disagrees with Go here: a conformance failure, timed all the same */
        }
      }
      const d = process.hrtime.bigint() - t0;
      total += d;
      perCase.set(p.id, Number(d) / 1e9);
    }
    return { cases: prepared.length, skipped, seconds: Number(total) / 1e9, perCase };
  } finally {
    rmSync(baseDir, { recursive: true, force: true });
  }
}

function printTop(k: number, hf: Map<string, number>, go: Record<string, number>, cases: Case[]): void {
  const byId = new Map(cases.map((c) => [c.id, c]));
  const rows = [...hf]
    .filter(([id]) => go[id] !== undefined)
    .map(([id, s]) => ({ id, hf: s, go: go[id]!, lost: s - go[id]! }))
    .sort((a, b) => b.lost - a.lost)
    .slice(0, k);
  for (const r of rows) {
    const t = JSON.stringify(byId.get(r.id)?.input.template ?? '');
    console.error(
      `  ${r.id}  helmfire ${r.hf.toFixed(3)}s  go ${r.go.toFixed(3)}s  ${t.length > 90 ? `${t.slice(0, 90)}…` : t}`,
    );
  }
}

async function main(): Promise<void> {
  process.env.TZ = 'UTC';
  const argv = process.argv.slice(2);
  const iterations = Math.max(1, intFlag(argv, '--iterations', 20));
  const top = intFlag(argv, '--top', 0);
  const cases = benchCases();
  const bin = ensureOracle();
  console.error(`bench: ${cases.length} cases, ${iterations} iterations each`);
  const go = benchOracle(bin, cases, iterations);
  console.error(`go: ${go.cases} cases (${go.skipped} skipped) in ${go.seconds.toFixed(2)}s`);
  const hf = benchHelmfire(cases, iterations);
  console.error(`helmfire: ${hf.cases} cases (${hf.skipped} skipped) in ${hf.seconds.toFixed(2)}s`);
  if (top > 0) {
    console.error(`cases where helmfire loses the most time:`);
    printTop(top, hf.perCase, go.perCase, cases);
  }
  const ratio = hf.seconds / go.seconds;
  console.log(
    `template render: helmfire ${hf.seconds.toFixed(2)}s, go ${go.seconds.toFixed(2)}s, ratio ${ratio.toFixed(2)}`,
  );
}

await main();
