/**
 * The patched chart of a release (`strategicMergePatches:`/`jsonPatches:`)
 * for the commands that deploy or compare (sync, apply, diff, watch): the
 * chart is used in place when it is a directory (its dependencies built
 * already) or pulled into the work directory, then rendered, patched and
 * written as a generated chart (see `build.ts`).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pullArgs } from '../../helm/args-repo.js';
import { type HelmInfo, runHelm } from '../../helm/index.js';
import type { ResolvedRelease, ResolvedState } from '../../state/model.js';
import type { PreparedRelease } from '../prepare.js';
import { buildPatchedChart } from './build.js';
import { PatchError } from './patches.js';

export interface DeployPatchContext {
  readonly helm: HelmInfo;
  readonly env: NodeJS.ProcessEnv;
  readonly workDir: string;
  readonly signal?: AbortSignal;
}

/** The release's chart as a directory: its own when local, else pulled under `dest`. */
export async function chartDirOf(
  state: ResolvedState,
  r: ResolvedRelease,
  p: PreparedRelease,
  dest: string,
  ctx: DeployPatchContext,
): Promise<string> {
  const src = p.source;
  if (src.kind === 'local') return src.path;
  mkdirSync(dest, { recursive: true });
  const repo =
    src.kind === 'repo'
      ? state.repositories.find((x) => x.name === src.repository)
      : state.repositories.find((x) => x.oci && r.chart.startsWith(`${x.name}/`));
  const o = p.options;
  await runHelm(
    ctx.helm.path,
    pullArgs({
      chart: src.ref,
      ...(p.chart.version ? { version: p.chart.version } : {}),
      destination: dest,
      devel: o.devel,
      plainHttp: o.plainHttp,
      insecureSkipTLSVerify: o.insecureSkipTLSVerify,
      ...(src.kind === 'repo' && o.verify ? { verify: true } : {}),
      ...(src.kind === 'repo' && o.keyring ? { keyring: o.keyring } : {}),
      ...(repo?.caFile ? { caFile: repo.caFile } : {}),
      ...(repo?.certFile ? { certFile: repo.certFile } : {}),
      ...(repo?.keyFile ? { keyFile: repo.keyFile } : {}),
      ...(repo?.registryConfig ? { registryConfig: repo.registryConfig } : {}),
    }),
    { env: ctx.env, release: r.name, ...(ctx.signal ? { signal: ctx.signal } : {}) },
  );
  const name = readdirSync(dest).find((n) => existsSync(join(dest, n, 'Chart.yaml')));
  if (!name) throw new PatchError(r.name, `helm pull ${src.ref} left no chart directory`);
  return join(dest, name);
}

/** The release prepared from its generated, patched chart (under the work directory). */
export async function patchedRelease(
  state: ResolvedState,
  r: ResolvedRelease,
  p: PreparedRelease,
  ctx: DeployPatchContext,
): Promise<PreparedRelease> {
  const id = createHash('sha256').update(r.id).digest('hex').slice(0, 8);
  const target = join(ctx.workDir, 'patched', `${r.name.replace(/[^\w.-]/g, '_')}-${id}`);
  // a watch evaluation builds it again from scratch
  rmSync(target, { recursive: true, force: true });
  rmSync(`${target}.pull`, { recursive: true, force: true });
  const chartDir = await chartDirOf(state, r, p, `${target}.pull`, ctx);
  return buildPatchedChart(r, p, chartDir, target, {
    helm: ctx.helm,
    env: ctx.env,
    cwd: state.baseDir,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
}
