import type { K8sObject } from '../diff/types.js';
import { daemonSetHealth } from './daemonset.js';
import { deploymentHealth } from './deployment.js';
import { jobHealth } from './job.js';
import { podHealth } from './pod.js';
import { pvcHealth } from './pvc.js';
import { statefulSetHealth } from './statefulset.js';
import type { Health, HealthCheck, HealthStatus } from './types.js';

export { serviceHealth } from './service.js';
export type { Health, HealthCheck, HealthStatus } from './types.js';

const CHECKS: Record<string, HealthCheck> = {
  'apps/Deployment': deploymentHealth,
  'apps/StatefulSet': statefulSetHealth,
  'apps/DaemonSet': daemonSetHealth,
  'batch/Job': jobHealth,
  '/Pod': podHealth,
  '/PersistentVolumeClaim': pvcHealth,
};

/** Health of a live object; kinds without a check are Healthy once they exist. Services need their endpoints: see serviceHealth. */
export function healthOf(obj: K8sObject | undefined): Health {
  if (!obj) return { status: 'Missing', message: 'not found in the cluster' };
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
  const check = CHECKS[`${group}/${obj.kind}`];
  return check ? check(obj) : { status: 'Healthy' };
}

const RANK: Record<HealthStatus, number> = {
  Healthy: 0,
  Unknown: 1,
  Progressing: 2,
  Missing: 3,
  Degraded: 4,
};

/** The worst of several: a release is as healthy as its least healthy object. */
export function worst(statuses: readonly HealthStatus[]): HealthStatus {
  return statuses.reduce<HealthStatus>((a, b) => (RANK[b] > RANK[a] ? b : a), 'Healthy');
}
