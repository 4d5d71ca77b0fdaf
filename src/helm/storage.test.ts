import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeRelease, revisionOf, storageReadable } from './storage.js';

describe("helm's release records", () => {
  it('decode the release data as the API returns it (base64 of helm base64 of gzipped JSON)', () => {
    const json = JSON.stringify({ name: 'web', version: 3, manifest: '---\nkind: ConfigMap\n' });
    const helmEncoded = gzipSync(Buffer.from(json)).toString('base64');
    const apiData = Buffer.from(helmEncoded).toString('base64');
    expect(decodeRelease(apiData)).toEqual({ manifest: '---\nkind: ConfigMap\n' });
    // records written without compression decode too
    const plain = Buffer.from(Buffer.from(json).toString('base64')).toString('base64');
    expect(decodeRelease(plain).manifest).toContain('ConfigMap');
  });

  it("read a revision from a record's labels, helm's own labels left out", () => {
    expect(
      revisionOf(
        { owner: 'helm', name: 'web', status: 'pending-upgrade', version: '4', 'helmfire.io/digest': 'abc' },
        'shop',
      ),
    ).toEqual({
      name: 'web',
      namespace: 'shop',
      revision: 4,
      status: 'pending-upgrade',
      labels: { 'helmfire.io/digest': 'abc' },
    });
    expect(revisionOf({ owner: 'helm', name: 'web', status: 'weird', version: '1' }, 'ns')?.status).toBe(
      'unknown',
    );
    expect(revisionOf({ owner: 'someone', name: 'web', version: '1' }, 'ns')).toBeUndefined();
    expect(revisionOf({ owner: 'helm', name: 'web' }, 'ns')).toBeUndefined();
  });

  it("are read only for helm's default Secrets driver", () => {
    expect(storageReadable({})).toBe(true);
    expect(storageReadable({ HELM_DRIVER: 'secret' })).toBe(true);
    expect(storageReadable({ HELM_DRIVER: 'configmap' })).toBe(false);
    expect(storageReadable({ HELM_DRIVER: 'sql' })).toBe(false);
  });
});
