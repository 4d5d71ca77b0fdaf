import { CommanderError } from 'commander';
import { HelmfireError } from '../errors.js';
import { LocalClusterError } from '../localcluster/errors.js';
import { NoMatchingReleaseError } from '../state/errors.js';

/** helmfile's exit codes: 0 ok, 1 error, 2 changes (with --detailed-exitcode), 130/143 on SIGINT/SIGTERM. */
/** helmfile's: 0 ok, 1 error, 2 changes (--detailed-exitcode), 3 no release matched the selectors, 130/143 signals. */
export const EXIT = { ok: 0, error: 1, changes: 2, noMatch: 3, usage: 1, sigint: 130, sigterm: 143 } as const;

/** Turns any error into the message a user sees and the exit code. */
export function describeError(err: unknown): { message: string; exitCode: number } {
  if (err instanceof CommanderError) return { message: '', exitCode: err.exitCode };
  if (err instanceof LocalClusterError) {
    return { message: `local cluster: ${err.message}`, exitCode: EXIT.error };
  }
  if (err instanceof NoMatchingReleaseError) return { message: err.message, exitCode: EXIT.noMatch };
  if (err instanceof HelmfireError) return { message: err.message, exitCode: EXIT.error };
  if (err instanceof Error)
    return { message: `unexpected error: ${err.stack ?? err.message}`, exitCode: EXIT.error };
  return { message: `unexpected error: ${String(err)}`, exitCode: EXIT.error };
}
