import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caseDigest, generateCases, SEED, writeCases } from '../generator/index.js';
import type { GeneratedCase } from '../generator/model.js';
import type { Implementation } from '../lib/implementations.js';
import type { CaseResult } from '../lib/results.js';
import { compareRuns } from '../lib/semantic.js';
import {
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
  /** Save the answers helmfile gave for cases whose fixture was missing or stale (the others are kept). */
  readonly refresh?: boolean;
  /** Generate with another seed: every case is answered afresh by helmfile and nothing is recorded. */
  readonly seed?: number;
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
    const text = normalise(r.code === 0 ? r.documents : r.output, caseDir, root);
    out.push({ args, code: r.code, output: r.code === 0 ? text : failureExcerpt(text) });
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

interface Context {
  readonly opts: GeneratedOptions;
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;
  readonly recorded: ReadonlyMap<string, RecordedCase>;
  /** Answers helmfile gave in this run (recording, or refreshing stale fixtures). */
  readonly fresh: Map<string, RecordedCase>;
  readonly results: CaseResult[];
}

/**
 * Runs the generated states: the reference answers come from the recorded
 * fixtures (or from helmfile itself when recording or when a fixture is
 * stale), and each run of the implementation under test is compared with
 * them on meaning.
 */
export async function runGeneratedCases(opts: GeneratedOptions): Promise<CaseResult[]> {
  const explore = opts.seed !== undefined && opts.seed !== SEED;
  const all = generateCases(opts.seed ?? SEED);
  const cases = opts.only ? all.filter(opts.only) : all;
  const existing = new Map(
    (explore ? [] : (readFixtures(opts.fixtureFile)?.cases ?? [])).map((c) => [c.id, c] as const),
  );
  const root = mkdtempSync(join(tmpdir(), 'helmfire-hf-generated-'));
  const dirs = writeCases(root, cases);
  const base: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('HELM_') && !k.startsWith('HELMFILE_')) base[k] = v;
  }
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
  // When recording, every case is answered afresh by helmfile.
  const ctx: Context = {
    opts,
    root,
    env,
    recorded: opts.record ? new Map() : existing,
    fresh: new Map(),
    results: [],
  };
  let done = 0;
  try {
    await pool(cases, opts.jobs, async (c) => {
      await runCase(ctx, c, dirs.get(c.id) as string);
      if (++done % 100 === 0) opts.log(`  ... ${done}/${cases.length} cases`);
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  if (!opts.record && !explore && ctx.fresh.size > 0) {
    opts.log(
      `  ${ctx.fresh.size} case(s) had no current fixture: helmfile answered them (${opts.refresh ? 'saved' : 'save them with --refresh, or re-record all with --record'})`,
    );
  }
  if ((opts.record || (opts.refresh && ctx.fresh.size > 0)) && opts.reference && !explore) {
    const ordered = all
      .map((c) => ctx.fresh.get(c.id) ?? existing.get(c.id))
      .filter((c): c is RecordedCase => c !== undefined);
    writeFixtures(opts.fixtureFile, {
      helmfileVersion: opts.reference.version,
      helmMajor: opts.helmMajor,
      seed: SEED,
      cases: ordered,
    });
    opts.log(`  recorded ${ordered.length} cases to ${opts.fixtureFile}`);
  }
  return ctx.results;
}

/** The reference's answers for a case: recorded, or asked of helmfile when missing or stale. */
async function referenceAnswers(ctx: Context, c: GeneratedCase, dir: string): Promise<RecordedCase | string> {
  const digest = caseDigest(c);
  const recorded = ctx.recorded.get(c.id);
  if (recorded && recorded.digest === digest) return recorded;
  const ref = ctx.opts.reference;
  if (!ref) {
    return recorded
      ? 'recorded fixture is stale (generator changed) and helmfile is not available'
      : 'no recorded fixture and helmfile is not available';
  }
  const runs = await runAll(ref, c, dir, ctx.root, ctx.env);
  if ('unsupported' in runs) throw new Error(runs.unsupported);
  const fresh = { id: c.id, digest, runs };
  ctx.fresh.set(c.id, fresh);
  return fresh;
}

async function runCase(ctx: Context, c: GeneratedCase, dir: string): Promise<void> {
  const { opts } = ctx;
  const implName = opts.candidate?.name ?? 'helmfile';
  const push = (args: readonly string[], status: CaseResult['status'], reasons: string[]) =>
    ctx.results.push({
      suite: 'generated',
      area: c.area,
      id: `${c.id} ${args.join(' ')}`,
      impl: implName,
      status,
      reasons,
    });
  const want = await referenceAnswers(ctx, c, dir);
  if (typeof want === 'string') {
    for (const args of c.runs) push(args, 'fail', [want]);
    return;
  }
  // Answers helmfile just gave are the reference itself: check the reference only against older records.
  const impl = opts.candidate ?? (ctx.fresh.has(c.id) ? undefined : opts.reference);
  if (!impl) return;
  const got = await runAll(impl, c, dir, ctx.root, ctx.env);
  c.runs.forEach((args, i) => {
    const w = want.runs[i];
    const g = 'unsupported' in got ? undefined : got[i];
    if ('unsupported' in got) push(args, 'fail', [got.unsupported]);
    else if (!w || !g) push(args, 'fail', ['run missing']);
    else {
      const v = compareRuns(args, w, g);
      push(args, v.equal ? 'pass' : 'fail', v.reasons);
    }
  });
}
