import type { K8sObject } from '../diff/types.js';

/** Argo CD's vocabulary: what a user needs to know about a live object at a glance. */
export type HealthStatus = 'Healthy' | 'Progressing' | 'Degraded' | 'Missing' | 'Unknown';

export interface Health {
  readonly status: HealthStatus;
  readonly message?: string;
}

/** A health check for one kind: pure, live object in, health out. */
export type HealthCheck = (obj: K8sObject) => Health;

export type Conditions = readonly { type: string; status: string; reason?: string; message?: string }[];

export function condition(obj: K8sObject, type: string): Conditions[number] | undefined {
  const conds = (obj.status as { conditions?: Conditions } | undefined)?.conditions ?? [];
  return conds.find((c) => c.type === type);
}

export function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}
