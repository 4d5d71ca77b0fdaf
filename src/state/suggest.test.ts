import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from './suggest.js';

describe('suggestions', () => {
  it('counts an adjacent swap as one edit', () => {
    expect(editDistance('chrat', 'chart')).toBe(1);
    expect(editDistance('chart', 'chart')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
  });
  it('suggests the closest key for a typo', () => {
    expect(didYouMean('chrat', ['name', 'chart', 'version'])).toBe('did you mean "chart"?');
    expect(didYouMean('value', ['values', 'set'])).toBe('did you mean "values"?');
    expect(closest('Namespace', ['namespace', 'name'])).toBe('namespace');
  });
  it('suggests nothing for an unrelated word', () => {
    expect(didYouMean('zzzzzz', ['chart', 'name'])).toBeUndefined();
    expect(didYouMean('x', [])).toBeUndefined();
  });
});
