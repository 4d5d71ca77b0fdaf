import { request } from 'node:https';

/** Just enough of an API-server client to bring the local cluster up: no dependencies, token + CA. */
export interface KubeEndpoint {
  readonly server: string;
  readonly ca: string | Buffer;
  readonly token: string;
}

export interface KubeResponse {
  readonly status: number;
  readonly body: string;
}

export function kubeRequest(
  ep: KubeEndpoint,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs = 5000,
): Promise<KubeResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, ep.server);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      url,
      {
        method,
        ca: ep.ca,
        timeout: timeoutMs,
        headers: {
          authorization: `Bearer ${ep.token}`,
          accept: 'application/json',
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`${method} ${url.pathname}: timed out after ${timeoutMs}ms`)),
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** GET and parse; undefined on 404. */
export async function kubeGet<T>(ep: KubeEndpoint, path: string): Promise<T | undefined> {
  const res = await kubeRequest(ep, 'GET', path);
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status}: ${res.body.slice(0, 300)}`);
  return JSON.parse(res.body) as T;
}
