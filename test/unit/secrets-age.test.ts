import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { AgeError, ageDecrypt, bech32Decode, parseX25519Identity } from '../../src/secrets/age.js';
import { formatFloatF, formatFloatG, formatFloatJSON } from '../../src/secrets/gonum.js';
import { loadAgeIdentities } from '../../src/secrets/keys.js';
import { findOnPath } from '../../src/secrets/sops-binary.js';

const FIX = fileURLToPath(new URL('../fixtures/sops/', import.meta.url));
const KEY_FILE = join(FIX, 'TEST-ONLY-age-key.txt');
const OTHER_KEY_FILE = join(FIX, 'TEST-ONLY-other-age-key.txt');

function keyOf(file: string): { secret: string; recipient: string } {
  const text = readFileSync(file, 'utf8');
  return {
    secret: text.split('\n').find((l) => l.startsWith('AGE-SECRET-KEY-1'))!,
    recipient: /# public key: (age1\S+)/.exec(text)![1]!,
  };
}

describe('age identities', () => {
  it('derives the recipient age-keygen printed from the secret key', () => {
    for (const file of [KEY_FILE, OTHER_KEY_FILE]) {
      const { secret, recipient } = keyOf(file);
      expect(parseX25519Identity(secret).recipient).toBe(recipient);
    }
  });

  it('rejects damaged keys without echoing them', () => {
    const { secret } = keyOf(KEY_FILE);
    const damaged = secret.slice(0, -1) + (secret.endsWith('Q') ? 'P' : 'Q');
    expect(() => parseX25519Identity(damaged)).toThrow(/checksum/);
    try {
      parseX25519Identity(damaged);
    } catch (e) {
      expect((e as Error).message).not.toContain(damaged.slice(20));
    }
    expect(() => bech32Decode('age1MixedCase')).toThrow(AgeError);
  });

  it('loads keys from SOPS_AGE_KEY, SOPS_AGE_KEY_FILE and the default file, skipping comments', () => {
    const home = mkdtempSync(join(tmpdir(), 'helmfire-age-home-'));
    try {
      const a = keyOf(KEY_FILE);
      const b = keyOf(OTHER_KEY_FILE);
      const set = loadAgeIdentities({
        HOME: home,
        XDG_CONFIG_HOME: join(home, 'cfg'),
        SOPS_AGE_KEY: `${a.secret} ${b.secret}`,
        SOPS_AGE_KEY_FILE: OTHER_KEY_FILE,
      });
      expect(set.identities.map((i) => i.recipient)).toEqual([a.recipient, b.recipient, b.recipient]);
      expect(set.sources).toEqual(['SOPS_AGE_KEY', `SOPS_AGE_KEY_FILE (${OTHER_KEY_FILE})`]);
      expect(set.empty).toEqual([join(home, 'cfg', 'sops', 'age', 'keys.txt')]);
      const bad = loadAgeIdentities({
        HOME: home,
        XDG_CONFIG_HOME: join(home, 'cfg'),
        SOPS_AGE_KEY: 'not-a-key',
      });
      expect(bad.identities).toEqual([]);
      expect(bad.problems.join()).toMatch(/SOPS_AGE_KEY line 1: not an age identity/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

const AGE = findOnPath('age');

describe.skipIf(!AGE)('age files written by the age tool', () => {
  const dir = mkdtempSync(join(tmpdir(), 'helmfire-age-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const a = keyOf(KEY_FILE);
  const b = keyOf(OTHER_KEY_FILE);

  function encrypt(plain: Buffer, armor: boolean, recipients = [a.recipient]): Buffer {
    const input = join(dir, 'plain');
    writeFileSync(input, plain);
    const args = [...(armor ? ['-a'] : []), ...recipients.flatMap((r) => ['-r', r]), input];
    return execFileSync(AGE!, args);
  }

  // 0 bytes, one byte, exactly one 64 KiB chunk, one more byte, several chunks
  for (const size of [0, 1, 65536, 65537, 200_000]) {
    for (const armor of [false, true]) {
      it(`decrypts ${size} bytes (${armor ? 'armored' : 'binary'})`, () => {
        const plain = Buffer.alloc(size);
        for (let i = 0; i < size; i++) plain[i] = (i * 7 + (i >> 8)) & 0xff;
        const out = ageDecrypt(encrypt(plain, armor), [parseX25519Identity(a.secret)]);
        expect(createHash('sha256').update(out).digest('hex')).toBe(
          createHash('sha256').update(plain).digest('hex'),
        );
      });
    }
  }

  it('uses whichever identity matches one of several recipients', () => {
    const file = encrypt(Buffer.from('data key'), true, [b.recipient, a.recipient]);
    expect(ageDecrypt(file, [parseX25519Identity(a.secret)]).toString()).toBe('data key');
    expect(ageDecrypt(file, [parseX25519Identity(b.secret)]).toString()).toBe('data key');
  });

  it('says when no identity matches and when the file was altered', () => {
    const file = encrypt(Buffer.from('data key'), false);
    expect(() => ageDecrypt(file, [parseX25519Identity(b.secret)])).toThrow(
      expect.objectContaining({ kind: 'no-identity-matched' }),
    );
    const flipped = Buffer.from(file);
    flipped[flipped.length - 3]! ^= 1;
    expect(() => ageDecrypt(flipped, [parseX25519Identity(a.secret)])).toThrow(
      expect.objectContaining({ kind: 'corrupt' }),
    );
  });
});

describe('Go number formatting', () => {
  it("matches strconv 'g' with the shortest precision (YAML floats)", () => {
    const cases: [number, string][] = [
      [3, '3'],
      [3.14, '3.14'],
      [1000, '1000'],
      [123456, '123456'],
      [1234567, '1.234567e+06'],
      [0.0001, '0.0001'],
      [0.00001, '1e-05'],
      [1.5e300, '1.5e+300'],
      [-0.5, '-0.5'],
      [5e-324, '5e-324'],
    ];
    for (const [v, s] of cases) expect(formatFloatG(v)).toBe(s);
    expect(formatFloatG(1234567, true)).toBe('1.234567E+06');
  });

  it("matches strconv 'f' (MAC input) and encoding/json (JSON output)", () => {
    expect(formatFloatF(1e21)).toBe('1000000000000000000000');
    expect(formatFloatF(0.00001)).toBe('0.00001');
    expect(formatFloatF(Number('12345678901234567890'))).toBe('12345678901234567000');
    expect(formatFloatJSON(1e21)).toBe('1e+21');
    expect(formatFloatJSON(1e-7)).toBe('1e-7');
    expect(formatFloatJSON(1.5)).toBe('1.5');
    expect(formatFloatJSON(1e20)).toBe('100000000000000000000');
  });
});
