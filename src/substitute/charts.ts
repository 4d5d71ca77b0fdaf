import type { ChartSubstitution } from './types.js';

/** Normalizes a chart ref for comparison: no trailing slash, `oci://` kept. */
const norm = (ref: string) => ref.trim().replace(/\/+$/, '');

/**
 * The substitution that applies to a release of chart `chart` at `version`:
 * one pinned to that exact version wins over one for every version.
 */
export function chartSubstitutionFor(
  subs: readonly ChartSubstitution[],
  chart: string,
  version: string | undefined,
): ChartSubstitution | undefined {
  const c = norm(chart);
  const same = subs.filter((s) => norm(s.ref) === c);
  return (
    same.find((s) => s.version !== undefined && s.version === version) ??
    same.find((s) => s.version === undefined)
  );
}

/** `repo/name@1.2.3` → ref and version; `oci://host/name@1.2.3` likewise. */
export function parseChartRef(arg: string): { ref: string; version?: string } {
  const at = arg.lastIndexOf('@');
  if (at > 0 && !arg.slice(at + 1).includes('/')) {
    const version = arg.slice(at + 1);
    return version ? { ref: norm(arg.slice(0, at)), version } : { ref: norm(arg.slice(0, at)) };
  }
  return { ref: norm(arg) };
}
