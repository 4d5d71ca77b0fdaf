import type { ResolvedRelease } from './model.js';

/**
 * `list`: one row per selected release of every state, sorted by namespace
 * then name, printed as helmfile prints it — a table (columns padded to their
 * widest cell and separated by a tab, trailing blanks trimmed) or JSON.
 */
export interface ListRow {
  readonly name: string;
  readonly namespace: string;
  readonly enabled: boolean;
  readonly installed: boolean;
  /** `k:v` pairs sorted by key, comma separated. */
  readonly labels: string;
  readonly chart: string;
  readonly version: string;
}

export function listRows(releases: readonly ResolvedRelease[]): ListRow[] {
  const rows = releases.map((r) => ({
    name: r.name,
    namespace: r.namespace,
    enabled: r.enabled,
    installed: r.installed,
    labels: Object.keys(r.labels)
      .sort()
      .map((k) => `${k}:${r.labels[k]}`)
      .join(','),
    chart: r.chart,
    version: r.version,
  }));
  return rows.sort((a, b) =>
    a.namespace !== b.namespace
      ? a.namespace < b.namespace
        ? -1
        : 1
      : a.name < b.name
        ? -1
        : a.name > b.name
          ? 1
          : 0,
  );
}

/** Display width of a string as a terminal shows it (East Asian wide characters count 2). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) continue;
    if (/\p{Mn}|\p{Me}|\p{Cf}/u.test(ch)) continue;
    w += isWide(cp) ? 2 : 1;
  }
  return w;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** The table, ending with a newline. */
export function formatListTable(rows: readonly ListRow[]): string {
  const table = [
    ['NAME', 'NAMESPACE', 'ENABLED', 'INSTALLED', 'LABELS', 'CHART', 'VERSION'],
    ...rows.map((r) => [
      r.name,
      r.namespace,
      String(r.enabled),
      String(r.installed),
      r.labels,
      r.chart,
      r.version,
    ]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => displayWidth(row[i]!))));
  const lines = table.map((row) =>
    row
      .map((cell, i) => (widths[i]! > 0 ? cell + ' '.repeat(widths[i]! - displayWidth(cell)) : cell))
      .join('\t')
      .replace(/[ \t]+$/, ''),
  );
  return `${lines.join('\n')}\n`;
}

/** Go's encoding/json string escaping (`<`, `>`, `&`, U+2028, U+2029 as \u escapes). */
function goJsonString(s: string): string {
  return JSON.stringify(s).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** `--output json`: one line, as Go's json.Marshal prints the rows (`null` for none). */
export function formatListJson(rows: readonly ListRow[]): string {
  if (rows.length === 0) return 'null\n';
  const items = rows.map(
    (r) =>
      `{"name":${goJsonString(r.name)},"namespace":${goJsonString(r.namespace)},"enabled":${r.enabled},"installed":${r.installed},"labels":${goJsonString(r.labels)},"chart":${goJsonString(r.chart)},"version":${goJsonString(r.version)}}`,
  );
  return `[${items.join(',')}]\n`;
}
