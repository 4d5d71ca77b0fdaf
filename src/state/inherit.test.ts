import { describe, expect, it } from 'vitest';
import { TemplateStore, withDefaultInherit } from './inherit.js';

describe('release templates', () => {
  it('merges templates in order under the release: scalars override, lists append, except drops fields', () => {
    const store = new TemplateStore({
      a: { chart: 'c/a', namespace: 'ns-a', values: ['a.yaml'], labels: { from: 'a', a: '1' } },
      b: { namespace: 'ns-b', values: ['b.yaml'], labels: { from: 'b' } },
    });
    const r = store.resolve({
      name: 'r',
      inherit: [{ template: 'a' }, { template: 'b', except: ['labels'] }],
      values: ['own.yaml'],
    });
    expect(r).toEqual({
      chart: 'c/a',
      namespace: 'ns-b',
      name: 'r',
      values: ['a.yaml', 'b.yaml', 'own.yaml'],
      labels: { from: 'a', a: '1' },
    });
  });

  it('like helmfile, lets a release change a template pointer field for the releases after it', () => {
    const leaks: string[] = [];
    const store = new TemplateStore({ t: { chart: 'c/x', timeout: 60, wait: false } }, (l) =>
      leaks.push(`${l.release} ${l.template}.${l.field} ${String(l.from)}->${String(l.to)}`),
    );
    expect(
      store.resolve({ name: 'first', inherit: [{ template: 't' }], timeout: 120, wait: true }),
    ).toMatchObject({
      timeout: 120,
      wait: true,
    });
    expect(store.resolve({ name: 'second', inherit: [{ template: 't' }] })).toMatchObject({
      timeout: 120,
      wait: true,
    });
    expect(store.templates().t).toEqual({ chart: 'c/x', timeout: 120, wait: true });
    expect(leaks).toEqual(['first t.wait false->true', 'first t.timeout 60->120']);
  });

  it('cannot switch a pointer bool off: false never overrides true', () => {
    const store = new TemplateStore({ t: { chart: 'c/x', wait: true } });
    expect(store.resolve({ name: 'r', inherit: [{ template: 't' }], wait: false }).wait).toBe(true);
  });

  it('puts defaultInherit templates first, without duplicating explicit ones', () => {
    expect(
      withDefaultInherit(['base', 'b'], [{ template: 'b', except: ['values'] }, { template: 'x' }]),
    ).toEqual([{ template: 'base' }, { template: 'b', except: ['values'] }, { template: 'x' }]);
    expect(withDefaultInherit(undefined, undefined)).toBeUndefined();
  });
});
