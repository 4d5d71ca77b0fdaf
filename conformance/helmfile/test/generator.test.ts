import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { AREA_COUNTS, caseDigest, generateCases } from '../generator/index.js';
import { AREAS } from '../generator/model.js';
import { Rng } from '../generator/rng.js';
import { emit, raw } from '../generator/yaml-emit.js';

describe('Rng', () => {
  it('is deterministic per seed and per derived stream', () => {
    const a = Rng.derive(7, 'x', 1);
    const b = Rng.derive(7, 'x', 1);
    const seq = (r: Rng) => Array.from({ length: 5 }, () => r.int(1000));
    expect(seq(a)).toEqual(seq(b));
    expect(seq(Rng.derive(7, 'x', 2))).not.toEqual(seq(Rng.derive(7, 'x', 1)));
  });

  it('stays in range', () => {
    const r = new Rng(1);
    for (let i = 0; i < 1000; i++) {
      const v = r.range(3, 5);
      expect(v >= 3 && v <= 5).toBe(true);
    }
  });
});

describe('emit', () => {
  it('writes block YAML that parses back, with raw template text verbatim', () => {
    const text = emit({
      a: 1,
      b: ['x', { c: 'yes', d: [] }],
      e: {},
      f: raw('{{ .Values.x }}'),
      g: 'two words',
    });
    expect(text).toContain('f: {{ .Values.x }}');
    const parsed = parseAllDocuments(text.replace('{{ .Values.x }}', 'v'))[0]?.toJS();
    expect(parsed).toEqual({ a: 1, b: ['x', { c: 'yes', d: [] }], e: {}, f: 'v', g: 'two words' });
  });
});

describe('generateCases', () => {
  const cases = generateCases();

  it('gives at least 1,000 state files across every area', () => {
    expect(cases.length).toBe(Object.values(AREA_COUNTS).reduce((a, b) => a + b, 0));
    expect(cases.length).toBeGreaterThanOrEqual(1000);
    expect(new Set(cases.map((c) => c.area))).toEqual(new Set(AREAS));
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it('is reproducible: the same seed gives the same files', () => {
    const again = generateCases();
    expect(again.map(caseDigest)).toEqual(cases.map(caseDigest));
  });

  it('every case names an existing main file and at least one command', () => {
    for (const c of cases) {
      expect(c.files[c.main], c.id).toBeDefined();
      expect(c.runs.length, c.id).toBeGreaterThan(0);
    }
  });
});
