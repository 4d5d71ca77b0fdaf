/** A Kubernetes object as helm renders it and the API server returns it. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

/** Identity of an object across versions of its API (apps/v1 and apps/v1beta2 Deployments are one object). */
export interface ObjectKey {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

export type ChangeKind = 'create' | 'update' | 'delete' | 'unchanged' | 'error';

/**
 * Why an object is in the report:
 * - `new`: the release renders it for the first time;
 * - `deleted-in-cluster`: the deployed release has it, the cluster does not (someone deleted it);
 * - `changed`: the new chart/values change it;
 * - `drift`: the chart/values did not change it, but the live object differs (someone edited it);
 * - `removed-from-chart`: the deployed release has it, the new render does not.
 */
export type ChangeReason = 'new' | 'deleted-in-cluster' | 'changed' | 'drift' | 'removed-from-chart';

export interface FieldChange {
  /** JSON-path-like location, e.g. `spec.replicas`, `spec.template.spec.containers[name=web].image`. */
  readonly path: string;
  readonly op: 'added' | 'removed' | 'changed';
  /** Absent for secret values (masked). */
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface ObjectDiff {
  readonly key: ObjectKey;
  readonly apiVersion: string;
  readonly change: ChangeKind;
  readonly reason?: ChangeReason;
  readonly fields: readonly FieldChange[];
  /** The live object as compared (normalised); absent when it does not exist. */
  readonly before?: K8sObject;
  /** What the object becomes (normalised); absent for deletions. */
  readonly after?: K8sObject;
  /** Set when the object could not be compared (e.g. its kind is not served yet). */
  readonly error?: string;
}

export interface ReleaseDiff {
  readonly release: string;
  readonly namespace: string;
  readonly objects: readonly ObjectDiff[];
  readonly hasChanges: boolean;
}
