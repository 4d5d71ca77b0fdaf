import { describe, expect, it } from 'vitest';
import type { HelmTarget } from './args.js';
import { HelmOptionsError, HelmUnsupportedError } from './args-errors.js';
import {
  getManifestArgs,
  getMetadataArgs,
  getRecordArgs,
  historyArgs,
  listArgs,
  rollbackArgs,
  statusArgs,
  testArgs,
  uninstallArgs,
} from './args-release.js';
import { effectiveOptions } from './options.js';

const H3: HelmTarget = { major: 3, version: 'v3.18.0' };
const H4: HelmTarget = { major: 4, version: 'v4.1.4' };
const TARGET = { name: 'web', namespace: 'apps' };

describe('uninstallArgs', () => {
  it('waits with the delete timeout when deleteWait is on (helm 4: the watcher strategy)', () => {
    const opts = effectiveOptions({
      deleteWait: true,
      deleteTimeout: 60,
      cascade: 'foreground',
      kubeContext: 'c',
    });
    expect(uninstallArgs(opts, TARGET, H3)).toEqual([
      'uninstall',
      'web',
      '--kube-context',
      'c',
      '--cascade',
      'foreground',
      '--wait',
      '--timeout',
      '60s',
      '--namespace',
      'apps',
    ]);
    expect(uninstallArgs(opts, TARGET, H4)).toContain('--wait=watcher');
  });

  it('passes no timeout without deleteWait, and deleteWait from helmDefaults', () => {
    expect(uninstallArgs(effectiveOptions({ deleteTimeout: 60 }), TARGET, H4)).toEqual([
      'uninstall',
      'web',
      '--namespace',
      'apps',
    ]);
    const fromDefaults = effectiveOptions({}, { deleteWait: true, deleteTimeout: 30 });
    expect(uninstallArgs(fromDefaults, TARGET, H3)).toEqual(
      expect.arrayContaining(['--wait', '--timeout', '30s']),
    );
  });

  it('rejects an unknown cascade, drops cascade on helm before 3.12.1', () => {
    expect(() => uninstallArgs(effectiveOptions({ cascade: 'now' }), TARGET, H4)).toThrow(HelmOptionsError);
    expect(
      uninstallArgs(effectiveOptions({ cascade: 'orphan' }), TARGET, { major: 3, version: 'v3.12.0' }),
    ).not.toContain('--cascade');
  });

  it('keeps history on request', () => {
    expect(uninstallArgs(effectiveOptions({}), TARGET, H4, { keepHistory: true })).toContain(
      '--keep-history',
    );
  });
});

describe('testArgs', () => {
  it('uses the release timeout unless one is given, and never the chart transport flags', () => {
    const opts = effectiveOptions({ timeout: 120, plainHttp: true }, { args: ['--debug'] });
    expect(testArgs(opts, TARGET, { logs: true })).toEqual([
      'test',
      'web',
      '--namespace',
      'apps',
      '--logs',
      '--timeout',
      '120s',
      '--debug',
    ]);
    expect(testArgs(opts, TARGET, { timeout: 300 })).toContain('300s');
  });
});

describe('rollbackArgs', () => {
  it('rolls back to a revision with the release’s wait and history settings', () => {
    const opts = effectiveOptions({ wait: true, timeout: 60, historyMax: 4, cleanupOnFail: true });
    expect(rollbackArgs(opts, TARGET, H3, 2)).toEqual([
      'rollback',
      'web',
      '2',
      '--namespace',
      'apps',
      '--wait',
      '--timeout',
      '60s',
      '--cleanup-on-fail',
      '--history-max',
      '4',
    ]);
    expect(rollbackArgs(opts, TARGET, H4)).toContain('--wait=watcher');
  });

  it('applies the same per-major force rules as upgrade', () => {
    expect(rollbackArgs(effectiveOptions({ force: true }), TARGET, H4)).toContain('--force-replace');
    expect(() => rollbackArgs(effectiveOptions({ recreatePods: true }), TARGET, H4)).toThrow(
      HelmUnsupportedError,
    );
    expect(rollbackArgs(effectiveOptions({ serverSide: 'auto' }), TARGET, H4)).toContain('--server-side');
    expect(() => rollbackArgs(effectiveOptions({ serverSide: 'auto' }), TARGET, H3)).toThrow(
      HelmUnsupportedError,
    );
  });
});

describe('queries', () => {
  const ref = { name: 'web', namespace: 'apps', kubeContext: 'c', kubeconfig: 'k' };

  it('status, get manifest, get metadata, history', () => {
    expect(statusArgs(ref, { output: 'json', revision: 3 })).toEqual([
      'status',
      'web',
      '--namespace',
      'apps',
      '--kube-context',
      'c',
      '--kubeconfig',
      'k',
      '--output',
      'json',
      '--revision',
      '3',
    ]);
    expect(getManifestArgs({ name: 'web' }, 2)).toEqual(['get', 'manifest', 'web', '--revision', '2']);
    expect(getMetadataArgs({ name: 'web', namespace: 'n' })).toEqual([
      'get',
      'metadata',
      'web',
      '--namespace',
      'n',
      '--output',
      'json',
    ]);
    expect(historyArgs({ name: 'web' }, 5)).toEqual(['history', 'web', '--output', 'json', '--max', '5']);
    expect(getRecordArgs({ name: 'web' }).slice(0, 4)).toEqual(['get', 'all', 'web', '--template']);
  });

  it('list shows every state on both majors: --all on helm 3, the default on helm 4', () => {
    expect(listArgs(H3, { filter: '^web$', namespace: 'apps' })).toEqual([
      'list',
      '--filter',
      '^web$',
      '--namespace',
      'apps',
      '--all',
      '--output',
      'json',
    ]);
    expect(listArgs(H4, { filter: '^web$', namespace: 'apps' })).not.toContain('--all');
    expect(listArgs(H4, { states: ['deployed', 'pending'] })).toEqual([
      'list',
      '--deployed',
      '--pending',
      '--output',
      'json',
    ]);
    expect(listArgs(H4, { allNamespaces: true, namespace: 'x' })).toEqual([
      'list',
      '--all-namespaces',
      '--output',
      'json',
    ]);
  });

  it('list --selector needs helm 3.13', () => {
    expect(listArgs(H4, { selector: 'a=b' })).toEqual(expect.arrayContaining(['--selector', 'a=b']));
    expect(() => listArgs({ major: 3, version: 'v3.12.3' }, { selector: 'a=b' })).toThrow(
      HelmUnsupportedError,
    );
  });
});
