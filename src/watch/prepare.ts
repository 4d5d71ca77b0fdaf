import { resolve } from 'node:path';
import { refuseUnsupported } from '../api/helm-run.js';
import { buildLocalChartDependencies } from '../api/local-charts.js';
import { applyLockFile } from '../api/lockfile.js';
import { narrowImages } from '../api/release-images.js';
import type { HelmRun, PreparedState } from '../api/run-context.js';
import { ensureSubstitutedCharts } from '../api/substitutions.js';
import { type PreparedRelease, prepareRelease, syncRepositories } from '../plan/index.js';
import type { StateHost } from '../state/host.js';
import type { ResolvedRelease } from '../state/model.js';
import { planState } from '../state/plan.js';
import { defaultRenderer } from '../state/render.js';
import { substitutionsFile } from '../substitute/index.js';
import { helmfireCacheDir } from '../util/cache-dir.js';
import type { ReleaseInputs } from './incremental.js';
import type { LoadReads, PathRecorder } from './watched-set.js';

export interface WatchPrepareContext {
  /** The recording host the state was loaded with. */
  readonly host: StateHost;
  readonly recorder: PathRecorder;
  /** Repositories already added to helm in this session (helm keeps them): not added again. */
  readonly repositoriesAdded: Set<string>;
  /** The project directory (its substitution file is watched). */
  readonly projectDir: string;
  /** Disposers of decrypted files, run once the evaluation's deploy is over. */
  readonly cleanup: (() => void)[];
  /** Prepare only the releases it accepts (and what they need); absent: every planned release. */
  readonly include?: (id: string) => boolean;
  /** Filled with each prepared release's own inputs. */
  readonly inputs: Map<string, ReleaseInputs>;
  /** Called first, with what loading the state read. */
  readonly onLoaded?: (reads: LoadReads) => void;
}

/**
 * `HelmRun.prepare` for watch mode: the same releases prepared the same
 * way, with every file they read recorded (values, secrets, local chart
 * directories, the substitution file) and a repository added to helm only
 * the first time it is used, or when its definition changed.
 */
export async function prepareWatched(run: HelmRun, ctx: WatchPrepareContext): Promise<PreparedState[]> {
  ctx.onLoaded?.(ctx.recorder.loadReads());
  const o = run.options;
  const renderer = o.renderer ?? defaultRenderer(ctx.host);
  if (!o.substitutions) ctx.recorder.file(substitutionsFile(ctx.projectDir));
  const subs = run.substitutions;
  const out: PreparedState[] = [];
  const used = new Set<string>();
  for (const state of run.desired.states) {
    const planned = planState(state, {
      includeNeeds: o.includeNeeds === true || o.includeTransitiveNeeds === true,
      skipNeeds: o.skipNeeds ?? !(o.includeNeeds || o.includeTransitiveNeeds),
    });
    const releases = new Map<string, PreparedRelease>();
    const all = planned.flat().map((r) => applyLockFile(state, r));
    const chosen = ctx.include ? withNeeds(all, ctx.include) : all;
    // as HelmRun.prepare: substituted and local charts checked, missing dependencies built
    // first (what a build writes, charts/*.tgz, is ignored by the watcher)
    const charts = {
      helm: run.helm,
      env: run.env,
      repositories: run.desired.repositories,
      ...(o.signal ? { signal: o.signal } : {}),
    };
    await ensureSubstitutedCharts(subs, chosen, charts);
    if (!o.skipDeps) await buildLocalChartDependencies(state, chosen, subs, charts);
    for (const r of chosen) {
      const files = new Set<string>();
      for (const v of r.values) if (v.kind !== 'inline') files.add(v.absPath);
      for (const s of r.secrets) if (s.kind !== 'inline') files.add(s.absPath);
      for (const f of files) ctx.recorder.file(f);
      ctx.inputs.set(r.id, { files });
    }
    await Promise.all(
      chosen.map(async (r) => {
        refuseUnsupported(r);
        const p = await prepareRelease(state, r, {
          renderer,
          workDir: run.workDir,
          cleanup: ctx.cleanup,
          env: run.env,
          helm: run.helm,
          substitutions: subs,
          ...(o.kubeconfig ? { kubeconfig: o.kubeconfig } : {}),
          ...(o.cli ? { cli: o.cli } : {}),
          ...(o.set?.length ? { extraSet: o.set } : {}),
          ...(o.values?.length ? { extraValues: o.values } : {}),
        });
        if (p.source.kind === 'local') {
          ctx.recorder.tree(p.source.path);
          ctx.inputs.set(r.id, {
            files: ctx.inputs.get(r.id)?.files ?? new Set(),
            tree: resolve(p.source.path),
          });
        }
        if (p.source.kind === 'repo' && p.source.repository) used.add(p.source.repository);
        if (p.source.kind === 'oci') {
          const repo = state.repositories.find((x) => x.oci && r.chart.startsWith(`${x.name}/`));
          if (repo) used.add(repo.name);
        }
        releases.set(r.id, p);
      }),
    );
    out.push({ state, groups: planned.map((g) => g.map((r) => r.id)), releases });
  }
  for (const f of o.values ?? []) ctx.recorder.file(resolve(o.cwd ?? process.cwd(), f));
  // a repository is added again only when its definition changed
  const key = (name: string) =>
    `${name}\0${JSON.stringify(run.desired.repositories.find((r) => r.name === name) ?? null)}`;
  const fresh = new Set([...used].filter((n) => !ctx.repositoriesAdded.has(key(n))));
  if (fresh.size > 0) {
    await syncRepositories(run.desired.repositories, fresh, run.helm, run.env, o.signal);
    for (const n of fresh) ctx.repositoriesAdded.add(key(n));
  }
  // as HelmRun.prepare: releases with patches deploy from a generated, patched chart
  await run.patchCharts(out);
  // as HelmRun.prepare: an image substitution counts only for the releases that run that image
  if (subs.images.length > 0) {
    const nctx = {
      helm: run.helm,
      env: run.env,
      cacheRoot: helmfireCacheDir(run.env),
      ...(o.signal ? { signal: o.signal } : {}),
    };
    for (const ps of out) await narrowImages(ps.releases as Map<string, PreparedRelease>, nctx);
  }
  return out;
}

/** The releases `include` accepts, and every release they need (transitively), in plan order. */
function withNeeds(all: readonly ResolvedRelease[], include: (id: string) => boolean): ResolvedRelease[] {
  const byId = new Map(all.map((r) => [r.id, r]));
  const keep = new Set<string>();
  const stack = all.filter((r) => include(r.id)).map((r) => r.id);
  while (stack.length) {
    const id = stack.pop() as string;
    if (keep.has(id)) continue;
    keep.add(id);
    for (const n of byId.get(id)?.needs ?? []) if (byId.has(n)) stack.push(n);
  }
  return all.filter((r) => keep.has(r.id));
}
