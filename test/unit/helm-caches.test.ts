import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forEachLimit } from '../../src/api/helm-run.js';
import { renderKeyFor } from '../../src/api/template.js';
import {
  ChartCache,
  chartCacheKey,
  chartDependencies,
  chartName,
  dependencyInputsDigest,
  detectHelmCached,
  isExactVersion,
  RenderCache,
  whichBinary,
} from '../../src/cache/index.js';
import { publishDir } from '../../src/cache/store.js';

const chartsDir = join(import.meta.dirname, '..', 'charts');

describe('chart cache keys', () => {
  it('keeps only charts whose version names one chart', () => {
    for (const v of ['1.0.0', 'v1.2.3', '1.0.0-rc.1', '1.0.0+build.5', '1.2.3@sha256:abc'])
      expect(isExactVersion(v)).toBe(true);
    for (const v of [undefined, '', '*', '~1.0.0', '^1', '>=1.0.0', '1.0', '1.x', '1.0.0 || 2.0.0'])
      expect(isExactVersion(v)).toBe(false);
  });

  it('names a chart by the last segment of its reference', () => {
    expect(chartName('loop/webapp')).toBe('webapp');
    expect(chartName('oci://reg.local/charts/webapp')).toBe('webapp');
    expect(chartName('oci://reg.local:5000/charts/webapp:1.2.3')).toBe('webapp');
    expect(chartName('oci://reg.local/charts/webapp@sha256:ab')).toBe('webapp');
  });

  it('keys repository charts by URL, not by the repository name a state gives them', () => {
    const a = chartCacheKey({ ref: 'one/webapp', version: '1.0.0', repoUrl: 'http://charts.test/' });
    const b = chartCacheKey({ ref: 'two/webapp', version: '1.0.0', repoUrl: 'http://charts.test' });
    expect(a).toBe(b);
    expect(a).toMatch(/^webapp-1\.0\.0-[0-9a-f]{16}$/);
    expect(chartCacheKey({ ref: 'one/webapp', version: '1.1.0', repoUrl: 'http://charts.test' })).not.toBe(a);
    expect(chartCacheKey({ ref: 'one/webapp', version: '1.0.0', repoUrl: 'http://other.test' })).not.toBe(a);
    // --devel changes what a pull may resolve to; a repository helmfire does not know is never kept.
    expect(
      chartCacheKey({
        ref: 'one/webapp',
        version: '1.0.0',
        repoUrl: 'http://charts.test',
        pull: { devel: true },
      }),
    ).not.toBe(a);
    expect(chartCacheKey({ ref: 'unknown/webapp', version: '1.0.0' })).toBeUndefined();
    expect(
      chartCacheKey({ ref: 'one/webapp', version: '~1.0', repoUrl: 'http://charts.test' }),
    ).toBeUndefined();
  });

  it('keys OCI charts by reference and version, the tag in the reference counting as the version', () => {
    const byField = chartCacheKey({ ref: 'oci://reg.test/charts/webapp', version: '1.0.0' });
    expect(byField).toBe(chartCacheKey({ ref: 'oci://reg.test/charts/webapp:1.0.0' }));
    expect(chartCacheKey({ ref: 'oci://reg.test/charts/webapp' })).toBeUndefined();
  });
});

