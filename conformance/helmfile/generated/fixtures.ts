import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

/** helmfile's recorded answer to one command on one generated case. */
export interface RecordedRun {
  readonly args: readonly string[];
  readonly code: number | null;
  /** Normalised combined output; for a failed run only its last lines (wording is never compared). */
  readonly output: string;
}

export interface RecordedCase {
  readonly id: string;
  /** The generated case's digest when it was recorded. */
  readonly digest: string;
  readonly runs: readonly RecordedRun[];
}

export interface FixtureFile {
  readonly helmfileVersion: string;
  readonly helmMajor: number;
  readonly seed: number;
  readonly cases: readonly RecordedCase[];
}

/** Fixtures are gzipped JSON lines: a header line, then one line per case. */
export function readFixtures(file: string): FixtureFile | null {
  if (!existsSync(file)) return null;
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n').filter(Boolean);
  const [head, ...rest] = lines;
  if (!head) return null;
  const h = JSON.parse(head) as Omit<FixtureFile, 'cases'>;
  return { ...h, cases: rest.map((l) => JSON.parse(l) as RecordedCase) };
}

export function writeFixtures(file: string, f: FixtureFile): void {
  mkdirSync(dirname(file), { recursive: true });
  const { cases, ...head } = f;
  const text = [JSON.stringify(head), ...cases.map((c) => JSON.stringify(c))].join('\n');
  // mtime 0 and a fixed level keep the archive byte-identical for identical content.
  writeFileSync(file, gzipSync(`${text}\n`, { level: 9 }));
}

/** What is kept of a failed run's output. */
export function failureExcerpt(output: string): string {
  return output.trim().split('\n').slice(-4).join('\n');
}
