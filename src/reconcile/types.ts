/**
 * The reconciler's vocabulary. One release at a time: observe what is
 * deployed, decide ONE action, run it, record it, repeat until there is
 * nothing to do. sync, apply, watch, drift-heal and the operator all drive
 * releases through this same loop; they differ only in the mode and in what
 * triggers them.
 */

/** Identity of a release: `[kubeContext/][namespace/]name`, as helmfile writes `needs`. */
export type ReleaseId = string;

/** What the state says a release should be. */
export interface DesiredRelease {
  readonly id: ReleaseId;
  readonly name: string;
  readonly namespace: string;
  readonly kubeContext?: string;
  /** `installed: false` in the state: the release must not exist. */
  readonly installed: boolean;
  /** Digest of every input that shapes the release (chart ref + version + content digest, values, flags). */
  readonly digest: string;
}

/** helm's release statuses (`helm status`), plus `absent` when there is no release record at all. */
export type HelmStatus =
  | 'absent'
  | 'deployed'
  | 'failed'
  | 'pending-install'
  | 'pending-upgrade'
  | 'pending-rollback'
  | 'uninstalling'
  | 'uninstalled'
  | 'superseded'
  | 'unknown';

/** What is deployed, as read back from helm (and, for `apply`, from the live cluster). */
export interface ObservedRelease {
  readonly status: HelmStatus;
  readonly revision?: number;
  /** The input digest recorded with the deployed revision, if helmfire deployed it. */
  readonly digest?: string;
  /** A revision that reached `deployed` before, for rolling back a stuck or failed upgrade. */
  readonly lastDeployedRevision?: number;
  /** For `apply`: the live objects differ from the desired ones (drift or a change helm would make). */
  readonly liveDiffers?: boolean;
}

/**
 * - `sync`: converge and always upgrade existing releases (helmfile sync: a new revision each time);
 * - `apply`: upgrade only releases whose inputs changed or whose live objects differ;
 * - `destroy`: uninstall.
 */
export type Mode = 'sync' | 'apply' | 'destroy';

export type Action =
  | { readonly kind: 'none'; readonly reason: string }
  | { readonly kind: 'install'; readonly reason: string }
  /** `heal`: the upgrade is to undo live drift, so the declared state wins over other field managers. */
  | { readonly kind: 'upgrade'; readonly reason: string; readonly heal?: boolean }
  | { readonly kind: 'uninstall'; readonly reason: string }
  /** Roll back to `revision`: recovers a release left pending by an interrupted helm. */
  | { readonly kind: 'rollback'; readonly revision: number; readonly reason: string }
  /** Uninstall a release that never reached `deployed`, so that it can be installed afresh. */
  | { readonly kind: 'reset'; readonly reason: string };

export type ActionKind = Action['kind'];

/** One step the reconciler took. */
export interface Step {
  readonly action: Action;
  readonly ok: boolean;
  readonly seconds: number;
  readonly error?: string;
}

export type Outcome = 'unchanged' | 'installed' | 'upgraded' | 'uninstalled' | 'failed' | 'skipped';

export interface ReleaseResult {
  readonly id: ReleaseId;
  readonly outcome: Outcome;
  readonly steps: readonly Step[];
  readonly seconds: number;
  readonly error?: string;
  /** Revision after the run, when the release exists. */
  readonly revision?: number;
}
