import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caseDigest, generateCases, SEED, writeCases } from '../generator/index.js';
import type { GeneratedCase } from '../generator/model.js';
import type { Implementation } from '../lib/implementations.js';
import type { CaseResult } from '../lib/results.js';
import { compareRuns } from '../lib/semantic.js';
import {
  type FixtureFile,
  failureExcerpt,
  type RecordedCase,
  type RecordedRun,
  readFixtures,
  writeFixtures,
} from './fixtures.js';

export interface GeneratedOptions {
  readonly fixtureFile: string;
  /** Directories put first on PATH (helm, kustomize). */
  readonly toolPath: readonly string[];
  readonly helmMajor: 3 | 4;
  /** The real helmfile, when it is available (needed to record or to refresh stale fixtures). */
  readonly reference?: Implementation & { readonly version: string };
  /** Re-run the reference for every case, ignoring recorded fixtures, and write them anew. */
  readonly record: boolean;
  /** Implementation under test; when absent, the reference is checked against the fixtures. */
  readonly candidate?: Implementation;
  readonly only?: (c: GeneratedCase) => boolean;
  readonly jobs: number;
  readonly log: (line: string) => void;
}

const TIMEOUT_MS = 30_000;

/** Each generated case in its own dir; commands see only paths under `root`, replaced on the way out. */
function normalise(output: string, caseDir: string, root: string): string {
  return output.replaceAll(caseDir, '$CASE').replaceAll(root, '$ROOT');
}

async function runAll(
  impl: Implementation,
  c: GeneratedCase,
  caseDir: string,
  root: string,
  env: NodeJS.ProcessEnv,
): Promise<RecordedRun[] | { unsupported: string }> {
  const out: RecordedRun[] = [];
  for (const args of c.runs) {
    const r = await impl.run({ args: ['-f', c.main, ...args], cwd: caseDir, env, timeoutMs: TIMEOUT_MS });
    if (r.kind === 'unsupported') return { unsupported: r.reason };
    const output = normalise(r.output, caseDir, root);
    out.push({ args, code: r.code, output: r.code === 0 ? output : failureExcerpt(output) });
  }
  return out;
}

async function pool<T>(items: readonly T[], jobs: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
}

/**
 * Runs the generated states: the reference answers come from the recorded
 * fixtures (or from helmfile itself when recording or when a fixture is
 * stale), and each run of the implementation under test is compared with
 * them on meaning.
 */
export async function runGeneratedCases(opts: GeneratedOptions): Promise<CaseResult[]> {
  const all = generateCases();
  const cases = opts.only ? all.filter(opts.only) : all;
  const existing = readFixtures(opts.fixtureFile);
  const existingById = new Map((existing?.cases ?? []).map((c) => [c.id, c] as const));
  // When recording, every case is answered afresh by helmfile.
  const byId = opts.record ? new Map<string, RecordedCase>() : existingById;
  const root = mkdtempSync(join(tmpdir(), 'helmfire-hf-generated-'));
  const dirs = writeCases(root, cases);
  const base: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('HELM_') && !k.startsWith('HELMFILE_')) base[k] = v;
  const env: NodeJS.ProcessEnv = {
    ...base,
    PATH: [...opts.toolPath, process.env.PATH ?? ''].join(':'),
    HELM_CACHE_HOME: join(root, 'helm', 'cache'),
    HELM_CONFIG_HOME: join(root, 'helm', 'config'),
    HELM_DATA_HOME: join(root, 'helm', 'data'),
    HELMFILE_CACHE_HOME: join(root, 'helmfile-cache'),
    HELMFILE_TEMPDIR: join(root, 'helmfile-tmp'),
  };
  mkdirSync(join(root, 'helmfile-tmp'), { recursive: true });

  const results: CaseResult[] = [];
  const fresh = new Map<string, RecordedCase>();
  let done = 0;
  let stale = 0;
  try {
    await pool(cases, opts.jobs, async (c) => {
      const dir = dirs.get(c.id) as string;
      const digest = caseDigest(c);
      let want = byId.get(c.id);
      if (!want || want.digest !== digest) {
        if (!opts.reference) {
          const reason = want
            ? 'recorded fixture is stale (generator changed) and helmfile is not available'
            : 'no recorded fixture and helmfile is not available';
          for (const args of c.runs)
            results.push({
              suite: 'generated',
              area: c.area,
              id: `${c.id} ${args.join(' ')}`,
              impl: opts.candidate?.name ?? 'helmfile',
              status: 'fail',
              reasons: [reason],
            });
          return;
        }
        if (!opts.record) stale++;
        const runs = await runAll(opts.reference, c, dir, root, env);
        if ('unsupported' in runs) throw new Error(runs.unsupported);
        want = { id: c.id, digest, runs };
        fresh.set(c.id, want);
        // Freshly recorded answers are the reference itself: nothing to check it against.
        if (!opts.candidate) return;
      }
      const impl = opts.candidate ?? opts.reference;
      if (!impl) return;
      const got = await runAll(impl, c, dir, root, env);
      c.runs.forEach((args, i) => {
        const id = `${c.id} ${args.join(' ')}`;
        const base = { suite: 'generated' as const, area: c.area, id, impl: impl.name };
        if ('unsupported' in got) {
          results.push({ ...base, status: 'fail', reasons: [got.unsupported] });
          return;
        }
        const w = want.runs[i];
        const g = got[i];
        if (!w || !g) {
          results.push({ ...base, status: 'fail', reasons: ['run missing'] });
          return;
        }
        const v = compareRuns(args, w, g);
        results.push({ ...base, status: v.equal ? 'pass' : 'fail', reasons: v.reasons });
      });
      done++;
      if (done % 100 === 0) opts.log(`  ... ${done}/${cases.length} cases`);
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  if (stale > 0)
    opts.log(
      `  ${stale} case(s) had no current fixture: helmfile was run for them (re-record with --record)`,
    );
  if (opts.record && opts.reference) {
    const ordered = all
      .map((c) => fresh.get(c.id) ?? existingById.get(c.id))
      .filter((c): c is RecordedCase => c !== undefined);
    const file: FixtureFile = {
      helmfileVersion: opts.reference.version,
      helmMajor: opts.helmMajor,
      seed: SEED,
      cases: ordered,
    };
    writeFixtures(opts.fixtureFile, file);
    opts.log(`  recorded ${ordered.length} cases to ${opts.fixtureFile}`);
  }
  return results;
}
