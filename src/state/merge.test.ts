import { describe, expect, it } from 'vitest';
import type { GoValue } from '../template/value.js';
import { mergeStruct, mergoMergeMaps } from './merge.js';
import { releaseSchema, releaseSetSchema } from './schema.js';
import type { ReleaseSetSpec } from './spec.js';

const m = (entries: Record<string, GoValue>) => new Map<GoValue, GoValue>(Object.entries(entries));
const layer = { override: true, appendSlice: true };
const parts = { override: true, appendSlice: false };

describe('mergeStruct (mergo over the state schema)', () => {
  it('replaces scalars only with non-zero values', () => {
    const out = mergeStruct(
      { kubeVersion: 'v1', lockFilePath: 'a' },
      { kubeVersion: '', lockFilePath: 'b' },
      releaseSetSchema,
      layer,
    );
    expect(out).toEqual({ kubeVersion: 'v1', lockFilePath: 'b' });
  });
  it('cannot switch a pointer bool off once on (mergo compares the pointed-to values)', () => {
    expect(mergeStruct({ wait: true }, { wait: false }, releaseSchema, layer).wait).toBe(true);
    expect(mergeStruct({ wait: false }, { wait: true }, releaseSchema, layer).wait).toBe(true);
    expect(mergeStruct({}, { wait: false }, releaseSchema, layer).wait).toBe(false);
  });
  it('appends lists between layers and replaces non-empty lists between parts', () => {
    const a: ReleaseSetSpec = { releases: [{ name: 'a' }], repositories: [{ name: 'r1' }] };
    const b: ReleaseSetSpec = { releases: [{ name: 'b' }] };
    expect(mergeStruct(a, b, releaseSetSchema, layer).releases).toEqual([{ name: 'a' }, { name: 'b' }]);
    expect(mergeStruct(a, b, releaseSetSchema, parts).releases).toEqual([{ name: 'b' }]);
    expect(mergeStruct(a, b, releaseSetSchema, parts).repositories).toEqual([{ name: 'r1' }]);
  });
  it('merges maps key by key; a map of structs replaces whole entries', () => {
    const out = mergeStruct(
      {
        commonLabels: { a: '1', b: '2' },
        environments: { prod: { kubeContext: 'c1', mergeStrategy: 'fallback' } },
      },
      { commonLabels: { b: '3' }, environments: { prod: { kubeContext: 'c2' } } },
      releaseSetSchema,
      layer,
    );
    expect(out.commonLabels).toEqual({ a: '1', b: '3' });
    expect(out.environments).toEqual({ prod: { kubeContext: 'c2' } });
  });
  it('merges nested structs field by field', () => {
    const out = mergeStruct(
      { helmDefaults: { wait: true, timeout: 60 } },
      { helmDefaults: { timeout: 600 } },
      releaseSetSchema,
      layer,
    );
    expect(out.helmDefaults).toEqual({ wait: true, timeout: 600 });
  });
});

describe('mergoMergeMaps (mergo over map[string]interface{})', () => {
  it('with override every key of the source wins, even empty values and nulls', () => {
    expect(mergoMergeMaps(m({ a: 1n, b: 'x', c: 2n }), m({ a: '', b: null }), parts)).toEqual(
      m({ a: '', b: null, c: 2n }),
    );
  });
  it('merges nested maps and replaces lists', () => {
    const out = mergoMergeMaps(
      m({ img: m({ repo: 'r', tag: 't' }), l: [1n, 2n] }),
      m({ img: m({ tag: 'u' }), l: [3n] }),
      parts,
    );
    expect(out).toEqual(m({ img: m({ repo: 'r', tag: 'u' }), l: [3n] }));
  });
  it('without override only fills missing or empty keys', () => {
    expect(
      mergoMergeMaps(m({ a: 1n, b: '' }), m({ a: 2n, b: 'y', c: 3n }), {
        override: false,
        appendSlice: false,
      }),
    ).toEqual(m({ a: 1n, b: 'y', c: 3n }));
  });
});
