// npm run conformance:helmfile — helmfire side by side with the real helmfile:
// (a) helmfile's own snapshot cases, (b) generated state files. Ends with
// `N passed, M failed` for the implementation under test.
//
//   --impl helmfire|helmfile  what is checked (default helmfire; `helmfile` checks the
//                             reference itself: snapshots byte-exact, fixtures reproducible)
//   --suite all|snapshots|generated
//   --case NAME               only this snapshot case / generated case id prefix (repeatable)
//   --record                  run helmfile on every generated case and rewrite the fixtures
//   --refresh                 save helmfile's answers for generated cases whose fixture is missing or stale
//   --seed N                  generate with another seed (explores new cases; helmfile answers, nothing is recorded)
//   --no-reference            skip running helmfile on the snapshot cases
//   --jobs N                  generated cases run in parallel (default 2)
//   --verbose                 print every failure with its reasons
//   --helmfire worker|cli     how helmfire runs: `worker` (default) loads the built CLI once per
//                             job and runs command after command in it; `cli` starts
//                             `node bin/helmfire.js` for every command
//   --dump DIR                write each snapshot run's normalised output to DIR
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runGeneratedCases } from './generated/run-generated.js';
import { helmfireWorkerPool } from './lib/helmfire-pool.js';
import {
  helmfileImplementation,
  helmfireImplementation,
  type Implementation,
} from './lib/implementations.js';
import { fixturesDir, referenceTools, snapshotsDir } from './lib/paths.js';
import { areaTable, type CaseResult, tally } from './lib/results.js';
import { runSnapshotCases } from './snapshots/run-snapshots.js';

const { values: flags } = parseArgs({
  options: {
    impl: { type: 'string', default: 'helmfire' },
    suite: { type: 'string', default: 'all' },
    case: { type: 'string', multiple: true },
    record: { type: 'boolean', default: false },
    refresh: { type: 'boolean', default: false },
    seed: { type: 'string' },
    'no-reference': { type: 'boolean', default: false },
    jobs: { type: 'string', default: '2' },
    verbose: { type: 'boolean', default: false },
    dump: { type: 'string' },
    helmfire: { type: 'string', default: 'worker' },
  },
});
const log = (line: string) => console.log(line);
const impl = flags.impl;
if (impl !== 'helmfire' && impl !== 'helmfile')
  throw new Error(`--impl must be helmfire or helmfile, not ${impl}`);
const suites = flags.suite === 'all' ? ['snapshots', 'generated'] : [flags.suite];

const tools = referenceTools();
const helmfileVersion = await helmfileImplementation(tools.helmfile).run({
  args: ['version', '-o', 'short'],
  cwd: process.cwd(),
  env: { ...process.env, HELMFILE_UPGRADE_NOTICE_DISABLED: '1' },
  timeoutMs: 30_000,
});
const version = helmfileVersion.kind === 'ran' ? helmfileVersion.output.trim() : 'unknown';
const reference = { ...helmfileImplementation(tools.helmfile), version };
const jobs = Number(flags.jobs);
const pool = impl === 'helmfire' && flags.helmfire === 'worker' ? helmfireWorkerPool(jobs) : undefined;
const candidate: Implementation | undefined =
  impl === 'helmfire' ? (pool ?? helmfireImplementation()) : undefined;
log(
  `reference: helmfile ${version}, helm ${tools.helmChoice === 'ci' ? "as in helmfile's CI" : tools.helmChoice}; checking ${impl}`,
);

const results: CaseResult[] = [];
const only = flags.case;

if (suites.includes('snapshots')) {
  log('\n== helmfile snapshot cases');
  const snap = await runSnapshotCases({
    testdata: join(snapshotsDir(), 'testdata'),
    tools,
    ...(flags['no-reference'] && candidate ? {} : { reference }),
    candidates: candidate ? [candidate] : [],
    ...(only ? { only } : {}),
    ...(flags.dump ? { dumpDir: flags.dump } : {}),
    log,
  });
  const ref = snap.filter((r) => r.impl === 'helmfile');
  if (ref.length > 0) {
    const t = tally(ref);
    const onMeaning = ref.filter(
      (r) =>
        r.status === 'pass' || (r.status === 'fail' && r.reasons.every((x) => x.includes('not byte-exact'))),
    ).length;
    log(
      `reference helmfile on its own snapshots: ${t.passed}/${t.passed + t.failed} byte-exact, ${onMeaning}/${t.passed + t.failed} on meaning (${t.skipped} skipped: need the internet)`,
    );
  }
  results.push(...snap.filter((r) => r.impl === impl));
}

if (suites.includes('generated')) {
  log('\n== generated state files');
  const gen = await runGeneratedCases({
    fixtureFile: join(fixturesDir, 'generated.jsonl.gz'),
    toolPath: tools.path,
    helmMajor: tools.helmMajor,
    reference,
    record: flags.record,
    refresh: flags.refresh,
    ...(flags.seed !== undefined ? { seed: Number(flags.seed) } : {}),
    ...(candidate ? { candidate } : {}),
    ...(only ? { only: (c) => only.some((p) => c.id.startsWith(p)) } : {}),
    jobs,
    log,
  });
  results.push(...gen);
}

pool?.stop();

const failures = results.filter((r) => r.status === 'fail');
if (failures.length > 0) {
  log(`\n== failures (${flags.verbose ? 'all' : 'first 25; --verbose for all'})`);
  // The same reason over and over (e.g. a command helmfire lacks) is shown once with a count.
  const byReason = new Map<string, CaseResult[]>();
  for (const f of failures) {
    const key = f.reasons[0] ?? 'failed';
    byReason.set(key, [...(byReason.get(key) ?? []), f]);
  }
  let shown = 0;
  for (const [reason, rs] of byReason) {
    if (!flags.verbose && shown >= 25) break;
    shown++;
    const first = rs[0] as CaseResult;
    log(`  ${first.suite}/${first.id}${rs.length > 1 ? ` (+${rs.length - 1} more)` : ''}: ${reason}`);
    if (flags.verbose) for (const r of first.reasons.slice(1)) log(`      ${r}`);
  }
}
log(`\n== agreement of ${impl} by area`);
for (const line of areaTable(results)) log(line);
const t = tally(results);
const total = t.passed + t.failed;
log(
  `${impl}: ${total === 0 ? '-' : ((100 * t.passed) / total).toFixed(2)}% of ${total} comparisons${t.skipped ? `, ${t.skipped} skipped` : ''}`,
);
log(`${t.passed} passed, ${t.failed} failed`);
process.exitCode = t.failed === 0 ? 0 : 1;
