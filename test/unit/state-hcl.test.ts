import { describe, expect, it } from 'vitest';
import { evaluateHclValues } from '../../src/state/hcl.js';
import { memoryHost } from '../../src/state/host.js';
import { StateLoader } from '../../src/state/loader.js';
import type { GoValue } from '../../src/template/value.js';

/** `.hcl` environment values, read as helmfile reads them. */

const plain = (v: GoValue): unknown => {
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), plain(x)]));
  if (Array.isArray(v)) return v.map(plain);
  return v;
};
// HCL's own `${…}` interpolation appears in the texts below.
const hcl = (...texts: string[]) =>
  plain(evaluateHclValues(texts.map((text, i) => ({ path: `/w/f${i}.hcl`, text }))));

describe('HCL values', () => {
  it('evaluates values across files, with each file its own locals', () => {
    const a = [
      'locals {',
      '  me = "a.hcl"',
      '}',
      '# a comment',
      'values {',
      '  name = "x"',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation
      '  greeting = "hello ${hv.name}"  // another',
      '  owner = local.me',
      '  other = hv.fromB',
      '  sum = 2 + 3 * 4',
      '  flag = hv.sum > 10 ? "big" : "small"',
      '  tags = [hv.name, "y"]',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation
      '  joined = "%{for t in hv.tags}${t};%{endfor}"',
      '  cond = "%{if hv.sum == 14}yes%{else}no%{endif}"',
      '  obj = { a = 1, "b" = upper(hv.name) }',
      '  mine = local',
      '}',
    ].join('\n');
    const b = 'locals {\n  me = "b.hcl"\n}\nvalues {\n  fromB = local.me\n}\n';
    expect(hcl(a, b)).toEqual({
      name: 'x',
      greeting: 'hello x',
      owner: 'a.hcl',
      other: 'b.hcl',
      sum: 14,
      flag: 'big',
      tags: ['x', 'y'],
      joined: 'x;y;',
      cond: 'yes',
      obj: { a: 1, b: 'X' },
      mine: { me: 'a.hcl' },
      fromB: 'b.hcl',
    });
  });

  it('merges a value defined more than once: objects deeply, anything else replaced', () => {
    expect(
      hcl(
        'values {\n  m = { a = { x = 1, y = 2 } }\n  s = "first"\n  l = [1, 2]\n}\n',
        'values {\n  m = { a = { y = 3 }, b = true }\n  s = "second"\n  l = [3]\n}\n',
      ),
    ).toEqual({ m: { a: { x: 1, y: 3 }, b: true }, s: 'second', l: [3] });
  });

  it('computes as cty does, in decimals, then hands on float64s', () => {
    expect(
      hcl('values {\n  a = 0.1 + 0.2\n  b = 0.3 / 0.1\n  c = 1.1 * 1.1\n  d = 2 / 3\n  e = 5 - 7.25\n}\n'),
    ).toEqual({
      a: 0.3,
      b: 3,
      c: 1.21,
      d: 2 / 3,
      e: -2.25,
    });
  });

  it('names what it cannot do', () => {
    expect(() => hcl('values {\n  a = hv.missing\n}\n')).toThrow('depend(s) on undefined vars "missing"');
    expect(() => hcl('values {\n  a = nosuch(1)\n}\n')).toThrow('the function "nosuch"');
    expect(() => hcl('resource "x" {\n}\n')).toThrow('blocks of type "resource" are not expected here');
    expect(() => hcl('values {\n  a = hv.b\n  b = hv.a\n}\n')).toThrow('cycle');
  });

  it('environment values: HCL files are merged after the other entries', async () => {
    const host = memoryHost(
      {
        '/w/helmfile.yaml.gotmpl':
          'environments:\n  default:\n    values:\n    - v.hcl\n    - v.yaml\n---\nreleases:\n- name: "{{ .Values.a }}-{{ .Values.n }}"\n  chart: c/x\n',
        '/w/v.hcl': 'values {\n  a = "fromhcl"\n  n = 1 + 1\n}\n',
        '/w/v.yaml': 'a: fromyaml\n',
      },
      { cwd: '/w' },
    );
    const state = await new StateLoader(host).load({});
    expect(state.releases.map((r) => r.name)).toEqual(['fromhcl-2']);
  });
});
