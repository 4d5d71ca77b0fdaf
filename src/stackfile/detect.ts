import { posix } from 'node:path';
import { DEFAULT_HELMFILE, DEFAULT_HELMFILE_DIR, DEFAULT_HELMFILE_GOTMPL } from '../state/discover.js';
import type { StateHost } from '../state/host.js';
import { looksLikeStackfile } from './declarations.js';
import { StackfileError } from './errors.js';

/**
 * Which runs load stackfiles instead of helmfile state.
 *
 * - Without `-f` (and without HELMFILE_FILE_PATH): when the directory has no
 *   helmfile state (`helmfile.yaml`, `helmfile.yaml.gotmpl`, `helmfile.d/`),
 *   the first of `stackfile.yaml`, `stackfile.yml`, `helmstack.yaml`,
 *   `helmstack.yml` there (helmstack's default names). helmfile state always
 *   wins, so a helmfile project never changes meaning.
 * - `-f FILE`: a file named like that or `*.stackfile.yaml`, or any other
 *   YAML file (not `helmfile*`, not `.gotmpl`) that uses what only
 *   stackfiles have (see looksLikeStackfile).
 * - `-f A -f B …`: several files are always stackfiles, merged in order.
 */

export const DEFAULT_STACKFILES = ['stackfile.yaml', 'stackfile.yml', 'helmstack.yaml', 'helmstack.yml'];

const NAMED = /^(?:(?:stackfile|helmstack)\.ya?ml|.+\.stackfile\.ya?ml)$/;

/** Whether the file at `path` (absolute) is a stackfile, by its name or else its content. */
export function isStackfile(host: StateHost, path: string): boolean {
  const base = posix.basename(path);
  if (NAMED.test(base)) return true;
  if (base.startsWith('helmfile') || base.endsWith('.gotmpl') || !/\.ya?ml$/.test(base)) return false;
  if (host.stat(path) !== 'file') return false;
  let text: string;
  try {
    text = host.readFile(path);
  } catch {
    return false;
  }
  return looksLikeStackfile(text);
}

const abs = (host: StateHost, p: string) =>
  posix.isAbsolute(p) ? posix.normalize(p) : posix.join(host.cwd, p);

/**
 * The stackfiles a run loads (absolute paths, in order), or undefined when it
 * loads helmfile state. `files` are several `-f`; `file` is one `-f`.
 */
export function findStackfiles(
  host: StateHost,
  opts: { readonly file?: string | undefined; readonly files?: readonly string[] | undefined },
): string[] | undefined {
  if (opts.files && opts.files.length > 1) {
    return opts.files.map((f) => {
      const p = abs(host, f);
      const base = posix.basename(p);
      if (host.stat(p) !== 'file') {
        throw new StackfileError(
          'STACKFILE_NOT_FOUND',
          `stackfile ${f} is not found (several -f are stackfiles merged in order)`,
        );
      }
      if (base.startsWith('helmfile') || base.endsWith('.gotmpl')) {
        throw new StackfileError(
          'STACKFILE_INVALID',
          `${f} is helmfile state: several -f files are stackfiles merged in order, helmfile state takes one -f`,
        );
      }
      return p;
    });
  }
  const one = opts.files?.[0] ?? (opts.file || host.env('HELMFILE_FILE_PATH') || undefined);
  if (one !== undefined) {
    const p = abs(host, one);
    return host.stat(p) === 'file' && isStackfile(host, p) ? [p] : undefined;
  }
  const cwd = host.cwd;
  if (
    host.stat(posix.join(cwd, DEFAULT_HELMFILE)) !== undefined ||
    host.stat(posix.join(cwd, DEFAULT_HELMFILE_GOTMPL)) !== undefined ||
    host.stat(posix.join(cwd, DEFAULT_HELMFILE_DIR)) === 'dir'
  ) {
    return undefined;
  }
  for (const name of DEFAULT_STACKFILES) {
    const p = posix.join(cwd, name);
    if (host.stat(p) === 'file') return [p];
  }
  return undefined;
}
