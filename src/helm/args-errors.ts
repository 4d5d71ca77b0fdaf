import { HelmfireError } from '../errors.js';

/**
 * A release or helmDefaults key asks for something the helm binary in use
 * cannot do (e.g. `recreatePods` on helm 4, `rollbackOnFailure` on helm 3).
 * Raised before helm runs, naming the key and the major.
 */
export class HelmUnsupportedError extends HelmfireError {
  override readonly name = 'HelmUnsupportedError';
  constructor(
    readonly key: string,
    readonly major: 3 | 4,
    detail: string,
  ) {
    super('HELM_UNSUPPORTED', `${key} is not supported by helm ${major}: ${detail}`);
  }
}

/** Keys that contradict each other or carry a value helm would reject (`serverSide: maybe`, a bad label). */
export class HelmOptionsError extends HelmfireError {
  override readonly name = 'HelmOptionsError';
  constructor(
    readonly key: string,
    message: string,
  ) {
    super('HELM_OPTIONS', message);
  }
}
