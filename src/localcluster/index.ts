export { type ClusterRecord, type ClusterStatus, LocalCluster, NODE_NAME, type UpOptions } from './control-plane.js';
export { LocalClusterError } from './errors.js';
export { readToolVersions, resolveToolchain, type Toolchain } from './toolchain.js';
