/**
 * Differential tests against the real sops (built by scripts/tools/build-sops.sh):
 * whatever sops encrypts, helmfire must decrypt to the bytes `sops -d` prints.
 * Skipped when no sops binary is available.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { decryptSopsFile } from '../../src/secrets/index.js';
import { findOnPath } from '../../src/secrets/sops-binary.js';
import { helmfireCacheDir } from '../../src/util/cache-dir.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIX = join(ROOT, 'test/fixtures/sops');
const KEY = join(FIX, 'TEST-ONLY-age-key.txt');
const RECIPIENT = /# public key: (age1\S+)/.exec(readFileSync(KEY, 'utf8'))![1]!;

function findSops(): string | undefined {
  const version = /^SOPS_VERSION=(.+)$/m.exec(
    readFileSync(join(ROOT, 'scripts/tools/versions.env'), 'utf8'),
  )?.[1];
  const cached = version && join(helmfireCacheDir(), 'tools', `sops-${version}`, 'bin', 'sops');
  if (cached && existsSync(cached)) return cached;
  return findOnPath('sops');
}

const SOPS = findSops();
const work = mkdtempSync(join(tmpdir(), 'helmfire-sops-diff-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const sopsEnv = {
  ...process.env,
  SOPS_AGE_KEY_FILE: KEY,
  SOPS_AGE_KEY: undefined,
  SOPS_AGE_KEY_CMD: undefined,
};

function sops(args: string[]): { ok: boolean; out: string } {
  const r = spawnSync(SOPS!, args, { env: sopsEnv, encoding: 'utf8' });
  return { ok: r.status === 0, out: r.stdout };
}

/** Encrypts `plain` with the real sops, then checks helmfire prints what `sops -d` prints. */
async function roundTrip(name: string, plain: string, options: string[] = []): Promise<boolean> {
  const src = join(work, name);
  writeFileSync(src, plain);
  const enc = sops(['--encrypt', '--age', RECIPIENT, ...options, src]);
  if (!enc.ok) return false; // sops rejects this input; nothing to compare
  const encrypted = join(work, `enc-${name}`);
  writeFileSync(encrypted, enc.out);
  const expected = sops(['--decrypt', encrypted]);
  if (!expected.ok) {
    // sops wrote YAML it cannot read back (e.g. a block scalar starting with a blank line): neither can we
    await expect(decryptSopsFile(encrypted, { env: sopsEnv, sopsBinary: false })).rejects.toThrow();
    return false;
  }
  const mine = await decryptSopsFile(encrypted, { env: sopsEnv, sopsBinary: false });
  expect(mine.text).toBe(expected.out);
  return true;
}

/** FC_SEED (and FC_PATH) replay a failure fast-check reported. */
const replay = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH } : {};

const OPTION_SETS: string[][] = [
  [],
  ['--encrypted-regex', '^(k|password|data)'],
  ['--unencrypted-suffix', 'a'],
  ['--encrypted-suffix', 'b'],
  ['--unencrypted-regex', '^[0-9 ]'],
  ['--mac-only-encrypted'],
  ['--encrypted-regex', '^k', '--mac-only-encrypted'],
];

describe.skipIf(!SOPS)('helmfire decrypts what the real sops encrypts', () => {
  it('reports the sops it compares against', () => {
    expect(execFileSync(SOPS!, ['--version', '--disable-version-check'], { encoding: 'utf8' })).toMatch(
      /^sops 3\./,
    );
  });

  const plains = readdirSync(join(FIX, 'plain'));
  for (const name of plains) {
    it(`${name}, with each way of choosing what is encrypted`, async () => {
      const plain = readFileSync(join(FIX, 'plain', name), 'utf8');
      for (const options of OPTION_SETS) {
        if (name.endsWith('.txt') && options.length > 0) continue;
        expect(await roundTrip(name, plain, options)).toBe(true);
      }
    }, 60_000);
  }

  it('prints with the indentation a .sops.yaml sets for its stores', async () => {
    const dir = mkdtempSync(join(work, 'cfg-'));
    writeFileSync(
      join(dir, '.sops.yaml'),
      'stores:\n    yaml:\n        indent: 2\n    json:\n        indent: 3\n',
    );
    for (const name of ['structure.yaml', 'values.yaml', 'data.json']) {
      const encrypted = join(FIX, 'encrypted', name);
      const expected = spawnSync(SOPS!, ['--decrypt', encrypted], {
        env: sopsEnv,
        encoding: 'utf8',
        cwd: dir,
      });
      expect(expected.status).toBe(0);
      expect(expected.stdout).not.toBe(readFileSync(join(FIX, 'expected', name), 'utf8'));
      const mine = await decryptSopsFile(encrypted, { env: sopsEnv, sopsBinary: false, cwd: dir });
      expect(mine.text).toBe(expected.stdout);
    }
  });

  // Strings built from the characters that change how YAML and JSON write a value. Raw U+2028 and
  // U+0085 are left out: sops's YAML reader takes them for line breaks anywhere (see strings.yaml).
  const pieces = [
    'a',
    'k',
    'Z',
    '0',
    '7',
    '.',
    '-',
    '_',
    ' ',
    '\n',
    '\t',
    '\r',
    '#',
    ':',
    "'",
    '"',
    '\\',
    'é',
    '日',
    '😀',
    '\u00a0',
    '{',
    '[',
    ',',
    '&',
    '*',
    '!',
    '|',
    '>',
    '%',
    '@',
    '`',
    '?',
    '~',
    '<<',
    'true',
    'null',
    'yes',
    '0x1F',
    '1e3',
    '0755',
    '---',
    '2024-01-02',
  ];
  const str = fc.array(fc.constantFrom(...pieces), { maxLength: 6 }).map((a) => a.join(''));
  const leaf = fc.oneof(
    { weight: 5, arbitrary: str },
    fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
  );
  const { value } = fc.letrec<{ value: unknown; map: Record<string, unknown> }>((tie) => ({
    value: fc.oneof({ maxDepth: 3 }, leaf, fc.array(tie('value'), { maxLength: 4 }), tie('map')),
    map: fc.dictionary(str, tie('value'), { maxKeys: 5 }),
  }));
  const doc = fc.dictionary(str, value, { minKeys: 1, maxKeys: 6 });

  it('random documents written as YAML and as JSON', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(doc, fc.constantFrom(...OPTION_SETS), async (d, options) => {
        const text = JSON.stringify(d);
        if (await roundTrip('random.yaml', text, options)) compared++;
        if (await roundTrip('random.json', text, options)) compared++;
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 30), ...replay },
    );
    expect(compared).toBeGreaterThan(30);
  }, 300_000);

  it('random dotenv files', async () => {
    const line = fc.tuple(
      fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,8}$/),
      fc.array(fc.constantFrom(...pieces.filter((p) => p !== '\n' && p !== '\r')), { maxLength: 6 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 6 }), async (lines) => {
        const text = lines.map(([k, v]) => `${k}=${v.join('')}`).join('\n') + '\n';
        await roundTrip('random.env', text);
      }),
      { numRuns: 15, ...replay },
    );
  }, 120_000);
});
