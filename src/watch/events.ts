import type { DeployResult, DeployRunResult } from '../api/deploy.js';

/** What watch mode reports: an event per evaluation, a summary at the end. */

/** One release acted on in a watch event. */
export interface WatchRelease {
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  readonly outcome: string;
  readonly revision?: number;
  readonly error?: string;
}

/**
 * What one evaluation did: the first run (`initial`) or a batch of file
 * changes (`change`).
 * - `applied`: releases were deployed (all of them succeeded);
 * - `unchanged`: the state was evaluated and no release's inputs changed;
 * - `failed`: helm failed for some release, or the run could not start (helm, the cluster, a
 *   hook, another run holding the lock); tried again on the next change;
 * - `invalid`: the state, a values file or a chart could not be evaluated (the last good deploy stays);
 * - `interrupted`: stopped while it ran.
 */
export interface WatchEvent {
  readonly kind: 'initial' | 'change';
  /** Changed paths, relative to the project directory. */
  readonly files: readonly string[];
  readonly result: 'applied' | 'unchanged' | 'failed' | 'invalid' | 'interrupted';
  readonly releases: readonly WatchRelease[];
  /** Why the evaluation or the run failed (state errors name file, line and column). */
  readonly error?: string;
  readonly seconds: number;
  /** The run's full result, when releases were deployed. */
  readonly deploy?: DeployResult;
}

export interface WatchSummary {
  readonly events: number;
  readonly upgraded: number;
  readonly failed: number;
  readonly interrupted: boolean;
  readonly seconds: number;
}

/** The event of an evaluation that ran its deploy. */
export function eventOf(
  first: boolean,
  files: readonly string[],
  res: DeployRunResult,
  t0: number,
): WatchEvent {
  const { states: _states, ...deploy } = res;
  const releases = res.releases.map((r) => ({
    id: r.id,
    name: r.name,
    namespace: r.namespace,
    outcome: r.outcome,
    ...(r.revision !== undefined ? { revision: r.revision } : {}),
    ...(r.error ? { error: r.error } : {}),
  }));
  const result = res.interrupted
    ? 'interrupted'
    : res.failed
      ? 'failed'
      : res.changed
        ? 'applied'
        : 'unchanged';
  return {
    kind: first ? 'initial' : 'change',
    files,
    result,
    releases,
    ...(res.failed
      ? {
          error: [
            ...res.errors,
            ...res.releases.flatMap((r) => (r.error ? [`${r.name}: ${r.error}`] : [])),
          ].join('\n'),
        }
      : {}),
    seconds: secs(t0),
    deploy,
  };
}
function secs(t0: number): number {
  return Math.round(performance.now() - t0) / 1000;
}
