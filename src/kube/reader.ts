import { Agent, request } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeError } from './errors.js';

/** What discovery says of a kind: its resource (URL) name and whether it lives in a namespace. */
export interface ResourceInfo {
  readonly plural: string;
  readonly namespaced: boolean;
}

/** An object as the API returns it. */
export type ApiObject = Record<string, unknown> & { metadata?: { name?: string; namespace?: string } };

/**
 * Plain reads from the API server over a few kept-alive connections: JSON
 * GETs, discovery, LISTs of one kind. For the hot paths that read many
 * objects at once (a no-op `apply` of many releases), where a new TLS
 * connection per request would cost more than the reads themselves.
 */
export class KubeReader {
  private readonly agent: Agent;
  private readonly groups = new Map<string, Promise<Map<string, ResourceInfo>>>();

  constructor(
    private readonly kc: KubeConfig,
    opts: { readonly maxSockets?: number } = {},
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 8 });
  }

  /** `GET path` (absolute API path with query), parsed JSON; KubeError NOT_FOUND on 404. */
  async getJson(
    path: string,
    opts: { readonly accept?: string; readonly signal?: AbortSignal } = {},
  ): Promise<unknown> {
    const server = this.kc.getCurrentCluster()?.server;
    if (!server) throw new KubeError('KUBECONFIG', 'the kubeconfig has no current cluster');
    const url = new URL(path, server);
    const req: Parameters<typeof request>[1] = {
      method: 'GET',
      hostname: url.hostname,
      port: url.port,
      path: `${url.pathname}${url.search}`,
      headers: { Accept: opts.accept ?? 'application/json' },
    };
    await this.kc.applyToHTTPSOptions(req);
    req.agent = this.agent;
    const what = `GET ${url.pathname}`;
    return new Promise((resolve, reject) => {
      const r = request(req, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status !== 200) {
            const code =
              status === 404 ? 'NOT_FOUND' : status === 401 || status === 403 ? 'FORBIDDEN' : 'API';
            reject(new KubeError(code, `${what}: HTTP ${status}: ${body.slice(0, 300)}`, status));
            return;
          }
          try {
            resolve(JSON.parse(body));
          } catch {
            reject(new KubeError('API', `${what}: the answer is not JSON: ${body.slice(0, 200)}`));
          }
        });
      });
      r.on('error', (e) => reject(new KubeError('UNREACHABLE', `${what}: ${e.message}`)));
      if (opts.signal) {
        if (opts.signal.aborted) r.destroy(new Error('interrupted'));
        else opts.signal.addEventListener('abort', () => r.destroy(new Error('interrupted')), { once: true });
      }
      r.end();
    });
  }

  /** The resource of `kind` in `apiVersion` (discovery, cached per group version); undefined if the server has none. */
  async resource(apiVersion: string, kind: string): Promise<ResourceInfo | undefined> {
    let g = this.groups.get(apiVersion);
    if (!g) {
      g = this.discover(apiVersion);
      this.groups.set(apiVersion, g);
      g.catch(() => this.groups.delete(apiVersion));
    }
    return (await g).get(kind);
  }

  /** The URL of a kind's collection, in `namespace` when it is namespaced. */
  async collectionPath(apiVersion: string, kind: string, namespace?: string): Promise<string | undefined> {
    const res = await this.resource(apiVersion, kind);
    if (!res) return undefined;
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    return res.namespaced && namespace
      ? `${base}/namespaces/${encodeURIComponent(namespace)}/${res.plural}`
      : `${base}/${res.plural}`;
  }

  /** Every object of one kind (in `namespace` when namespaced), with apiVersion and kind filled in. */
  async list(
    apiVersion: string,
    kind: string,
    opts: {
      readonly namespace?: string;
      readonly labelSelector?: string;
      readonly signal?: AbortSignal;
    } = {},
  ): Promise<ApiObject[]> {
    const path = await this.collectionPath(apiVersion, kind, opts.namespace);
    if (!path) throw new KubeError('NOT_FOUND', `the server has no ${kind} in ${apiVersion}`);
    const out: ApiObject[] = [];
    let cont: string | undefined;
    do {
      const q = new URLSearchParams({ limit: '500' });
      if (opts.labelSelector) q.set('labelSelector', opts.labelSelector);
      if (cont) q.set('continue', cont);
      const page = (await this.getJson(`${path}?${q}`, opts.signal ? { signal: opts.signal } : {})) as {
        metadata?: { continue?: string };
        items?: ApiObject[];
      };
      for (const item of page.items ?? []) out.push({ apiVersion, kind, ...item });
      cont = page.metadata?.continue || undefined;
    } while (cont);
    return out;
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  private async discover(apiVersion: string): Promise<Map<string, ResourceInfo>> {
    const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const out = new Map<string, ResourceInfo>();
    let list: { resources?: { name: string; kind: string; namespaced: boolean }[] };
    try {
      list = (await this.getJson(path)) as typeof list;
    } catch (err) {
      if (err instanceof KubeError && err.code === 'NOT_FOUND') return out;
      throw err;
    }
    for (const r of list.resources ?? []) {
      if (r.name.includes('/')) continue; // subresources
      if (!out.has(r.kind)) out.set(r.kind, { plural: r.name, namespaced: r.namespaced });
    }
    return out;
  }
}
