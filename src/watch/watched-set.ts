import { dirname, resolve } from 'node:path';
import type { StateHost } from '../state/host.js';
import type { HelmfileHost } from '../template/helmfile/index.js';
import { ignoredPath } from './ignore.js';

/**
 * What the desired state depends on, as paths: files read (or looked for),
 * directories listed, and trees watched whole (local charts). Built by
 * recording every read of one evaluation; pure apart from `resolve`.
 */
export interface WatchedSet {
  /** Files read, or looked for and absent (their creation matters too). */
  readonly files: ReadonlySet<string>;
  /** Directories whose listing was read: an entry added or removed matters. */
  readonly dirs: ReadonlySet<string>;
  /** Directories watched with everything below them (local chart directories). */
  readonly trees: ReadonlySet<string>;
}

export const EMPTY_SET: WatchedSet = { files: new Set(), dirs: new Set(), trees: new Set() };

/** What loading a state read: a change of these can change the loaded state itself. */
export interface LoadReads {
  /** Files whose content was read. */
  readonly read: ReadonlySet<string>;
  /** Directories listed. */
  readonly dirs: ReadonlySet<string>;
  /** Paths only looked for, with whether they existed then. */
  readonly looked: ReadonlyMap<string, boolean>;
}

/** Collects paths while a state is loaded and prepared. */
export class PathRecorder {
  readonly files = new Set<string>();
  readonly dirs = new Set<string>();
  readonly trees = new Set<string>();
  private readonly read = new Set<string>();
  private readonly looked = new Map<string, boolean>();

  /** A file whose content is an input. */
  file(p: string): void {
    const abs = resolve(p);
    this.files.add(abs);
    this.read.add(abs);
  }
  /** A path looked for: its existence is an input. */
  look(p: string, exists: boolean): void {
    const abs = resolve(p);
    this.files.add(abs);
    if (!this.looked.has(abs)) this.looked.set(abs, exists);
  }
  dir(p: string): void {
    this.dirs.add(resolve(p));
  }
  tree(p: string): void {
    this.trees.add(resolve(p));
  }

  snapshot(): WatchedSet {
    return { files: new Set(this.files), dirs: new Set(this.dirs), trees: new Set(this.trees) };
  }

  loadReads(): LoadReads {
    return { read: new Set(this.read), dirs: new Set(this.dirs), looked: new Map(this.looked) };
  }
}

/** Both sets together (what to keep watching after an evaluation that failed part-way). */
export function unionSets(a: WatchedSet, b: WatchedSet): WatchedSet {
  return {
    files: new Set([...a.files, ...b.files]),
    dirs: new Set([...a.dirs, ...b.dirs]),
    trees: new Set([...a.trees, ...b.trees]),
  };
}

/** Whether a change of `path` (absolute) can change the evaluation. */
export function affects(set: WatchedSet, path: string): boolean {
  if (ignoredPath(path)) return false;
  if (set.files.has(path) || set.dirs.has(dirname(path))) return true;
  for (const t of set.trees) if (path === t || path.startsWith(`${t}/`)) return true;
  // a directory on the way to a file not there yet (created with the file)
  for (const f of set.files) if (f.startsWith(`${path}/`)) return true;
  return false;
}

/**
 * The directories to watch, each with whether it is watched below too: the
 * parent of every file, every listed directory, every tree. Paths that do not
 * exist are watched from their nearest existing ancestor (`exists`).
 */
export function watchDirs(set: WatchedSet, exists: (dir: string) => boolean): Map<string, boolean> {
  const out = new Map<string, boolean>();
  const add = (dir: string, recursive: boolean) => {
    let d = dir;
    while (!exists(d) && dirname(d) !== d) d = dirname(d);
    if (d !== dir) recursive = false;
    out.set(d, (out.get(d) ?? false) || recursive);
  };
  for (const f of set.files) add(dirname(f), false);
  for (const d of set.dirs) add(d, false);
  for (const t of set.trees) add(t, true);
  return out;
}

/** A state host that records every path it is asked about, template functions' reads included. */
export function recordingHost(host: StateHost, rec: PathRecorder): StateHost {
  const inner = host.helmfileHost?.bind(host);
  return {
    cwd: host.cwd,
    readFile(path) {
      rec.file(path);
      return host.readFile(path);
    },
    stat(path) {
      // existence matters, a directory's content only when it is listed
      const kind = host.stat(path);
      rec.look(path, kind !== undefined);
      return kind;
    },
    readDir(path) {
      rec.dir(path);
      return host.readDir(path);
    },
    env: (name) => host.env(name),
    ...(host.decryptFile
      ? {
          decryptFile: (path: string) => {
            rec.file(path);
            return (host.decryptFile as (p: string) => Promise<string>)(path);
          },
        }
      : {}),
    ...(host.warn ? { warn: (m: string) => host.warn?.(m) } : {}),
    ...(inner ? { helmfileHost: (baseDir: string) => recordingHelmfileHost(inner(baseDir), rec) } : {}),
  };
}

/** The template functions' host, recording (paths relative to its base directory resolved). */
export function recordingHelmfileHost(h: HelmfileHost, rec: PathRecorder): HelmfileHost {
  const abs = (p: string) => resolve(h.baseDir, p);
  return {
    baseDir: h.baseDir,
    readFile(path) {
      rec.file(abs(path));
      return h.readFile(path);
    },
    readDir(path) {
      rec.dir(abs(path));
      return h.readDir(path);
    },
    stat(path) {
      const st = h.stat(path);
      rec.look(abs(path), st !== undefined);
      return st;
    },
    exec: (req) => h.exec(req),
    env: (name) => h.env(name),
    ...(h.decryptSops ? { decryptSops: (p: string, c: string) => h.decryptSops?.(p, c) ?? '' } : {}),
  };
}
