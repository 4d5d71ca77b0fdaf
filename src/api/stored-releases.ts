import type { K8sObject } from '../diff/types.js';
import {
  asAppliedByHelm,
  DIGEST_LABEL,
  HelmStorage,
  parseManifest,
  type StoredRevision,
  storageReadable,
} from '../helm/index.js';
import { type ApiObject, KubeError, KubeReader } from '../kube/index.js';
import type { PreparedRelease } from '../plan/index.js';
import type { HelmStatus, ObservedRelease } from '../reconcile/index.js';
import { liveCovers } from './quick-drift.js';
import type { KubeClients } from './release-render.js';

/** From this many objects of one kind in one namespace on, one LIST is cheaper than a GET each. */
const LIST_FROM = 3;

/**
 * The fast path of `apply` when nothing changed: what is deployed comes from
 * helm's records read in bulk (one LIST per namespace instead of a helm
 * process per release), and drift is first looked for by comparing the
 * deployed manifest with the live objects (read a kind and namespace at a
 * time, over kept-alive connections); only a release that looks drifted
 * gets the exact diff (helm template + dry-run apply). Anything this cannot
 * read (another helm storage driver, no permission to list Secrets) falls
 * back to asking helm, so it never changes an answer.
 */
export class StoredReleases {
  private readonly clusters = new Map<string, { reader: KubeReader; storage: HelmStorage }>();
  private readonly enabled: boolean;
  /** Live objects by kind and namespace: `apiVersion|kind|namespace` → name → object. */
  private readonly live = new Map<string, Promise<Map<string, ApiObject>>>();
  /** How many objects of each kind and namespace the run will look at (decides LIST vs GET). */
  private readonly wanted = new Map<string, number>();

  constructor(
    private readonly kube: KubeClients,
    env: NodeJS.ProcessEnv,
  ) {
    this.enabled = storageReadable(env);
  }

  /** The release as helm recorded it when the run began; undefined = ask helm. */
  async observe(r: PreparedRelease, signal?: AbortSignal): Promise<ObservedRelease | undefined> {
    if (!this.enabled) return undefined;
    let revisions: StoredRevision[] | undefined;
    try {
      revisions = (await this.cluster(r.options.kubeContext).storage.revisions(r.namespace, signal)).get(
        r.name,
      );
    } catch {
      return undefined;
    }
    const latest = revisions?.at(-1);
    if (!revisions || !latest) return { status: 'absent' };
    const digest = latest.labels[DIGEST_LABEL];
    const lastDeployed =
      latest.status === 'deployed'
        ? latest.revision
        : revisions
            .filter(
              (x) => x.revision < latest.revision && (x.status === 'deployed' || x.status === 'superseded'),
            )
            .at(-1)?.revision;
    return {
      status: latest.status as HelmStatus,
      revision: latest.revision,
      ...(digest ? { digest } : {}),
      ...(lastDeployed !== undefined ? { lastDeployedRevision: lastDeployed } : {}),
    };
  }

  /**
   * Whether any object of the deployed `revision` no longer holds what helm
   * applied; `exact` (the full diff) decides when it looks so, and when the
   * quick look cannot be made.
   */
  async liveDiffers(
    r: PreparedRelease,
    revision: number | undefined,
    exact: () => Promise<boolean>,
    signal?: AbortSignal,
  ): Promise<boolean> {
    if (!this.enabled || revision === undefined) return exact();
    try {
      const { reader, storage } = this.cluster(r.options.kubeContext);
      const { manifest } = await storage.release(r.name, r.namespace, revision, signal);
      const applied = parseManifest(manifest, `release "${r.name}"`).map((o) =>
        asAppliedByHelm(o, r.name, r.namespace),
      );
      const keys = await Promise.all(applied.map((o) => this.keyOf(reader, o, r.namespace)));
      for (const k of keys) this.wanted.set(k, (this.wanted.get(k) ?? 0) + 1);
      const covered = await Promise.all(
        applied.map(async (o, i) => {
          const live = await this.liveObject(reader, keys[i] as string, o, signal);
          return live !== undefined && liveCovers(o, live);
        }),
      );
      if (covered.every(Boolean)) return false;
    } catch {
      // an unreadable record or object: let the exact diff answer
    }
    return exact();
  }

  close(): void {
    for (const c of this.clusters.values()) c.reader.close();
  }

  /** `apiVersion|kind|namespace` of an object ('' namespace for cluster-scoped kinds). */
  private async keyOf(reader: KubeReader, o: K8sObject, namespace: string): Promise<string> {
    const res = await reader.resource(o.apiVersion, o.kind);
    if (!res) throw new KubeError('NOT_FOUND', `the server has no ${o.kind} in ${o.apiVersion}`);
    return `${o.apiVersion}|${o.kind}|${res.namespaced ? (o.metadata.namespace ?? namespace) : ''}`;
  }

  /**
   * The live object: from one LIST of its kind and namespace when the run
   * looks at several of them (shared by every release), else one GET.
   */
  private async liveObject(
    reader: KubeReader,
    key: string,
    o: K8sObject,
    signal?: AbortSignal,
  ): Promise<ApiObject | undefined> {
    const [apiVersion = '', kind = '', namespace = ''] = key.split('|');
    let listed = this.live.get(key);
    if (!listed && (this.wanted.get(key) ?? 0) >= LIST_FROM) {
      listed = reader
        .list(apiVersion, kind, {
          ...(namespace ? { namespace } : {}),
          // helm's own records are Secrets too, and large: they are never a release's object
          ...(kind === 'Secret' && apiVersion === 'v1' ? { labelSelector: 'owner!=helm' } : {}),
          ...(signal ? { signal } : {}),
        })
        .then((items) => new Map(items.map((it) => [it.metadata?.name ?? '', it])));
      this.live.set(key, listed);
      listed.catch(() => this.live.delete(key));
    }
    if (listed) return (await listed).get(o.metadata.name);
    const path = await reader.collectionPath(apiVersion, kind, namespace || undefined);
    try {
      return (await reader.getJson(
        `${path}/${encodeURIComponent(o.metadata.name)}`,
        signal ? { signal } : {},
      )) as ApiObject;
    } catch (err) {
      if (err instanceof KubeError && err.code === 'NOT_FOUND') return undefined;
      throw err;
    }
  }

  private cluster(context: string | undefined): { reader: KubeReader; storage: HelmStorage } {
    const key = context ?? '';
    let c = this.clusters.get(key);
    if (!c) {
      const reader = new KubeReader(this.kube.for(context).config);
      const storage = new HelmStorage((path, accept, signal) =>
        reader.getJson(path, { accept, ...(signal ? { signal } : {}) }),
      );
      c = { reader, storage };
      this.clusters.set(key, c);
    }
    return c;
  }
}
