import type { Action, DesiredRelease, Mode, ObservedRelease } from './types.js';

/**
 * Picks the ONE next action for a release — pure, so every decision can be
 * explained and tested without a cluster. Called again after each action
 * with a fresh observation, until it answers `none`.
 *
 * `done` lists the actions already taken in this run, so a release that
 * keeps failing to converge is not retried forever.
 */
export function decide(
  desired: DesiredRelease,
  observed: ObservedRelease,
  mode: Mode,
  done: readonly Action['kind'][] = [],
): Action {
  const s = observed.status;
  const gone = s === 'absent' || s === 'uninstalled';

  if (mode === 'destroy' || !desired.installed) {
    const why = mode === 'destroy' ? 'destroy' : 'installed: false in the state';
    if (gone) return { kind: 'none', reason: `not installed (${why})` };
    if (done.includes('uninstall')) return { kind: 'none', reason: 'uninstalled' };
    return { kind: 'uninstall', reason: why };
  }

  // A helm process that died mid-operation leaves the release locked in a pending state.
  if (
    s === 'pending-install' ||
    s === 'pending-upgrade' ||
    s === 'pending-rollback' ||
    s === 'uninstalling'
  ) {
    if (observed.lastDeployedRevision !== undefined && !done.includes('rollback')) {
      return {
        kind: 'rollback',
        revision: observed.lastDeployedRevision,
        reason: `release is stuck in ${s} (an interrupted helm); rolling back to revision ${observed.lastDeployedRevision}`,
      };
    }
    if (!done.includes('reset')) {
      return {
        kind: 'reset',
        reason: `release is stuck in ${s} and was never deployed; removing it to install afresh`,
      };
    }
    return { kind: 'none', reason: `release is still ${s} after recovery` };
  }

  if (gone) {
    if (done.includes('install')) return { kind: 'none', reason: 'installed' };
    return { kind: 'install', reason: 'not installed' };
  }

  if (s === 'failed' && observed.lastDeployedRevision === undefined && !done.includes('reset')) {
    // helm cannot upgrade a release that has no deployed revision
    return { kind: 'reset', reason: 'the first install failed; removing it to install afresh' };
  }

  if (done.includes('install') || done.includes('upgrade')) return { kind: 'none', reason: 'up to date' };

  if (mode === 'sync') return { kind: 'upgrade', reason: 'sync upgrades every release' };

  if (s === 'failed') return { kind: 'upgrade', reason: 'the last upgrade failed' };
  if (observed.digest !== desired.digest) {
    return {
      kind: 'upgrade',
      reason: observed.digest
        ? 'inputs changed since the last deploy'
        : 'deployed without a recorded input digest',
    };
  }
  if (observed.liveDiffers) {
    return { kind: 'upgrade', reason: 'live objects differ from the release (drift)', heal: true };
  }
  return { kind: 'none', reason: 'inputs and live state unchanged' };
}
