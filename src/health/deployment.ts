import type { K8sObject } from '../diff/types.js';
import { condition, type Health, num } from './types.js';

/** Rolled out: the controller saw the latest spec and every replica is updated and available. */
export function deploymentHealth(obj: K8sObject): Health {
  const spec = (obj.spec ?? {}) as { replicas?: number; paused?: boolean };
  const st = (obj.status ?? {}) as Record<string, unknown>;
  const want = spec.replicas ?? 1;
  const gen = num((obj.metadata as { generation?: number }).generation);
  if (spec.paused) return { status: 'Progressing', message: 'rollout is paused' };
  if (num(st.observedGeneration) < gen)
    return { status: 'Progressing', message: 'waiting for the controller to see the new spec' };
  const progressing = condition(obj, 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return {
      status: 'Degraded',
      message: `rollout stuck: ${progressing.message ?? 'progress deadline exceeded'}`,
    };
  }
  const updated = num(st.updatedReplicas);
  const available = num(st.availableReplicas);
  const total = num(st.replicas);
  if (updated < want) return { status: 'Progressing', message: `${updated} of ${want} replicas updated` };
  if (total > updated)
    return { status: 'Progressing', message: `${total - updated} old replicas pending termination` };
  if (available < want)
    return { status: 'Progressing', message: `${available} of ${want} replicas available` };
  return { status: 'Healthy', message: `${available}/${want} available` };
}
