import { type FSWatcher, readdirSync, statSync, watch } from 'node:fs';
import { join } from 'node:path';
import { skippedDir } from './ignore.js';

/**
 * File events from directories: one `fs.watch` per directory (never one per
 * file, so hundreds of files cost a handful of inotify watches). A directory
 * marked recursive is watched with every directory below it, and a directory
 * created inside it is picked up. Running into the system's limits is
 * reported once, and watching goes on with what could be watched.
 */
export class DirWatcher {
  /** Watched directory → its watcher and whether it belongs to a recursive tree. */
  private readonly watchers = new Map<string, { w: FSWatcher; recursive: boolean }>();
  private warnedLimit = false;
  private closed = false;

  constructor(
    /** Called with the absolute path of every entry that changed. */
    private readonly onPath: (path: string) => void,
    private readonly onWarning: (message: string) => void = () => {},
  ) {}

  /** Number of directories watched. */
  get size(): number {
    return this.watchers.size;
  }

  /** Watches exactly `dirs` (directory → recursive) from now on. */
  update(dirs: ReadonlyMap<string, boolean>): void {
    if (this.closed) return;
    const wanted = new Map<string, boolean>();
    for (const [dir, recursive] of dirs) {
      if (recursive) for (const d of walk(dir)) wanted.set(d, true);
      else if (!wanted.has(dir)) wanted.set(dir, false);
    }
    for (const [dir, entry] of this.watchers) {
      if (wanted.get(dir) !== entry.recursive) this.unwatch(dir);
    }
    for (const [dir, recursive] of wanted) if (!this.watchers.has(dir)) this.watch(dir, recursive);
  }

  close(): void {
    this.closed = true;
    for (const dir of [...this.watchers.keys()]) this.unwatch(dir);
  }

  private watch(dir: string, recursive: boolean): void {
    let w: FSWatcher;
    try {
      w = watch(dir, { persistent: true }, (_event, name) => {
        const path = name ? join(dir, name.toString()) : dir;
        if (recursive && name && isDir(path) && !skippedDir(name.toString())) {
          for (const d of walk(path)) if (!this.watchers.has(d)) this.watch(d, true);
        }
        this.onPath(path);
      });
    } catch (err) {
      this.failed(dir, err as NodeJS.ErrnoException);
      return;
    }
    // a watched directory removed (or renamed): dropped; the next update watches it again if it is back
    w.on('error', () => this.unwatch(dir));
    this.watchers.set(dir, { w, recursive });
  }

  private unwatch(dir: string): void {
    const e = this.watchers.get(dir);
    if (!e) return;
    this.watchers.delete(dir);
    try {
      e.w.close();
    } catch {
      // already closed
    }
  }

  private failed(dir: string, err: NodeJS.ErrnoException): void {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return;
    if (err.code === 'ENOSPC' || err.code === 'EMFILE' || err.code === 'ENFILE') {
      if (this.warnedLimit) return;
      this.warnedLimit = true;
      const what =
        err.code === 'ENOSPC'
          ? 'the limit of inotify watches (sysctl fs.inotify.max_user_watches, and fs.inotify.max_user_instances)'
          : 'the limit of open files (ulimit -n)';
      this.onWarning(
        `warning: cannot watch ${dir}: ${what} is reached after ${this.watchers.size} directories; ` +
          'changes in the directories not watched are missed. Raise the limit, e.g. ' +
          '`sudo sysctl fs.inotify.max_user_watches=524288`, and restart the watch.',
      );
      return;
    }
    this.onWarning(`warning: cannot watch ${dir}: ${err.message}`);
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** `dir` and every directory below it, except the skipped ones (.git, helm's tmpcharts). */
function walk(dir: string): string[] {
  const out = [dir];
  for (let i = 0; i < out.length; i++) {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(out[i] as string, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.isDirectory() && !skippedDir(e.name)) out.push(join(out[i] as string, e.name));
    }
  }
  return out;
}
