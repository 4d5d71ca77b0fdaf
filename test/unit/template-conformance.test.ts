/**
 * helmfire's template engine against Go: replays the answers recorded from
 * the Go oracle (conformance/template/fixtures, recorded with
 * `npm run conformance:template -- --record`) without needing Go. Every case
 * must agree on output bytes and error message, except the documented known
 * differences.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Case, Outcome } from '../../conformance/template/case.js';
import { compareOutcome } from '../../conformance/template/compare.js';
import { functionCoverage } from '../../conformance/template/coverage.js';
import { type Engine, loadEngine } from '../../conformance/template/engine.js';
import {
  type FixtureRow,
  readFixtures,
  rowCase,
  rowOutcome,
  toRow,
  writeFixtures,
} from '../../conformance/template/fixtures.js';
import { goStringBytes, goStringFromBytes } from '../../conformance/template/go-bytes.js';
import { loadKnownDifferences, parseKnownDifferences } from '../../conformance/template/known-differences.js';
import { parseCaseFile } from '../../conformance/template/load-cases.js';
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

describe('template conformance tooling', () => {
  it('expands a matrix entry into one case per combination, with stable distinct ids', () => {
    const text = [
      'area: demo',
      'funcs: sprig',
      'cases:',
      `  - matrix: {f: [upper, lower], v: ['"a"', '"B"']}`,
      "    t: '{{ $[f] $[v] }}'",
      "  - { t: '{{ .x }}', data: 'x: 1', missingkey: error }",
    ].join('\n');
    const cases = parseCaseFile(text, 'demo.yaml');
    expect(cases.map((c) => c.input.template)).toEqual([
      '{{ upper "a" }}',
      '{{ upper "B" }}',
      '{{ lower "a" }}',
      '{{ lower "B" }}',
      '{{ .x }}',
    ]);
    expect(new Set(cases.map((c) => c.id)).size).toBe(5);
    expect(cases[4]!.input).toEqual({
      template: '{{ .x }}',
      funcs: 'sprig',
      data: 'x: 1',
      missingkey: 'error',
    });
    expect(parseCaseFile(text, 'demo.yaml').map((c) => c.id)).toEqual(cases.map((c) => c.id));
  });

  it('rejects unknown case keys', () => {
    expect(() => parseCaseFile("cases:\n  - { t: 'x', templ: 'y' }", 'bad.yaml')).toThrow(
      /unknown case key "templ"/,
    );
  });

  it('compares output bytes and error messages, or the shape for non-deterministic cases', () => {
    const go = { output: 'abc', error: '' };
    expect(compareOutcome({}, go, { output: 'abc', error: '' }).ok).toBe(true);
    expect(compareOutcome({}, go, { output: 'abd', error: '' }).ok).toBe(false);
    expect(compareOutcome({}, { output: 'x', error: 'e1' }, { output: 'x', error: 'e2' }).ok).toBe(false);
    const shaped = { compare: { shape: '[a-z]{3}' } };
    expect(compareOutcome(shaped, go, { output: 'xyz', error: '' }).ok).toBe(true);
    expect(compareOutcome(shaped, go, { output: 'xyz1', error: '' }).ok).toBe(false);
    expect(compareOutcome(shaped, go, { output: 'xyz', error: '', panic: true }).ok).toBe(false);
  });

  it('compares strings holding bytes that are not valid UTF-8 byte for byte', () => {
    expect(goStringFromBytes(Buffer.from([0x61, 0xff, 0xc3, 0xa9, 0xe2, 0x82]))).toBe('a\udcffé\udce2\udc82');
    expect(goStringBytes('a\udcffé')).toEqual(Buffer.from([0x61, 0xff, 0xc3, 0xa9]));
    const go = { output: goStringFromBytes(Buffer.from([0xe2, 0x82, 0xac, 0xff])), error: '' };
    // the same bytes spelt as three raw bytes instead of the character
    expect(compareOutcome({}, go, { output: '\udce2\udc82\udcac\udcff', error: '' }).ok).toBe(true);
    expect(compareOutcome({}, go, { output: '€\ufffd', error: '' }).ok).toBe(false);
  });

  it('reads known differences by id and by whole area', () => {
    const k = parseKnownDifferences(
      '# t\n- `fmt/12345678` — reason one\n- `gen-go/*`: every generated go case\nprose `x/y`\n',
    );
    expect(k.has('fmt/12345678')).toBe(true);
    expect(k.reason('fmt/12345678')).toBe('reason one');
    expect(k.has('gen-go/abcdef01')).toBe(true);
    expect(k.has('x/y')).toBe(false);
    expect(k.entries()).toEqual(['fmt/12345678', 'gen-go/*']);
  });

  it('writes fixtures that read back to the same cases and outcomes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'helmfire-fixtures-'));
    try {
      const c1 = { id: 'a/1', area: 'a', input: { template: '{{.}}', data: 'x: 1', funcs: 'go' as const } };
      const c2 = { id: 'a/2', area: 'a', input: { template: '{{', data: 'x: 1', funcs: 'go' as const } };
      const c3 = {
        id: 'b/3',
        area: 'b',
        input: { template: 'r', funcs: 'sprig' as const },
        compare: { shape: '.' },
      };
      const rows = [
        toRow(c1, { output: 'map[x:1]', error: '' }),
        toRow(c2, { output: '', error: 'template: t:1: unclosed action', phase: 'parse' }),
        toRow(c3, { output: 'r', error: '' }),
      ];
      expect(writeFixtures(dir, rows).length).toBe(2);
      expect(readFixtures(dir)).toEqual(rows);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
