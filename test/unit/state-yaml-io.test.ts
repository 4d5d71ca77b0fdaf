import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeYamlDocument } from '../../src/state/yaml-io.js';
import { unmarshalYaml } from '../../src/yaml/index.js';

/** The state engine's quick path for `key: word` lines decodes exactly as the full decoder. */

const word = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_./:-]{0,12}$/);
const key = fc.oneof(
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,8}$/),
  fc.constantFrom('true', 'null', 'no', 'y'),
);
const quoted = fc.oneof(
  fc.stringMatching(/^[ -~]{0,10}$/).map((t) => `'${t.replaceAll("'", "''")}'`),
  fc.stringMatching(/^[ -~]{0,10}$/).map((t) => `"${t.replaceAll('"', '').replaceAll('\\', '')}"`),
);
const scalar = fc.oneof(
  word,
  quoted,
  fc.constantFrom(
    '1',
    '0x1F',
    '0o17',
    '0b101',
    '1_000',
    '1e3',
    '2001-12-14',
    'true',
    'False',
    'NULL',
    '0777',
  ),
);

const outcome = (f: () => unknown) => {
  try {
    return { value: f() };
  } catch (e) {
    return { error: (e as Error).message };
  }
};

describe('decodeYamlDocument', () => {
  it('agrees with the full decoder on flat mappings of words', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, scalar), { minLength: 1, maxLength: 5 }), (pairs) => {
        const text = pairs.map(([k, v]) => `${k}: ${v}\n`).join('');
        expect(outcome(() => decodeYamlDocument(text, 'x'))).toEqual(
          outcome(() => unmarshalYaml(text, { filename: 'x' })),
        );
      }),
      { numRuns: 500 },
    );
  }, 60_000); // 500 generated documents: seconds on a busy machine
});
