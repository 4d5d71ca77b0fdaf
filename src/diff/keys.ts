import type { K8sObject, ObjectKey } from './types.js';

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function keyOf(obj: K8sObject, defaultNamespace = ''): ObjectKey {
  return {
    group: groupOf(obj.apiVersion),
    kind: obj.kind,
    namespace: obj.metadata.namespace ?? defaultNamespace,
    name: obj.metadata.name,
  };
}

export function keyString(k: ObjectKey): string {
  return `${k.group}/${k.kind}/${k.namespace}/${k.name}`;
}

/** helm-diff's header form: `namespace, name, Kind (group)`. */
export function keyTitle(k: ObjectKey): string {
  return `${k.namespace}, ${k.name}, ${k.kind}${k.group ? ` (${k.group})` : ''}`;
}
