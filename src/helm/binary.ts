import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { HelmBinaryError } from './errors.js';

const run = promisify(execFile);

/** A helm binary and what it is: helmfire supports helm 3 and helm 4 and adapts its flags to the major. */
export interface HelmInfo {
  readonly path: string;
  /** e.g. `v4.1.4` */
  readonly version: string;
  readonly major: 3 | 4;
}

const cache = new Map<string, Promise<HelmInfo>>();

/** Asks `helm version` once per binary path and caches the answer for the process. */
export function detectHelm(path: string): Promise<HelmInfo> {
  let info = cache.get(path);
  if (!info) {
    info = probe(path);
    cache.set(path, info);
    info.catch(() => cache.delete(path));
  }
  return info;
}

async function probe(path: string): Promise<HelmInfo> {
  let out: string;
  try {
    out = (await run(path, ['version', '--template', '{{.Version}}'], { timeout: 30_000 })).stdout.trim();
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') {
      throw new HelmBinaryError(
        `helm binary "${path}" was not found: install helm 3 or 4, or pass --helm-binary`,
      );
    }
    throw new HelmBinaryError(`"${path} version" failed: ${e.stderr?.trim() || e.message}`);
  }
  const m = /^v?(\d+)\.\d+\.\d+/.exec(out);
  const major = m ? Number(m[1]) : Number.NaN;
  if (major !== 3 && major !== 4) {
    throw new HelmBinaryError(`"${path}" reports version "${out}": helmfire needs helm 3 or helm 4`);
  }
  return { path, version: out.startsWith('v') ? out : `v${out}`, major };
}
