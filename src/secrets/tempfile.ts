/**
 * Decrypted content meets the disk only here: in a 0600 file inside a fresh
 * 0700 directory, removed when the caller is done — also when it throws, and
 * on process exit for anything still outstanding.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const live = new Set<string>();
let exitHookInstalled = false;

function removeAll(): void {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
  live.clear();
}

export interface SecretFile {
  /** Path of the 0600 file holding the content. */
  readonly path: string;
  /** Removes the file and its directory; safe to call twice. */
  dispose(): void;
}

export interface SecretFileOptions {
  /** Parent directory (default: $HELMFIRE_TEMPDIR, else the OS temp dir). */
  dir?: string;
  /** File name inside the private directory, e.g. `values.yaml`. */
  name?: string;
}

/** Writes `content` to a private temp file; the caller must dispose() it. */
export function writeSecretFile(content: string | Buffer, opts: SecretFileOptions = {}): SecretFile {
  const parent = opts.dir ?? process.env.HELMFIRE_TEMPDIR ?? tmpdir();
  const dir = mkdtempSync(join(parent, 'helmfire-secret-'));
  live.add(dir);
  if (!exitHookInstalled) {
    process.once('exit', removeAll);
    exitHookInstalled = true;
  }
  const path = join(dir, opts.name ?? 'secret');
  try {
    writeFileSync(path, content, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    live.delete(dir);
    throw e;
  }
  return {
    path,
    dispose() {
      rmSync(dir, { recursive: true, force: true });
      live.delete(dir);
    },
  };
}

/** Runs `fn` with a private temp file holding `content`, and removes it afterwards whatever happens. */
export async function withSecretFile<T>(
  content: string | Buffer,
  fn: (path: string) => Promise<T> | T,
  opts: SecretFileOptions = {},
): Promise<T> {
  const file = writeSecretFile(content, opts);
  try {
    return await fn(file.path);
  } finally {
    file.dispose();
  }
}
