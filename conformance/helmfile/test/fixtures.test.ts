import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFixtures } from '../generated/fixtures.js';
import { caseDigest, generateCases, SEED } from '../generator/index.js';
import { subcommandOf } from '../lib/implementations.js';
import { parseListJson, parseListTable, splitDocuments } from '../lib/output-model.js';
import { fixturesDir, snapshotsDir } from '../lib/paths.js';

const fixtures = readFixtures(join(fixturesDir, 'generated.jsonl.gz'));
const sourceLines = (text: string) => text.split('\n').filter((l) => /^#\s+Source:/.test(l)).length;

describe('recorded helmfile answers', () => {
  it('exist for every generated case, recorded from the current generator', () => {
    expect(fixtures).not.toBeNull();
    expect(fixtures?.seed).toBe(SEED);
    const recorded = new Map(fixtures?.cases.map((c) => [c.id, c.digest]));
    const stale = generateCases().filter((c) => recorded.get(c.id) !== caseDigest(c));
    expect(stale.map((c) => c.id)).toEqual([]);
  });

  it('parse completely: every build document and every JSON list of a successful run', () => {
    for (const c of fixtures?.cases ?? []) {
      for (const run of c.runs) {
        if (run.code !== 0) continue;
        const what = `${c.id} ${run.args.join(' ')}`;
        if (subcommandOf(run.args) === 'list') {
          const printsList = run.output.split('\n').some((l) => l.startsWith('['));
          expect(parseListJson(run.output) !== null, what).toBe(printsList);
        } else {
          const s = splitDocuments(run.output);
          expect(s.unparsable, what).toEqual([]);
          expect(s.docs.length, what).toBe(sourceLines(run.output));
        }
      }
    }
  }, 120_000);
});

const snapshots = join(snapshotsDir(), 'testdata', 'snapshot');

describe.skipIf(!existsSync(snapshots))("helmfile's golden snapshot outputs", () => {
  it('split into exactly the documents they contain, log lines set aside', () => {
    for (const name of readdirSync(snapshots)) {
      for (const file of readdirSync(join(snapshots, name)).filter(
        (f) => f.endsWith('output.yaml') || f === 'output-helm4.yaml',
      )) {
        const text = readFileSync(join(snapshots, name, file), 'utf8');
        const what = `${name}/${file}`;
        if (text.startsWith('NAME')) {
          expect(parseListTable(text).length, what).toBeGreaterThan(0);
          continue;
        }
        const s = splitDocuments(text);
        expect(s.unparsable, what).toEqual([]);
        expect(s.docs.length, what).toBe(text.split('\n').filter((l) => l === '---').length);
        for (const log of s.logs) expect(log, what).not.toMatch(/^(apiVersion|kind|metadata|data):/);
      }
    }
  });
});
