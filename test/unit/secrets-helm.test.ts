/**
 * The path helmfire takes for a release's `secrets:` entry: decrypt natively,
 * hand helm a private temp file with --values, remove it afterwards.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { isolatedHelmEnv } from '../../src/localcluster/chart-repo.js';
import { withDecryptedFile } from '../../src/secrets/index.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const FIX = join(root, 'test/fixtures/sops');

function helm4(): string | undefined {
  try {
    const dir = execFileSync('bash', [join(root, 'scripts/tools/fetch-helm.sh'), '4'], {
      encoding: 'utf8',
    }).trim();
    return existsSync(join(dir, 'helm')) ? join(dir, 'helm') : undefined;
  } catch {
    return undefined;
  }
}

const HELM = helm4();

describe.skipIf(!HELM)('secrets values reach helm', () => {
  const home = mkdtempSync(join(tmpdir(), 'helmfire-secrets-helm-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('renders the decrypted values into the chart and leaves no plaintext behind', async () => {
    let valuesPath = '';
    const out = await withDecryptedFile(
      join(FIX, 'encrypted', 'webapp-secrets.yaml'),
      async (path) => {
        valuesPath = path;
        const args = ['template', 'demo', join(root, 'test/charts/webapp-1.0.0'), '--values', path];
        return (await run(HELM!, args, { env: isolatedHelmEnv(home) })).stdout;
      },
      {
        env: {
          ...process.env,
          SOPS_AGE_KEY_FILE: join(FIX, 'TEST-ONLY-age-key.txt'),
          SOPS_AGE_KEY: undefined,
        },
        sopsBinary: false,
        dir: home,
      },
    );
    expect(existsSync(valuesPath)).toBe(false);
    const docs = parseAllDocuments(out).map(
      (d) => d.toJS() as { kind?: string; data?: Record<string, string> },
    );
    const secret = docs.find((d) => d?.kind === 'Secret');
    const decoded = Object.fromEntries(
      Object.entries(secret?.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]),
    );
    expect(decoded).toMatchObject({ API_TOKEN: 't0ken-from-sops', DB_PASSWORD: 'p@ss word' });
    expect(docs.find((d) => d?.kind === 'ConfigMap')?.data).toMatchObject({ LOG_LEVEL: 'debug' });
  });
});
