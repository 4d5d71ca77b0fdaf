import { basename } from 'node:path';
import { type DecryptedSops, type DecryptOptions, decryptSopsFile } from './decrypt.js';
import { type SecretFileOptions, withSecretFile } from './tempfile.js';

/**
 * Decrypts a sops file and hands `fn` the path of a private 0600 copy of the
 * plaintext (same base name, e.g. for `helm --values`), removed afterwards
 * whether `fn` succeeds or throws.
 */
export async function withDecryptedFile<T>(
  path: string,
  fn: (plaintextPath: string, decrypted: DecryptedSops) => Promise<T> | T,
  opts: DecryptOptions & Pick<SecretFileOptions, 'dir'> = {},
): Promise<T> {
  const decrypted = await decryptSopsFile(path, opts);
  return withSecretFile(decrypted.text, (p) => fn(p, decrypted), { dir: opts.dir, name: basename(path) });
}
