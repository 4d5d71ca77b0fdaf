import { execFile } from 'node:child_process';
import { timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';

/**
 * A helm chart repository served over plain HTTP on 127.0.0.1: the charts are
 * packaged by the real helm and indexed by `helm repo index`, so `index.yaml`
 * and the archives are exactly what a static chart repository would serve.
 */

export class ChartRepoError extends Error {
  override readonly name = 'ChartRepoError';
  constructor(
    readonly code: 'HELM_FAILED' | 'BAD_CHART' | 'CHART_EXISTS' | 'DEPENDENCY_CYCLE' | 'STOPPED',
    message: string,
  ) {
    super(message);
  }
}

export interface ChartRepoOptions {
  /** Chart source directories (each with a Chart.yaml). */
  readonly charts: readonly string[];
  /**
   * Where the packages (`public/`, emptied on start), the index and helm's
   * own state are kept; created if missing.
   */
  readonly workDir: string;
  /** The helm binary that packages and indexes the charts. */
  readonly helmBin: string;
  /** When set, every request needs these HTTP basic credentials. */
  readonly auth?: { readonly username: string; readonly password: string };
  /** Listen on this port instead of a free one. */
  readonly port?: number;
}

export interface AddChartOptions {
  /** Publish under this chart version instead of the one in Chart.yaml (`helm package --version`). */
  readonly version?: string;
  /** Publish with this appVersion (`helm package --app-version`). */
  readonly appVersion?: string;
}

export interface ServedRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

export interface ChartRepo {
  /** `http://127.0.0.1:PORT`, as given to `helm repo add`. */
  readonly url: string;
  /** The served chart archives (absolute paths), in the order they were published. */
  readonly packages: readonly string[];
  /** Every request answered so far, oldest first. */
  readonly requests: readonly ServedRequest[];
  /** Packages one more chart (or another version of one) and re-indexes; returns the archive path. */
  addChart(dir: string, opts?: AddChartOptions): Promise<string>;
  /** Stops serving; the work directory is left as it is. */
  stop(): Promise<void>;
}

/** Starts the repository: listens first (the index needs the URL), then publishes every chart. */
export async function startChartRepo(opts: ChartRepoOptions): Promise<ChartRepo> {
  const workDir = resolve(opts.workDir);
  const publicDir = join(workDir, 'public');
  await rm(publicDir, { recursive: true, force: true });
  await mkdir(publicDir, { recursive: true });
  await mkdir(join(workDir, 'build'), { recursive: true });

  const requests: ServedRequest[] = [];
  const server = createServer((req, res) => {
    serve(req, res, publicDir, opts.auth)
      .catch(() => send(res, 500, 'internal error\n'))
      .finally(() =>
        requests.push({ method: req.method ?? '', path: req.url ?? '', status: res.statusCode }),
      );
  });
  const port = await listen(server, opts.port ?? 0);
  const url = `http://127.0.0.1:${port}`;
  const publisher = new Publisher(url, workDir, publicDir, opts.helmBin, opts.auth);

  let stopped = false;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(() => {
      if (stopped) throw new ChartRepoError('STOPPED', `chart repository ${url} is stopped`);
      return work();
    });
    queue = next.catch(() => {});
    return next;
  };
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  };

  try {
    await serial(() => publisher.publishAll(opts.charts));
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    get packages() {
      return [...publisher.packages];
    },
    get requests() {
      return [...requests];
    },
    addChart: (dir, addOpts = {}) => serial(() => publisher.publish(dir, addOpts)),
    stop,
  };
}

// ---------------------------------------------------------------- packaging

interface ChartMeta {
  readonly dir: string;
  readonly name: string;
  readonly version: string;
  /** Resolved directories of the chart's `file://` dependencies. */
  readonly fileDeps: readonly string[];
}

class Publisher {
  readonly packages: string[] = [];
  /** Real path of every published source directory. */
  private readonly published = new Set<string>();
  private readonly helmEnv: NodeJS.ProcessEnv;

  constructor(
    private readonly url: string,
    private readonly workDir: string,
    private readonly publicDir: string,
    private readonly helmBin: string,
    private readonly auth: ChartRepoOptions['auth'],
  ) {
    this.helmEnv = isolatedHelmEnv(join(workDir, 'helm'));
  }

