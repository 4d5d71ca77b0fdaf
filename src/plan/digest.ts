import { createHash, type Hash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';

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
        const bytes = readFileSync(p);
        if (!(name.endsWith('.tgz') && hashArchive(h, bytes))) h.update(bytes);
        h.update('\0');
      }
    }
  };
  walk(dir);
  return h.digest('hex');
}

/**
 * A packaged dependency (`charts/*.tgz`) by its files' names and contents:
 * helm 3 packs the same chart with new timestamps on every dependency
 * build, which must not count as a change. False when it is not a tar.gz.
 */
function hashArchive(h: Hash, gz: Buffer): boolean {
  let tar: Buffer;
  try {
    tar = gunzipSync(gz);
  } catch {
    return false;
  }
  const text = (b: Buffer) => b.toString('utf8').replace(/\0.*$/s, '');
  for (let off = 0; off + 512 <= tar.length; ) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const size = Number.parseInt(text(header.subarray(124, 136)).trim() || '0', 8);
    if (!Number.isFinite(size) || size < 0) return false;
    const type = String.fromCharCode(header[156] ?? 0);
    const prefix = text(header.subarray(345, 500));
    const name = prefix ? `${prefix}/${text(header.subarray(0, 100))}` : text(header.subarray(0, 100));
    const data = tar.subarray(off + 512, off + 512 + size);
    if (type === '0' || type === '\0' || type === '') {
      h.update(name);
      h.update('\0');
      h.update(data);
      h.update('\0');
    }
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return true;
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
