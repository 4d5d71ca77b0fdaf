// npm run bench:state — helmfire against the real helmfile on the same states,
// same machine, same helm. Its last two lines are the figures:
//   state build: helmfire Xs, helmfile Ys, ratio R        (500 releases, 20 environments, `build`)
//   template 50 warm: helmfire Xs, helmfile Ys, ratio R   (`template` of 50 releases, warm runs)
// A command helmfire cannot run yet is reported as such, never with a number.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  helmfileImplementation,
  helmfireImplementation,
  type Implementation,
  type RunOutcome,
} from '../conformance/helmfile/lib/implementations.js';
import { referenceTools, withToolsOnPath } from '../conformance/helmfile/lib/paths.js';
import { compareRuns } from '../conformance/helmfile/lib/semantic.js';
import {
  BUILD_ENVIRONMENTS,
  BUILD_RELEASES,
  envName,
  TEMPLATE_RELEASES,
  writeBuildState,
  writeTemplateState,
} from './fixtures/state/generate.js';

const TIMEOUT_MS = 10 * 60_000;
const BUILD_REPEATS = 5;
const TEMPLATE_REPEATS = 3;

type Timing =
  | { seconds: number /** the data printed (documents) */; output: string }
  | { unsupported: string };

const root = mkdtempSync(join(tmpdir(), 'helmfire-bench-state-'));
const tools = referenceTools();
const env = withToolsOnPath(tools, {
  ...Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('HELM_') && !k.startsWith('HELMFILE_')),
  ),
  HELM_CACHE_HOME: join(root, 'helm', 'cache'),
  HELM_CONFIG_HOME: join(root, 'helm', 'config'),
  HELM_DATA_HOME: join(root, 'helm', 'data'),
  HELMFILE_CACHE_HOME: join(root, 'helmfile-cache'),
  HELMFILE_TEMPDIR: join(root, 'helmfile-tmp'),
  HELMFILE_UPGRADE_NOTICE_DISABLED: '1',
});
mkdirSync(join(root, 'helmfile-tmp'), { recursive: true });

async function once(impl: Implementation, args: string[], cwd: string): Promise<RunOutcome> {
  const r = await impl.run({ args, cwd, env, timeoutMs: TIMEOUT_MS });
  if (r.kind === 'ran' && r.code !== 0) {
    const tail = r.output.trim().split('\n').slice(-5).join('\n');
    if (impl.name === 'helmfile')
      throw new Error(`helmfile ${args.join(' ')} failed (exit ${r.code}):\n${tail}`);
    return { kind: 'unsupported', reason: `exit ${r.code}: ${tail.split('\n').pop() ?? ''}` };
  }
  return r;
}

/**
 * Median wall time of `repeats` runs of each implementation after one untimed
 * warm-up run of each. The runs alternate (helmfile, helmfire, helmfile, …) so
 * that a change in the machine's load during the benchmark weighs on both.
 */
async function timePair(
  impls: readonly [Implementation, Implementation],
  args: string[],
  cwd: string,
  repeats: number,
): Promise<[Timing, Timing]> {
  const state = impls.map(() => ({
    times: [] as number[],
    output: '',
    unsupported: undefined as string | undefined,
  }));
  for (let i = 0; i <= repeats; i++) {
    for (const [k, impl] of impls.entries()) {
      const st = state[k] as (typeof state)[number];
      if (st.unsupported !== undefined) continue;
      const r = await once(impl, args, cwd);
      if (r.kind === 'unsupported') {
        st.unsupported = r.reason;
        continue;
      }
      st.output = r.documents;
      if (i > 0) st.times.push(r.ms / 1000);
    }
  }
  const timing = (st: (typeof state)[number]): Timing => {
    if (st.unsupported !== undefined) return { unsupported: st.unsupported };
    const sorted = [...st.times].sort((a, b) => a - b);
    return { seconds: sorted[Math.floor(sorted.length / 2)] as number, output: st.output };
  };
  return [timing(state[0] as (typeof state)[number]), timing(state[1] as (typeof state)[number])];
}

function figure(label: string, candidate: Timing, reference: Timing): string {
  if ('unsupported' in reference) throw new Error(`helmfile could not run: ${reference.unsupported}`);
  const ref = `helmfile ${reference.seconds.toFixed(2)}s`;
  if ('unsupported' in candidate)
    return `${label}: helmfire not yet able (${candidate.unsupported}), ${ref}, ratio n/a`;
  return `${label}: helmfire ${candidate.seconds.toFixed(2)}s, ${ref}, ratio ${(candidate.seconds / reference.seconds).toFixed(2)}`;
}

/** A note when both ran but disagree on the result: a fast wrong answer is no win. */
function agreement(label: string, args: string[], candidate: Timing, reference: Timing): void {
  if ('unsupported' in candidate || 'unsupported' in reference) return;
  const v = compareRuns(args, { code: 0, output: reference.output }, { code: 0, output: candidate.output });
  console.log(
    v.equal ? `${label}: outputs agree` : `${label}: OUTPUTS DIFFER: ${v.reasons.slice(0, 3).join('; ')}`,
  );
}

try {
  const helmfile = helmfileImplementation(tools.helmfile);
  const helmfire = helmfireImplementation();
  const buildDir = join(root, 'build');
  const tplDir = join(root, 'template');
  const buildArgs = ['-f', writeBuildState(buildDir), '-e', envName(7), 'build'];
  const tplArgs = ['-f', writeTemplateState(tplDir), 'template'];
  console.log(
    `state: ${BUILD_RELEASES} releases, ${BUILD_ENVIRONMENTS} environments; template: ${TEMPLATE_RELEASES} releases`,
  );

  const load = () =>
    loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  const loadBefore = load();
  const [buildRef, buildCand] = await timePair([helmfile, helmfire], buildArgs, buildDir, BUILD_REPEATS);
  agreement('state build', buildArgs, buildCand, buildRef);
  // template: the first run fills caches (chart dependencies, helm state), the second is timed.
  const [tplRef, tplCand] = await timePair([helmfile, helmfire], tplArgs, tplDir, TEMPLATE_REPEATS);
  agreement('template 50 warm', tplArgs, tplCand, tplRef);
  // Wall times on a busy machine favour the multi-threaded helmfile less or more depending on the load.
  console.log(`machine: ${availableParallelism()} CPUs, load average ${loadBefore} before, ${load()} after`);

  console.log(figure('state build', buildCand, buildRef));
  console.log(figure('template 50 warm', tplCand, tplRef));
} finally {
  rmSync(root, { recursive: true, force: true });
}
