import { HelmfireError } from '../errors.js';

/** A release cannot be prepared for helm: a values file is missing, a template fails, a chart cannot be found. */
export class PlanError extends HelmfireError {
  override readonly name = 'PlanError';
  constructor(
    readonly release: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('PLAN', `release "${release}": ${message}`, options);
  }
}
