import { describe, expect, it } from 'vitest';
import { normalizeNeed, planGroups, releaseId } from './dag.js';
import { NeedsError } from './errors.js';

describe('release ids and needs', () => {
  it('builds [context/][namespace/]name ids, with ctx//name when the namespace is empty', () => {
    expect(releaseId({ name: 'a', namespace: '', kubeContext: '' })).toBe('a');
    expect(releaseId({ name: 'a', namespace: 'ns', kubeContext: '' })).toBe('ns/a');
    expect(releaseId({ name: 'a', namespace: 'ns', kubeContext: 'c' })).toBe('c/ns/a');
    expect(releaseId({ name: 'a', namespace: '', kubeContext: 'c' })).toBe('c//a');
  });
  it('completes needs with the needing release namespace and context', () => {
    const of = { namespace: 'apps', kubeContext: 'main' };
    expect(normalizeNeed('db', of)).toBe('main/apps/db');
    expect(normalizeNeed('data/db', of)).toBe('main/data/db');
    expect(normalizeNeed('edge/data/db', of)).toBe('edge/data/db');
    expect(normalizeNeed('db', { namespace: '', kubeContext: '' })).toBe('db');
  });
});

describe('planGroups', () => {
  const nodes = [
    { id: 'web', needs: ['api'] },
    { id: 'db', needs: [] },
    { id: 'api', needs: ['db', 'cache'] },
    { id: 'cache', needs: [] },
    { id: 'docs', needs: [] },
  ];
  it('groups by dependency depth, keeping definition order inside a group', () => {
    expect(planGroups(nodes)).toEqual([['db', 'cache', 'docs'], ['api'], ['web']]);
    expect(planGroups(nodes, { reverse: true })).toEqual([['web'], ['api'], ['db', 'cache', 'docs']]);
  });
  it('names an undefined need like helmfile', () => {
    expect(() => planGroups([{ id: 'ns/a', needs: ['ns/b'] }])).toThrow(
      'release(s) "ns/a" depend(s) on an undefined release "ns/b". Perhaps you made a typo in "needs" or forgot defining a release named "b" with appropriate "namespace" and "kubeContext"?',
    );
  });
  it('reports a cycle naming the releases in it', () => {
    const cyclic = [
      { id: 'a', needs: ['c'] },
      { id: 'b', needs: ['a'] },
      { id: 'c', needs: ['b'] },
      { id: 'd', needs: ['a'] },
    ];
    expect(() => planGroups(cyclic)).toThrow(NeedsError);
    expect(() => planGroups(cyclic)).toThrow(
      'cycle detected: a -> b -> c -> a ("b" needs "a", "c" needs "b", "a" needs "c"); remove one of these needs',
    );
  });
  it('fails when a selected release needs an unselected one, unless told to include or skip it', () => {
    expect(() => planGroups(nodes, { selected: ['api'] })).toThrow(
      'release "api" depends on "db" which does not match the selectors. Please add a selector like "--selector name=db", or indicate whether to skip (--skip-needs) or include (--include-needs) these dependencies',
    );
    expect(planGroups(nodes, { selected: ['web'], includeNeeds: true })).toEqual([
      ['db', 'cache'],
      ['api'],
      ['web'],
    ]);
    expect(planGroups(nodes, { selected: ['web', 'db'], skipNeeds: true })).toEqual([['db'], ['web']]);
  });
});
