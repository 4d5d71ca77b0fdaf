/**
 * Recorded oracle answers: `fixtures/<area>.json`, so that helmfire can be
 * checked against Go without Go. A file is `{"data": [...], "cases": [...]}`:
 * the distinct data documents once, then one case a line, each naming its
 * data by index (`d`).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Case, CaseInput, Outcome } from './case.js';

/** One recorded case: its input and the oracle's outcome. */
export interface FixtureRow {
  id: string;
  in: CaseInput;
  out: string;
  err?: string;
  phase?: string;
  shape?: string;
  insecure?: boolean;
  badUtf8?: boolean;
}

export function toRow(c: Case, o: Outcome): FixtureRow {
  const row: FixtureRow = { id: c.id, in: c.input, out: o.output };
  if (o.error) row.err = o.error;
  if (o.phase) row.phase = o.phase;
  if (c.compare?.shape !== undefined) row.shape = c.compare.shape;
  if (c.insecureDisabled) row.insecure = true;
  if (o.badUtf8) row.badUtf8 = true;
  return row;
}

export function rowCase(r: FixtureRow): Case {
  const c: Case = { id: r.id, area: r.id.slice(0, r.id.indexOf('/')), input: r.in };
  if (r.shape !== undefined) c.compare = { shape: r.shape };
  if (r.insecure) c.insecureDisabled = true;
  return c;
}

export function rowOutcome(r: FixtureRow): Outcome {
  const o: Outcome = { output: r.out, error: r.err ?? '' };
  if (r.phase) o.phase = r.phase;
  if (r.badUtf8) o.badUtf8 = true;
  return o;
}

interface StoredRow extends Omit<FixtureRow, 'in'> {
  in: Omit<CaseInput, 'data'>;
  /** Index into the file's data table. */
  d?: number;
}

interface FixtureFile {
  data: string[];
  cases: StoredRow[];
}

function encodeFile(rows: FixtureRow[]): string {
  const data: string[] = [];
  const index = new Map<string, number>();
  const lines = rows.map((r) => {
    const { data: text, ...input } = r.in;
    const row: StoredRow = { ...r, in: input };
    if (text !== undefined) {
      let i = index.get(text);
      if (i === undefined) {
        i = data.length;
        data.push(text);
        index.set(text, i);
      }
      row.d = i;
    }
    return JSON.stringify(row);
  });
  return `{"data": [\n${data.map((d) => JSON.stringify(d)).join(',\n')}\n],\n"cases": [\n${lines.join(',\n')}\n]}\n`;
}

function decodeFile(text: string): FixtureRow[] {
  const file = JSON.parse(text) as FixtureFile;
  return file.cases.map(({ d, ...row }) => {
    const input: CaseInput = { ...row.in };
    if (d !== undefined) input.data = file.data[d];
    return { ...row, in: input };
  });
}

export function writeFixtures(dir: string, rows: FixtureRow[]): string[] {
  const byArea = new Map<string, FixtureRow[]>();
  for (const r of rows) {
    const area = r.id.slice(0, r.id.indexOf('/'));
    const list = byArea.get(area) ?? [];
    byArea.set(area, list);
    list.push(r);
  }
  const written: string[] = [];
  for (const [area, list] of [...byArea].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const file = join(dir, `${area}.json`);
    writeFileSync(file, encodeFile(list));
    written.push(file);
  }
  return written;
}

export function readFixtures(dir: string): FixtureRow[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => decodeFile(readFileSync(join(dir, f), 'utf8')));
}
