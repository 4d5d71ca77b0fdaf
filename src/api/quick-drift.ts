/**
 * A cheap first look at drift: does every field helm applied (the deployed
 * manifest) still hold the same value in the live object? Fields the server
 * or other managers ADDED do not count; a field changed or removed, an
 * element added to or removed from a list, or a missing object does.
 *
 * "Covered" means no drift for sure. "Not covered" may still be no drift
 * (the server normalised a value: `0.5` CPU stored as `500m`), so callers
 * confirm it with the exact diff (a dry-run apply) before acting on it.
 */
export function liveCovers(applied: unknown, live: unknown): boolean {
  if (applied === null || applied === undefined) return true;
  if (Array.isArray(applied)) {
    return (
      Array.isArray(live) && live.length === applied.length && applied.every((a, i) => liveCovers(a, live[i]))
    );
  }
  if (typeof applied === 'object') {
    if (live === null || typeof live !== 'object' || Array.isArray(live)) return false;
    const l = live as Record<string, unknown>;
    return Object.entries(applied as Record<string, unknown>).every(([k, v]) => liveCovers(v, l[k]));
  }
  return applied === live;
}
