import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type DecryptOptions,
  decryptSopsFile,
  plainValues,
  SecretsError,
  withDecryptedFile,
  withSecretFile,
  writeSecretFile,
} from '../../src/secrets/index.js';

const FIX = fileURLToPath(new URL('../fixtures/sops/', import.meta.url));
const KEY = join(FIX, 'TEST-ONLY-age-key.txt');
const OTHER_KEY = join(FIX, 'TEST-ONLY-other-age-key.txt');
const SECRET_IN_REGEX_FIXTURE = 'hunter2';

let home: string;
let work: string;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'helmfire-secrets-home-'));
  work = mkdtempSync(join(tmpdir(), 'helmfire-secrets-work-'));
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

/** An environment with nothing from this machine: no keys, no sops on PATH. */
function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { HOME: home, XDG_CONFIG_HOME: join(home, 'config'), PATH: '', ...extra };
}

function opts(extra: NodeJS.ProcessEnv = {}, more: Partial<DecryptOptions> = {}): DecryptOptions {
  return { env: env(extra), sopsBinary: false, ...more };
}

async function failure(p: Promise<unknown>): Promise<SecretsError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SecretsError) return e;
    throw e;
  }
  throw new Error('expected a SecretsError');
}

describe('decryptSopsFile against files encrypted by the real sops', () => {
  const names = readdirSync(join(FIX, 'encrypted'));

  it('has fixtures for every format', () => {
    expect(names).toEqual(
      expect.arrayContaining(['values.yaml', 'data.json', 'app.env', 'blob.txt', 'multidoc.yaml']),
    );
  });

  for (const name of names) {
    it(`prints ${name} byte for byte as sops -d printed it`, async () => {
      const r = await decryptSopsFile(join(FIX, 'encrypted', name), opts({ SOPS_AGE_KEY_FILE: KEY }));
      expect(r.via).toBe('native');
      expect(r.text).toBe(readFileSync(join(FIX, 'expected', name), 'utf8'));
    });
  }

  it('restores types: ints, floats, bools, nulls, multi-line strings, nested lists', async () => {
    const r = await decryptSopsFile(join(FIX, 'encrypted', 'values.yaml'), opts({ SOPS_AGE_KEY_FILE: KEY }));
    expect(r.format).toBe('yaml');
    expect(plainValues(r)).toMatchObject({
      replicaCount: 3,
      ratio: 0.75,
      enabled: true,
      disabled: false,
      nothing: null,
      image: { tag: '1.4.2' },
      database: { port: 5432, password: 'p@ss: w0rd # not a comment', ssl: true },
      hosts: ['a.example.test', 'b.example.test', { name: 'c', weight: 10 }],
      certificate: expect.stringMatching(/^-----BEGIN CERTIFICATE-----\n.*\n-----END CERTIFICATE-----\n$/),
      script: '#!/bin/sh\necho "hello"',
      emptyList: [],
      emptyMap: {},
    });
  });

  it('reads YAML scalars with the rules sops uses (0755 is octal, dates are times)', async () => {
    const r = await decryptSopsFile(join(FIX, 'encrypted', 'numbers.yaml'), opts({ SOPS_AGE_KEY_FILE: KEY }));
    const v = plainValues(r) as Record<string, unknown>;
    expect(v).toMatchObject({ oldoct: 493, hex: 31, under: 1000, f0: 3, e08: 8, d1: '2024-01-02T00:00:00Z' });
    expect(v.nan).toBeNaN();
  });

  it('decrypts only what encrypted_regex and unencrypted_suffix selected', async () => {
    const regex = plainValues(
      await decryptSopsFile(join(FIX, 'encrypted', 'regex.yaml'), opts({ SOPS_AGE_KEY_FILE: KEY })),
    );
    expect(regex).toMatchObject({
      stringData: { username: 'admin', password: SECRET_IN_REGEX_FIXTURE },
      metadata: { name: 'demo' },
    });
    const raw = readFileSync(join(FIX, 'encrypted', 'suffix.yaml'), 'utf8');
    expect(raw).toContain('port_plain: 8080');
    const suffix = plainValues(
      await decryptSopsFile(join(FIX, 'encrypted', 'suffix.yaml'), opts({ SOPS_AGE_KEY_FILE: KEY })),
    );
    expect(suffix).toMatchObject({
      service: { port_plain: 8080, name_plain: 'web', apiKey: 'abc123' },
      secretList: ['one', 2],
    });
  });

  it('reads JSON and dotenv files', async () => {
    const json = plainValues(
      await decryptSopsFile(join(FIX, 'encrypted', 'data.json'), opts({ SOPS_AGE_KEY_FILE: KEY })),
    );
    expect(json).toMatchObject({
      b: 'x<y>&z',
      a: 1,
      f: 1.5,
      t: true,
      n: null,
      nested: { x: [1, 'two', { y: false }] },
    });
    const dotenv = await decryptSopsFile(join(FIX, 'encrypted', 'app.env'), opts({ SOPS_AGE_KEY_FILE: KEY }));
    expect(dotenv.format).toBe('dotenv');
    expect(plainValues(dotenv)).toMatchObject({
      DB_PASS: 's3cr3t=with=eq',
      MULTI: 'line1\nline2',
      EMPTY: '',
    });
  });

  it("judges the format by content when asked, as helm-secrets does for helmfile's secrets", async () => {
    for (const [name, format] of [
      ['values.yaml', 'yaml'],
      ['data.json', 'json'],
      ['app.env', 'dotenv'],
      ['blob.txt', 'binary'],
    ] as const) {
      const copy = join(work, `${name}.enc`);
      writeFileSync(copy, readFileSync(join(FIX, 'encrypted', name)));
      const r = await decryptSopsFile(copy, { ...opts({ SOPS_AGE_KEY_FILE: KEY }), format: 'detect' });
      expect(r.format).toBe(format);
      expect(r.text).toBe(readFileSync(join(FIX, 'expected', name), 'utf8'));
    }
  });

  it('takes the key from SOPS_AGE_KEY and from the default keys.txt', async () => {
    const file = join(FIX, 'encrypted', 'regex.yaml');
    const keyLine = readFileSync(KEY, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('AGE-SECRET-KEY-1'))!;
    const inline = await decryptSopsFile(file, opts({ SOPS_AGE_KEY: `  ${keyLine}  ` }));
    expect(inline.text).toContain(SECRET_IN_REGEX_FIXTURE);
    const dir = join(home, 'config', 'sops', 'age');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'keys.txt'), readFileSync(OTHER_KEY, 'utf8') + readFileSync(KEY, 'utf8'));
    const fallback = await decryptSopsFile(file, opts());
    expect(fallback.text).toContain(SECRET_IN_REGEX_FIXTURE);
  });
});

