import type { HelmfileHost } from '../template/helmfile/index.js';

/**
 * Everything the state engine reads from the outside world goes through a
 * `StateHost`, so the engine itself is pure and every module can be tested
 * with an in-memory host (`memoryHost`). `nodeHost()` (in node-host.ts) is the
 * real file system and process environment.
 *
 * Paths given to a host are absolute and use `/`.
 */
export interface StateHost {
  /** Directory relative paths on the command line are resolved against. */
  readonly cwd: string;
  /** Contents of a file as UTF-8 text; throws `HostFileNotFound` when it does not exist. */
  readFile(path: string): string;
  /** What is at `path`: a file, a directory, or nothing. Symlinks are followed. */
  stat(path: string): 'file' | 'dir' | undefined;
  /** Names of the entries of a directory, in any order; [] when it cannot be read. */
  readDir(path: string): string[];
  /** An environment variable. */
  env(name: string): string | undefined;
  /**
   * Decrypts a sops-encrypted YAML/JSON file and returns the plain text.
   * Absent when secrets are not available (an error names the file then).
   */
  decryptFile?(path: string): Promise<string>;
  /** Where warnings go (missing values files with missingFileHandler Warn, deprecated forms, …). */
  warn?(message: string): void;
  /**
   * What template functions (readFile, exec, env, …) use when rendering a file
   * of `baseDir`. Absent: derived from this host, without running commands.
   */
  helmfileHost?(baseDir: string): HelmfileHost;
}

export class HostFileNotFound extends Error {
  override readonly name = 'HostFileNotFound';
  constructor(readonly path: string) {
    super(`open ${path}: no such file or directory`);
  }
}

/** An in-memory host for tests and embedding: `files` maps absolute paths to contents. */
export function memoryHost(
  files: Record<string, string>,
  options: {
    cwd?: string;
    env?: Record<string, string>;
    decryptFile?: (path: string) => Promise<string>;
    warn?: (m: string) => void;
  } = {},
): StateHost {
  const dirs = new Set<string>(['/']);
  for (const f of Object.keys(files)) {
    let d = f;
    for (;;) {
      const i = d.lastIndexOf('/');
      if (i <= 0) break;
      d = d.slice(0, i);
      dirs.add(d);
    }
  }
  return {
    cwd: options.cwd ?? '/',
    readFile(path) {
      const c = files[path];
      if (c === undefined) throw new HostFileNotFound(path);
      return c;
    },
    stat(path) {
      const p = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
      if (files[p] !== undefined) return 'file';
      return dirs.has(p) ? 'dir' : undefined;
    },
    readDir(path) {
      const prefix = path.endsWith('/') ? path : `${path}/`;
      const names = new Set<string>();
      for (const f of [...Object.keys(files), ...dirs]) {
        if (f.startsWith(prefix) && f.length > prefix.length)
          names.add(f.slice(prefix.length).split('/')[0]!);
      }
      return [...names];
    },
    env: (name) => options.env?.[name],
    ...(options.decryptFile ? { decryptFile: options.decryptFile } : {}),
    ...(options.warn ? { warn: options.warn } : {}),
  };
}
