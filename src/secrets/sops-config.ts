/**
 * The output settings sops takes from its config file: `stores.yaml.indent`
 * and `stores.json.indent` of the `.sops.yaml` found from the working
 * directory upwards (or named by SOPS_CONFIG).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';

export interface StoreIndents {
  /** Spaces per YAML level (sops's default 4). */
  yaml: number;
  /** JSON indentation: spaces, or -1 for a tab (sops's default). */
  json: number;
}

export const DEFAULT_INDENTS: StoreIndents = { yaml: 4, json: -1 };

export function findSopsConfig(cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  if (env.SOPS_CONFIG) return env.SOPS_CONFIG;
  let dir = resolve(cwd);
  for (let i = 0; i < 100; i++) {
    const candidate = join(dir, '.sops.yaml');
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

function intOr(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isInteger(v) ? v : fallback;
}

/** The indentation `sops -d` would use here; an unreadable config leaves the defaults. */
export function storeIndents(cwd: string, env: NodeJS.ProcessEnv): StoreIndents {
  const path = findSopsConfig(cwd, env);
  if (!path) return DEFAULT_INDENTS;
  let stores: Record<string, Record<string, unknown> | undefined> | undefined;
  try {
    stores = (parse(readFileSync(path, 'utf8')) as { stores?: typeof stores } | null)?.stores;
  } catch {
    return DEFAULT_INDENTS;
  }
  const yaml = intOr(stores?.yaml?.indent, 0);
  return { yaml: yaml > 0 ? yaml : 4, json: intOr(stores?.json?.indent, -1) };
}
