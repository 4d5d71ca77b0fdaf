import { describe, expect, it } from 'vitest';
import { GlobPatternError, glob, globMatch } from './glob.js';
import { memoryHost } from './host.js';

describe('globMatch (Go filepath.Match)', () => {
  it('* and ? never cross a path separator', () => {
    expect(globMatch('*.yaml', 'a.yaml')).toBe(true);
    expect(globMatch('*.yaml', 'dir/a.yaml')).toBe(false);
    expect(globMatch('a?c', 'abc')).toBe(true);
    expect(globMatch('a?c', 'a/c')).toBe(false);
  });
  it('matches dot files like any other name', () => {
    expect(globMatch('*.yaml', '.hidden.yaml')).toBe(true);
  });
  it('supports classes, negated classes, ranges and escapes', () => {
    expect(globMatch('v[0-9].yaml', 'v7.yaml')).toBe(true);
    expect(globMatch('v[^0-9].yaml', 'v7.yaml')).toBe(false);
    expect(globMatch('v[^0-9].yaml', 'vx.yaml')).toBe(true);
    expect(globMatch('a\\*b', 'a*b')).toBe(true);
    expect(globMatch('a\\*b', 'axb')).toBe(false);
  });
  it('rejects malformed patterns', () => {
    expect(() => globMatch('[', 'x')).toThrow(GlobPatternError);
    expect(() => globMatch('a[]', 'a')).toThrow(GlobPatternError);
  });
});

describe('glob', () => {
  const host = memoryHost({
    '/s/values/b.yaml': '',
    '/s/values/a.yaml': '',
    '/s/values/a.yml': '',
    '/s/values/sub/c.yaml': '',
    '/s/envs/prod/x.yaml': '',
    '/s/envs/dev/x.yaml': '',
  });
  it('returns sorted absolute matches', () => {
    expect(glob(host, '/s/values/*.yaml')).toEqual(['/s/values/a.yaml', '/s/values/b.yaml']);
    expect(glob(host, '/s/values/*.y*ml')).toEqual([
      '/s/values/a.yaml',
      '/s/values/a.yml',
      '/s/values/b.yaml',
    ]);
  });
  it('expands globs in directory parts', () => {
    expect(glob(host, '/s/envs/*/x.yaml')).toEqual(['/s/envs/dev/x.yaml', '/s/envs/prod/x.yaml']);
  });
  it('returns a plain path only when it exists', () => {
    expect(glob(host, '/s/values/a.yaml')).toEqual(['/s/values/a.yaml']);
    expect(glob(host, '/s/values/none.yaml')).toEqual([]);
  });
});
