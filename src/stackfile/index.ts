/**
 * helmstack stackfiles (`stackfile.yaml`): releases with helmstack's
 * environment overlays, `${…}` variables, `.env` files and several files
 * merged in order, loaded into the same desired state as helmfile state (see
 * load.ts). `src/api/state.ts` calls `findStackfiles` and `loadStackfiles`.
 */
export { DEFAULT_STACKFILES, findStackfiles, isStackfile } from './detect.js';
export { parseDotenv } from './dotenv.js';
export { StackfileError, type StackfileErrorCode } from './errors.js';
export { expandVariables } from './expand.js';
export { loadStackfiles, type TranslatedStack, translateStackfiles, withStateText } from './load.js';
