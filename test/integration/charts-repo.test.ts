import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import {
  type ChartRepo,
  ChartRepoError,
  isolatedHelmEnv,
  startChartRepo,
} from '../../src/localcluster/chart-repo.js';
import {
  type OciRegistry,
  OciRegistryError,
  pushChart,
  startOciRegistry,
} from '../../src/localcluster/oci-registry.js';
import { isAlive } from '../../src/localcluster/processes.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const chartsDir = join(root, 'test/charts');
const chart = (name: string) => join(chartsDir, name);
const ALL = ['webapp-1.0.0', 'webapp-1.1.0', 'database', 'stack', 'crd-app'].map(chart);

function helmFor(major: 3 | 4): string {
  const dir = execFileSync('bash', [join(root, 'scripts/tools/fetch-helm.sh'), String(major)], {
    encoding: 'utf8',
  }).trim();
  return join(dir, 'helm');
}

interface IndexFile {
  apiVersion: string;
  entries: Record<string, { version: string; urls: string[]; digest: string; dependencies?: unknown[] }[]>;
}

type Manifest = {
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  data?: Record<string, string>;
};
const manifests = (out: string) =>
  parseAllDocuments(out)
    .map((d) => d.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);

describe.each([4, 3] as const)('chart sources on loopback with helm %i', (major) => {
  let helm: string;
  let work: string;
  let env: NodeJS.ProcessEnv;
  let repo: ChartRepo;
  let registry: OciRegistry;
  const h = async (...args: string[]) => {
    try {
      return (await run(helm, args, { env, cwd: work })).stdout;
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new Error(`helm ${args.join(' ')}: ${e.stderr?.trim() || e.message}`);
    }
  };

  beforeAll(async () => {
    helm = helmFor(major);
    work = await mkdtemp(join(tmpdir(), `helmfire-charts-${major}-`));
    env = isolatedHelmEnv(join(work, 'helm-home'));
    repo = await startChartRepo({ charts: ALL, workDir: join(work, 'repo'), helmBin: helm });
    registry = await startOciRegistry({ workDir: join(work, 'registry') });
  });
  afterAll(async () => {
    await registry?.stop();
    await repo?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  describe('HTTP chart repository', () => {
    it('serves index.yaml as helm writes it, with every chart version and digests of the served files', async () => {
      const res = await fetch(`${repo.url}/index.yaml`);
      expect(res.status).toBe(200);
      const index = parse(await res.text()) as IndexFile;
      expect(index.apiVersion).toBe('v1');
      expect(index.entries.webapp?.map((e) => e.version).sort()).toEqual(['1.0.0', '1.1.0']);
      expect(Object.keys(index.entries).sort()).toEqual(['crd-app', 'database', 'stack', 'webapp']);
      for (const entries of Object.values(index.entries)) {
        for (const e of entries) {
          expect(e.urls).toHaveLength(1);
          expect(e.urls[0]?.startsWith(`${repo.url}/`)).toBe(true);
          const tgz = Buffer.from(await (await fetch(e.urls[0] as string)).arrayBuffer());
          expect(createHash('sha256').update(tgz).digest('hex')).toBe(e.digest);
        }
      }
      expect(repo.packages.map((p) => p.split('/').pop()).sort()).toEqual([
        'crd-app-0.1.0.tgz',
        'database-0.3.0.tgz',
        'stack-2.0.0.tgz',
        'webapp-1.0.0.tgz',
        'webapp-1.1.0.tgz',
      ]);
    });

    it('answers 404 for unknown paths and 405 for writes', async () => {
      expect((await fetch(`${repo.url}/nope.tgz`)).status).toBe(404);
      expect((await fetch(`${repo.url}/../etc/passwd`)).status).toBe(404);
      expect((await fetch(`${repo.url}/index.yaml`, { method: 'POST' })).status).toBe(405);
      const head = await fetch(`${repo.url}/webapp-1.0.0.tgz`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
    });

    it('works with helm repo add / update / search / pull / template, both webapp versions', async () => {
      await h('repo', 'add', 'loopback', repo.url);
      await h('repo', 'update', 'loopback');
      const found = JSON.parse(await h('search', 'repo', 'loopback/webapp', '--versions', '-o', 'json')) as {
        version: string;
      }[];
      expect(found.map((f) => f.version).sort()).toEqual(['1.0.0', '1.1.0']);

      const dest = join(work, 'pulled');
      await mkdir(dest);
      await h('pull', 'loopback/webapp', '--version', '1.0.0', '--destination', dest);
      expect(await readdir(dest)).toEqual(['webapp-1.0.0.tgz']);

      const v10 = manifests(await h('template', 'web', 'loopback/webapp', '--version', '1.0.0'));
      const v11 = manifests(await h('template', 'web', 'loopback/webapp', '--version', '1.1.0'));
      const cm10 = v10.find((m) => m.kind === 'ConfigMap');
      const cm11 = v11.find((m) => m.kind === 'ConfigMap');
      expect(cm10?.data?.LOG_FORMAT).toBeUndefined();
      expect(cm11?.data?.LOG_FORMAT).toBe('json');
      expect(cm11?.metadata.labels?.['helm.sh/chart']).toBe('webapp-1.1.0');
      // Without --version helm takes the newest.
      const latest = manifests(await h('template', 'web', 'loopback/webapp'));
      expect(latest.find((m) => m.kind === 'ConfigMap')?.metadata.labels?.['helm.sh/chart']).toBe(
        'webapp-1.1.0',
      );
    });

    it('publishes stack with its webapp dependency resolved from this repository', async () => {
      const index = parse(await (await fetch(`${repo.url}/index.yaml`)).text()) as IndexFile;
      const deps = index.entries.stack?.[0]?.dependencies as { repository: string }[];
      expect(deps.map((d) => d.repository)).toEqual([repo.url, repo.url]);
      expect(repo.requests).toContainEqual({ method: 'GET', path: '/webapp-1.1.0.tgz', status: 200 });

      const out = manifests(await h('template', 'shop', 'loopback/stack'));
      const deployments = out.filter((m) => m.kind === 'Deployment').map((m) => m.metadata.name);
      expect(deployments.sort()).toEqual(['shop-api', 'shop-frontend']);
    });

    it('lets a local chart depend on the repository (helm dependency build)', async () => {
      const umbrella = join(work, 'umbrella');
      await mkdir(join(umbrella, 'templates'), { recursive: true });
      await writeFile(
        join(umbrella, 'Chart.yaml'),
        `apiVersion: v2\nname: umbrella\nversion: 0.1.0\ndependencies:\n  - name: webapp\n    version: 1.0.0\n    repository: ${repo.url}\n`,
      );
      await h('dependency', 'build', umbrella);
      expect(await readdir(join(umbrella, 'charts'))).toEqual(['webapp-1.0.0.tgz']);
      const out = manifests(await h('template', 'u', umbrella));
      expect(out.find((m) => m.kind === 'Deployment')?.metadata.labels?.['helm.sh/chart']).toBe(
        'webapp-1.0.0',
      );
    });

    it('adds a chart version later, visible after helm repo update; refuses a duplicate', async () => {
      const tgz = await repo.addChart(chart('webapp-1.1.0'), { version: '1.2.0', appVersion: '1.29' });
      expect(tgz.endsWith('webapp-1.2.0.tgz')).toBe(true);
      expect(repo.packages).toContain(tgz);
      await h('repo', 'update', 'loopback');
      const found = JSON.parse(await h('search', 'repo', 'loopback/webapp', '--versions', '-o', 'json')) as {
        version: string;
        app_version: string;
      }[];
      expect(found.map((f) => f.version).sort()).toEqual(['1.0.0', '1.1.0', '1.2.0']);
      expect(found.find((f) => f.version === '1.2.0')?.app_version).toBe('1.29');

      await expect(repo.addChart(chart('webapp-1.0.0'))).rejects.toMatchObject({ code: 'CHART_EXISTS' });
    });
  });

  describe('OCI registry', () => {
    it('accepts helm push and serves both webapp versions to helm pull / template / show', async () => {
      const pushed = [];
      for (const tgz of repo.packages) pushed.push(await pushChart(registry.host, tgz, helm));
      expect(pushed.map((p) => p.ref)).toContain(`oci://${registry.host}/charts/webapp:1.0.0`);
      for (const p of pushed) expect(p.digest).toMatch(/^sha256:[0-9a-f]{64}$/);

      const tags = (await (await fetch(`http://${registry.host}/v2/charts/webapp/tags/list`)).json()) as {
        tags: string[];
      };
      expect(tags.tags.sort()).toEqual(['1.0.0', '1.1.0', '1.2.0']);

      const ref = `oci://${registry.host}/charts/webapp`;
      const dest = join(work, 'oci-pulled');
      await mkdir(dest);
      await h('pull', ref, '--version', '1.0.0', '--plain-http', '--destination', dest);
      expect(await readdir(dest)).toEqual(['webapp-1.0.0.tgz']);

      for (const version of ['1.0.0', '1.1.0']) {
        const out = manifests(await h('template', 'web', ref, '--version', version, '--plain-http'));
        expect(out.find((m) => m.kind === 'Deployment')?.metadata.labels?.['helm.sh/chart']).toBe(
          `webapp-${version}`,
        );
      }
      const meta = parse(
        await h('show', 'chart', `oci://${registry.host}/charts/stack`, '--version', '2.0.0', '--plain-http'),
      ) as {
        name: string;
        dependencies: { repository: string }[];
      };
      expect(meta.name).toBe('stack');
      expect(meta.dependencies.every((d) => d.repository === repo.url)).toBe(true);
    });

    it('keeps the storage in its work dir and leaves no process behind when stopped', async () => {
      expect(
        existsSync(join(work, 'registry', 'storage', 'docker', 'registry', 'v2', 'repositories', 'charts')),
      ).toBe(true);
      expect(isAlive(registry.pid)).toBe(true);
      await registry.stop();
      expect(isAlive(registry.pid)).toBe(false);
      expect(existsSync(join(work, 'registry', 'registry.pid'))).toBe(false);
      // Started again on the same storage, the pushed charts are still there.
      registry = await startOciRegistry({ workDir: join(work, 'registry') });
      const out = await h(
        'show',
        'chart',
        `oci://${registry.host}/charts/database`,
        '--version',
        '0.3.0',
        '--plain-http',
      );
      expect((parse(out) as { name: string }).name).toBe('database');
    });
  });
});

describe('chart repository with basic auth', () => {
  let helm: string;
  let work: string;
  let env: NodeJS.ProcessEnv;
  let repo: ChartRepo;
  beforeAll(async () => {
    helm = helmFor(4);
    work = await mkdtemp(join(tmpdir(), 'helmfire-charts-auth-'));
    env = isolatedHelmEnv(join(work, 'helm-home'));
    repo = await startChartRepo({
      charts: [chart('webapp-1.0.0'), chart('webapp-1.1.0'), chart('stack')],
      workDir: join(work, 'repo'),
      helmBin: helm,
      auth: { username: 'ci', password: 's3cret' },
    });
  });
  afterAll(async () => {
    await repo?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('answers 401 without credentials, serves with them', async () => {
    const anon = await fetch(`${repo.url}/index.yaml`);
    expect(anon.status).toBe(401);
    expect(anon.headers.get('www-authenticate')).toMatch(/^Basic /);
    const wrong = await fetch(`${repo.url}/index.yaml`, {
      headers: { authorization: `Basic ${Buffer.from('ci:nope').toString('base64')}` },
    });
    expect(wrong.status).toBe(401);

    await expect(run(helm, ['repo', 'add', 'anon', repo.url], { env })).rejects.toThrow(/401/);
    await run(helm, ['repo', 'add', 'private', repo.url, '--username', 'ci', '--password', 's3cret'], {
      env,
    });
    const { stdout } = await run(helm, ['template', 'shop', 'private/stack'], { env });
    expect(manifests(stdout).filter((m) => m.kind === 'Deployment')).toHaveLength(2);
  });
});

describe('clear errors', () => {
  let helm: string;
  let work: string;
  beforeAll(async () => {
    helm = helmFor(4);
    work = await mkdtemp(join(tmpdir(), 'helmfire-charts-err-'));
  });
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('names a missing chart directory and a folder without Chart.yaml', async () => {
    await expect(
      startChartRepo({ charts: [join(work, 'missing')], workDir: join(work, 'r1'), helmBin: helm }),
    ).rejects.toMatchObject({ code: 'BAD_CHART', message: expect.stringContaining('does not exist') });
    await mkdir(join(work, 'empty'));
    await expect(
      startChartRepo({ charts: [join(work, 'empty')], workDir: join(work, 'r2'), helmBin: helm }),
    ).rejects.toBeInstanceOf(ChartRepoError);
  });

  it("carries helm's own message when packaging fails", async () => {
    const bad = join(work, 'bad');
    await mkdir(join(bad, 'templates'), { recursive: true });
    await writeFile(join(bad, 'Chart.yaml'), 'apiVersion: v2\nname: bad\nversion: not-semver\n');
    const err = await startChartRepo({ charts: [bad], workDir: join(work, 'r3'), helmBin: helm }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(ChartRepoError);
    expect(err.code).toBe('HELM_FAILED');
    expect(err.message).toMatch(/helm package .*not-semver|version/i);
  });

  it('reports a busy registry port with the log, and leaves no process behind', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const port = (blocker.address() as { port: number }).port;
    try {
      const err = await startOciRegistry({ workDir: join(work, 'reg'), port }).catch((e) => e);
      expect(err).toBeInstanceOf(OciRegistryError);
      expect(err.code).toBe('START_FAILED');
      expect(err.message).toMatch(/address already in use/);
      const pid = Number(await readFile(join(work, 'reg', 'registry.pid'), 'utf8').catch(() => '0'));
      expect(pid === 0 || !isAlive(pid)).toBe(true);
    } finally {
      blocker.close();
    }
  });

  it('names the install step when the registry binary is missing', async () => {
    await expect(
      startOciRegistry({ workDir: join(work, 'reg2'), binary: join(work, 'no-such-registry') }),
    ).rejects.toMatchObject({ code: 'BINARY_MISSING', message: expect.stringContaining('ensure-apt.sh') });
  });
});
