import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeYaml } from '../../yaml/index.js';
import { TemplateSet } from '../index.js';
import { sprigFuncMap } from './index.js';

interface Recorded {
  data: string;
  cases: { template: string; output: string; error?: string }[];
}

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/engine-cases.json', import.meta.url), 'utf8'),
) as Recorded;

function render(template: string): { output: string; error?: string } {
  const set = new TemplateSet('t', { funcs: sprigFuncMap(), missingKey: 'default' });
  try {
    set.parse(template);
    return { output: set.execute(decodeYaml(fixture.data, { filename: 'data' })[0] ?? null) };
  } catch (e) {
    const err = e as Error & { partialOutput?: string };
    return { output: err.partialOutput ?? '', error: err.message };
  }
}

describe('Sprig through the template engine, as Go renders it', () => {
  for (const c of fixture.cases) {
    it(c.template, () => {
      const want = c.error === undefined ? { output: c.output } : { output: c.output, error: c.error };
      expect(render(c.template)).toEqual(want);
    });
  }
});
