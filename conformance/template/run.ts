/**
 * helmfire template conformance: renders the corpus with Go (the oracle) and
 * with helmfire, compares output bytes and error messages, prints agreement
 * per area and ends with `N passed, M failed`.
 *
 *   npm run conformance:template [-- OPTIONS]
 *     --record          write the oracle's answers into fixtures/ (committed)
 *     --replay          take Go's answers from fixtures/ instead of running the oracle
 *     --area A[,B]      only these areas (prefix match)
 *     --id ID           only this case
 *     --show            print Go's answer for the selected cases and stop
 *     --fuzz            fuzz helmfire's engine instead (see fuzz.ts options)
 *     --failures FILE   where to list failures (default conformance/template/failures.txt)
 */
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Case, Outcome } from './case.js';
import { compareOutcome } from './compare.js';
import { renderWithHelmfire } from './engine-pool.js';
import { type FixtureRow, readFixtures, rowCase, rowOutcome, toRow, writeFixtures } from './fixtures.js';
import { runFuzz } from './fuzz.js';
import { generateCases } from './generator/index.js';
import { loadKnownDifferences } from './known-differences.js';
import { dedupe, loadCaseDir } from './load-cases.js';
import { runOracle } from './oracle-client.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(HERE, 'fixtures');

interface Args {
  record: boolean;
  replay: boolean;
  show: boolean;
  fuzz: boolean;
  areas: string[];
  id?: string;
  failures: string;
  rest: string[];
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    record: false,
    replay: false,
    show: false,
    fuzz: false,
    areas: [],
    failures: join(HERE, 'failures.txt'),
    rest: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i]!;
    if (x === '--record') a.record = true;
    else if (x === '--replay') a.replay = true;
    else if (x === '--show') a.show = true;
    else if (x === '--fuzz') a.fuzz = true;
    else if (x === '--area') a.areas.push(...(argv[++i] ?? '').split(','));
    else if (x === '--id') a.id = argv[++i];
    else if (x === '--failures') a.failures = argv[++i] ?? a.failures;
    else a.rest.push(x);
  }
  return a;
}

/** The whole corpus: hand-written case files plus the seeded generator. */
export function loadCorpus(): { cases: Case[]; duplicates: string[] } {
  return dedupe([...loadCaseDir(join(HERE, 'cases')), ...generateCases()]);
}

function select(cases: Case[], a: Args): Case[] {
  return cases.filter(
    (c) =>
      (a.id === undefined || c.id === a.id) &&
      (a.areas.length === 0 || a.areas.some((p) => c.area.startsWith(p))),
  );
}

function progress(label: string, total: number) {
  let last = 0;
  return (done: number) => {
    const now = Date.now();
    if (process.stderr.isTTY && now - last > 500) {
      last = now;
      process.stderr.write(`\r${label} ${done}/${total}`);
    }
  };
}

/**
 * Recording part of the corpus: the areas it touches are rewritten with the
 * new answers for the selected cases and the recorded ones for the others
 * (cases no longer in the corpus drop out).
 */
function mergeRecorded(all: Case[], selected: Case[], oracle: Map<string, Outcome>): FixtureRow[] {
  const old = new Map(readFixtures(FIXTURES).map((r) => [r.id, r]));
  const chosen = new Set(selected.map((c) => c.id));
  const areas = new Set(selected.map((c) => c.area));
  const rows: FixtureRow[] = [];
  for (const c of all) {
    if (!areas.has(c.area)) continue;
    if (chosen.has(c.id)) rows.push(toRow(c, oracle.get(c.id)!));
    else {
      const r = old.get(c.id);
      if (r) rows.push(r);
      else console.error(`note: ${c.id} has no recorded answer yet (record its whole area)`);
    }
  }
  return rows;
}