describe('decryptSopsFile errors', () => {
  const regex = join(FIX, 'encrypted', 'regex.yaml');

  it('names the file, the recipients and the key sources when the key is wrong', async () => {
    const e = await failure(decryptSopsFile(regex, opts({ SOPS_AGE_KEY_FILE: OTHER_KEY })));
    expect(e.code).toBe('SOPS_KEY_MISMATCH');
    expect(e.message).toContain(regex);
    expect(e.message).toContain('SOPS_AGE_KEY_FILE');
    const recipient = /# public key: (age1\S+)/.exec(readFileSync(KEY, 'utf8'))![1]!;
    expect(e.message).toContain(recipient);
    expect(e.message).not.toContain(SECRET_IN_REGEX_FIXTURE);
  });

  it('says where keys are looked for when there is none', async () => {
    const e = await failure(decryptSopsFile(regex, opts()));
    expect(e.code).toBe('SOPS_NO_AGE_IDENTITY');
    expect(e.message).toContain(regex);
    for (const hint of [
      'SOPS_AGE_KEY_FILE',
      'SOPS_AGE_KEY',
      join(home, 'config', 'sops', 'age', 'keys.txt'),
    ]) {
      expect(e.message).toContain(hint);
    }
    const missing = await failure(
      decryptSopsFile(regex, opts({ SOPS_AGE_KEY_FILE: join(home, 'nope.txt') })),
    );
    expect(missing.code).toBe('SOPS_NO_AGE_IDENTITY');
    expect(missing.message).toContain(`${join(home, 'nope.txt')}, which cannot be read`);
  });

  it('reports a MAC mismatch when a clear-text value was edited', async () => {
    const tampered = join(work, 'regex.yaml');
    writeFileSync(tampered, readFileSync(regex, 'utf8').replace('replicas: 2', 'replicas: 3'));
    const e = await failure(decryptSopsFile(tampered, opts({ SOPS_AGE_KEY_FILE: KEY })));
    expect(e.code).toBe('SOPS_MAC_MISMATCH');
    expect(e.message).toContain(tampered);
    expect(e.message).not.toContain(SECRET_IN_REGEX_FIXTURE);
  });

  it('reports a MAC mismatch when an encrypted value was removed', async () => {
    const tampered = join(work, 'values.yaml');
    const text = readFileSync(join(FIX, 'encrypted', 'values.yaml'), 'utf8');
    writeFileSync(tampered, text.replace(/^ratio: .*\n/m, ''));
    const e = await failure(decryptSopsFile(tampered, opts({ SOPS_AGE_KEY_FILE: KEY })));
    expect(e.code).toBe('SOPS_MAC_MISMATCH');
  });

  it('refuses a value moved to another key (its path is authenticated)', async () => {
    const tampered = join(work, 'regex.yaml');
    const text = readFileSync(regex, 'utf8');
    const user = /username: (ENC\[[^\]]+\])/.exec(text)![1]!;
    const pass = /password: (ENC\[[^\]]+\])/.exec(text)![1]!;
    writeFileSync(tampered, text.replace(user, 'USER').replace(pass, user).replace('USER', pass));
    const e = await failure(decryptSopsFile(tampered, opts({ SOPS_AGE_KEY_FILE: KEY })));
    expect(e.code).toBe('SOPS_DECRYPT_FAILED');
    expect(e.message).toContain('stringData:username');
    expect(e.message).not.toContain(SECRET_IN_REGEX_FIXTURE);
  });

  it('tells a plain file and a broken file apart', async () => {
    const plain = await failure(
      decryptSopsFile(join(FIX, 'plain', 'values.yaml'), opts({ SOPS_AGE_KEY_FILE: KEY })),
    );
    expect(plain.code).toBe('SOPS_NOT_ENCRYPTED');
    const broken = join(work, 'broken.yaml');
    writeFileSync(broken, 'a: [1, 2\nb: {');
    expect((await failure(decryptSopsFile(broken, opts()))).code).toBe('SOPS_PARSE_FAILED');
    const absent = await failure(decryptSopsFile(join(work, 'absent.yaml'), opts()));
    expect(absent.code).toBe('SOPS_READ_FAILED');
    expect(absent.message).toContain('absent.yaml');
  });
});

