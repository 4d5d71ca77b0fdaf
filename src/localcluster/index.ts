export {
  type ClusterRecord,
  type ClusterStatus,
  type ComponentStatus,
  LocalCluster,
  NODE_NAME,
  type UpOptions,
} from './control-plane.js';
export { ensureLocalCluster, localClusterDir } from './default-cluster.js';
export { LocalClusterError } from './errors.js';
export { readToolVersions, resolveToolchain, type Toolchain } from './toolchain.js';