  /**
   * Publishes every chart, a chart's `file://` dependencies that are served
   * here before the chart itself; indexes once at the end.
   */
  async publishAll(dirs: readonly string[]): Promise<void> {
    const pending = await Promise.all(dirs.map(readChartMeta));
    const served = new Set(pending.map((c) => c.dir));
    while (pending.length > 0) {
      const ready = pending.filter((c) => c.fileDeps.every((d) => !served.has(d) || this.published.has(d)));
      if (ready.length === 0) {
        const names = pending.map((c) => `${c.name} ${c.version}`).join(', ');
        throw new ChartRepoError('DEPENDENCY_CYCLE', `file:// dependencies form a cycle among: ${names}`);
      }
      // A chart whose dependencies come from this repository needs them in the index first.
      if (ready.some((c) => c.fileDeps.length > 0) && this.packages.length > 0) await this.index();
      for (const chart of ready) {
        await this.pack(chart, served, {});
        pending.splice(pending.indexOf(chart), 1);
      }
    }
    await this.index();
  }

  async publish(dir: string, opts: AddChartOptions): Promise<string> {
    const chart = await readChartMeta(dir);
    const tgz = await this.pack(chart, this.published, opts);
    await this.index();
    return tgz;
  }

  /** `helm package` into the public folder; `file://` dependencies on served charts point at this repository. */
  private async pack(chart: ChartMeta, served: ReadonlySet<string>, opts: AddChartOptions): Promise<string> {
    const version = opts.version ?? chart.version;
    const target = join(this.publicDir, `${chart.name}-${version}.tgz`);
    if (existsSync(target)) {
      throw new ChartRepoError('CHART_EXISTS', `${chart.name} ${version} is already in ${this.url}`);
    }
    const build = await mkdtemp(join(this.workDir, 'build', `${chart.name}-`));
    try {
      let source = chart.dir;
      if (chart.fileDeps.length > 0) {
        source = join(build, 'src', basename(chart.dir));
        await cp(chart.dir, source, { recursive: true });
        await rm(join(source, 'charts'), { recursive: true, force: true });
        await rm(join(source, 'Chart.lock'), { force: true });
        await rewriteFileDeps(chart.dir, source, (dep) => (served.has(dep) ? this.url : undefined));
        await this.ensureSelfRepo();
        await this.helm(['dependency', 'build', source]);
      }
      const args = ['package', source, '--destination', build];
      if (opts.version) args.push('--version', opts.version);
      if (opts.appVersion) args.push('--app-version', opts.appVersion);
      await this.helm(args);
      const built = join(build, `${chart.name}-${version}.tgz`);
      if (!existsSync(built)) {
        throw new ChartRepoError(
          'HELM_FAILED',
          `helm package did not write ${basename(built)} for ${chart.dir}`,
        );
      }
      await rename(built, target);
    } finally {
      await rm(build, { recursive: true, force: true });
    }
    this.packages.push(target);
    this.published.add(chart.dir);
    return target;
  }

  private async index(): Promise<void> {
    await this.helm(['repo', 'index', this.publicDir, '--url', this.url]);
  }

  private selfRepoAdded = false;
  /** This repository in helm's (isolated) repository list, so `dependency build` can use it, with credentials. */
  private async ensureSelfRepo(): Promise<void> {
    if (this.selfRepoAdded) return;
    const args = ['repo', 'add', 'helmfire-self', this.url, '--force-update'];
    if (this.auth) args.push('--username', this.auth.username, '--password', this.auth.password);
    await this.helm(args);
    this.selfRepoAdded = true;
  }

  private helm(args: string[]): Promise<string> {
    return runHelm(this.helmBin, args, this.helmEnv);
  }
}

async function readChartMeta(dir: string): Promise<ChartMeta> {
  const chartDir = await realpath(dir).catch(() => {
    throw new ChartRepoError('BAD_CHART', `chart directory ${dir} does not exist`);
  });
  const file = join(chartDir, 'Chart.yaml');
  const text = await readFile(file, 'utf8').catch(() => {
    throw new ChartRepoError('BAD_CHART', `${dir} is not a chart: it has no Chart.yaml`);
  });
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new ChartRepoError('BAD_CHART', `${file}: ${doc.errors[0]?.message}`);
  }
  const meta = doc.toJS() as { name?: unknown; version?: unknown; dependencies?: unknown } | null;
  if (typeof meta?.name !== 'string' || typeof meta.version !== 'string') {
    throw new ChartRepoError('BAD_CHART', `${file}: name and version must be strings`);
  }
  const fileDeps: string[] = [];
  if (Array.isArray(meta.dependencies)) {
    for (const dep of meta.dependencies as { repository?: unknown }[]) {
      const repo = dep?.repository;
      if (typeof repo === 'string' && repo.startsWith('file://')) {
        const depDir = resolve(chartDir, repo.slice('file://'.length));
        fileDeps.push(await realpath(depDir).catch(() => depDir));
      }
    }
  }
  return { dir: chartDir, name: meta.name, version: meta.version, fileDeps };
}

