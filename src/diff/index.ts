export { type DiffInput, type DiffOptions, diffRelease, type LiveSource } from './compute.js';
export { compareFields } from './fields.js';
export { groupOf, keyOf, keyString, keyTitle } from './keys.js';
export { ignorePath, type Normalizer, normalize, stripServerFields } from './normalize.js';
export { type RenderOptions, renderReleaseDiff, summarize, toYaml } from './render.js';
export { isSecret, SECRET_MASK } from './secrets.js';
export type * from './types.js';
