import {
  asAppliedByHelm,
  DIGEST_LABEL,
  HelmStorage,
  parseManifest,
  type StoredRevision,
  storageReadable,
} from '../helm/index.js';
import type { PreparedRelease } from '../plan/index.js';
import type { HelmStatus, ObservedRelease } from '../reconcile/index.js';
import { liveCovers } from './quick-drift.js';
import type { KubeClients } from './release-render.js';

/**
 * The fast path of `apply` when nothing changed: what is deployed comes from
 * helm's records read in bulk (one LIST per namespace instead of a helm
 * process per release), and drift is first looked for by comparing the
 * deployed manifest with the live objects (plain GETs); only a release that
 * looks drifted gets the exact diff (helm template + dry-run apply).
 * Anything this cannot read (another helm storage driver, no permission to
 * list Secrets) falls back to asking helm, so it never changes an answer.
 */
export class StoredReleases {
  private readonly storages = new Map<string, HelmStorage>();
  private readonly enabled: boolean;

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
      revisions = (await this.storage(r.options.kubeContext).revisions(r.namespace, signal)).get(r.name);
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
      const { manifest } = await this.storage(r.options.kubeContext).release(
        r.name,
        r.namespace,
        revision,
        signal,
      );
      const applied = parseManifest(manifest, `release "${r.name}"`).map((o) =>
        asAppliedByHelm(o, r.name, r.namespace),
      );
      const client = this.kube.for(r.options.kubeContext);
      const covered = await Promise.all(
        applied.map(async (o) => {
          const live = await client.get({
            apiVersion: o.apiVersion,
            kind: o.kind,
            name: o.metadata.name,
            namespace: o.metadata.namespace ?? r.namespace,
          });
          return live !== undefined && liveCovers(o, live);
        }),
      );
      if (covered.every(Boolean)) return false;
    } catch {
      // unreadable record or object: let the exact diff answer
    }
    return exact();
  }

  close(): void {
    for (const s of this.storages.values()) s.close();
  }

  private storage(context: string | undefined): HelmStorage {
    const key = context ?? '';
    let s = this.storages.get(key);
    if (!s) {
      s = new HelmStorage(this.kube.for(context).config);
      this.storages.set(key, s);
    }
    return s;
  }
}
