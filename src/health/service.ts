import type { K8sObject } from '../diff/types.js';
import type { Health } from './types.js';

/** A Service is healthy when it has ready endpoints (headless and selector-less Services excepted). */
export function serviceHealth(obj: K8sObject, readyEndpoints: number | undefined): Health {
  const spec = (obj.spec ?? {}) as { type?: string; selector?: Record<string, string> };
  if (spec.type === 'ExternalName' || !spec.selector || Object.keys(spec.selector).length === 0) {
    return { status: 'Healthy', message: 'no selector' };
  }
  if (readyEndpoints === undefined) return { status: 'Unknown', message: 'endpoints not readable' };
  if (readyEndpoints === 0) return { status: 'Progressing', message: 'no ready endpoints' };
  return { status: 'Healthy', message: `${readyEndpoints} ready endpoint${readyEndpoints === 1 ? '' : 's'}` };
}
