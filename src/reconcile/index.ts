export { decide } from './decide.js';
export {
  type HelmDriverOptions,
  type HelmRelease,
  HelmReleaseDriver,
  type ImagesDeployed,
} from './helm-driver.js';
export { type ReconcileEvent, Reconciler, type ReconcilerOptions, type ReleaseDriver } from './reconciler.js';
export { type PlanOptions, runPlan } from './run-plan.js';
export type * from './types.js';
