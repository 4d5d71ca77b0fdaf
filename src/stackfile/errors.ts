import { HelmfireError } from '../errors.js';
import { formatLocation, type SourceLocation } from '../state/errors.js';

/**
 * Errors of the stackfile loader. Like the state engine's, each names where
 * the problem is (file, line and column when known) and, when there is one,
 * the likely fix.
 */

export type StackfileErrorCode =
  /** A key or value the stackfile format does not allow. */
  | 'STACKFILE_INVALID'
  /** A `${name}` that cannot be resolved, or malformed. */
  | 'STACKFILE_VARIABLE'
  /** `-e NAME` names an environment the stackfile does not define. */
  | 'STACKFILE_ENVIRONMENT'
  /** A stackfile or overlay file that does not exist. */
  | 'STACKFILE_NOT_FOUND'
  /** A `.env` file that cannot be parsed. */
  | 'STACKFILE_DOTENV';

export class StackfileError extends HelmfireError {
  override readonly name = 'StackfileError';
  declare readonly code: StackfileErrorCode;
  constructor(
    code: StackfileErrorCode,
    message: string,
    readonly location?: SourceLocation,
    options?: { cause?: unknown },
  ) {
    super(code, location ? `${formatLocation(location)}: ${message}` : message, options);
  }
}
