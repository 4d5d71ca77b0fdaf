import { describe, expect, it } from 'vitest';
import { collectArgs } from './extra-args.js';
import { checkReleaseLabels, formatLabels } from './labels.js';
import { effectiveOptions } from './options.js';

describe('effectiveOptions: helmDefaults as helmfile applies them', () => {
  it('a release key set to false beats a helmDefaults true (pointer keys)', () => {
    const o = effectiveOptions(
      { force: false, atomic: false, devel: false, createNamespace: false, enableDNS: false, historyMax: 0 },
      { force: true, atomic: true, devel: true, createNamespace: true, enableDNS: true, historyMax: 3 },
    );
    expect([o.force, o.atomic, o.devel, o.createNamespace, o.enableDNS, o.historyMax]).toEqual([
      false,
      false,
      false,
      false,
      false,
      0,
    ]);
  });

  it('unset release keys fall back to helmDefaults, then to helmfile’s defaults', () => {
    const o = effectiveOptions({}, { wait: true, timeout: 600, cleanupOnFail: true });
    expect([o.wait, o.timeout, o.cleanupOnFail]).toEqual([true, 600, true]);
    const bare = effectiveOptions({});
    expect([bare.createNamespace, bare.historyMax, bare.reuseValues, bare.timeout, bare.trackMode]).toEqual([
      true,
      10,
      false,
      undefined,
      'helm',
    ]);
  });

  it('wait: the command line --wait beats a release wait: false', () => {
    expect(effectiveOptions({ wait: false }, { wait: true }).wait).toBe(false);
    expect(effectiveOptions({ wait: false }, {}, { cli: { wait: true } }).wait).toBe(true);
  });

  it('skipSchemaValidation and takeOwnership: a release false does not beat helmDefaults true', () => {
    const o = effectiveOptions(
      { skipSchemaValidation: false, takeOwnership: false },
      {
        skipSchemaValidation: true,
        takeOwnership: true,
      },
    );
    expect([o.skipSchemaValidation, o.takeOwnership]).toEqual([true, true]);
  });

  it('timeout: the command line (> 0) wins, a release 0 removes the helmDefaults timeout', () => {
    expect(effectiveOptions({ timeout: 60 }, { timeout: 600 }, { cli: { timeout: 30 } }).timeout).toBe(30);
    expect(effectiveOptions({ timeout: 0 }, { timeout: 600 }).timeout).toBeUndefined();
    expect(effectiveOptions({}, { timeout: 600 }, { cli: { timeout: 0 } }).timeout).toBe(600);
  });

  it('kubeContext: command line, release, environment, helmDefaults', () => {
    const ctx = (r: string | undefined, env?: string, cli?: string) =>
      effectiveOptions(
        { kubeContext: r },
        { kubeContext: 'defaults' },
        { environmentKubeContext: env, cli: { kubeContext: cli } },
      ).kubeContext;
    expect(ctx(undefined)).toBe('defaults');
    expect(ctx(undefined, 'env')).toBe('env');
    expect(ctx('rel', 'env')).toBe('rel');
    expect(ctx('rel', 'env', 'cli')).toBe('cli');
  });

  it('verify/keyring from the repository, plainHttp and skipTLSVerify from anywhere', () => {
    const o = effectiveOptions(
      {},
      {},
      { repository: { verify: true, keyring: 'repo.gpg', skipTLSVerify: true } },
    );
    expect([o.verify, o.keyring, o.insecureSkipTLSVerify]).toEqual([true, 'repo.gpg', true]);
    expect(
      effectiveOptions({ verify: false }, { verify: true }, { repository: { verify: true } }).verify,
    ).toBe(false);
    expect(effectiveOptions({}, { plainHttp: true }).plainHttp).toBe(true);
  });

  it('--oci-plain-http turns plainHttp on for OCI charts only; a release cannot turn it off', () => {
    const cli = { ociPlainHttp: true };
    expect(effectiveOptions({}, {}, { cli, ociChart: true }).plainHttp).toBe(true);
    expect(effectiveOptions({ plainHttp: false }, {}, { cli, ociChart: true }).plainHttp).toBe(true);
    expect(effectiveOptions({}, {}, { cli, ociChart: false }).plainHttp).toBe(false);
    expect(effectiveOptions({}, {}, { cli }).plainHttp).toBe(false);
    expect(effectiveOptions({}, {}, { ociChart: true }).plainHttp).toBe(false);
    const both = effectiveOptions({ insecureSkipTLSVerify: true }, {}, { cli, ociChart: true });
    expect([both.plainHttp, both.insecureSkipTLSVerify]).toEqual([true, true]);
  });

  it('post-renderer, cascade and serverSide: release, then command line, then helmDefaults', () => {
    const d = { postRenderer: 'd', cascade: 'orphan', serverSide: 'false', postRendererArgs: ['d'] };
    const cli = { postRenderer: 'c', cascade: 'background', serverSide: 'auto', postRendererArgs: ['c'] };
    const fromRelease = effectiveOptions(
      { postRenderer: 'r', cascade: 'foreground', serverSide: 'true' },
      d,
      { cli },
    );
    expect([
      fromRelease.postRenderer,
      fromRelease.cascade,
      fromRelease.serverSide,
      fromRelease.serverSideFrom,
    ]).toEqual(['r', 'foreground', 'true', 'release']);
    const fromCli = effectiveOptions({}, d, { cli });
    expect([fromCli.postRenderer, fromCli.postRendererArgs, fromCli.serverSideFrom]).toEqual([
      'c',
      ['c'],
      'cli',
    ]);
    const fromDefaults = effectiveOptions({}, d);
    expect([fromDefaults.cascade, fromDefaults.serverSideFrom]).toEqual(['orphan', 'helmDefaults']);
  });

  it('description: the command line beats the release', () => {
    expect(effectiveOptions({ description: 'r' }, {}, { cli: { description: 'c' } }).description).toBe('c');
  });

  it('reuseValues: --reset-values wins, else release/helmDefaults or --reuse-values', () => {
    expect(effectiveOptions({}, { reuseValues: true }).reuseValues).toBe(true);
    expect(effectiveOptions({ reuseValues: false }, { reuseValues: true }).reuseValues).toBe(false);
    expect(effectiveOptions({ reuseValues: false }, {}, { cli: { reuseValues: true } }).reuseValues).toBe(
      true,
    );
    expect(effectiveOptions({ reuseValues: true }, {}, { cli: { resetValues: true } }).reuseValues).toBe(
      false,
    );
  });

  it('skipCRDs comes from helmDefaults or the command line', () => {
    expect(effectiveOptions({}, { skipCRDs: true }).skipCRDs).toBe(true);
    expect(effectiveOptions({}, {}, { cli: { skipCRDs: true } }).skipCRDs).toBe(true);
  });

  it('syncReleaseLabels carries the release labels; extra args: --args first, then helmDefaults.args', () => {
    expect(effectiveOptions({ labels: { a: 'b' } }, { syncReleaseLabels: true }).syncLabels).toEqual({
      a: 'b',
    });
    expect(effectiveOptions({ labels: { a: 'b' } }).syncLabels).toBeUndefined();
    expect(
      effectiveOptions({}, { args: ['--debug', '--qps 5'] }, { cli: { args: '--burst-limit=9' } }).extraArgs,
    ).toEqual(['--burst-limit=9', '--debug', '--qps', '5']);
  });

  it('deleteTimeout only counts with deleteWait', () => {
    expect(effectiveOptions({ deleteTimeout: 60 }).deleteTimeout).toBeUndefined();
    expect(effectiveOptions({ deleteWait: true }, { deleteTimeout: 90 }).deleteTimeout).toBe(90);
  });
});

