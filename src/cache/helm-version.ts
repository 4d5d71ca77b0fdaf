import { accessSync, constants, readFileSync, realpathSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { detectHelm, type HelmInfo } from '../helm/index.js';
import { writeFileAtomic } from './store.js';

/**
 * `helm version`, remembered across runs: the answer is kept in
 * `<cache>/helm-versions.json` under the binary's real path, size and
 * modification time, so an unchanged binary is not asked again (one process
 * start saved per run). A replaced binary has another size or time and is
 * asked anew.
 */

/** The executable `name` resolves to on `PATH` (or `name` itself when it contains a slash). */
export function whichBinary(name: string, env: NodeJS.ProcessEnv, cwd = process.cwd()): string | undefined {
  const candidates = name.includes('/')
    ? [isAbsolute(name) ? name : resolve(cwd, name)]
    : (env.PATH ?? '')
        .split(delimiter)
        .filter((d) => d !== '')
        .map((d) => join(d, name));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      if (statSync(c).isFile()) return c;
    } catch {
      // not here
    }
  }
  return undefined;
}

type Known = Record<string, { stamp: string; version: string; major: 3 | 4 }>;

export async function detectHelmCached(
  name: string,
  cacheFile: string,
  env: NodeJS.ProcessEnv,
  probe: (path: string) => Promise<HelmInfo> = detectHelm,
): Promise<HelmInfo> {
  const found = whichBinary(name, env);
  if (!found) return probe(name);
  let real: string;
  let stamp: string;
  try {
    real = realpathSync(found);
    const st = statSync(real);
    stamp = `${st.size}:${st.mtimeMs}:${st.ino}`;
  } catch {
    return probe(name);
  }
  let known: Known = {};
  try {
    known = JSON.parse(readFileSync(cacheFile, 'utf8')) as Known;
  } catch {
    // first run
  }
  const hit = known[real];
  if (hit && hit.stamp === stamp && (hit.major === 3 || hit.major === 4)) {
    return { path: found, version: hit.version, major: hit.major };
  }
  const info = await probe(found);
  try {
    writeFileAtomic(
      cacheFile,
      `${JSON.stringify({ ...known, [real]: { stamp, version: info.version, major: info.major } })}\n`,
    );
  } catch {
    // a read-only cache only costs the next run one `helm version`
  }
  return info;
}
