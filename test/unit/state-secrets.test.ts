import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadState } from '../../src/api/state.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

describe('environment secrets', () => {
  it('decrypts sops files natively and layers them over the environment values', async () => {
    const state = await loadState({
      cwd: join(fixtures, 'state', 'secrets'),
      env: { SOPS_AGE_KEY_FILE: join(fixtures, 'sops', 'TEST-ONLY-age-key.txt'), PATH: '' },
    });
    const values = state.states[0]!.values;
    expect(values.get('fromValues')).toBe('plain');
    expect(values.get('replicaCount')).toBe(3n);
    expect((values.get('database') as Map<unknown, unknown>).get('password')).toBe(
      'p@ss: w0rd # not a comment',
    );
  });

  it('names the file when it cannot be decrypted', async () => {
    await expect(
      loadState({
        cwd: join(fixtures, 'state', 'secrets'),
        env: { SOPS_AGE_KEY_FILE: join(fixtures, 'sops', 'TEST-ONLY-other-age-key.txt'), PATH: '' },
      }),
    ).rejects.toThrow(/failed to decrypt environment secrets file ".*sops\/encrypted\/values.yaml"/);
  });
});
