import { describe, expect, it } from 'vitest';
import { GoError, GoNumber, type GoValue } from '../value.js';
import { funcs as conversion } from './conversion.js';
import { funcs as flow } from './flow.js';
import { expand, osFuncs } from './os.js';
import { funcs as paths } from './paths.js';
import { funcs as reflection } from './reflection.js';
import { SemverVersion } from './semver.js';
import { callFn } from './testutil.js';

const call = (name: string, ...args: GoValue[]) =>
  callFn([...conversion, ...flow, ...paths, ...reflection], name, ...args);

describe('paths', () => {
  it('follow Go path semantics', () => {
    const cases: [string, string, string][] = [
      ['clean', 'a/../..', '..'],
      ['clean', '/../a/./b//', '/a/b'],
      ['clean', '', '.'],
      ['clean', '../a/..', '..'],
      ['base', '', '.'],
      ['base', '///', '/'],
      ['base', 'a/b/', 'b'],
      ['dir', 'a/b/', 'a/b'],
      ['dir', 'a', '.'],
      ['dir', '/a', '/'],
      ['ext', 'a/b.c.d', '.d'],
      ['ext', 'a.b/c', ''],
      ['osBase', '/x/y.z', 'y.z'],
      ['osDir', '/x/y.z', '/x'],
      ['osClean', 'x//y/', 'x/y'],
      ['osExt', 'y.tar.gz', '.gz'],
    ];
    for (const [fn, input, want] of cases) expect(call(fn, input), `${fn} ${input}`).toBe(want);
    expect(call('isAbs', '/x')).toBe(true);
    expect(call('osIsAbs', 'x')).toBe(false);
  });
});

describe('env and expandenv', () => {
  const env: Record<string, string> = { FOO: 'bar', X_1: 'y' };
  const fns = osFuncs((n) => env[n]);
  it('read the injected environment', () => {
    expect(callFn(fns, 'env', 'FOO')).toBe('bar');
    expect(callFn(fns, 'env', 'NOPE')).toBe('');
    expect(callFn(fns, 'expandenv', `a $FOO \${FOO}x $X_1$ \${} \${FOO $1 $$ \${é}`)).toBe('a bar barx y$  ');
    expect(expand(`x\${abc`, () => 'V')).toBe('xabc');
    expect(expand('$', () => 'V')).toBe('$');
    expect(expand('no vars', () => 'V')).toBe('no vars');
  });
});

describe('reflection', () => {
  it('typeOf/kindOf and their predicates', () => {
    expect(call('typeOf', 1n)).toBe('int');
    expect(call('typeOf', null)).toBe('<nil>');
    expect(call('typeOf', new GoNumber('int64', 1n))).toBe('int64');
    const v = SemverVersion.parse('1.0.0');
    expect(call('typeIs', '*semver.Version', v)).toBe(true);
    expect(call('typeIsLike', 'semver.Version', v)).toBe(true);
    expect(call('typeIsLike', 'string', 'x')).toBe(true);
    expect(call('kindOf', null)).toBe('invalid');
    expect(call('kindOf', v)).toBe('ptr');
    expect(call('kindIs', 'int', 3n)).toBe(true);
    expect(call('kindIs', 'slice', [])).toBe(true);
  });
  it('deepEqual is reflect.DeepEqual', () => {
    const l = () => [1n, new Map<GoValue, GoValue>([['a', 2n]])];
    expect(call('deepEqual', l(), l())).toBe(true);
    expect(call('deepEqual', 1n, new GoNumber('int64', 1n))).toBe(false);
  });
});

describe('conversion', () => {
  it('atoi ignores errors but keeps the clamped value of a range error', () => {
    expect(call('atoi', '12')).toBe(12n);
    expect(call('atoi', 'x')).toBe(0n);
    expect(call('atoi', '99999999999999999999')).toBe(9223372036854775807n);
  });
  it('int, int64, float64 use cast', () => {
    expect(call('int', '0x1F')).toBe(31n);
    expect(call('int64', '12.0')).toEqual(new GoNumber('int64', 12n));
    expect(call('float64', '1.5')).toBe(1.5);
  });
  it('toDecimal reads the printed value as octal', () => {
    expect(call('toDecimal', '0777')).toEqual(new GoNumber('int64', 511n));
    expect(call('toDecimal', 511n)).toEqual(new GoNumber('int64', 329n));
    expect(call('toDecimal', '0x10')).toEqual(new GoNumber('int64', 0n));
    expect(call('toDecimal', null)).toEqual(new GoNumber('int64', 0n));
  });
});

describe('fail', () => {
  it('errors with the message', () => {
    expect(() => call('fail', 'boom')).toThrow(new GoError('boom'));
  });
});