/**
 * Rewrites the `file://` dependencies of the copied chart at `copyDir`: to the
 * URL `replace` gives for a dependency directory, else to an absolute path
 * (relative ones would no longer resolve from the copy).
 */
async function rewriteFileDeps(
  originDir: string,
  copyDir: string,
  replace: (depDir: string) => string | undefined,
): Promise<void> {
  const file = join(copyDir, 'Chart.yaml');
  const doc = parseDocument(await readFile(file, 'utf8'));
  const deps = doc.get('dependencies') as { items?: unknown[] } | undefined;
  const count = deps?.items?.length ?? 0;
  for (let i = 0; i < count; i++) {
    const repo = doc.getIn(['dependencies', i, 'repository']);
    if (typeof repo !== 'string' || !repo.startsWith('file://')) continue;
    const depDir = resolve(originDir, repo.slice('file://'.length));
    const real = await realpath(depDir).catch(() => depDir);
    doc.setIn(['dependencies', i, 'repository'], replace(real) ?? `file://${real}`);
  }
  await writeFile(file, doc.toString());
}

// ---------------------------------------------------------------- helm

/**
 * The environment for a helm run that must not read or write the user's helm
 * state: the caller's environment less every HELM_* setting, with helm's
 * cache, config and data homes under `home`.
 */
export function isolatedHelmEnv(home: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) if (!key.startsWith('HELM_')) env[key] = value;
  env.HELM_CACHE_HOME = join(home, 'cache');
  env.HELM_CONFIG_HOME = join(home, 'config');
  env.HELM_DATA_HOME = join(home, 'data');
  return env;
}

/** Runs helm; a failure becomes HELM_FAILED carrying the command and helm's own message. */
export function runHelm(helmBin: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((done, fail) => {
    execFile(helmBin, args, { env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (!err) return done(`${stdout}${stderr}`);
      const why = stderr.trim() || stdout.trim() || err.message;
      fail(new ChartRepoError('HELM_FAILED', `helm ${redact(args).join(' ')} failed: ${why}`));
    });
  });
}

function redact(args: readonly string[]): string[] {
  return args.map((a, i) => (args[i - 1] === '--password' ? '***' : a));
}

// ---------------------------------------------------------------- HTTP

const SERVED_FILE = /^\/([A-Za-z0-9][A-Za-z0-9._+-]*\.(?:tgz|prov))$/;

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  publicDir: string,
  auth: ChartRepoOptions['auth'],
): Promise<void> {
  if (auth && !authorized(req.headers.authorization, auth)) {
    res.setHeader('WWW-Authenticate', 'Basic realm="helmfire chart repository"');
    return send(res, 401, 'unauthorized\n');
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return send(res, 405, 'method not allowed\n');
  }
  const path = new URL(req.url ?? '/', 'http://repo').pathname;
  let file: string | undefined;
  let type = 'application/gzip';
  if (path === '/index.yaml') {
    file = 'index.yaml';
    type = 'application/x-yaml';
  } else {
    const m = SERVED_FILE.exec(path);
    if (m?.[1]) file = m[1];
    if (file?.endsWith('.prov')) type = 'text/plain';
  }
  if (!file) return send(res, 404, 'not found\n');
  const full = join(publicDir, file);
  const info = await stat(full).catch(() => undefined);
  if (!info?.isFile()) return send(res, 404, 'not found\n');
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': info.size });
  if (req.method === 'HEAD') return void res.end();
  await new Promise<void>((done, fail) => {
    createReadStream(full).on('error', fail).pipe(res).on('finish', done).on('error', fail);
  });
}

function authorized(header: string | undefined, auth: NonNullable<ChartRepoOptions['auth']>): boolean {
  if (!header?.startsWith('Basic ')) return false;
  const given = Buffer.from(header.slice('Basic '.length).trim(), 'base64');
  const want = Buffer.from(`${auth.username}:${auth.password}`);
  return given.length === want.length && timingSafeEqual(given, want);
}

function send(res: ServerResponse, status: number, body: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', fail);
      done((server.address() as AddressInfo).port);
    });
  });
}
