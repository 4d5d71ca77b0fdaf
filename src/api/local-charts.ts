import { statSync } from 'node:fs';
import type { DependencyBuilder } from '../cache/index.js';
import { resolveChart } from '../plan/index.js';
import type { ResolvedRelease, ResolvedState } from '../state/model.js';
import { chartSubstitutionFor, type Substitutions } from '../substitute/index.js';
import { ensureLocalChart } from '../substitute/validate.js';
import { dependencyBuilder, type SubstitutedChartsContext } from './substitutions.js';

const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/**
 * helmfile's chart preparation before sync, apply and diff: a local chart
 * whose `charts/` lacks dependencies its Chart.yaml declares gets
 * `helm dependency build` — once: not again while the chart is unchanged.
 * Skipped for releases with `skipDeps` (release or helmDefaults); `--skip-deps`
 * skips the call altogether. Substituted charts are handled by
 * `ensureSubstitutedCharts`.
 */
export async function buildLocalChartDependencies(
  state: ResolvedState,
  releases: readonly ResolvedRelease[],
  subs: Substitutions,
  ctx: SubstitutedChartsContext,
): Promise<void> {
  const dirs = new Set<string>();
  for (const r of releases) {
    if (r.spec.skipDeps === true || state.helmDefaults.skipDeps === true) continue;
    if (chartSubstitutionFor(subs.charts, r.chart, r.version)) continue;
    const source = resolveChart(r.chart, state.baseDir, state.repositories, isDir);
    if (source.kind === 'local') dirs.add(source.path);
  }
  let builder: DependencyBuilder | undefined = ctx.deps;
  const deps = async () => {
    builder ??= dependencyBuilder(ctx.helm, ctx.env, ctx.repositories, {
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      ...(ctx.log ? { log: ctx.log } : {}),
    });
    return builder;
  };
  for (const dir of dirs) await ensureLocalChart(dir, { deps });
}
