import type { K8sObject } from '../diff/types.js';
import { condition, type Health } from './types.js';

export function podHealth(obj: K8sObject): Health {
  const st = (obj.status ?? {}) as {
    phase?: string;
    containerStatuses?: { name: string; state?: { waiting?: { reason?: string } } }[];
  };
  if (st.phase === 'Succeeded') return { status: 'Healthy', message: 'completed' };
  if (st.phase === 'Failed') return { status: 'Degraded', message: 'pod failed' };
  const waiting = st.containerStatuses?.find((c) =>
    /CrashLoopBackOff|ImagePullBackOff|ErrImagePull/.test(c.state?.waiting?.reason ?? ''),
  );
  if (waiting) return { status: 'Degraded', message: `${waiting.name}: ${waiting.state?.waiting?.reason}` };
  if (condition(obj, 'Ready')?.status === 'True') return { status: 'Healthy', message: 'ready' };
  return { status: 'Progressing', message: `phase ${st.phase ?? 'Pending'}` };
}
