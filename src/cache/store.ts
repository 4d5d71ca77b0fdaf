import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * File-system primitives of helmfire's caches. Every cache entry is created
 * under a temporary name and renamed into place, so a reader never sees a
 * half-written entry and several helmfire processes can fill one cache at
 * once without locks: the first rename wins, the others drop their copy.
 */

/** Creates `dir` (and parents) private to the user. */
export function privateDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** A fresh sibling name for an entry being written. */
export function incomingName(target: string): string {
  return join(dirname(target), `.incoming-${process.pid}-${randomBytes(6).toString('hex')}`);
}

/** Writes a file atomically (0600): temp file in the same directory, then rename. */
export function writeFileAtomic(path: string, data: string | Buffer): void {
  privateDir(dirname(path));
  const tmp = incomingName(path);
  try {
    writeFileSync(tmp, data, { mode: 0o600 });
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * Moves a finished directory into place. Returns false when another process
 * put the same entry there first (ours is then removed; theirs is as good).
 */
export function publishDir(from: string, to: string): boolean {
  try {
    renameSync(from, to);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') {
      rmSync(from, { recursive: true, force: true });
      return false;
    }
    throw err;
  }
}
