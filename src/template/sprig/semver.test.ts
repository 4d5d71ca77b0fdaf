import { describe, expect, it } from 'vitest';
import { sprint } from '../fmt/index.js';
import { goTypeOf } from '../reflect.js';
import { GoError, GoNumber, GoStruct, type GoValue } from '../value.js';
import { marshal } from './json.js';
import { funcs, type SemverVersion } from './semver.js';
import { callFn } from './testutil.js';

const call = (name: string, ...args: GoValue[]) => callFn(funcs, name, ...args);
const ctx = { executeTemplate: () => '', renderString: () => '', templateName: 't' };

/** `.Name args…` on a struct, as the engine evaluates a method call. */
function invoke(v: GoValue, name: string, ...args: GoValue[]): GoValue {
  const m = (v as GoStruct).member(name);
  if (m?.kind !== 'method') throw new Error(`no method ${name}`);
  return m.fn.call(args, ctx);
}

describe('semver', () => {
  it('parses and exposes the version through methods', () => {
    const v = call('semver', 'v1.2.3-beta.1+m');
    expect(v).toBeInstanceOf(GoStruct);
    expect(goTypeOf(v)).toBe('*semver.Version');
    expect(sprint(v)).toBe('1.2.3-beta.1+m');
    expect(invoke(v, 'Major')).toEqual(new GoNumber('uint64', 1n));
    expect(invoke(v, 'Patch')).toEqual(new GoNumber('uint64', 3n));
    expect(invoke(v, 'Prerelease')).toBe('beta.1');
    expect(invoke(v, 'Metadata')).toBe('m');
    expect(invoke(v, 'Original')).toBe('v1.2.3-beta.1+m');
    expect(sprint(invoke(v, 'IncPatch'))).toBe('1.2.3');
    expect(sprint(invoke(v, 'IncMinor'))).toBe('1.3.0');
    expect(goTypeOf(invoke(v, 'IncMajor'))).toBe('semver.Version');
    expect(sprint(call('semver', '1.2'))).toBe('1.2.0');
    expect(sprint(call('semver', '01.02'))).toBe('1.2.0');
  });
  it('values returned by Inc*/Set* only have value-receiver methods', () => {
    const next = invoke(call('semver', '1.2.3'), 'IncPatch') as GoStruct;
    expect(sprint(next)).toBe('1.2.4');
    expect(next.member('Original')).toBeUndefined();
    expect(next.member('Compare')).toBeUndefined();
    expect(sprint(invoke(call('semver', '1.2.3'), 'SetPrerelease', 'rc.1'))).toBe('1.2.3-rc.1');
    expect(() => invoke(call('semver', '1.2.18446744073709551615'), 'IncPatch')).toThrow(
      new GoError('patch version increment would overflow uint64'),
    );
    expect(() => invoke(call('semver', '1.2.3'), 'SetPrerelease', '01')).toThrow(
      new GoError('version segment starts with 0'),
    );
  });
  it('compares versions', () => {
    const v = call('semver', '1.2.3');
    expect(invoke(v, 'Compare', call('semver', '1.2.4'))).toBe(-1n);
    expect(invoke(v, 'LessThan', call('semver', '1.2.4'))).toBe(true);
    expect(invoke(call('semver', '1.0.0'), 'Equal', call('semver', '1.0.0+x'))).toBe(true);
    expect(invoke(call('semver', '1.0.0-beta.10'), 'GreaterThan', call('semver', '1.0.0-beta.2'))).toBe(true);
    expect(invoke(call('semver', '1.0.0-alpha'), 'LessThan', call('semver', '1.0.0-alpha.1'))).toBe(true);
  });
  it('rejects invalid versions with the library messages', () => {
    const cases: [string, string][] = [
      ['x', 'invalid semantic version'],
      ['1.2.3-01', 'version segment starts with 0'],
      ['1.2.3+a_b', 'invalid semantic version'],
      [
        '99999999999999999999.0.0',
        'error parsing version segment: strconv.ParseUint: parsing "99999999999999999999": value out of range',
      ],
      ['1'.repeat(300), 'version string is too long (max 256 bytes)'],
    ];
    for (const [input, msg] of cases) expect(() => call('semver', input), input).toThrow(new GoError(msg));
  });
  it('marshals to JSON as its string; deep copies lose the version like copystructure', () => {
    expect(marshal(call('semver', '1.2.3'), { escapeHTML: true })).toBe('"1.2.3"');
    expect(sprint((call('semver', '1.2.3') as SemverVersion).deepCopy())).toBe('0.0.0');
  });
});

describe('semverCompare (Masterminds/semver v3.5.0, as helmfile builds it)', () => {
  const vers = [
    '1.2.3',
    '1.2.4',
    '1.3.0',
    '1.9.0-beta',
    '1.2.3-beta',
    '2.0.0',
    '0.2.5',
    '0.3.0',
    '0.0.3',
    '0.0.4',
  ];
  const table: [string, string][] = [
    ['1.2.3', 'TFFFFFFFFF'],
    ['!=1.2.3', 'FTTFFTTTTT'],
    ['>=1.0.0-0 <2.0.0', 'TTTTTFFFFF'],
    ['>=1.0.0 <2.0.0-0', 'TTTTTFFFFF'],
    ['1.2.3-beta || ^1', 'TTTFTFFFFF'],
    ['!=1.x', 'FFFFFTTTTT'],
    ['>1.2', 'FFTFFTFFFF'],
    ['>1', 'FFFFFTFFFF'],
    ['>=1.2.0-0', 'TTTTTTFFFF'],
    ['<=1.x', 'TTTFFFTTTT'],
    ['~1.2.3', 'TTFFFFFFFF'],
    ['~1', 'TTTFFFFFFF'],
    ['^1.2', 'TTTFFFFFFF'],
    ['^0.2.3', 'FFFFFFTFFF'],
    ['^0.0.3', 'FFFFFFFFTF'],
    ['^0', 'FFFFFFTTTT'],
    ['^1.2.3-beta', 'TTTTTFFFFF'],
    ['*', 'TTTFFTTTTT'],
    ['1.2 - 1.4.5', 'TTTFFFFFFF'],
    ['>= 1.2, < 2.0', 'TTTFFFFFFF'],
    ['1.2 || >=2.1', 'TTFFFFFFFF'],
    ['~1.2.3-beta.2', 'TTFFFFFFFF'],
  ];
  it('follows Masterminds constraint rules', () => {
    for (const [c, want] of table) {
      const got = vers.map((v) => (call('semverCompare', c, v) ? 'T' : 'F')).join('');
      expect(got, c).toBe(want);
    }
  });
  it('reports improper constraints and bad versions', () => {
    expect(() => call('semverCompare', '', '1.0.0')).toThrow(new GoError('improper constraint: ""'));
    expect(() => call('semverCompare', '>=a', '1.0.0')).toThrow(new GoError('improper constraint: ">=a"'));
    expect(() => call('semverCompare', '1|2', '1.0.0')).toThrow(new GoError('constraint parser error'));
    expect(() => call('semverCompare', 'x', 'bad')).toThrow(new GoError('invalid semantic version'));
    expect(() => call('semverCompare', ' '.repeat(600), '1.0.0')).toThrow(
      new GoError('constraint string is too long (max 512 bytes)'),
    );
    expect(() => call('semverCompare', '1||'.repeat(40), '1.0.0')).toThrow(
      new GoError('too many constraint groups (max 32)'),
    );
  });
});
