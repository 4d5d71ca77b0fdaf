import { HelmfireError } from '../errors.js';

export type HookErrorCode = 'HOOK_FAILED' | 'HOOK_INVALID' | 'HOOKS_DISABLED';

/**
 * A hook could not run or exited non-zero. The message follows helmfile's
 * (`hook[NAME]: command `CMD` failed: …`) and is prefixed with the release
 * when the hook is a release's, so a failure among many releases says whose.
 */
export class HookError extends HelmfireError {
  override readonly name = 'HookError';
  constructor(
    override readonly code: HookErrorCode,
    message: string,
    /** The combined output of the failed command, if it ran. */
    readonly output = '',
  ) {
    super(code, message);
  }
}
