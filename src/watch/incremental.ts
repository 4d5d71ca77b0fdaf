import { dirname } from 'node:path';
import type { LoadReads } from './watched-set.js';

/**
 * When a batch of changes touched only some releases' own inputs (their
 * values or secrets files, their local chart directory) and nothing the
 * state itself was loaded from, only those releases need preparing again:
 * every other release's inputs, and so its digest, are as before. Pure.
 */

/** A release's own inputs: files that only feed its digest, and its local chart directory. */
export interface ReleaseInputs {
  readonly files: ReadonlySet<string>;
  readonly tree?: string;
}

/** What the last good evaluation knew. */
export interface Evaluated {
  readonly loadReads: LoadReads;
  readonly inputs: ReadonlyMap<string, ReleaseInputs>;
}

/** The releases `batch` can have changed; undefined when everything must be evaluated again. */
export function releasesTouched(
  batch: ReadonlySet<string>,
  prev: Evaluated | undefined,
  exists: (path: string) => boolean,
): Set<string> | undefined {
  if (!prev || batch.size === 0) return undefined;
  const { loadReads } = prev;
  const ids = new Set<string>();
  for (const p of batch) {
    if (loadReads.read.has(p) || loadReads.dirs.has(dirname(p)) || loadReads.dirs.has(p)) return undefined;
    const was = loadReads.looked.get(p);
    if (was !== undefined && was !== exists(p)) return undefined;
    let hit = false;
    for (const [id, inp] of prev.inputs) {
      if (inp.files.has(p) || (inp.tree !== undefined && (p === inp.tree || p.startsWith(`${inp.tree}/`)))) {
        ids.add(id);
        hit = true;
      }
    }
    if (!hit) return undefined;
  }
  return ids;
}
