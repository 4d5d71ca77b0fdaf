import type { K8sObject } from './types.js';

/**
 * Fields the API server owns, not the user: never reported as changes.
 * A normaliser gets a deep copy and may delete or rewrite anything.
 */
export type Normalizer = (obj: K8sObject) => void;

const SERVER_METADATA = [
  'managedFields',
  'resourceVersion',
  'uid',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'selfLink',
];

const SERVER_ANNOTATIONS = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
];

export const stripServerFields: Normalizer = (obj) => {
  delete obj.status;
  for (const f of SERVER_METADATA) delete obj.metadata[f];
  const ann = obj.metadata.annotations;
  if (ann) {
    for (const a of SERVER_ANNOTATIONS) delete ann[a];
    if (Object.keys(ann).length === 0) delete obj.metadata.annotations;
  }
  if (obj.metadata.labels && Object.keys(obj.metadata.labels).length === 0) delete obj.metadata.labels;
};

/** Ignore a field everywhere it appears under a dotted path, e.g. `spec.replicas` when an HPA owns it. */
export function ignorePath(path: string, kinds?: readonly string[]): Normalizer {
  const parts = path.split('.');
  return (obj) => {
    if (kinds && !kinds.includes(obj.kind)) return;
    let cur: unknown = obj;
    for (let i = 0; i < parts.length - 1; i++) {
      if (!cur || typeof cur !== 'object') return;
      cur = (cur as Record<string, unknown>)[parts[i] as string];
    }
    if (cur && typeof cur === 'object')
      delete (cur as Record<string, unknown>)[parts[parts.length - 1] as string];
  };
}

export function normalize(obj: K8sObject, normalizers: readonly Normalizer[]): K8sObject {
  const copy = structuredClone(obj);
  stripServerFields(copy);
  for (const n of normalizers) n(copy);
  return copy;
}
