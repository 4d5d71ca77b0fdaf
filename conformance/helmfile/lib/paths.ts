import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is conformance/helmfile/lib/paths.ts). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Where recorded reference outputs live. */
export const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url));

/**
 * helmfile's own snapshot cases, shared next to the repository (never copied
 * into it): `$HELMFIRE_HELMFILE_SNAPSHOTS`, else `../shared/compat/helmfile-snapshots`.
 */
export function snapshotsDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.HELMFIRE_HELMFILE_SNAPSHOTS;
  return fromEnv ? resolve(fromEnv) : resolve(repoRoot, '..', 'shared', 'compat', 'helmfile-snapshots');
}

export class ToolError extends Error {
  override readonly name = 'ToolError';
}

/**
 * Runs one of scripts/tools/*.sh (idempotent, cached by version) and returns
 * the bin directory it prints as its last line.
 */
export function toolBinDir(script: string, args: readonly string[] = []): string {
  const res = spawnSync('bash', [join(repoRoot, 'scripts', 'tools', script), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const dir = res.stdout?.trim().split('\n').pop() ?? '';
  if (res.status !== 0 || !dir || !existsSync(dir)) {
    throw new ToolError(`scripts/tools/${script} ${args.join(' ')} failed (exit ${res.status})`);
  }
  return dir;
}

export interface ReferenceTools {
  /** The helmfile binary. */
  readonly helmfile: string;
  /** Directories put first on PATH for both implementations: helm's, then helmfile's (kustomize). */
  readonly path: readonly string[];
  readonly helmMajor: 3 | 4;
  /** Which helm: `ci` (the one helmfile's CI records its snapshots with), or the project's `4` / `3`. */
  readonly helmChoice: 'ci' | '4' | '3';
}

/**
 * The real helmfile and the helm both implementations run with.
 * `HELMFIRE_CONFORMANCE_HELM` = `ci` (default: the helm built next to helmfile,
 * the version helmfile's CI uses), `4` or `3` (the project's fetched helm);
 * `HELMFIRE_HELMFILE_BIN` overrides the built helmfile.
 */
export function referenceTools(env: NodeJS.ProcessEnv = process.env): ReferenceTools {
  const choice = env.HELMFIRE_CONFORMANCE_HELM ?? 'ci';
  if (choice !== 'ci' && choice !== '4' && choice !== '3') {
    throw new ToolError(`HELMFIRE_CONFORMANCE_HELM must be ci, 4 or 3, not ${choice}`);
  }
  const helmfileDir = toolBinDir('build-helmfile.sh');
  const helmDir =
    choice === 'ci' ? join(dirname(helmfileDir), 'helm') : toolBinDir('fetch-helm.sh', [choice]);
  const helmfile = env.HELMFIRE_HELMFILE_BIN ?? join(helmfileDir, 'helmfile');
  return { helmfile, path: [helmDir, helmfileDir], helmMajor: choice === '3' ? 3 : 4, helmChoice: choice };
}

/** `env` with the reference tools first on PATH. */
export function withToolsOnPath(tools: ReferenceTools, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, PATH: [...tools.path, env.PATH ?? ''].join(':') };
}
