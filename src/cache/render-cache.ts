import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './store.js';

/**
 * helmfire's render cache: what `helm template` printed for one release,
 * kept under `<cache>/renders/<2 hex>/<digest>` (files 0600: a manifest
 * holds the release's secrets). The digest covers everything the output
 * depends on — the helm version, the chart's content, the content of every
 * values file and `--set-file`, and every other argument — so an entry is
 * never stale: an unchanged release is simply not rendered again.
 */

/** The key of one render: sha256 over its parts. */
export function renderKey(parts: readonly unknown[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    h.update(typeof p === 'string' ? p : JSON.stringify(p));
    h.update('\0');
  }
  return h.digest('hex');
}

export class RenderCache {
  hits = 0;
  misses = 0;

  /** `root` is `<cache>/renders`. */
  constructor(private readonly root: string) {}

  private path(key: string): string {
    return join(this.root, key.slice(0, 2), key);
  }

  /** The cached output, or undefined. A hit refreshes the entry's time (for pruning by age). */
  get(key: string): string | undefined {
    const p = this.path(key);
    let text: string;
    try {
      text = readFileSync(p, 'utf8');
    } catch {
      this.misses++;
      return undefined;
    }
    this.hits++;
    try {
      const now = new Date();
      utimesSync(p, now, now);
    } catch {
      // read-only cache: still a hit
    }
    return text;
  }

  put(key: string, text: string): void {
    writeFileAtomic(this.path(key), text);
  }

  /**
   * Removes entries not used for `maxAgeDays` (a hit refreshes an entry's
   * time), at most once a day: the cache stays bounded by what recent runs
   * use. Returns the number of entries removed.
   */
  prune(maxAgeDays = 30, now = Date.now()): number {
    const marker = join(this.root, '.pruned');
    try {
      if (now - statSync(marker).mtimeMs < 24 * 3600_000) return 0;
    } catch {
      // never pruned
    }
    let removed = 0;
    let shards: string[] = [];
    try {
      shards = readdirSync(this.root).filter((d) => /^[0-9a-f]{2}$/.test(d));
    } catch {
      return 0;
    }
    const cutoff = now - maxAgeDays * 24 * 3600_000;
    for (const shard of shards) {
      for (const name of readdirSync(join(this.root, shard))) {
        const p = join(this.root, shard, name);
        try {
          if (statSync(p).mtimeMs < cutoff) {
            rmSync(p, { force: true });
            removed++;
          }
        } catch {
          // removed by another run
        }
      }
    }
    writeFileAtomic(marker, `${new Date(now).toISOString()}\n`);
    const at = new Date(now);
    utimesSync(marker, at, at);
    return removed;
  }
}