describe('files without age keys go through the sops binary', () => {
  const pgp = join(FIX, 'pgp-only.yaml');

  function fakeSops(script: string): string {
    const bin = join(work, 'bin');
    mkdirSync(bin, { recursive: true });
    const path = join(bin, 'sops');
    writeFileSync(path, `#!/bin/sh\n${script}\n`);
    chmodSync(path, 0o755);
    return bin;
  }

  it('names the key types and what to install when sops is missing', async () => {
    const e = await failure(decryptSopsFile(pgp, opts({ SOPS_AGE_KEY_FILE: KEY })));
    expect(e.code).toBe('SOPS_BINARY_MISSING');
    expect(e.message).toContain(pgp);
    expect(e.message).toContain('pgp');
    expect(e.message).toContain('install sops');
  });

  it('uses a matching age key natively and falls back only when none matches', async () => {
    const mixed = join(work, 'mixed.yaml');
    const pgpEntry = readFileSync(pgp, 'utf8').match(/^ {4}pgp:\n(?: {8}.*\n)+/m)![0];
    const text = readFileSync(join(FIX, 'encrypted', 'regex.yaml'), 'utf8');
    writeFileSync(mixed, text.replace(/^ {4}lastmodified:/m, `${pgpEntry}    lastmodified:`));
    const native = await decryptSopsFile(mixed, opts({ SOPS_AGE_KEY_FILE: KEY }));
    expect(native.via).toBe('native');
    const e = await failure(decryptSopsFile(mixed, opts({ SOPS_AGE_KEY_FILE: OTHER_KEY })));
    expect(e.code).toBe('SOPS_BINARY_MISSING');
    expect(e.message).toMatch(/none of the local age identities matches and it also has pgp keys/);
  });

  it('leaves passphrase-protected identity files to sops', async () => {
    const protectedKeys = join(work, 'keys.age');
    writeFileSync(
      protectedKeys,
      '-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n-----END AGE ENCRYPTED FILE-----\n',
    );
    const e = await failure(
      decryptSopsFile(join(FIX, 'encrypted', 'regex.yaml'), opts({ SOPS_AGE_KEY_FILE: protectedKeys })),
    );
    expect(e.code).toBe('SOPS_BINARY_MISSING');
    expect(e.message).toContain('passphrase-protected');
  });

  it('leaves SSH age recipients to sops', async () => {
    const ssh = join(work, 'ssh.yaml');
    const text = readFileSync(join(FIX, 'encrypted', 'regex.yaml'), 'utf8');
    writeFileSync(
      ssh,
      text.replace(/recipient: age1\S+/, 'recipient: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAITEST'),
    );
    const e = await failure(decryptSopsFile(ssh, opts({ SOPS_AGE_KEY_FILE: KEY })));
    expect(e.code).toBe('SOPS_BINARY_MISSING');
    expect(e.message).toContain('age (SSH, plugin or post-quantum)');
  });

  it('runs `sops --decrypt` with explicit types and uses its output', async () => {
    const bin = fakeSops(`echo "$@" > "${work}/args"\nprintf 'stringData:\\n    password: from-sops\\n'`);
    const r = await decryptSopsFile(pgp, { env: env({ PATH: bin }) });
    expect(r.via).toBe('sops');
    expect(r.text).toBe('stringData:\n    password: from-sops\n');
    expect(plainValues(r)).toEqual({ stringData: { password: 'from-sops' } });
    expect(readFileSync(join(work, 'args'), 'utf8').trim()).toBe(
      `--decrypt --input-type yaml --output-type yaml ${pgp}`,
    );
  });

  it("passes sops's own error on", async () => {
    const bin = fakeSops(
      'echo "Failed to get the data key required to decrypt the SOPS file." >&2; exit 128',
    );
    const e = await failure(decryptSopsFile(pgp, { env: env({ PATH: bin }) }));
    expect(e.code).toBe('SOPS_BINARY_FAILED');
    expect(e.message).toContain('Failed to get the data key');
    expect(e.message).toContain(pgp);
  });
});

