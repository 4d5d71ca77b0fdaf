import {
  atLeast,
  type ChartInputs,
  chartDownloadFlags,
  connectionFlags,
  forceFlags,
  type HelmTarget,
  namespaceAndValuesFlags,
  postRendererFlags,
  refuseAdopt,
  serverSideFlags,
  timeoutFlags,
  versionFlags,
  waitFlag,
} from './args.js';
import { HelmOptionsError, HelmUnsupportedError } from './args-errors.js';
import { checkReleaseLabels, formatLabels, HELM_SYSTEM_LABELS } from './labels.js';
import type { EffectiveOptions } from './options.js';

export interface UpgradeExtras {
  /**
   * Labels helmfire records on the release (e.g. `helmfire.io/digest`),
   * merged over the synced state labels. Checked strictly: helm stores them as
   * Kubernetes labels.
   */
  readonly recordLabels?: Readonly<Record<string, string>>;
  /** `--dry-run=client|server`: render and validate, change nothing. */
  readonly dryRun?: 'client' | 'server';
}

/**
 * `helm upgrade --install` for a release (helmfile's sync), in helmfile's
 * flag order. Throws HelmUnsupportedError / HelmOptionsError for settings the
 * helm major cannot carry out.
 */
export function upgradeArgs(
  opts: EffectiveOptions,
  inputs: ChartInputs,
  helm: HelmTarget,
  extras: UpgradeExtras = {},
): string[] {
  refuseAdopt(opts, helm);
  const oci = inputs.oci ?? inputs.chart.startsWith('oci://');
  const args = ['upgrade', '--install', inputs.name, inputs.chart];
  args.push(...versionFlags(inputs.version, opts.devel));
  if (opts.enableDNS) args.push('--enable-dns');
  if (opts.wait) args.push(waitFlag(helm, opts.trackMode));
  // With kubedog tracking helmfile leaves jobs to the tracker.
  if (opts.waitForJobs && opts.trackMode !== 'kubedog') args.push('--wait-for-jobs');
  if (!oci) {
    if (opts.verify) args.push('--verify');
    if (opts.keyring) args.push('--keyring', opts.keyring);
  }
  args.push(...timeoutFlags(opts.timeout));
  args.push(...forceFlags(opts, helm));
  args.push(...rollbackFlags(opts, helm));
  if (opts.cleanupOnFail) args.push('--cleanup-on-fail');
  if (opts.createNamespace) args.push('--create-namespace');
  if (opts.disableOpenAPIValidation) args.push('--disable-openapi-validation');
  args.push(...connectionFlags({ kubeContext: opts.kubeContext, kubeconfig: inputs.kubeconfig }));
  args.push(...chartDownloadFlags(opts));
  args.push(...labelFlags(opts, helm, extras.recordLabels));
  const pr = postRendererFlags(opts, helm);
  args.push(...pr.renderer);
  if (opts.description) args.push('--description', opts.description);
  args.push(...pr.args);
  if (opts.skipSchemaValidation) args.push('--skip-schema-validation');
  if (opts.hideNotes && atLeast(helm, '3.16.0')) args.push('--hide-notes');
  if (opts.takeOwnership && atLeast(helm, '3.17.0')) args.push('--take-ownership');
  args.push(...serverSideFlags(opts, helm));
  if (extras.dryRun) args.push(`--dry-run=${extras.dryRun}`);
  args.push(...opts.syncArgs);
  args.push(...namespaceAndValuesFlags(inputs));
  if (opts.skipCRDs) args.push('--skip-crds');
  args.push(opts.reuseValues ? '--reuse-values' : '--reset-values');
  args.push('--history-max', String(opts.historyMax));
  args.push(...opts.extraArgs);
  return args;
}

/**
 * `atomic` / `rollbackOnFailure`: helm 3 `--atomic`; helm 4 renamed it
 * `--rollback-on-failure` and helmfire, like helmfile, passes the new name
 * for either key there. `rollbackOnFailure` does not exist in helm 3.
 */
function rollbackFlags(
  opts: Pick<EffectiveOptions, 'atomic' | 'rollbackOnFailure'>,
  helm: HelmTarget,
): string[] {
  if (opts.atomic && opts.rollbackOnFailure) {
    throw new HelmOptionsError('atomic', 'atomic and rollbackOnFailure are mutually exclusive');
  }
  if (opts.rollbackOnFailure && helm.major === 3) {
    throw new HelmUnsupportedError('rollbackOnFailure', 3, 'use atomic on helm 3');
  }
  if (!opts.atomic && !opts.rollbackOnFailure) return [];
  return [helm.major === 3 ? '--atomic' : '--rollback-on-failure'];
}

/**
 * `--labels`: the state labels when `syncReleaseLabels` is on (helm's own
 * label names dropped, as helmfile drops them) plus helmfire's record labels.
 * helm before 3.13 has no release labels: synced labels are dropped there as
 * helmfile drops them, record labels are an error.
 */
function labelFlags(
  opts: Pick<EffectiveOptions, 'syncLabels'>,
  helm: HelmTarget,
  recordLabels: Readonly<Record<string, string>> | undefined,
): string[] {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.syncLabels ?? {})) {
    if (k !== '' && !HELM_SYSTEM_LABELS.has(k)) labels[k] = v;
  }
  const hasRecord = recordLabels !== undefined && Object.keys(recordLabels).length > 0;
  if (!atLeast(helm, '3.13.0')) {
    if (hasRecord) {
      throw new HelmUnsupportedError(
        'labels',
        helm.major,
        `release labels need helm 3.13 or later (have ${helm.version})`,
      );
    }
    return [];
  }
  Object.assign(labels, recordLabels);
  if (Object.keys(labels).length === 0) return [];
  checkReleaseLabels(labels);
  return ['--labels', formatLabels(labels)];
}
