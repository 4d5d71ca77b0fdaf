import { existsSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { didYouMean } from '../util/suggest.js';
import { KubeError } from './errors.js';

export interface KubeTarget {
  /** `--kubeconfig`; else `$KUBECONFIG` (a list, merged as kubectl merges it); else `~/.kube/config`. */
  readonly kubeconfig?: string;
  /** `--kube-context` / a release's `kubeContext`; else the kubeconfig's current context. */
  readonly context?: string;
}

/** Loads a kubeconfig as kubectl does and selects the context. */
export function loadKubeConfig(target: KubeTarget = {}, env: NodeJS.ProcessEnv = process.env): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (target.kubeconfig) {
      if (!existsSync(target.kubeconfig)) {
        throw new KubeError('KUBECONFIG', `kubeconfig "${target.kubeconfig}" does not exist`);
      }
      kc.loadFromFile(target.kubeconfig);
    } else if (env.KUBECONFIG) {
      const saved = process.env.KUBECONFIG;
      process.env.KUBECONFIG = env.KUBECONFIG;
      try {
        kc.loadFromDefault();
      } finally {
        process.env.KUBECONFIG = saved;
      }
    } else {
      kc.loadFromDefault();
    }
  } catch (err) {
    if (err instanceof KubeError) throw err;
    throw new KubeError('KUBECONFIG', `cannot read kubeconfig: ${(err as Error).message}`);
  }
  if (target.context) {
    const names = kc.getContexts().map((c) => c.name);
    if (!names.includes(target.context)) {
      throw new KubeError(
        'CONTEXT_NOT_FOUND',
        `kube context "${target.context}" is not in the kubeconfig${didYouMean(target.context, names)}; contexts: ${names.join(', ') || '(none)'}`,
      );
    }
    kc.setCurrentContext(target.context);
  }
  if (!kc.getCurrentCluster()) {
    throw new KubeError(
      'KUBECONFIG',
      'the kubeconfig has no current context with a cluster: pass --kube-context',
    );
  }
  return kc;
}
