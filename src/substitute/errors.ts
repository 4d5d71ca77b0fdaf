import { HelmfireError } from '../errors.js';

export type SubstituteErrorCode =
  | 'SUBSTITUTIONS_UNREADABLE'
  | 'SUBSTITUTIONS_LOCKED'
  | 'CHART_DIR_INVALID'
  | 'IMAGE_REF_INVALID'
  | 'SUBSTITUTION_NOT_FOUND';

export class SubstituteError extends HelmfireError {
  override readonly name = 'SubstituteError';
  constructor(code: SubstituteErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
