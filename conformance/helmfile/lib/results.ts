/** One comparison's outcome; a skipped case is never counted as passed or failed. */
export interface CaseResult {
  readonly suite: 'snapshot' | 'generated';
  /** What the case exercises (snapshot: the command; generated: the generator area). */
  readonly area: string;
  readonly id: string;
  /** The implementation checked: `helmfile` (the reference, validating the harness) or `helmfire`. */
  readonly impl: string;
  readonly status: 'pass' | 'fail' | 'skip';
  readonly reasons: readonly string[];
}

export interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

export function tally(results: readonly CaseResult[]): Tally {
  const t: Tally = { passed: 0, failed: 0, skipped: 0 };
  for (const r of results) {
    if (r.status === 'pass') t.passed++;
    else if (r.status === 'fail') t.failed++;
    else t.skipped++;
  }
  return t;
}

/** Agreement per suite/area: `area  passed/total  pct`. */
export function areaTable(results: readonly CaseResult[]): string[] {
  const groups = new Map<string, CaseResult[]>();
  for (const r of results) {
    const k = `${r.suite}/${r.area}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const width = Math.max(0, ...[...groups.keys()].map((k) => k.length));
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, rs]) => {
      const t = tally(rs);
      const total = t.passed + t.failed;
      const pct = total === 0 ? '  -  ' : `${((100 * t.passed) / total).toFixed(1).padStart(5)}%`;
      const skipped = t.skipped > 0 ? `  (${t.skipped} skipped)` : '';
      return `  ${k.padEnd(width)}  ${String(t.passed).padStart(4)}/${String(total).padEnd(4)} ${pct}${skipped}`;
    });
}
