import type { K8sObject } from '../diff/types.js';
import { condition, type Health, num } from './types.js';

export function jobHealth(obj: K8sObject): Health {
  const failed = condition(obj, 'Failed');
  if (failed?.status === 'True')
    return { status: 'Degraded', message: failed.message ?? failed.reason ?? 'job failed' };
  const complete = condition(obj, 'Complete');
  if (complete?.status === 'True') return { status: 'Healthy', message: 'completed' };
  const st = (obj.status ?? {}) as Record<string, unknown>;
  return { status: 'Progressing', message: `${num(st.active)} active, ${num(st.succeeded)} succeeded` };
}
