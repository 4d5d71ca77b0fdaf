import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { SubstituteError } from './errors.js';
import { NO_SUBSTITUTIONS, type Substitutions } from './types.js';

/** Where a project's substitutions live: `.helmfire/substitutions.json` beside its state file. */
export function substitutionsFile(projectDir: string): string {
  return join(projectDir, '.helmfire', 'substitutions.json');
}

/** The substitution set stored at `file`; none when the file does not exist. */
export function readSubstitutions(file: string): Substitutions {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return NO_SUBSTITUTIONS;
    throw new SubstituteError('SUBSTITUTIONS_UNREADABLE', `${file}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new SubstituteError(
      'SUBSTITUTIONS_UNREADABLE',
      `${file}: not valid JSON (${(err as Error).message}); remove the file or fix it by hand`,
      { cause: err },
    );
  }
  const d = data as Partial<Substitutions> & { version?: unknown };
  if (d === null || typeof d !== 'object' || (d.version !== undefined && d.version !== 1))
    throw new SubstituteError(
      'SUBSTITUTIONS_UNREADABLE',
      `${file}: expected {"version":1,"charts":[…],"images":[…]}, found ${text.slice(0, 80)}`,
    );
  return {
    charts: Array.isArray(d.charts) ? d.charts : [],
    images: Array.isArray(d.images) ? d.images : [],
  };
}

/**
 * Writes the set atomically (a temp file renamed over the old one), so a
 * watcher in another process never reads half a file.
 */
export function writeSubstitutions(file: string, subs: Substitutions): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(
    tmp,
    `${JSON.stringify({ version: 1, charts: subs.charts, images: subs.images }, null, 2)}\n`,
  );
  renameSync(tmp, file);
}

/** A lock older than this was left by a process that died: it is broken. */
const STALE_LOCK_MS = 10_000;

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Read, change and write back the set, holding `<file>.lock` meanwhile, so
 * two `helmfire chart`/`helmfire image` commands run at the same moment
 * both land (each write alone is atomic; the read-change-write is not).
 */
export function updateSubstitutions(
  file: string,
  change: (s: Substitutions) => Substitutions,
  options: { lockTimeoutMs?: number } = {},
): Substitutions {
  const lock = `${file}.lock`;
  mkdirSync(dirname(file), { recursive: true });
  const start = Date.now();
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let age: number | undefined;
    try {
      age = Date.now() - statSync(lock).mtimeMs;
    } catch {
      continue; // released meanwhile
    }
    if (age > STALE_LOCK_MS) {
      try {
        unlinkSync(lock);
      } catch {
        // another process broke it first
      }
      continue;
    }
    if (Date.now() - start > (options.lockTimeoutMs ?? 5_000))
      throw new SubstituteError(
        'SUBSTITUTIONS_LOCKED',
        `${lock}: another helmfire chart/image command is changing the substitutions; try again (the lock is broken by itself after ${STALE_LOCK_MS / 1000}s if its process died)`,
      );
    sleepSync(20);
  }
  try {
    const next = change(readSubstitutions(file));
    writeSubstitutions(file, next);
    return next;
  } finally {
    try {
      unlinkSync(lock);
    } catch {
      // already gone
    }
  }
}
