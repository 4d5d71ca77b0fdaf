/** helmfire's programmatic API. */
export { localClusterDown, localClusterStatus, localClusterUp } from './api/local-cluster.js';
export { runCli } from './cli/cli.js';
export { HelmfireError, UsageError } from './errors.js';
export { VERSION } from './version.js';
