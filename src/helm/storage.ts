import { gunzipSync } from 'node:zlib';
import { HelmfireError } from '../errors.js';
import { HELM_SYSTEM_LABELS } from './labels.js';
import type { ReleaseStatus } from './release-state.js';

/**
 * helm's release records read straight from its storage in the cluster,
 * without a helm process: the Secrets `sh.helm.release.v1.NAME.vREV` that
 * helm's default driver writes (labels `owner=helm`, `name`, `status`,
 * `version`, plus the release's own `--labels`; data `release` = base64 of
 * the gzipped release JSON). One LIST of a namespace's record labels
 * answers "what is deployed, in which state, with which labels" for every
 * release in it; one GET gives a revision's manifest. The reads go through
 * an injected GET, so this module needs no cluster client of its own.
 *
 * Only for helm's `secret` driver (the default; `HELM_DRIVER` unset, `secret`
 * or `secrets`): for any other driver `storageReadable` is false and callers
 * ask helm.
 */

/** One revision of a release, from its record's labels. */
export interface StoredRevision {
  readonly name: string;
  readonly namespace: string;
  readonly revision: number;
  readonly status: ReleaseStatus;
  /** The release's user labels (helm's own left out). */
  readonly labels: Readonly<Record<string, string>>;
}

/** The parts of a stored release helmfire reads. */
export interface StoredRelease {
  readonly manifest: string;
}

export class HelmStorageError extends HelmfireError {
  override readonly name = 'HelmStorageError';
  constructor(message: string) {
    super('HELM_STORAGE', message);
  }
}

/** Whether helm keeps its records where HelmStorage reads them (its default Secrets driver). */
export function storageReadable(env: NodeJS.ProcessEnv): boolean {
  const d = env.HELM_DRIVER;
  return d === undefined || d === '' || d === 'secret' || d === 'secrets';
}

const STATUSES = new Set([
  'deployed',
  'failed',
  'pending-install',
  'pending-upgrade',
  'pending-rollback',
  'uninstalling',
  'uninstalled',
  'superseded',
]);

interface MetaList {
  metadata?: { continue?: string };
  items?: { metadata?: { name?: string; labels?: Record<string, string> } }[];
}

/** A JSON GET against the cluster's API server (path with query, Accept header). */
export type ApiGet = (path: string, accept: string, signal?: AbortSignal) => Promise<unknown>;

/** helm's records in one cluster (one kube context). */
export class HelmStorage {
  private readonly lists = new Map<string, Promise<Map<string, StoredRevision[]>>>();

  constructor(private readonly get: ApiGet) {}

  /**
   * Every release of `namespace`, name → revisions oldest first. Read once
   * per namespace and remembered: it describes the cluster as the run found
   * it, not after the run's own changes.
   */
  revisions(namespace: string, signal?: AbortSignal): Promise<Map<string, StoredRevision[]>> {
    let p = this.lists.get(namespace);
    if (!p) {
      p = this.list(namespace, signal);
      this.lists.set(namespace, p);
      p.catch(() => this.lists.delete(namespace));
    }
    return p;
  }

  /** One revision's release (its manifest), from its record. */
  async release(
    name: string,
    namespace: string,
    revision: number,
    signal?: AbortSignal,
  ): Promise<StoredRelease> {
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets/${encodeURIComponent(`sh.helm.release.v1.${name}.v${revision}`)}`;
    const secret = (await this.get(path, 'application/json', signal)) as { data?: { release?: string } };
    const data = secret.data?.release;
    if (!data)
      throw new HelmStorageError(
        `helm's record of ${namespace}/${name} revision ${revision} has no release data`,
      );
    return decodeRelease(data);
  }

  private async list(namespace: string, signal?: AbortSignal): Promise<Map<string, StoredRevision[]>> {
    const out = new Map<string, StoredRevision[]>();
    let cont: string | undefined;
    do {
      const q = new URLSearchParams({ labelSelector: 'owner=helm', limit: '500' });
      if (cont) q.set('continue', cont);
      const page = (await this.get(
        `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets?${q}`,
        // labels only: helm's records carry the whole chart, which is not needed here
        'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json',
        signal,
      )) as MetaList;
      for (const item of page.items ?? []) {
        const rev = revisionOf(item.metadata?.labels, namespace);
        if (!rev) continue;
        const list = out.get(rev.name) ?? [];
        list.push(rev);
        out.set(rev.name, list);
      }
      cont = page.metadata?.continue || undefined;
    } while (cont);
    for (const list of out.values()) list.sort((a, b) => a.revision - b.revision);
    return out;
  }
}

/** A record's labels as a revision; undefined for a Secret that is not one of helm's records. */
export function revisionOf(
  labels: Record<string, string> | undefined,
  namespace: string,
): StoredRevision | undefined {
  if (labels?.owner !== 'helm' || !labels.name || !/^\d+$/.test(labels.version ?? '')) return undefined;
  const user: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (!HELM_SYSTEM_LABELS.has(k)) user[k] = v;
  const status = labels.status ?? '';
  return {
    name: labels.name,
    namespace,
    revision: Number(labels.version),
    status: (STATUSES.has(status) ? status : 'unknown') as ReleaseStatus,
    labels: user,
  };
}

/** The `release` data of a record as the API returns it: base64 (API) of base64 (helm) of gzipped JSON. */
export function decodeRelease(data: string): StoredRelease {
  const helmEncoded = Buffer.from(data, 'base64').toString('latin1');
  let bytes = Buffer.from(helmEncoded, 'base64');
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  const rel = JSON.parse(bytes.toString('utf8')) as { manifest?: unknown };
  return { manifest: typeof rel.manifest === 'string' ? rel.manifest : '' };
}
