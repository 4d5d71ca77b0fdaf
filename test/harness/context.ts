import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, inject } from 'vitest';

const run = promisify(execFile);

/** What an integration test needs to act on the real parts of this run. */
export interface TestEnv {
  readonly kubeconfig: string;
  readonly helm: string;
  readonly helmMajor: 3 | 4;
  readonly chartRepoUrl: string;
  readonly ociHost: string;
  /** Environment for helm/kubectl: this run's kubeconfig and helm homes, never the user's. */
  readonly env: NodeJS.ProcessEnv;
  kubectl(...args: string[]): Promise<string>;
  helmRun(...args: string[]): Promise<string>;
}

export function testEnv(): TestEnv {
  const kubeconfig = inject('kubeconfig');
  const helm = inject('helm');
  const kubectlBin = inject('kubectl');
  const home = join(inject('runDir'), 'helm-home', String(process.pid));
  mkdirSync(home, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KUBECONFIG: kubeconfig,
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_DATA_HOME: join(home, 'data'),
  };
  const exec = async (bin: string, args: string[]) => {
    try {
      return (await run(bin, args, { env, maxBuffer: 64 * 1024 * 1024 })).stdout;
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new Error(`${bin.split('/').pop()} ${args.join(' ')}: ${e.stderr?.trim() || e.message}`);
    }
  };
  return {
    kubeconfig,
    helm,
    helmMajor: inject('helmMajor'),
    chartRepoUrl: inject('chartRepoUrl'),
    ociHost: inject('ociHost'),
    env,
    kubectl: (...args) => exec(kubectlBin, args),
    helmRun: (...args) => exec(helm, args),
  };
}

/** A fresh namespace for this test file, deleted (without waiting) when the file's tests end. */
export async function useNamespace(t: TestEnv, prefix = 't'): Promise<string> {
  const ns = `${prefix}-${randomBytes(4).toString('hex')}`;
  await t.kubectl('create', 'namespace', ns);
  afterAll(async () => {
    await t.kubectl('delete', 'namespace', ns, '--wait=false').catch(() => {});
  });
  return ns;
}
