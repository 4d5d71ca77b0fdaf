import { HelmfireError } from '../errors.js';

export type KubeErrorCode =
  | 'KUBECONFIG'
  | 'CONTEXT_NOT_FOUND'
  | 'UNREACHABLE'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'API';

/** A failure talking to a cluster; the message names the context and the object. */
export class KubeError extends HelmfireError {
  override readonly name = 'KubeError';
  constructor(
    override readonly code: KubeErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(code, message);
  }
}
