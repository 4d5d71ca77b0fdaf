import { describe, expect, it } from 'vitest';
import { decide } from './decide.js';
import type { DesiredRelease, HelmStatus, Mode, ObservedRelease } from './types.js';

const want = (over: Partial<DesiredRelease> = {}): DesiredRelease => ({
  id: 'shop/web',
  name: 'web',
  namespace: 'shop',
  installed: true,
  digest: 'd2',
  ...over,
});
const seen = (status: HelmStatus, over: Partial<ObservedRelease> = {}): ObservedRelease => ({
  status,
  ...over,
});

describe('decide: one action per observation', () => {
  const table: [string, DesiredRelease, ObservedRelease, Mode, string][] = [
    ['installs what is missing', want(), seen('absent'), 'apply', 'install'],
    [
      'installs again what was uninstalled with --keep-history',
      want(),
      seen('uninstalled'),
      'sync',
      'install',
    ],
    [
      'sync upgrades even when nothing changed',
      want(),
      seen('deployed', { digest: 'd2', lastDeployedRevision: 1 }),
      'sync',
      'upgrade',
    ],
    [
      'apply leaves an unchanged release alone',
      want(),
      seen('deployed', { digest: 'd2', lastDeployedRevision: 1 }),
      'apply',
      'none',
    ],
    [
      'apply upgrades when the inputs changed',
      want(),
      seen('deployed', { digest: 'd1', lastDeployedRevision: 1 }),
      'apply',
      'upgrade',
    ],
    [
      'apply upgrades a release deployed without a digest',
      want(),
      seen('deployed', { lastDeployedRevision: 1 }),
      'apply',
      'upgrade',
    ],
    [
      'apply heals live drift',
      want(),
      seen('deployed', { digest: 'd2', liveDiffers: true, lastDeployedRevision: 2 }),
      'apply',
      'upgrade',
    ],
    [
      'apply retries a failed upgrade',
      want(),
      seen('failed', { digest: 'd2', lastDeployedRevision: 1 }),
      'apply',
      'upgrade',
    ],
    ['a failed first install is reset', want(), seen('failed'), 'apply', 'reset'],
    [
      'a stuck upgrade is rolled back to the last good revision',
      want(),
      seen('pending-upgrade', { lastDeployedRevision: 3 }),
      'apply',
      'rollback',
    ],
    ['a stuck first install is reset', want(), seen('pending-install'), 'sync', 'reset'],
    [
      'installed: false removes a present release',
      want({ installed: false }),
      seen('deployed'),
      'sync',
      'uninstall',
    ],
    [
      'installed: false on an absent release does nothing',
      want({ installed: false }),
      seen('absent'),
      'apply',
      'none',
    ],
    ['destroy uninstalls', want(), seen('failed'), 'destroy', 'uninstall'],
    ['destroy of an absent release does nothing', want(), seen('absent'), 'destroy', 'none'],
  ];
  it.each(table)('%s', (_name, d, o, mode, kind) => {
    expect(decide(d, o, mode).kind).toBe(kind);
  });

  it('gives the rollback its target revision and says why', () => {
    const a = decide(want(), seen('pending-upgrade', { lastDeployedRevision: 3 }), 'sync');
    expect(a).toEqual({
      kind: 'rollback',
      revision: 3,
      reason: expect.stringContaining('stuck in pending-upgrade'),
    });
  });

  it('marks only a drift upgrade as a heal (the declared state must win over other field managers)', () => {
    const drift = decide(
      want(),
      seen('deployed', { digest: 'd2', liveDiffers: true, lastDeployedRevision: 2 }),
      'apply',
    );
    expect(drift).toMatchObject({ kind: 'upgrade', heal: true });
    const changed = decide(want(), seen('deployed', { digest: 'd1', lastDeployedRevision: 2 }), 'apply');
    expect(changed).not.toHaveProperty('heal');
  });

  it('stops after its own action instead of repeating it', () => {
    expect(decide(want(), seen('deployed', { digest: 'd2' }), 'sync', ['upgrade']).kind).toBe('none');
    expect(decide(want(), seen('absent'), 'sync', ['install']).kind).toBe('none');
    expect(decide(want(), seen('pending-install'), 'sync', ['reset']).kind).toBe('none');
  });
});
