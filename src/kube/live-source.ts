import type { LiveSource } from '../diff/compute.js';
import type { K8sObject } from '../diff/types.js';
import type { KubeClient } from './client.js';

/**
 * The live side of a diff, from a real cluster: GET the object, and ask the
 * API server (server-side apply, dry run) what applying the desired object
 * would store, as `fieldManager` (helm's own manager name by default) would.
 */
export function clusterLiveSource(kube: KubeClient, fieldManager = 'helm'): LiveSource {
  return {
    async get(obj) {
      return kube.get<K8sObject & { metadata: { name: string } }>({
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        name: obj.metadata.name,
        ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
      }) as Promise<K8sObject | undefined>;
    },
    async dryRunApply(obj) {
      return (await kube.applyDryRun(obj, { fieldManager, force: true })) as K8sObject;
    },
  };
}
