import type { ResolvedState } from '../state/model.js';
import { planState } from '../state/plan.js';
import { loadState, type StateOptions } from './state.js';

/**
 * `helmfire show-dag`: the order releases run in, state file by state file:
 * group numbers (groups run one after another, releases inside a group in
 * parallel), each release with the releases it needs. Needs of the selected
 * releases are always included, transitively, as helmfile's show-dag does.
 */

export interface DagRow {
  readonly group: number;
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  /** Ids of the releases it needs. */
  readonly needs: readonly string[];
}

export interface DagTable {
  /** The state file. */
  readonly file: string;
  readonly rows: readonly DagRow[];
}

/** One state's plan as rows. */
export function dagRows(state: ResolvedState): DagRow[] {
  if (state.releases.length === 0) return [];
  return planState(state, { includeNeeds: true }).flatMap((group, i) =>
    group.map((r) => ({ group: i + 1, id: r.id, name: r.name, namespace: r.namespace, needs: r.needs })),
  );
}

export async function showDag(options: StateOptions = {}): Promise<DagTable[]> {
  const desired = await loadState(options);
  return desired.states.map((s) => ({ file: s.file, rows: dagRows(s) })).filter((t) => t.rows.length > 0);
}

/**
 * Go's text/tabwriter with helmfile's settings (min width 0, tab width 1,
 * padding 1, spaces): every tab-terminated cell is padded to its column's
 * widest cell plus one; the last cell of a line is not padded. Trailing
 * whitespace is then trimmed from every line.
 */
export function tabulate(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const r of rows) {
    r.slice(0, -1).forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...c].length);
    });
  }
  return rows
    .map((r) =>
      r
        .map((c, i) => (i < r.length - 1 ? c + ' '.repeat((widths[i] ?? 0) - [...c].length + 1) : c))
        .join('')
        .trimEnd(),
    )
    .map((l) => `${l}\n`)
    .join('');
}

/** helmfile's `GROUP RELEASE DEPENDENCIES` table, one per state file. */
export function formatDagTable(tables: readonly DagTable[]): string {
  return tables
    .map((t) =>
      tabulate([
        ['GROUP', 'RELEASE', 'DEPENDENCIES'],
        ...t.rows.map((r) => [String(r.group), r.id, r.needs.join(', ')]),
      ]),
    )
    .join('');
}

export function formatDagJson(tables: readonly DagTable[]): string {
  return `${JSON.stringify(
    tables.map((t) => ({ file: t.file, releases: t.rows })),
    null,
    2,
  )}\n`;
}
