export { runLockKey } from './key.js';
export {
  type AcquireOptions,
  acquireRunLock,
  LockBusyError,
  type LockKey,
  type LockOwner,
  lockPath,
  RunLock,
} from './run-lock.js';
