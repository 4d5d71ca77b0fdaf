import type { K8sObject } from '../diff/types.js';
import type { Health } from './types.js';

export function pvcHealth(obj: K8sObject): Health {
  const phase = (obj.status as { phase?: string } | undefined)?.phase;
  if (phase === 'Bound') return { status: 'Healthy', message: 'bound' };
  if (phase === 'Lost') return { status: 'Degraded', message: 'volume lost' };
  return { status: 'Progressing', message: `phase ${phase ?? 'Pending'}` };
}
