import { posix } from 'node:path';
import { InvalidStateError, UnsupportedFeatureError, ValuesFileError } from './errors.js';
import { GlobPatternError, glob } from './glob.js';
import type { StateHost } from './host.js';
import { closest } from './suggest.js';

/**
 * Values, secrets and sub-helmfile paths as helmfile resolves them: relative
 * to the directory of the state file being loaded (for bases too: the file
 * that lists them), globs expanded and sorted, a missing file handled by
 * `missingFileHandler` (`Error`, or `Warn`/`Info`/`Debug` to skip it).
 */

export const MISSING_FILE_HANDLERS = ['Error', 'Warn', 'Info', 'Debug'] as const;

/** go-getter style remote paths (`git::https://…`, `s3::…`, `https://…`) helmfire does not fetch yet. */
export function isRemotePath(path: string): boolean {
  return /^[a-zA-Z0-9+.-]+::/.test(path) || /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(path);
}

export function absPath(baseDir: string, path: string): string {
  return posix.isAbsolute(path) ? posix.normalize(path) : posix.join(baseDir, path);
}

/** Sorted matches of a path or glob relative to `baseDir`. */
export function expandPaths(host: StateHost, baseDir: string, pattern: string): string[] {
  try {
    return glob(host, absPath(baseDir, pattern)).sort();
  } catch (err) {
    if (err instanceof GlobPatternError)
      throw new InvalidStateError(`failed processing ${pattern}: syntax error in pattern`);
    throw err;
  }
}

/**
 * A nearby file with a similar name, as the entry would spell it
 * (`values/defaults.yaml` for a missing `values/default.yaml`), or undefined.
 */
export function similarPath(host: StateHost, baseDir: string, path: string): string | undefined {
  if (/[*?[{]/.test(path)) return undefined;
  const abs = absPath(baseDir, path);
  const dir = posix.dirname(abs);
  if (host.stat(dir) !== 'dir') return undefined;
  let names: string[];
  try {
    names = host.readDir(dir);
  } catch {
    return undefined;
  }
  const base = posix.basename(abs);
  const near = closest(
    base,
    names.filter((n) => n !== base && !n.startsWith('.')),
  );
  if (near === undefined) return undefined;
  const slash = path.lastIndexOf('/');
  return slash < 0 ? near : `${path.slice(0, slash + 1)}${near}`;
}

/**
 * The files a values/secrets entry names, or `undefined` when none exists and
 * the handler says to skip. `title` is e.g. "environment values"; `source`
 * says where the entry is written (`<file>: environments.default.values[0]`).
 */
export function resolveFiles(
  host: StateHost,
  baseDir: string,
  handler: string | undefined,
  title: string,
  path: string,
  stateFile: string,
  source?: string,
): string[] | undefined {
  if (isRemotePath(path)) {
    throw new UnsupportedFeatureError(
      `${title} file "${path}": remote files (go-getter URLs) are not supported by helmfire yet; download the file and refer to it by path`,
    );
  }
  const files = expandPaths(host, baseDir, path);
  if (files.length > 0) return files;
  const id = handler ?? 'Error';
  switch (id) {
    case 'Error': {
      const near = similarPath(host, baseDir, path);
      throw new ValuesFileError(
        `${source ? `${source}: ` : ''}${title} file matching "${path}" does not exist in "${baseDir}"` +
          (near ? ` (did you mean "${near}"?)` : ''),
      );
    }
    case 'Warn':
    case 'Info':
    case 'Debug':
      if (id !== 'Debug') host.warn?.(`skipping missing ${title} file matching "${path}"`);
      return undefined;
    default:
      throw new InvalidStateError(
        `invalid missing file handler "${id}" while processing "${path}" in "${stateFile}": it must be one of [${MISSING_FILE_HANDLERS.join(' ')}]` +
          (closest(id, MISSING_FILE_HANDLERS)
            ? ` (did you mean "${closest(id, MISSING_FILE_HANDLERS)}"?)`
            : ''),
      );
  }
}
