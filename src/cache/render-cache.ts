import { createHash } from 'node:crypto';
import { readFileSync, utimesSync } from 'node:fs';
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
}