interface AreaStats {
  passed: number;
  failed: number;
  known: number;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.fuzz) return runFuzz(args.rest);

  let cases: Case[];
  let allCases: Case[] = [];
  let oracle: Map<string, Outcome>;
  const t0 = Date.now();
  if (args.replay) {
    const rows = readFixtures(FIXTURES);
    cases = select(rows.map(rowCase), args);
    oracle = new Map(rows.map((r) => [r.id, rowOutcome(r)]));
  } else {
    const corpus = loadCorpus();
    if (corpus.duplicates.length > 0)
      console.error(`note: ${corpus.duplicates.length} duplicate cases skipped`);
    allCases = corpus.cases;
    cases = select(corpus.cases, args);
    console.error(`oracle: ${cases.length} cases`);
    oracle = await runOracle(cases, { onProgress: progress('oracle', cases.length) });
    if (process.stderr.isTTY) process.stderr.write('\n');
    const broken = cases.filter((c) => oracle.get(c.id)?.phase === 'data');
    for (const c of broken)
      console.error(`corpus: ${c.id}: data does not decode: ${oracle.get(c.id)?.error}`);
  }
  console.error(`go answered in ${((Date.now() - t0) / 1000).toFixed(1)}s`);

  if (args.show) {
    for (const c of cases) {
      const o = oracle.get(c.id)!;
      console.log(
        `${c.id}\t${JSON.stringify(c.input.template)}\n    => ${JSON.stringify(o.output)}${o.error ? ` ERR ${o.error}` : ''}`,
      );
    }
    return 0;
  }

  if (args.record) {
    const unsure = cases.filter((c) => /^oracle: (timeout|crashed)$/.test(oracle.get(c.id)!.error));
    if (unsure.length > 0) {
      console.error(`not recording: the oracle timed out or crashed on ${unsure.map((c) => c.id).join(' ')}`);
      return 1;
    }
    const subset = args.areas.length > 0 || args.id !== undefined;
    const rows = subset
      ? mergeRecorded(allCases, cases, oracle)
      : cases.map((c) => toRow(c, oracle.get(c.id)!));
    const written = writeFixtures(FIXTURES, rows);
    if (!subset) {
      const keep = new Set(written.map((f) => relative(FIXTURES, f)));
      for (const f of readdirSync(FIXTURES))
        if (f.endsWith('.json') && !keep.has(f)) rmSync(join(FIXTURES, f));
    }
    console.log(`recorded ${rows.length} cases into ${written.length} fixture files`);
    return 0;
  }

  const t1 = Date.now();
  const hf = await renderWithHelmfire(cases, { onProgress: progress('helmfire', cases.length) });
  if (process.stderr.isTTY) process.stderr.write('\n');
  console.error(`helmfire answered in ${((Date.now() - t1) / 1000).toFixed(1)}s`);
  for (const m of hf.missing) console.log(`engine part missing: ${m}`);

  const known = loadKnownDifferences(join(HERE, 'known-differences.md'));
  const stats = new Map<string, AreaStats>();
  const failures: string[] = [];
  const knownLines: string[] = [];
  let passed = 0;
  let failed = 0;
  let knownCount = 0;
  const knownNowPass: string[] = [];
  for (const c of cases) {
    const s = stats.get(c.area) ?? { passed: 0, failed: 0, known: 0 };
    stats.set(c.area, s);
    const v = compareOutcome(c, oracle.get(c.id)!, hf.outcomes.get(c.id)!);
    const isKnown = known.has(c.id);
    if (v.ok) {
      s.passed++;
      passed++;
      if (isKnown) knownNowPass.push(c.id);
    } else if (isKnown) {
      s.known++;
      knownCount++;
      knownLines.push(`${c.id}\t${known.reason(c.id)}\t${v.reason}`);
    } else {
      s.failed++;
      failed++;
      failures.push(`${c.id}\t${JSON.stringify(c.input.template)}\t${v.reason}`);
    }
  }

  console.log('\narea                      pass  fail  known  agreement');
  for (const [area, s] of [...stats].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const total = s.passed + s.failed + s.known;
    const pct = ((100 * s.passed) / total).toFixed(1);
    console.log(
      `${area.padEnd(24)} ${String(s.passed).padStart(5)} ${String(s.failed).padStart(5)} ${String(s.known).padStart(6)}  ${pct.padStart(6)}%`,
    );
  }
  writeFileSync(
    args.failures,
    `${failures.join('\n')}${failures.length ? '\n' : ''}${knownLines.length ? `\n# known differences\n${knownLines.join('\n')}\n` : ''}`,
  );
  if (failures.length > 0) console.log(`\nfailures listed in ${relative(process.cwd(), args.failures)}`);
  if (hf.hangs.length > 0) console.log(`helmfire hung on: ${hf.hangs.join(' ')}`);
  if (knownNowPass.length > 0) {
    console.log(`listed as known differences but agree now (remove them): ${knownNowPass.join(' ')}`);
  }
  console.log(`${knownCount} known differences`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

if (!existsSync(FIXTURES)) throw new Error('fixtures directory missing');
process.exitCode = await main();
