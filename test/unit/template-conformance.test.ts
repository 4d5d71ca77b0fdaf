/**
 * helmfire's template engine against Go: replays the answers recorded from
 * the Go oracle (conformance/template/fixtures, recorded with
 * `npm run conformance:template -- --record`) without needing Go. Every case
 * must agree on output bytes and error message, except the documented known
 * differences.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Case, Outcome } from '../../conformance/template/case.js';
import { compareOutcome } from '../../conformance/template/compare.js';
import { functionCoverage } from '../../conformance/template/coverage.js';
import { type Engine, loadEngine } from '../../conformance/template/engine.js';
import { type FixtureRow, readFixtures, rowCase, rowOutcome } from '../../conformance/template/fixtures.js';
import { loadKnownDifferences } from '../../conformance/template/known-differences.js';
import { helmfileFuncMap, nodeHelmfileHost } from '../../src/template/helmfile/index.js';
import { sprigFuncMap } from '../../src/template/sprig/index.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '../../conformance/template');
const rows = readFixtures(join(DIR, 'fixtures'));
const known = loadKnownDifferences(join(DIR, 'known-differences.md'));

const byArea = new Map<string, FixtureRow[]>();
for (const r of rows) {
  const area = r.id.slice(0, r.id.indexOf('/'));
  byArea.set(area, [...(byArea.get(area) ?? []), r]);
}

function clip(s: string, n = 400): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

describe('template conformance: helmfire agrees with Go on every recorded case', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine();
    expect(engine.missing).toEqual([]);
  });

  for (const [area, list] of byArea) {
    it(`${area} (${list.length} cases)`, () => {
      const failures: string[] = [];
      for (const r of list) {
        if (known.has(r.id)) continue;
        const got = engine.render(r.in, { insecureDisabled: r.insecure === true });
        const v = compareOutcome(rowCase(r), rowOutcome(r), got);
        if (!v.ok)
          failures.push(`${r.id} ${JSON.stringify(clip(r.in.template, 120))}: ${clip(v.reason ?? '')}`);
      }
      expect(failures.slice(0, 25), `${failures.length} of ${list.length} cases differ from Go`).toEqual([]);
    }, 600_000);
  }
});

describe('template conformance corpus', () => {
  const recorded: { case: Case; outcome: Outcome }[] = rows.map((r) => ({
    case: rowCase(r),
    outcome: rowOutcome(r),
  }));

  it('holds at least 5,000 cases recorded from Go', () => {
    expect(rows.length).toBeGreaterThanOrEqual(5000);
  });

  it('uses every Sprig function in at least 3 cases, at least one of them an error', () => {
    const sprigCases = recorded.filter((x) => x.case.input.funcs !== 'go');
    const cov = functionCoverage(sprigFuncMap().keys(), sprigCases);
    const thin = [...cov]
      .filter(([, c]) => c.cases < 3 || c.errors < 1)
      .map(([n, c]) => `${n} ${c.cases}/${c.errors}`);
    expect(cov.size).toBeGreaterThanOrEqual(200);
    expect(thin).toEqual([]);
  });

  it('uses every helmfile function in at least 3 cases, at least one of them an error', () => {
    const names = [...helmfileFuncMap(nodeHelmfileHost()).keys(), 'include', 'tpl', 'sprigGet'];
    const cov = functionCoverage(
      names,
      recorded.filter((x) => x.case.input.funcs === 'helmfile'),
    );
    const thin = [...cov]
      .filter(([, c]) => c.cases < 3 || c.errors < 1)
      .map(([n, c]) => `${n} ${c.cases}/${c.errors}`);
    expect(thin).toEqual([]);
  });

  it('lists as known differences only cases that exist', () => {
    const ids = new Set(rows.map((r) => r.id));
    const areas = new Set(byArea.keys());
    const stale = known
      .entries()
      .filter((id) => (id.endsWith('*') ? !areas.has(id.slice(0, id.indexOf('/'))) : !ids.has(id)));
    expect(stale).toEqual([]);
  });
});
