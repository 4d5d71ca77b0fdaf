import type { K8sObject } from '../diff/types.js';
import { type Health, num } from './types.js';

export function daemonSetHealth(obj: K8sObject): Health {
  const st = (obj.status ?? {}) as Record<string, unknown>;
  const gen = num((obj.metadata as { generation?: number }).generation);
  if (num(st.observedGeneration) < gen)
    return { status: 'Progressing', message: 'waiting for the controller to see the new spec' };
  const want = num(st.desiredNumberScheduled);
  const updated = num(st.updatedNumberScheduled);
  const available = num(st.numberAvailable);
  if (updated < want) return { status: 'Progressing', message: `${updated} of ${want} pods updated` };
  if (available < want) return { status: 'Progressing', message: `${available} of ${want} pods available` };
  return { status: 'Healthy', message: `${available}/${want} available` };
}
