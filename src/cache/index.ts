import { join } from 'node:path';
import { helmfireCacheDir } from '../util/cache-dir.js';

export {
  ChartCache,
  type ChartCacheOptions,
  chartCacheKey,
  chartName,
  isExactVersion,
  type LocalChart,
  type RemoteChart,
} from './chart-cache.js';
export {
  type ChartDependency,
  chartDependencies,
  DependencyBuilder,
  type DependencyBuilderOptions,
  type DependencyOutcome,
  dependencyInputsDigest,
} from './chart-deps.js';
export { ChartCacheError } from './errors.js';
export { detectHelmCached, whichBinary } from './helm-version.js';
export { RenderCache, renderKey } from './render-cache.js';

/** Where each of helmfire's helm caches lives, under `helmfireCacheDir` (or `root`). */
export function cacheDirs(root: string = helmfireCacheDir()): {
  charts: string;
  renders: string;
  deps: string;
} {
  return { charts: join(root, 'charts'), renders: join(root, 'renders'), deps: join(root, 'deps') };
}
