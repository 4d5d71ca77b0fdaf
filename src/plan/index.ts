export { type ChartSource, resolveChart } from './chart.js';
export { chartDirDigest, inputDigest } from './digest.js';
export { PlanError } from './errors.js';
export { type PlanContext, type PreparedRelease, prepareRelease, withImages } from './prepare.js';
export { syncRepositories } from './repos.js';
export { type MaterializedValues, materializeValues, type ValuesContext } from './values.js';
