import { statSync } from 'node:fs';
import {
  type ChartInputs,
  type CliHelmOverrides,
  effectiveOptions,
  type HelmDefaultsKeys,
  type HelmInfo,
  type ReleaseHelmKeys,
  type SetItem,
} from '../helm/index.js';
import type { HelmRelease } from '../reconcile/helm-driver.js';
import type { ResolvedRelease, ResolvedState } from '../state/model.js';
import type { SetValueSpec } from '../state/spec.js';
import { chartSubstitutionFor, type ImageSubstitution, type Substitutions } from '../substitute/index.js';
import { sprint } from '../template/fmt/index.js';
import { type ChartSource, resolveChart } from './chart.js';
import { chartDirDigest, inputDigest } from './digest.js';
import { PlanError } from './errors.js';
import { materializeValues, type ValuesContext } from './values.js';

export interface PlanContext extends ValuesContext {
  readonly helm: HelmInfo;
  /** `--kubeconfig`, passed on to helm. */
  readonly kubeconfig?: string;
  /** Command-line settings that override the state (`--wait`, `--timeout`, `--args`, …). */
  readonly cli?: CliHelmOverrides;
  /** `--set` and `--values` of the command line, after each release's own. */
  readonly extraSet?: readonly string[];
  readonly extraValues?: readonly string[];
  /** Live substitutions (`helmfire chart`, `helmfire image`): applied over the state. */
  readonly substitutions?: Substitutions;
}

/** A release ready for helm: the reconciler's input, plus where its chart comes from. */
export interface PreparedRelease extends HelmRelease {
  readonly source: ChartSource;
  /** The state file it comes from (for messages). */
  readonly stateFile: string;
  /** Ids of the releases it needs. */
  readonly needs: readonly string[];
  /** The chart the state names, when a chart substitution replaced it with a local directory. */
  readonly substitutedChart?: string;
  /** Image substitutions to apply to what helm renders for this release. */
  readonly images?: readonly ImageSubstitution[];
  /** The digest of the release's own inputs, before image substitutions. */
  readonly baseDigest: string;
}

const withImagesDigest = (base: string, images: readonly ImageSubstitution[]) =>
  images.length ? inputDigest([base, images.map((i) => [i.from, i.to])]) : base;

/**
 * The release with only `images` substituted (those matching an image it
 * renders): a substitution that touches none of its images leaves its
 * digest, and so its deployment, alone.
 */
export function withImages(p: PreparedRelease, images: readonly ImageSubstitution[]): PreparedRelease {
  const { images: _old, ...rest } = p;
  return {
    ...rest,
    digest: withImagesDigest(p.baseDigest, images),
    ...(images.length ? { images } : {}),
  };
}

const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/**
 * Turns a loaded release into everything helm needs: values as files,
 * chart source, effective options (helmDefaults, repository, environment
 * and command line applied), and the digest of all of it — the digest is
 * what `apply` and watch mode compare to decide whether a release changed.
 */
export async function prepareRelease(
  state: ResolvedState,
  release: ResolvedRelease,
  ctx: PlanContext,
): Promise<PreparedRelease> {
  const chartSub = ctx.substitutions
    ? chartSubstitutionFor(ctx.substitutions.charts, release.chart, release.version)
    : undefined;
  const source: ChartSource = chartSub
    ? { kind: 'local', path: chartSub.dir }
    : resolveChart(release.chartOverride ?? release.chart, state.baseDir, state.repositories, isDir);
  const images = ctx.substitutions?.images ?? [];
  const repository =
    source.kind === 'repo' || source.kind === 'oci'
      ? state.repositories.find((r) => release.chart.startsWith(`${r.name}/`))
      : undefined;
  let options: ReturnType<typeof effectiveOptions>;
  try {
    options = effectiveOptions(release.spec as ReleaseHelmKeys, state.helmDefaults as HelmDefaultsKeys, {
      ...(state.environment.kubeContext ? { environmentKubeContext: state.environment.kubeContext } : {}),
      apiVersions: state.apiVersions,
      ...(state.kubeVersion ? { kubeVersion: state.kubeVersion } : {}),
      ...(repository ? { repository } : {}),
      ...(ctx.cli ? { cli: ctx.cli } : {}),
      ociChart: source.kind === 'oci',
    });
  } catch (err) {
    throw new PlanError(release.name, (err as Error).message, { cause: err });
  }
  const values = await materializeValues(state, release, ctx);
  const chart: ChartInputs = {
    name: release.name,
    ...(release.namespace ? { namespace: release.namespace } : {}),
    ...(ctx.kubeconfig ? { kubeconfig: ctx.kubeconfig } : {}),
    chart: source.kind === 'local' ? source.path : source.ref,
    ...(release.version && !chartSub ? { version: release.version } : {}),
    oci: source.kind === 'oci',
    valuesFiles: values.map((v) => v.path),
    set: release.set.map(toSetItem),
    setString: release.setString.map(toSetItem),
    ...(ctx.extraValues?.length ? { extraValuesFiles: ctx.extraValues } : {}),
    ...(ctx.extraSet?.length ? { extraSet: ctx.extraSet } : {}),
  };
  const baseDigest = inputDigest([
    'helmfire/1',
    ctx.helm.major,
    source.kind === 'local'
      ? { local: chartDirDigest(source.path) }
      : { ref: chart.chart, version: chart.version ?? '' },
    values.map((v) => v.digest),
    chart.set,
    chart.setString,
    chart.extraSet ?? [],
    options,
  ]);
  const digest = withImagesDigest(baseDigest, images);
  return {
    id: release.id,
    name: release.name,
    namespace: release.namespace,
    ...(release.kubeContext ? { kubeContext: release.kubeContext } : {}),
    installed: release.installed,
    digest,
    baseDigest,
    options,
    chart,
    source,
    stateFile: release.stateFile,
    needs: release.needs,
    ...(chartSub ? { substitutedChart: release.chart } : {}),
    ...(images.length ? { images } : {}),
  };
}

function toSetItem(s: SetValueSpec): SetItem {
  return {
    name: s.name ?? '',
    ...(s.value !== undefined ? { value: s.value } : {}),
    ...(s.file !== undefined ? { file: s.file } : {}),
    ...(s.values !== undefined ? { values: s.values.map((v) => sprint(v)) } : {}),
  };
}
