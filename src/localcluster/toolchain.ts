import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { helmfireCacheDir } from '../util/cache-dir.js';
import { LocalClusterError } from './errors.js';

/** The pinned versions in scripts/tools/versions.env, the single source of truth for the real parts. */
export interface ToolVersions {
  readonly K8S_VERSION: string;
  readonly ETCD_VERSION: string;
  readonly KWOK_VERSION: string;
  readonly HELM4_LAYER: string;
  readonly HELM3_LAYER: string;
}

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export function readToolVersions(file = join(repoRoot, 'scripts/tools/versions.env')): ToolVersions {
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m?.[1] && m[2] !== undefined) out[m[1]] = m[2];
  }
  for (const key of ['K8S_VERSION', 'ETCD_VERSION', 'KWOK_VERSION', 'HELM4_LAYER', 'HELM3_LAYER']) {
    if (!out[key]) throw new Error(`${file}: ${key} is not set`);
  }
  return out as unknown as ToolVersions;
}

/** Absolute paths of every binary the local cluster and the tests use. */
export interface Toolchain {
  readonly etcd: string;
  readonly kubeApiserver: string;
  readonly kubeControllerManager: string;
  readonly kubeScheduler: string;
  readonly kwok: string;
  /** kwok's node and pod lifecycle stages (a multi-document YAML of Stage objects). */
  readonly kwokStages: string;
  readonly kubectl: string;
  readonly helm4: string;
  readonly helm3: string;
}

/**
 * Finds the cached binaries built or fetched by `npm run bootstrap`.
 * Throws TOOL_MISSING naming the binary and the command that provides it.
 */
export function resolveToolchain(env: NodeJS.ProcessEnv = process.env): Toolchain {
  const v = readToolVersions();
  const tools = join(helmfireCacheDir(env), 'tools');
  const layerVersion = (layer: string) => layer.slice(layer.lastIndexOf('@') + 1);
  const paths: Toolchain = {
    etcd: join(tools, `etcd-${v.ETCD_VERSION}`, 'bin', 'etcd'),
    kubeApiserver: join(tools, `kube-${v.K8S_VERSION}`, 'bin', 'kube-apiserver'),
    kubeControllerManager: join(tools, `kube-${v.K8S_VERSION}`, 'bin', 'kube-controller-manager'),
    kubeScheduler: join(tools, `kube-${v.K8S_VERSION}`, 'bin', 'kube-scheduler'),
    kwok: join(tools, `kwok-${v.KWOK_VERSION}`, 'bin', 'kwok'),
    kwokStages: join(tools, `kwok-${v.KWOK_VERSION}`, 'stages.yaml'),
    kubectl: join(tools, `helm4-${layerVersion(v.HELM4_LAYER)}`, 'bin', 'kubectl'),
    helm4: join(tools, `helm4-${layerVersion(v.HELM4_LAYER)}`, 'bin', 'helm'),
    helm3: join(tools, `helm3-${layerVersion(v.HELM3_LAYER)}`, 'bin', 'helm'),
  };
  for (const [name, path] of Object.entries(paths)) {
    if (!existsSync(path)) {
      throw new LocalClusterError(
        'TOOL_MISSING',
        `${name} is not built yet (expected at ${path}); run \`npm run bootstrap -- --tools\` to build the local toolchain`,
      );
    }
  }
  return paths;
}