describe('decrypted content on disk', () => {
  it('lives in a 0600 file in a private directory only while it is used', async () => {
    let seen = '';
    const out = await withSecretFile(
      'password: x\n',
      (path) => {
        seen = path;
        expect(statSync(path).mode & 0o777).toBe(0o600);
        expect(statSync(dirname(path)).mode & 0o777).toBe(0o700);
        return readFileSync(path, 'utf8');
      },
      { dir: work, name: 'values.yaml' },
    );
    expect(out).toBe('password: x\n');
    expect(seen.endsWith('values.yaml')).toBe(true);
    expect(existsSync(seen)).toBe(false);
    expect(existsSync(dirname(seen))).toBe(false);
  });

  it('holds a decrypted sops file under its own name for the length of a call', async () => {
    const encrypted = join(FIX, 'encrypted', 'values.yaml');
    let seen = '';
    const text = await withDecryptedFile(
      encrypted,
      (path, d) => {
        seen = path;
        expect(d.via).toBe('native');
        expect(statSync(path).mode & 0o777).toBe(0o600);
        return readFileSync(path, 'utf8');
      },
      { ...opts({ SOPS_AGE_KEY_FILE: KEY }), dir: work },
    );
    expect(text).toBe(readFileSync(join(FIX, 'expected', 'values.yaml'), 'utf8'));
    expect(seen.endsWith('/values.yaml')).toBe(true);
    expect(existsSync(seen)).toBe(false);
  });

  it('is removed when the user of it fails', async () => {
    let seen = '';
    await expect(
      withSecretFile(
        'x',
        (path) => {
          seen = path;
          throw new Error('helm failed');
        },
        { dir: work },
      ),
    ).rejects.toThrow('helm failed');
    expect(existsSync(seen)).toBe(false);
    const f = writeSecretFile('y', { dir: work });
    f.dispose();
    f.dispose();
    expect(existsSync(f.path)).toBe(false);
  });
});
