import { loadKubeConfig } from '../kube/index.js';
import type { DesiredState } from '../state/model.js';
import type { LockKey } from './run-lock.js';

/**
 * The lock key of a run: its top-level state files (a `-f` file, or every
 * file of `helmfile.d/`) and the kube context it deploys to — `--kube-context`,
 * else the state's `kubeContext`/`helmDefaults.kubeContext`/environment's,
 * else the kubeconfig's current context — with that context's API server.
 */
export function runLockKey(
  desired: DesiredState,
  opts: { readonly kubeconfig?: string; readonly kubeContext?: string; readonly env?: NodeJS.ProcessEnv },
): LockKey {
  const top = desired.states.filter((s) => s.origin !== 'nested');
  const stateFiles = (top.length > 0 ? top : desired.states).map((s) => s.file);
  const first = desired.states[0];
  const named =
    opts.kubeContext ||
    first?.overrides.kubeContext ||
    first?.helmDefaults.kubeContext ||
    first?.environment.kubeContext ||
    undefined;
  try {
    const kc = loadKubeConfig(
      { ...(opts.kubeconfig ? { kubeconfig: opts.kubeconfig } : {}), ...(named ? { context: named } : {}) },
      opts.env,
    );
    const server = kc.getCurrentCluster()?.server;
    return { stateFiles, kubeContext: kc.getCurrentContext(), ...(server ? { server } : {}) };
  } catch {
    // an unreadable kubeconfig fails later with helm's own message; lock on the name alone
    return { stateFiles, kubeContext: named ?? '' };
  }
}
