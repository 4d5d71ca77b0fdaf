export { describeRef, KubeClient, type ObjectRef } from './client.js';
export { type KubeTarget, loadKubeConfig } from './config.js';
export { KubeError, type KubeErrorCode } from './errors.js';
export { clusterLiveSource } from './live-source.js';
export { type ApiObject, KubeReader, type ResourceInfo } from './reader.js';
