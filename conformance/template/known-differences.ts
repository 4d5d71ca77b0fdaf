/**
 * Reads known-differences.md: every list item that starts with a case id in
 * backticks (`area/xxxxxxxx`, or `area/*` for a whole area) is an accepted
 * difference; the rest of the item is its reason.
 */
import { readFileSync } from 'node:fs';

export interface KnownDifferences {
  has(id: string): boolean;
  reason(id: string): string | undefined;
  /** The listed ids (`area/*` for whole areas). */
  entries(): string[];
  readonly size: number;
}

export function parseKnownDifferences(text: string): KnownDifferences {
  const exact = new Map<string, string>();
  const prefixes: [string, string][] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*[-*]\s+`([^`]+)`\s*[:—–-]?\s*(.*)$/.exec(line);
    if (!m) continue;
    const [, id, reason] = m as unknown as [string, string, string];
    if (id.endsWith('*')) prefixes.push([id.slice(0, -1), reason]);
    else exact.set(id, reason);
  }
  const reason = (id: string) => exact.get(id) ?? prefixes.find(([p]) => id.startsWith(p))?.[1];
  return {
    has: (id) => reason(id) !== undefined,
    reason,
    entries: () => [...exact.keys(), ...prefixes.map(([p]) => `${p}*`)],
    size: exact.size + prefixes.length,
  };
}

export function loadKnownDifferences(path: string): KnownDifferences {
  return parseKnownDifferences(readFileSync(path, 'utf8'));
}
