import type { K8sObject } from '../diff/types.js';
import { type Health, num } from './types.js';

export function statefulSetHealth(obj: K8sObject): Health {
  const spec = (obj.spec ?? {}) as { replicas?: number; updateStrategy?: { type?: string } };
  const st = (obj.status ?? {}) as Record<string, unknown>;
  const want = spec.replicas ?? 1;
  const gen = num((obj.metadata as { generation?: number }).generation);
  if (num(st.observedGeneration) < gen)
    return { status: 'Progressing', message: 'waiting for the controller to see the new spec' };
  const ready = num(st.readyReplicas);
  if (ready < want) return { status: 'Progressing', message: `${ready} of ${want} replicas ready` };
  if (
    spec.updateStrategy?.type !== 'OnDelete' &&
    st.updateRevision &&
    st.currentRevision !== st.updateRevision
  ) {
    return {
      status: 'Progressing',
      message: `rolling update: ${num(st.updatedReplicas)} of ${want} updated`,
    };
  }
  return { status: 'Healthy', message: `${ready}/${want} ready` };
}
