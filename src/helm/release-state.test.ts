import { describe, expect, it } from 'vitest';
import {
  HelmOutputError,
  type HistoryEntry,
  isPending,
  lastDeployedRevision,
  parseRecordLines,
} from './release-state.js';

describe('parseRecordLines (helm 3 get all --template)', () => {
  it('reads the fixed lines and the user labels, without helm’s storage labels', () => {
    const out = [
      'web',
      'apps',
      '3',
      'pending-upgrade',
      'webapp',
      '1.1.0',
      '1.28',
      '2026-11-21T05:30:00Z',
      'helmfire.io/digest=abc',
      'modifiedAt=1795238761',
      'owner=helm',
      'tier=web',
      '',
    ].join('\n');
    expect(parseRecordLines(out)).toEqual({
      name: 'web',
      namespace: 'apps',
      revision: 3,
      status: 'pending-upgrade',
      chart: 'webapp',
      chartVersion: '1.1.0',
      appVersion: '1.28',
      updated: '2026-11-21T05:30:00Z',
      labels: { 'helmfire.io/digest': 'abc', tier: 'web' },
    });
  });

  it('maps an unexpected status to unknown and refuses output that is not the record', () => {
    expect(parseRecordLines('w\nn\n1\nweird\nc\n1.0.0\n\n2026-01-01T00:00:00Z\n').status).toBe('unknown');
    expect(() => parseRecordLines('Error: something else')).toThrow(HelmOutputError);
  });
});

describe('history helpers', () => {
  const h = (revision: number, status: HistoryEntry['status']): HistoryEntry => ({
    revision,
    status,
    chart: 'webapp-1.0.0',
    appVersion: '1',
    updated: '',
    description: '',
  });

  it('the newest revision that was once deployed, below a given revision', () => {
    const history = [h(1, 'superseded'), h(2, 'deployed'), h(3, 'failed'), h(4, 'pending-upgrade')];
    expect(lastDeployedRevision(history)).toBe(2);
    expect(lastDeployedRevision(history, 2)).toBe(1);
    expect(lastDeployedRevision([h(1, 'pending-install')])).toBeUndefined();
  });

  it('pending states block other operations', () => {
    expect(
      ['pending-install', 'pending-upgrade', 'pending-rollback', 'uninstalling'].every((s) =>
        isPending(s as never),
      ),
    ).toBe(true);
    expect(isPending('failed')).toBe(false);
    expect(isPending('deployed')).toBe(false);
  });
});