describe('collectArgs: helmfile’s --args splitting', () => {
  it('groups repeated flags at their first position', () => {
    expect(collectArgs('--set a=1 --wait --set b=2')).toEqual(['--set', 'a=1', '--set', 'b=2', '--wait']);
  });

  it('keeps --flag=value, drops empty values and stray words', () => {
    expect(collectArgs('stray --timeout=5m  --dry-run= --debug x')).toEqual([
      '--timeout=5m',
      '--dry-run',
      '--debug',
      'x',
    ]);
    expect(collectArgs('')).toEqual([]);
  });
});

describe('release labels', () => {
  it('formats sorted and validates as Kubernetes labels', () => {
    expect(formatLabels({ b: '2', a: '1' })).toBe('a=1,b=2');
    expect(() => checkReleaseLabels({ 'helmfire.io/digest': 'f'.repeat(63) })).not.toThrow();
    expect(() => checkReleaseLabels({ 'Bad_Prefix/x': 'v' })).toThrow(/prefix/);
    expect(() => checkReleaseLabels({ k: 'has space' })).toThrow(/not valid/);
    expect(() => checkReleaseLabels({ k: '-lead' })).toThrow(/not valid/);
    expect(() => checkReleaseLabels({ owner: 'me' })).toThrow(/reserved/);
  });
});
