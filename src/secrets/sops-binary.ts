/**
 * The fallback for key types helmfire does not open itself (PGP, cloud KMS,
 * Vault, age plugins, Shamir key groups): the `sops` binary, when on PATH.
 * Its output stays in memory.
 */
import { execFile, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (isAbsolute(name)) {
    try {
      accessSync(name, constants.X_OK);
      return name;
    } catch {
      return undefined;
    }
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface SopsRunResult {
  ok: boolean;
  stdout: string;
  /** sops's own message on failure (it reports key problems, never plaintext). */
  stderr: string;
}

/** Runs `sops --decrypt` on a file with explicit input and output types. */
export function runSopsDecrypt(
  binary: string,
  path: string,
  type: string,
  env: NodeJS.ProcessEnv,
): Promise<SopsRunResult> {
  return new Promise((resolve) => {
    execFile(
      binary,
      ['--decrypt', '--input-type', type, '--output-type', type, path],
      { env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
      (err, stdout, stderr) => {
        resolve({ ok: !err, stdout: err ? '' : stdout, stderr: String(stderr ?? err?.message ?? '').trim() });
      },
    );
  });
}

/** runSopsDecrypt for synchronous callers. */
export function runSopsDecryptSync(
  binary: string,
  path: string,
  type: string,
  env: NodeJS.ProcessEnv,
): SopsRunResult {
  const r = spawnSync(binary, ['--decrypt', '--input-type', type, '--output-type', type, path], {
    env,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const ok = !r.error && r.status === 0;
  return { ok, stdout: ok ? r.stdout : '', stderr: String(r.stderr || r.error?.message || '').trim() };
}
