/**
 * Builds the patched chart of a release with `strategicMergePatches:` or
 * `jsonPatches:` (see `patched-chart.ts`) from its prepared form, and the
 * prepared release that renders or deploys it instead of its chart.
 */
import { type HelmInfo, runHelm, templateArgs } from '../../helm/index.js';
import type { ResolvedRelease } from '../../state/model.js';
import { inputDigest } from '../digest.js';
import { type PreparedRelease, withImages } from '../prepare.js';
import { writePatchedChart } from './patched-chart.js';
import { jsonPatchSpecs, toPlain } from './patches.js';

/** The release has patches helmfire applies through a generated chart. */
export function hasPatches(release: ResolvedRelease): boolean {
  const s = release.spec;
  return (s.strategicMergePatches?.length ?? 0) > 0 || (s.jsonPatches?.length ?? 0) > 0;
}

export interface PatchedChartContext {
  readonly helm: HelmInfo;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly signal?: AbortSignal;
}

/**
 * Renders `prepared` from `chartDir` (a local directory with its
 * dependencies in place), applies the release's patches, writes the
 * generated chart to `targetDir`, and returns the release prepared from it.
 */
export async function buildPatchedChart(
  release: ResolvedRelease,
  prepared: PreparedRelease,
  chartDir: string,
  targetDir: string,
  ctx: PatchedChartContext,
): Promise<PreparedRelease> {
  // jsonPatch entries are checked before helm runs
  const json = jsonPatchSpecs(release.name, release.spec.jsonPatches ?? []);
  const smp = release.spec.strategicMergePatches ?? [];
  // the post-renderer runs once, on the generated chart (as with helmfile's chartify)
  const { postRenderer: _pr, ...options } = prepared.options;
  const args = templateArgs(
    { ...options, postRendererArgs: [] },
    { ...prepared.chart, chart: chartDir, version: undefined, oci: false },
    ctx.helm,
    { includeCRDs: true },
  );
  const out = await runHelm(ctx.helm.path, args, {
    env: ctx.env,
    cwd: ctx.cwd,
    release: release.name,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  writePatchedChart(targetDir, release.name, chartDir, out.stdout, smp, json);
  const { version: _v, ...chart } = prepared.chart;
  const baseDigest = inputDigest([prepared.baseDigest, 'patches', toPlain(smp), json.map((j) => ({ ...j }))]);
  return withImages(
    {
      ...prepared,
      source: { kind: 'local', path: targetDir },
      chart: { ...chart, chart: targetDir, oci: false },
      baseDigest,
    },
    prepared.images ?? [],
  );
}
