import {
  ApisApi,
  CoreApi,
  type KubeConfig,
  type KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  type V1APIResource,
  VersionApi,
} from '@kubernetes/client-node';
import { type KubeTarget, loadKubeConfig } from './config.js';
import { KubeError } from './errors.js';

/** Identifies one object in a cluster. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name} (${ref.apiVersion})`;
}

/** KubernetesObjectApi with its (cached) discovery made available. */
class ObjectApi extends KubernetesObjectApi {
  static forConfig(kc: KubeConfig): ObjectApi {
    const api = kc.makeApiClient(ObjectApi);
    api.setDefaultNamespace(kc);
    return api;
  }

  discover(apiVersion: string, kind: string): Promise<V1APIResource | undefined> {
    return this.resource(apiVersion, kind);
  }
}

/**
 * The cluster as helmfire sees it: one context of one kubeconfig. Reads
 * objects, asks the API server what an apply would make of an object
 * (server-side apply, dry run), and tells the server's version and APIs.
 */
export class KubeClient {
  private readonly objects: ObjectApi;
  private versionsCache?: Promise<string[]>;

  private constructor(
    readonly config: KubeConfig,
    readonly context: string,
  ) {
    this.objects = ObjectApi.forConfig(config);
  }

  static connect(target: KubeTarget = {}, env: NodeJS.ProcessEnv = process.env): KubeClient {
    const kc = loadKubeConfig(target, env);
    return new KubeClient(kc, kc.getCurrentContext());
  }

  /** `/version` of the API server, e.g. `{ gitVersion: 'v1.34.10', major: '1', minor: '34' }`. */
  async serverVersion(): Promise<{ gitVersion: string; major: string; minor: string }> {
    const v = await this.call('read the server version', () =>
      this.config.makeApiClient(VersionApi).getCode(),
    );
    return { gitVersion: v.gitVersion, major: v.major, minor: v.minor.replace(/\D+$/, '') };
  }

  /** Every served group/version (`v1`, `apps/v1`, …), as helm's `--api-versions` takes them. */
  apiVersions(): Promise<string[]> {
    this.versionsCache ??= this.call('list API versions', async () => {
      const core = await this.config.makeApiClient(CoreApi).getAPIVersions();
      const groups = await this.config.makeApiClient(ApisApi).getAPIVersions();
      const out = [...core.versions];
      for (const g of groups.groups) for (const v of g.versions) out.push(v.groupVersion);
      return out.sort();
    });
    return this.versionsCache;
  }

  /** Whether objects of this kind live in a namespace; undefined when the server does not serve the kind. */
  async isNamespaced(apiVersion: string, kind: string): Promise<boolean | undefined> {
    const r = await this.call(`discover ${kind} (${apiVersion})`, () =>
      this.objects.discover(apiVersion, kind),
    ).catch((err: unknown) => {
      if (err instanceof KubeError && err.code === 'NOT_FOUND') return undefined;
      throw err;
    });
    return r?.namespaced;
  }

  /** The live object, or undefined when it does not exist. */
  async get<T extends KubernetesObject = KubernetesObject>(ref: ObjectRef): Promise<T | undefined> {
    try {
      return await this.call(`get ${describeRef(ref)}`, () =>
        this.objects.read<T>({
          apiVersion: ref.apiVersion,
          kind: ref.kind,
          metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) },
        } as never),
      );
    } catch (err) {
      if (err instanceof KubeError && err.code === 'NOT_FOUND') return undefined;
      throw err;
    }
  }

  async list(
    apiVersion: string,
    kind: string,
    opts: { namespace?: string; labelSelector?: string } = {},
  ): Promise<KubernetesObject[]> {
    const res = await this.call(`list ${kind} (${apiVersion})`, () =>
      this.objects.list(
        apiVersion,
        kind,
        opts.namespace,
        undefined,
        undefined,
        undefined,
        undefined,
        opts.labelSelector,
      ),
    );
    return res.items;
  }

  /**
   * What the API server would store if `obj` were applied with server-side
   * apply by `fieldManager` — defaults filled in, admission run, nothing saved.
   */
  applyDryRun<T extends KubernetesObject>(
    obj: T,
    opts: { fieldManager: string; force?: boolean },
  ): Promise<T> {
    return this.call(`dry-run apply ${describeObject(obj)}`, () =>
      this.objects.patch(
        obj,
        undefined,
        'All',
        opts.fieldManager,
        opts.force ?? true,
        PatchStrategy.ServerSideApply,
      ),
    );
  }

  /** Applies `obj` for real with server-side apply. */
  apply<T extends KubernetesObject>(obj: T, opts: { fieldManager: string; force?: boolean }): Promise<T> {
    return this.call(`apply ${describeObject(obj)}`, () =>
      this.objects.patch(
        obj,
        undefined,
        undefined,
        opts.fieldManager,
        opts.force ?? true,
        PatchStrategy.ServerSideApply,
      ),
    );
  }

  /** Deletes the object; false when it was already gone. */
  async delete(ref: ObjectRef): Promise<boolean> {
    try {
      await this.call(`delete ${describeRef(ref)}`, () =>
        this.objects.delete({
          apiVersion: ref.apiVersion,
          kind: ref.kind,
          metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) },
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof KubeError && err.code === 'NOT_FOUND') return false;
      throw err;
    }
  }

  /** Runs one API call and turns its failure into a KubeError that names the context and what was attempted. */
  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw this.toKubeError(what, err);
    }
  }

  private toKubeError(what: string, err: unknown): KubeError {
    if (err instanceof KubeError) return err;
    const e = err as { code?: number | string; body?: unknown; message?: string; cause?: { code?: string } };
    const where = `context "${this.context}"`;
    if (typeof e.code === 'number') {
      const reason = apiMessage(e.body) ?? e.message ?? 'request failed';
      const code = e.code === 404 ? 'NOT_FOUND' : e.code === 403 || e.code === 401 ? 'FORBIDDEN' : 'API';
      return new KubeError(code, `${what} (${where}): HTTP ${e.code}: ${reason}`, e.code);
    }
    const net = typeof e.code === 'string' ? e.code : e.cause?.code;
    if (net && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE)$/.test(net)) {
      return new KubeError('UNREACHABLE', `${what}: the API server of ${where} is unreachable (${net})`);
    }
    return new KubeError('API', `${what} (${where}): ${e.message ?? String(err)}`);
  }
}

function describeObject(obj: KubernetesObject): string {
  return describeRef({
    apiVersion: obj.apiVersion ?? '?',
    kind: obj.kind ?? '?',
    name: obj.metadata?.name ?? '?',
    ...(obj.metadata?.namespace ? { namespace: obj.metadata.namespace } : {}),
  });
}

function apiMessage(body: unknown): string | undefined {
  if (typeof body === 'string') {
    try {
      return apiMessage(JSON.parse(body));
    } catch {
      return body.slice(0, 500);
    }
  }
  if (body && typeof body === 'object' && 'message' in body)
    return String((body as { message: unknown }).message);
  return undefined;
}
