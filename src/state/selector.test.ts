import { describe, expect, it } from 'vitest';
import { SelectorError } from './errors.js';
import {
  anySelectorMatches,
  parseSelector,
  selectorMatches,
  selectorsCompatible,
  withImplicitLabels,
} from './selector.js';

const labels = { name: 'web', namespace: 'apps', chart: 'nginx', tier: 'frontend' };

describe('selectors', () => {
  it('ANDs the terms of one selector', () => {
    expect(selectorMatches(parseSelector('tier=frontend,name=web'), labels)).toBe(true);
    expect(selectorMatches(parseSelector('tier=frontend,name=api'), labels)).toBe(false);
  });
  it('ORs several selectors; no selector selects everything', () => {
    const sels = [parseSelector('name=api'), parseSelector('namespace=apps')];
    expect(anySelectorMatches(sels, labels)).toBe(true);
    expect(anySelectorMatches([parseSelector('name=api')], labels)).toBe(false);
    expect(anySelectorMatches([], labels)).toBe(true);
  });
  it('negative terms also match releases without the label', () => {
    expect(selectorMatches(parseSelector('tier!=backend'), labels)).toBe(true);
    expect(selectorMatches(parseSelector('tier!=frontend'), labels)).toBe(false);
    expect(selectorMatches(parseSelector('team!=core'), labels)).toBe(true);
  });
  it('rejects malformed terms with helmfile message and a fix for k:v', () => {
    expect(() => parseSelector('tier')).toThrow(SelectorError);
    expect(() => parseSelector('tier')).toThrow('malformed label: tier. Expected label in form k=v or k!=v');
    expect(() => parseSelector('tier:web')).toThrow(
      'malformed label: tier:web. Expected label in form k=v or k!=v (write "tier=web")',
    );
  });
  it('adds the implicit name, namespace and chart labels (last chart path segment)', () => {
    expect(
      withImplicitLabels(
        { tier: 'x', name: 'ignored' },
        { team: 't' },
        { name: 'db', namespace: '', chart: 'oci://r/charts/pg' },
      ),
    ).toEqual({ team: 't', tier: 'x', name: 'db', namespace: '', chart: 'pg' });
  });
  it('detects sub-helmfile selectors that exclude every CLI selector', () => {
    expect(selectorsCompatible(['tier=web'], ['tier=db'])).toBe(false);
    expect(selectorsCompatible(['tier=web'], ['tier=db', 'name=x'])).toBe(true);
    expect(selectorsCompatible(['tier!=web'], ['tier=web'])).toBe(true);
  });
});
