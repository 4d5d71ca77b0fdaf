/**
 * The state engine: loads helmfile v1 state files exactly as helmfile does
 * into helmfire's desired-state model. Start with `StateLoader` (or the
 * programmatic API in src/api/state.ts); see model.ts for what it produces.
 */
export { buildDocument, stateToYaml } from './build-output.js';
export { conditionEnabled } from './condition.js';
export { normalizeNeed, type PlanNode, type PlanOptions, planGroups, releaseId } from './dag.js';
export { findStateFiles } from './discover.js';
export { embedValues } from './embed.js';
export {
  type Environment,
  environmentTemplateData,
  mergedValues,
  releaseTemplateData,
} from './environment.js';
export * from './errors.js';
export { HostFileNotFound, memoryHost, type StateHost } from './host.js';
export { formatListJson, formatListTable, type ListRow, listRows } from './list-output.js';
export { type LoadStateOptions, StateLoader, type StateLoaderOptions } from './loader.js';
export type { DesiredState, Repository, ResolvedRelease, ResolvedState, ValuesSource } from './model.js';
export { nodeHost } from './node-host.js';
export { planState } from './plan.js';
export { defaultRenderer, type TemplateRenderer } from './render.js';
export { parseSelector, type Selector, selectorMatches } from './selector.js';
export type * from './spec.js';
