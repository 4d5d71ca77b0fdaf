import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstDifference } from '../lib/compare.js';
import { type Implementation, subcommandOf } from '../lib/implementations.js';
import { normaliseSnapshotOutput } from '../lib/normalise.js';
import type { ReferenceTools } from '../lib/paths.js';
import type { CaseResult } from '../lib/results.js';
import { compareRuns } from '../lib/semantic.js';
import { goldenFile, loadSnapshotCases, type SnapshotCase } from './cases.js';
import { SnapshotServers } from './servers.js';
import {
  createWorkspace,
  finishRun,
  inputFileFor,
  movePort,
  prepareRun,
  removeWorkspace,
} from './workspace.js';

export interface SnapshotOptions {
  readonly testdata: string;
  readonly tools: ReferenceTools;
  /** The reference is held to the golden files byte for byte (both YAML library modes). */
  readonly reference?: Implementation;
  /** Held to the golden files on meaning (parsed documents). */
  readonly candidates: readonly Implementation[];
  readonly only?: readonly string[];
  /** Write every run's normalised output here (`<impl>-<case>-<yaml mode>.txt`), for inspection. */
  readonly dumpDir?: string;
  readonly log: (line: string) => void;
}

const TIMEOUT_MS = 60_000;

/** Runs helmfile's snapshot cases as its own harness does, for the reference and each candidate. */
export async function runSnapshotCases(opts: SnapshotOptions): Promise<CaseResult[]> {
  const cases = loadSnapshotCases(opts.testdata).filter((c) => !opts.only || opts.only.includes(c.name));
  const ws = createWorkspace(opts.testdata);
  const servers = new SnapshotServers(ws, join(opts.tools.path[0] ?? '', 'helm'));
  const results: CaseResult[] = [];
  const impls = [...(opts.reference ? [opts.reference] : []), ...opts.candidates];
  try {
    for (const c of cases) {
      const area = subcommandOf(c.helmfileArgs) ?? 'build';
      const base = { suite: 'snapshot' as const, area, id: c.name };
      if (c.skipReason) {
        for (const impl of impls)
          results.push({ ...base, impl: impl.name, status: 'skip', reasons: [c.skipReason] });
        continue;
      }
      let stopRepo: (() => Promise<void>) | undefined;
      try {
        const movedPorts = new Map<number, number>();
        if (c.chartRepoPort !== undefined) {
          const { repo, port } = await servers.chartRepo(c.chartRepoPort);
          stopRepo = () => repo.stop();
          if (port !== c.chartRepoPort) {
            movePort(ws, c, c.chartRepoPort, port);
            movedPorts.set(port, c.chartRepoPort);
          }
        }
        const registryPort = c.registry ? await servers.registryPort() : undefined;
        for (const impl of impls) {
          const isRef = impl === opts.reference;
          const r = await runCase(c, impl, isRef, { ...opts, ws, registryPort, movedPorts });
          results.push({ ...base, impl: impl.name, ...r });
          opts.log(
            `  ${r.status === 'pass' ? 'ok  ' : 'FAIL'} ${impl.name} ${c.name}${r.reasons.length ? `: ${r.reasons[0]}` : ''}`,
          );
        }
      } catch (err) {
        const reason = `harness could not set the case up: ${(err as Error).message}`;
        for (const impl of impls)
          results.push({ ...base, impl: impl.name, status: 'fail', reasons: [reason] });
        opts.log(`  FAIL ${c.name}: ${reason}`);
      } finally {
        await stopRepo?.();
      }
    }
  } finally {
    await servers.stop();
    removeWorkspace(ws);
  }
  return results;
}

interface CaseContext extends SnapshotOptions {
  readonly ws: ReturnType<typeof createWorkspace>;
  readonly registryPort: number | undefined;
  readonly movedPorts: ReadonlyMap<number, number>;
}

async function runCase(
  c: SnapshotCase,
  impl: Implementation,
  isRef: boolean,
  ctx: CaseContext,
): Promise<Pick<CaseResult, 'status' | 'reasons'>> {
  const { helmMajor, path } = ctx.tools;
  const reasons: string[] = [];
  // The harness runs the whole suite with each YAML library; a candidate is checked once.
  for (const goYamlV3 of isRef ? [true, false] : [true]) {
    const golden = goldenFile(c, helmMajor, goYamlV3);
    if (!golden) return { status: 'fail', reasons: ['no golden file for this helm version'] };
    const want = readFileSync(golden, 'utf8');
    const run = prepareRun(ctx.ws, c, { path, helmMajor, goYamlV3 });
    try {
      const input = inputFileFor(ctx.ws, c, run, helmMajor, ctx.registryPort);
      const args = ['-f', input, ...(c.registry ? ['--oci-plain-http'] : []), ...c.helmfileArgs];
      const outcome = await impl.run({ args, cwd: ctx.ws.wd, env: run.env, timeoutMs: TIMEOUT_MS });
      if (outcome.kind === 'unsupported') return { status: 'fail', reasons: [outcome.reason] };
      const norm = (text: string) =>
        normaliseSnapshotOutput(text, {
          wd: ctx.ws.wd,
          helmfileCacheHome: run.helmfileCacheHome,
          ...(ctx.registryPort !== undefined && c.registry ? { registryPort: ctx.registryPort } : {}),
          movedPorts: ctx.movedPorts,
        });
      const got = norm(outcome.output);
      const gotDocuments = norm(outcome.documents);
      const mode = goYamlV3 ? 'yaml.v3' : 'yaml.v2';
      if (ctx.dumpDir) {
        mkdirSync(ctx.dumpDir, { recursive: true });
        writeFileSync(join(ctx.dumpDir, `${impl.name}-${c.name}-${mode}.txt`), got);
      }
      if (outcome.timedOut) reasons.push(`${mode}: timed out after ${TIMEOUT_MS / 1000}s`);
      if (isRef) {
        const diff = outcome.code === 0 ? firstDifference(want, got) : `exit ${outcome.code}`;
        if (diff) reasons.push(`${mode}: not byte-exact: ${diff}`);
      }
      const verdict = compareRuns(
        c.helmfileArgs,
        { code: 0, output: want },
        { code: outcome.code, output: gotDocuments, messages: got },
      );
      if (!verdict.equal) reasons.push(...verdict.reasons.map((r) => `${mode}: ${r}`));
    } finally {
      finishRun(ctx.ws, c, run);
    }
  }
  return { status: reasons.length === 0 ? 'pass' : 'fail', reasons };
}
