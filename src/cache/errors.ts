import { HelmfireError } from '../errors.js';

/** A chart could not be fetched into helmfire's chart cache, or a cache entry is unusable. */
export class ChartCacheError extends HelmfireError {
  override readonly name = 'ChartCacheError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('CHART_CACHE', message, options);
  }
}
