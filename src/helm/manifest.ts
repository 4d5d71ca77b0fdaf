import { parseAllDocuments } from 'yaml';
import type { K8sObject } from '../diff/types.js';
import { HelmfireError } from '../errors.js';

/**
 * The objects of a rendered manifest (`helm template`, `helm get manifest`):
 * every non-empty YAML document, `List` kinds flattened. `source` names the
 * release in errors.
 */
export function parseManifest(text: string, source: string): K8sObject[] {
  const out: K8sObject[] = [];
  // helm and the API server accept a key given twice in a map (the last one wins); so must we
  for (const doc of parseAllDocuments(text, { uniqueKeys: false })) {
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      throw new HelmfireError(
        'MANIFEST',
        `${source}: the rendered manifest is not valid YAML: ${e?.message ?? ''}`,
      );
    }
    const v = doc.toJS({ maxAliasCount: -1 }) as unknown;
    if (v === null || v === undefined) continue;
    if (typeof v !== 'object' || Array.isArray(v)) {
      throw new HelmfireError(
        'MANIFEST',
        `${source}: a rendered document is not a Kubernetes object: ${String(v).slice(0, 80)}`,
      );
    }
    const obj = v as K8sObject;
    if (obj.kind?.endsWith('List') && Array.isArray(obj.items)) out.push(...(obj.items as K8sObject[]));
    else if (obj.kind && obj.apiVersion && obj.metadata?.name) out.push(obj);
    else {
      throw new HelmfireError(
        'MANIFEST',
        `${source}: a rendered document lacks apiVersion, kind or metadata.name: ${JSON.stringify(v).slice(0, 120)}`,
      );
    }
  }
  return out;
}

/** Chart hooks (`helm.sh/hook` annotation): run by helm around an operation, not part of the release's steady state. */
export function isHook(obj: K8sObject): boolean {
  return obj.metadata.annotations?.['helm.sh/hook'] !== undefined;
}

/**
 * The object as helm applies it: helm stamps every release object with its
 * ownership annotations. A dry-run apply of the bare rendered object under
 * helm's field manager would otherwise "remove" them.
 */
export function asAppliedByHelm(obj: K8sObject, release: string, namespace: string): K8sObject {
  return {
    ...obj,
    metadata: {
      ...obj.metadata,
      annotations: {
        ...obj.metadata.annotations,
        'meta.helm.sh/release-name': release,
        'meta.helm.sh/release-namespace': namespace,
      },
    },
  };
}
