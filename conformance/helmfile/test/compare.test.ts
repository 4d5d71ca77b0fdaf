import { describe, expect, it } from 'vitest';
import { canonicalJson, compareMultisets, diffPaths, firstDifference } from '../lib/compare.js';
import { subcommandOf } from '../lib/implementations.js';
import { normaliseSnapshotOutput } from '../lib/normalise.js';
import { compareRuns } from '../lib/semantic.js';

describe('comparison', () => {
  it('ignores key order but not list order', () => {
    expect(canonicalJson({ b: 1, a: [2, 1] })).toBe(canonicalJson({ a: [2, 1], b: 1 }));
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
  });

  it('names the differing paths', () => {
    expect(diffPaths({ a: { b: 1, c: [1] } }, { a: { b: 2, c: [1, 2] } })).toEqual([
      'a.b: 1 != 2',
      'a.c: list of 1 != list of 2',
    ]);
  });

  it('compares multisets and pairs unmatched items by key', () => {
    const key = (x: { n: string }) => x.n;
    expect(compareMultisets('doc', [{ n: 'a' }, { n: 'b' }], [{ n: 'b' }, { n: 'a' }], key).equal).toBe(true);
    const v = compareMultisets('doc', [{ n: 'a', v: 1 }], [{ n: 'a', v: 2 }], key);
    expect(v.equal).toBe(false);
    expect(v.reasons).toEqual(['doc a: v: 1 != 2']);
    expect(compareMultisets('doc', [{ n: 'a' }, { n: 'a' }], [{ n: 'a' }], key).equal).toBe(false);
  });

  it('reports the first differing line', () => {
    expect(firstDifference('a\nb\n', 'a\nb\n')).toBeNull();
    expect(firstDifference('a\nb', 'a\nc')).toBe('line 2: expected "b", got "c"');
  });
});

describe('compareRuns', () => {
  const manifest = (name: string) =>
    `---\n# Source: raw/templates/r.yaml\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

  it('passes when the documents agree, whatever the log lines say', () => {
    const want = { code: 0, output: `Templating release=a, chart=x\n${manifest('a')}` };
    const got = { code: 0, output: `rendering a\n${manifest('a')}` };
    expect(compareRuns(['template'], want, got).equal).toBe(true);
  });

  it('fails on a different document or a failed run', () => {
    const want = { code: 0, output: manifest('a') };
    expect(compareRuns(['template'], want, { code: 0, output: manifest('b') }).equal).toBe(false);
    expect(compareRuns(['template'], want, { code: 1, output: 'boom' }).reasons[0]).toMatch(/^exit 1: boom/);
    const split = { code: 1, output: '', messages: 'Error: no chart' };
    expect(compareRuns(['template'], want, split).reasons[0]).toBe('exit 1: Error: no chart');
  });

  it('accepts any failure when the reference failed, and only a failure', () => {
    const want = { code: 1, output: 'err: x' };
    expect(compareRuns(['build'], want, { code: 1, output: 'other wording' }).equal).toBe(true);
    expect(compareRuns(['build'], want, { code: 0, output: '' }).equal).toBe(false);
  });

  it('compares list --output json as records in any order', () => {
    const want = { code: 0, output: '[{"name":"a","labels":"x:1"},{"name":"b","labels":""}]' };
    const got = { code: 0, output: '[{"labels":"","name":"b"},{"name":"a","labels":"x:1"}]' };
    expect(compareRuns(['list', '--output', 'json'], want, got).equal).toBe(true);
    expect(
      compareRuns(['-l', 'a=b', 'list', '--output', 'json'], want, { code: 0, output: '[]' }).equal,
    ).toBe(false);
  });
});

describe('normaliseSnapshotOutput', () => {
  it('applies the harness replacements in its order', () => {
    const out = normaliseSnapshotOutput(
      'Templating release=foo, chart=/w/temp1/foo\nhelm v3.18.0+gabc123\nPulled: localhost:4321/myrepo/raw:0.1.0\nDigest: sha256:0fa\n/c/home/x\n#  Source: /w/testdata/a\nrepo localhost:40000/\n',
      { wd: '/w', helmfileCacheHome: '/c/home', registryPort: 4321, movedPorts: new Map([[40000, 18080]]) },
    );
    expect(out).toBe(
      'Templating release=foo, chart=$WD/temp1/foo\nhelm $HelmVersion\nPulled: localhost:$REGISTRY_PORT/myrepo/raw:0.1.0\nDigest: sha256:$DIGEST\n$HELMFILE_CACHE_HOME/x\n#  Source: __workingdir__/testdata/a\nrepo localhost:18080/\n',
    );
  });
});

describe('subcommandOf', () => {
  it('skips flag values that look like subcommands', () => {
    expect(subcommandOf(['--environment', 'test', 'template'])).toBe('template');
    expect(subcommandOf(['-l', 'name=x', 'list', '--output', 'json'])).toBe('list');
    expect(subcommandOf(['-f', 'build', 'build'])).toBe('build');
    expect(subcommandOf(['--skip-deps'])).toBeUndefined();
  });
});
