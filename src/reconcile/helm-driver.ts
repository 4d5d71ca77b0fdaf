import {
  type ChartInputs,
  DIGEST_LABEL,
  type EffectiveOptions,
  type HelmBinary,
  lastDeployedRevision,
  observeRelease,
  releaseHistory,
  rollbackArgs,
  runHelm,
  uninstallArgs,
  upgradeArgs,
} from '../helm/index.js';
import type { ReleaseDriver } from './reconciler.js';
import type { Action, DesiredRelease, HelmStatus, Mode, ObservedRelease } from './types.js';

/** A release with everything helm needs to deploy it: effective options and resolved chart + values. */
export interface HelmRelease extends DesiredRelease {
  readonly options: EffectiveOptions;
  readonly chart: ChartInputs;
}

export interface HelmDriverOptions {
  readonly helm: HelmBinary;
  /** Environment of every helm process (kubeconfig, helm homes). */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * For `apply`: whether the release's live objects differ from what it
   * would deploy (a diff against the cluster). Asked only when the recorded
   * digest matches, i.e. when nothing else would trigger an upgrade.
   */
  readonly liveDiffers?: (release: HelmRelease, signal?: AbortSignal, revision?: number) => Promise<boolean>;
  /**
   * A cheaper way to a release's FIRST observation in a run (helm's records
   * read in bulk, without a helm process); undefined means ask helm. Later
   * observations, after the run's own actions, always ask helm.
   */
  readonly firstObservation?: (
    release: HelmRelease,
    signal?: AbortSignal,
  ) => Promise<ObservedRelease | undefined>;
  /** Called with every helm command line run (already masked by the caller if printed). */
  readonly onHelm?: (release: HelmRelease, args: readonly string[]) => void;
}

/**
 * The reconciler's hands and eyes on a real cluster, through the helm
 * binary. Each deploy records the release's input digest as a label on
 * helm's release record, so a later `apply` can tell "nothing changed"
 * from one cheap `helm get metadata`.
 */
export class HelmReleaseDriver implements ReleaseDriver<HelmRelease> {
  constructor(private readonly o: HelmDriverOptions) {}

  async observe(r: HelmRelease, mode: Mode, signal?: AbortSignal, acted = false): Promise<ObservedRelease> {
    const seen =
      (!acted && (await this.o.firstObservation?.(r, signal))) || (await this.observeWithHelm(r, signal));
    if (
      mode === 'apply' &&
      !acted &&
      seen.status === 'deployed' &&
      seen.digest === r.digest &&
      this.o.liveDiffers
    ) {
      return { ...seen, liveDiffers: await this.o.liveDiffers(r, signal, seen.revision) };
    }
    return seen;
  }

  private async observeWithHelm(r: HelmRelease, signal?: AbortSignal): Promise<ObservedRelease> {
    const q = this.query(r, signal);
    const seen = await observeRelease(this.o.helm, { ...q, labels: true });
    if (!seen.exists) return { status: 'absent' };
    const status = seen.status as HelmStatus;
    const digest = seen.labels?.[DIGEST_LABEL];
    let lastDeployed: number | undefined = status === 'deployed' ? seen.revision : undefined;
    if (status !== 'deployed')
      lastDeployed = lastDeployedRevision(await releaseHistory(this.o.helm, q), seen.revision);
    return {
      status,
      revision: seen.revision,
      ...(digest ? { digest } : {}),
      ...(lastDeployed !== undefined ? { lastDeployedRevision: lastDeployed } : {}),
    };
  }

  async act(r: HelmRelease, action: Action, signal?: AbortSignal): Promise<void> {
    const target = {
      name: r.name,
      namespace: r.namespace,
      ...(r.chart.kubeconfig ? { kubeconfig: r.chart.kubeconfig } : {}),
    };
    let args: string[];
    switch (action.kind) {
      case 'install':
      case 'upgrade': {
        // Healing drift on helm 4: server-side apply would refuse fields another manager
        // (kubectl scale, kubectl edit) took over; the declared state must win.
        const heal = action.kind === 'upgrade' && action.heal === true && this.o.helm.major === 4;
        const opts = heal ? { ...r.options, forceConflicts: true } : r.options;
        args = upgradeArgs(opts, r.chart, this.o.helm, { recordLabels: { [DIGEST_LABEL]: r.digest } });
        break;
      }
      case 'uninstall':
      case 'reset':
        args = uninstallArgs(r.options, target, this.o.helm);
        break;
      case 'rollback':
        args = rollbackArgs(r.options, target, this.o.helm, action.revision);
        break;
      case 'none':
        return;
    }
    this.o.onHelm?.(r, args);
    await runHelm(this.o.helm.path, args, { env: this.o.env, signal, release: r.name });
  }

  private query(r: HelmRelease, signal?: AbortSignal) {
    return {
      name: r.name,
      namespace: r.namespace,
      ...(r.options.kubeContext ? { kubeContext: r.options.kubeContext } : {}),
      ...(r.chart.kubeconfig ? { kubeconfig: r.chart.kubeconfig } : {}),
      ...(this.o.env ? { env: this.o.env } : {}),
      ...(signal ? { signal } : {}),
    };
  }
}