describe('caches on disk', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'helmfire-caches-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('render cache: a miss, then the stored text as a private file', () => {
    const c = new RenderCache(join(dir, 'renders'));
    const key = 'ab'.repeat(32);
    expect(c.get(key)).toBeUndefined();
    c.put(key, '---\nkind: Secret\n');
    expect(c.get(key)).toBe('---\nkind: Secret\n');
    expect(statSync(join(dir, 'renders', 'ab', key)).mode & 0o777).toBe(0o600);
    expect([c.hits, c.misses]).toEqual([1, 1]);
  });

  it('render cache: pruning removes entries unused for 30 days, at most once a day', () => {
    const c = new RenderCache(join(dir, 'renders'));
    const old = 'aa'.repeat(32);
    const fresh = 'bb'.repeat(32);
    c.put(old, 'old');
    c.put(fresh, 'fresh');
    const day = 24 * 3600_000;
    const now = Date.now();
    const past = new Date(now - 40 * day);
    utimesSync(join(dir, 'renders', 'aa', old), past, past);
    expect(c.prune(30, now)).toBe(1);
    expect(c.get(old)).toBeUndefined();
    expect(c.get(fresh)).toBe('fresh');
    utimesSync(join(dir, 'renders', 'bb', fresh), past, past);
    expect(c.prune(30, now + 3600_000)).toBe(0);
    expect(c.prune(30, now + 2 * day)).toBe(1);
  });

  it('chart cache: a complete entry is found without helm; debris is not an entry', () => {
    const root = join(dir, 'charts');
    const chart = { ref: 'loop/webapp', version: '1.0.0', repoUrl: 'http://charts.test' };
    const entry = join(root, chartCacheKey(chart)!);
    const cache = new ChartCache({
      root,
      runDir: dir,
      helm: { path: '/nonexistent/helm', version: 'v4.0.0', major: 4 },
    });
    mkdirSync(entry, { recursive: true });
    expect(cache.lookup(chart)).toBeUndefined();
    cpSync(join(chartsDir, 'webapp-1.0.0'), join(entry, 'chart'), { recursive: true });
    writeFileSync(
      join(entry, 'meta.json'),
      JSON.stringify({ ref: chart.ref, version: '1.0.0', digest: 'd1' }),
    );
    expect(cache.lookup(chart)).toEqual({ dir: join(entry, 'chart'), digest: 'd1', hit: true });
  });

  it('helm version: remembered per binary, asked again when the binary changes', async () => {
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    const helm = join(bin, 'helm');
    writeFileSync(helm, '#!/bin/sh\n', { mode: 0o755 });
    const env = { PATH: `/nonexistent${delimiter}${bin}` };
    expect(whichBinary('helm', env)).toBe(helm);
    expect(whichBinary('nothelm', env)).toBeUndefined();
    const file = join(dir, 'helm-versions.json');
    const asked: string[] = [];
    let answer = 'v3.99.1';
    const probe = async (path: string) => {
      asked.push(path);
      return { path, version: answer, major: Number(answer[1]) as 3 | 4 };
    };
    expect(await detectHelmCached('helm', file, env, probe)).toEqual({
      path: helm,
      version: 'v3.99.1',
      major: 3,
    });
    answer = 'v4.2.0';
    expect((await detectHelmCached('helm', file, env, probe)).version).toBe('v3.99.1');
    expect(asked).toEqual([helm]);
    // Replaced (another size and time stamp): asked again.
    writeFileSync(helm, '#!/bin/sh\n# helm 4\n', { mode: 0o755 });
    utimesSync(helm, new Date(), new Date(Date.now() + 5000));
    expect((await detectHelmCached('helm', file, env, probe)).version).toBe('v4.2.0');
    expect(asked).toHaveLength(2);
  });

  it('publishing an entry twice keeps the first and drops the second', () => {
    const target = join(dir, 'entry');
    for (const n of ['a', 'b']) {
      mkdirSync(join(dir, n));
      writeFileSync(join(dir, n, 'who'), n);
    }
    expect(publishDir(join(dir, 'a'), target)).toBe(true);
    expect(publishDir(join(dir, 'b'), target)).toBe(false);
    expect(readFileSync(join(target, 'who'), 'utf8')).toBe('a');
  });

  it('dependency digest: follows Chart.yaml, charts/ and the content of file:// dependencies', () => {
    cpSync(join(chartsDir, 'stack'), join(dir, 'stack'), { recursive: true });
    cpSync(join(chartsDir, 'webapp-1.1.0'), join(dir, 'webapp-1.1.0'), { recursive: true });
    rmSync(join(dir, 'stack', 'charts'), { recursive: true, force: true });
    const stack = join(dir, 'stack');
    expect(chartDependencies(stack).map((d) => d.alias)).toEqual(['frontend', 'api']);
    expect(chartDependencies(join(dir, 'webapp-1.1.0'))).toEqual([]);
    const d0 = dependencyInputsDigest(stack);
    expect(dependencyInputsDigest(stack)).toBe(d0);
    writeFileSync(join(dir, 'webapp-1.1.0', 'templates', 'extra.yaml'), '# more\n');
    const d1 = dependencyInputsDigest(stack);
    expect(d1).not.toBe(d0);
    mkdirSync(join(stack, 'charts'));
    writeFileSync(join(stack, 'charts', 'webapp-1.1.0.tgz'), 'archive');
    const d2 = dependencyInputsDigest(stack);
    expect(d2).not.toBe(d1);
    // Templates of the chart itself are not a dependency input.
    writeFileSync(join(stack, 'templates', 'new.yaml'), '# own template\n');
    expect(dependencyInputsDigest(stack)).toBe(d2);
  });

  it('render key: a values file counts by content, not by path; chart digest and flags count', () => {
    const files: Record<string, string> = {};
    const run = {
      helm: { path: 'helm', version: 'v4.1.4', major: 4 as const },
      env: {},
      fileDigest: (p: string) => files[p] ?? 'missing',
    };
    const argv = (values: string, extra: string[] = []) => [
      'template',
      'web',
      '/some/chart',
      '--namespace',
      'ns',
      '--values',
      values,
      ...extra,
    ];
    files['/run1/web-values-0.yaml'] = 'sha-A';
    files['/run2/web-values-0.yaml'] = 'sha-A';
    files['/run3/web-values-0.yaml'] = 'sha-B';
    const k1 = renderKeyFor(run, argv('/run1/web-values-0.yaml'), 'chart-1');
    expect(renderKeyFor(run, argv('/run2/web-values-0.yaml'), 'chart-1')).toBe(k1);
    expect(renderKeyFor(run, argv('/run3/web-values-0.yaml'), 'chart-1')).not.toBe(k1);
    expect(renderKeyFor(run, argv('/run1/web-values-0.yaml'), 'chart-2')).not.toBe(k1);
    expect(renderKeyFor(run, argv('/run1/web-values-0.yaml', ['--include-crds']), 'chart-1')).not.toBe(k1);
    expect(
      renderKeyFor(
        { ...run, helm: { ...run.helm, version: 'v3.18.0', major: 3 } },
        argv('/run1/web-values-0.yaml'),
        'chart-1',
      ),
    ).not.toBe(k1);
    // The chart's path does not count, its content does.
    const moved = argv('/run1/web-values-0.yaml');
    moved[2] = '/elsewhere/chart';
    expect(renderKeyFor(run, moved, 'chart-1')).toBe(k1);
  });
});

describe('forEachLimit', () => {
  it('never runs more than the limit at once, and runs everything', async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachLimit([...Array(20).keys()], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 2));
      seen.push(n);
      running--;
    });
    expect(peak).toBe(3);
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
  });

  it('rejects with the first error and starts nothing after it', async () => {
    const started: number[] = [];
    const p = forEachLimit([1, 2, 3, 4, 5], 1, async (n) => {
      started.push(n);
      if (n === 2) throw new Error('two');
    });
    await expect(p).rejects.toThrow('two');
    expect(started).toEqual([1, 2]);
  });
});
