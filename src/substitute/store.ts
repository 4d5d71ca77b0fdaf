import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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

/** Read, change and write back the set. */
export function updateSubstitutions(
  file: string,
  change: (s: Substitutions) => Substitutions,
): Substitutions {
  const next = change(readSubstitutions(file));
  writeSubstitutions(file, next);
  return next;
}
