/** Structural comparison of parsed outputs, with short readable reasons. */

/** JSON with object keys sorted, so equal data gives equal text whatever the key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

const show = (v: unknown) => {
  const s = JSON.stringify(v);
  return s === undefined ? 'absent' : s.length > 80 ? `${s.slice(0, 77)}...` : s;
};

/** Paths where `want` and `got` differ (at most `limit`), e.g. `releases[0].labels.app: "a" != "b"`. */
export function diffPaths(want: unknown, got: unknown, limit = 5, path = ''): string[] {
  const out: string[] = [];
  walk(want, got, path, out, limit);
  return out;
}

function walk(want: unknown, got: unknown, path: string, out: string[], limit: number): void {
  if (out.length >= limit) return;
  if (Array.isArray(want) && Array.isArray(got)) {
    if (want.length !== got.length) {
      out.push(`${path || '.'}: list of ${want.length} != list of ${got.length}`);
      return;
    }
    for (const [i, w] of want.entries()) walk(w, got[i], `${path}[${i}]`, out, limit);
    return;
  }
  const isObj = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObj(want) && isObj(got)) {
    const w = want as Record<string, unknown>;
    const g = got as Record<string, unknown>;
    for (const k of [...new Set([...Object.keys(w), ...Object.keys(g)])].sort()) {
      walk(w[k], g[k], path ? `${path}.${k}` : k, out, limit);
    }
    return;
  }
  if (canonicalJson(want) !== canonicalJson(got)) out.push(`${path || '.'}: ${show(want)} != ${show(got)}`);
}

export interface Verdict {
  readonly equal: boolean;
  readonly reasons: string[];
}

/**
 * Compares two collections as multisets (order ignored). Unmatched items are
 * paired by `keyOf` to report which fields differ.
 */
export function compareMultisets<T>(
  what: string,
  want: readonly T[],
  got: readonly T[],
  keyOf: (item: T) => string,
): Verdict {
  const pool = new Map<string, T[]>();
  for (const g of got) {
    const k = canonicalJson(g);
    pool.set(k, [...(pool.get(k) ?? []), g]);
  }
  const missing: T[] = [];
  for (const w of want) {
    const list = pool.get(canonicalJson(w));
    if (list && list.length > 0) list.pop();
    else missing.push(w);
  }
  const extra = [...pool.values()].flat();
  if (missing.length === 0 && extra.length === 0) return { equal: true, reasons: [] };
  const reasons: string[] = [];
  if (want.length !== got.length) reasons.push(`${what}: ${want.length} expected, ${got.length} produced`);
  const extraByKey = new Map(extra.map((e) => [keyOf(e), e] as const));
  for (const m of missing) {
    const k = keyOf(m);
    const partner = extraByKey.get(k);
    if (partner !== undefined) {
      extraByKey.delete(k);
      reasons.push(`${what} ${k}: ${diffPaths(m, partner, 3).join('; ')}`);
    } else reasons.push(`${what} ${k}: missing`);
  }
  for (const k of extraByKey.keys()) reasons.push(`${what} ${k}: unexpected`);
  return { equal: false, reasons: reasons.slice(0, 8) };
}

/** The first line where two texts differ, for a one-line reason (null when equal). */
export function firstDifference(want: string, got: string): string | null {
  if (want === got) return null;
  const w = want.split('\n');
  const g = got.split('\n');
  for (let i = 0; i < Math.max(w.length, g.length); i++) {
    if (w[i] !== g[i]) {
      return `line ${i + 1}: expected ${show(w[i] ?? '(end of output)')}, got ${show(g[i] ?? '(end of output)')}`;
    }
  }
  return 'texts differ';
}
