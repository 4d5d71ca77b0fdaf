import { HelmfireError } from '../errors.js';

/**
 * Stable codes of secrets failures. Messages name the file and what was
 * expected; they never contain a decrypted value or key material.
 */
export type SecretsErrorCode =
  | 'SOPS_READ_FAILED'
  | 'SOPS_PARSE_FAILED'
  | 'SOPS_NOT_ENCRYPTED'
  | 'SOPS_METADATA_INVALID'
  | 'SOPS_NO_AGE_IDENTITY'
  | 'SOPS_KEY_MISMATCH'
  | 'SOPS_DECRYPT_FAILED'
  | 'SOPS_MAC_MISMATCH'
  | 'SOPS_UNSUPPORTED'
  | 'SOPS_BINARY_MISSING'
  | 'SOPS_BINARY_FAILED';

export class SecretsError extends HelmfireError {
  override readonly name = 'SecretsError';
  constructor(
    override readonly code: SecretsErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}
