import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Digest of a local chart directory: every file's path and content, so any
 * edit (a template, values.yaml, a built dependency) changes it.
 */
export function chartDirDigest(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (name === '.git') continue;
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) {
        h.update(relative(dir, p));
        h.update('\0');
        h.update(readFileSync(p));
        h.update('\0');
      }
    }
  };
  walk(dir);
  return h.digest('hex');
}

/** Label-safe digest (helm stores release labels as Kubernetes labels: 63 characters at most). */
export function inputDigest(parts: readonly unknown[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    h.update(typeof p === 'string' || Buffer.isBuffer(p) ? p : JSON.stringify(p));
    h.update('\0');
  }
  return h.digest('hex').slice(0, 40);
}
