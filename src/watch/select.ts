/**
 * Which releases an edit changed: those whose input digest (or `installed`)
 * differs from the last good evaluation, plus every release they need,
 * transitively. Pure.
 */

export interface ReleaseInputs {
  readonly digest: string;
  readonly installed: boolean;
  readonly needs: readonly string[];
}

export interface StateReleases {
  readonly releases: ReadonlyMap<string, ReleaseInputs>;
}

/** What an evaluation is compared on: release id → digest and `installed`. */
export type Fingerprints = ReadonlyMap<string, string>;

export function fingerprints(states: readonly StateReleases[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of states) {
    for (const [id, r] of s.releases) out.set(id, `${r.installed ? 'i' : 'u'}:${r.digest}`);
  }
  return out;
}

export interface Selection {
  /** Releases whose inputs changed, in state order. */
  readonly changed: readonly string[];
  /** `changed` and what they need (transitively, within their state). */
  readonly selected: ReadonlySet<string>;
}

export function selectChanged(states: readonly StateReleases[], last: Fingerprints): Selection {
  const now = fingerprints(states);
  const changed = [...now].filter(([id, fp]) => last.get(id) !== fp).map(([id]) => id);
  const selected = new Set<string>();
  for (const s of states) {
    const stack = changed.filter((id) => s.releases.has(id));
    while (stack.length) {
      const id = stack.pop() as string;
      if (selected.has(id)) continue;
      selected.add(id);
      for (const n of s.releases.get(id)?.needs ?? []) if (s.releases.has(n)) stack.push(n);
    }
  }
  return { changed, selected };
}
