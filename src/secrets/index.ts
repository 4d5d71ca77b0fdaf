export { ageDecrypt, parseX25519Identity } from './age.js';
export {
  type DecryptedSops,
  type DecryptOptions,
  decryptSopsFile,
  decryptSopsFileSync,
  formatForContent,
  formatForPath,
  plainValues,
  type SopsFormat,
} from './decrypt.js';
export { SecretsError, type SecretsErrorCode } from './errors.js';
export {
  AGE_KEY_CMD_ENV,
  AGE_KEY_ENV,
  AGE_KEY_FILE_ENV,
  defaultAgeKeyFile,
  loadAgeIdentities,
} from './keys.js';
export { withDecryptedFile } from './materialise.js';
export { type SecretFile, type SecretFileOptions, withSecretFile, writeSecretFile } from './tempfile.js';
export { Branch, Comment, GoFloat, GoInt, GoTime, type PlainValue, toPlain } from './tree.js';
