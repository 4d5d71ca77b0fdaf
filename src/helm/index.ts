export { detectHelm, type HelmInfo } from './binary.js';
export { HelmBinaryError, HelmError } from './errors.js';
export { type HelmResult, type HelmRunOptions, runHelm } from './exec.js';
export { asAppliedByHelm, isHook, parseManifest } from './manifest.js';
export { MASK, maskArgs } from './mask.js';
