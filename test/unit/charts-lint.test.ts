import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { isolatedHelmEnv } from '../../src/localcluster/chart-repo.js';

/**
 * Every test chart passes `helm lint --strict` and renders with helm 3 and
 * helm 4, with its optional parts on and off, and keeps the promises the
 * other tests rely on (what the charts contain, what the test cluster can run).
 */

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const chartsDir = join(root, 'test/charts');
const chartNames = readdirSync(chartsDir, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(chartsDir, e.name, 'Chart.yaml')))
  .map((e) => e.name)
  .sort();

/** Values that switch on each chart's optional parts. */
const TOGGLES: Record<string, string[][]> = {
  'webapp-1.0.0': [['--set', 'ingress.enabled=true,autoscaling.enabled=true,serviceAccount.create=false']],
  'webapp-1.1.0': [['--set', 'ingress.enabled=true,autoscaling.enabled=true,serviceAccount.create=false']],
  database: [['--set', 'persistence.enabled=true,migration.enabled=false']],
  stack: [['--set', 'api.enabled=false']],
  'crd-app': [['--set-json', 'widgets=[]']],
};

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

function helmFor(major: 3 | 4): string {
  const dir = execFileSync('bash', [join(root, 'scripts/tools/fetch-helm.sh'), String(major)], {
    encoding: 'utf8',
  }).trim();
  return join(dir, 'helm');
}

describe.each([4, 3] as const)('test charts with helm %i', (major) => {
  let helm: string;
  let work: string;
  let env: NodeJS.ProcessEnv;
  const h = async (...args: string[]) => {
    try {
      return (await run(helm, args, { env })).stdout;
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      throw new Error(`helm ${args.join(' ')}:\n${e.stdout ?? ''}${e.stderr ?? e.message}`);
    }
  };
  const render = async (chart: string, ...args: string[]) =>
    parseAllDocuments(await h('template', 'rel', join(work, chart), ...args))
      .map((d) => d.toJS() as Manifest | null)
      .filter((m): m is Manifest => m !== null);

  beforeAll(async () => {
    helm = helmFor(major);
    // A copy: `helm dependency build` writes into the chart folder.
    work = await mkdtemp(join(tmpdir(), `helmfire-charts-lint-${major}-`));
    env = isolatedHelmEnv(join(work, '.helm'));
    await cp(chartsDir, work, { recursive: true });
    await h('dependency', 'build', join(work, 'stack'));
  });
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('finds the charts', () => {
    expect(chartNames).toEqual(['crd-app', 'database', 'stack', 'webapp-1.0.0', 'webapp-1.1.0']);
  });

  it.each(chartNames)('%s: helm lint --strict is clean, defaults and toggles', async (name) => {
    for (const extra of [[], ...(TOGGLES[name] ?? [])]) {
      const out = await h('lint', '--strict', join(work, name), ...extra);
      expect(out).toContain('1 chart(s) linted, 0 chart(s) failed');
      expect(out).not.toMatch(/\[(WARNING|ERROR)\]/);
      expect((await render(name, ...extra)).length).toBeGreaterThan(0);
    }
  });

  it('renders nothing the test cluster cannot run', async () => {
    for (const name of chartNames) {
      for (const extra of [[], ...(TOGGLES[name] ?? [])]) {
        const persistence = extra.join(' ').includes('persistence.enabled=true');
        for (const m of await render(name, '--include-crds', ...extra)) {
          expect(m.kind).not.toMatch(/WebhookConfiguration$|^APIService$/);
          expect(m.kind).not.toBe('PersistentVolumeClaim');
          if (m.kind === 'Service') expect(m.spec?.type).toBe('ClusterIP');
          if (m.kind === 'StatefulSet' && !persistence) expect(m.spec?.volumeClaimTemplates).toBeUndefined();
        }
      }
    }
  });

  it('webapp 1.1.0 changes what an upgrade shows: a ConfigMap key, a label and the image', async () => {
    const v10 = await render('webapp-1.0.0');
    const v11 = await render('webapp-1.1.0');
    const kinds = (ms: Manifest[]) => ms.map((m) => m.kind).sort();
    expect(kinds(v10)).toEqual(['ConfigMap', 'Deployment', 'Secret', 'Service', 'ServiceAccount']);
    expect(kinds(v11)).toEqual(kinds(v10));
    const cm = (ms: Manifest[]) => ms.find((m) => m.kind === 'ConfigMap');
    expect(cm(v10)?.data).toEqual({ GREETING: 'hello', LOG_LEVEL: 'info', PORT: '8080', ENVIRONMENT: 'dev' });
    expect(cm(v11)?.data?.LOG_FORMAT).toBe('json');
    expect(cm(v10)?.metadata.labels?.['app.kubernetes.io/component']).toBeUndefined();
    expect(cm(v11)?.metadata.labels?.['app.kubernetes.io/component']).toBe('web');
    const image = (ms: Manifest[]) =>
      JSON.stringify(ms.find((m) => m.kind === 'Deployment')?.spec).match(/nginx:[\d.]+/)?.[0];
    expect(image(v10)).toBe('nginx:1.27');
    expect(image(v11)).toBe('nginx:1.28');

    const toggled = await render('webapp-1.0.0', '--set', 'ingress.enabled=true,autoscaling.enabled=true');
    expect(kinds(toggled)).toContain('Ingress');
    expect(kinds(toggled)).toContain('HorizontalPodAutoscaler');
    expect(toggled.find((m) => m.kind === 'Deployment')?.spec?.replicas).toBeUndefined();
    const secret = v10.find((m) => m.kind === 'Secret');
    expect(Buffer.from(secret?.data?.API_TOKEN ?? '', 'base64').toString()).toBe('changeme');
  });

  it('webapp rejects values its schema forbids', async () => {
    await expect(render('webapp-1.0.0', '--set', 'replicaCount=many')).rejects.toThrow(/replicaCount/);
    await expect(render('webapp-1.1.0', '--set', 'service.type=LoadBalancer')).rejects.toThrow(/service/);
  });

  it('database: StatefulSet, headless Service, pre-install/pre-upgrade hook Job', async () => {
    const ms = await render('database');
    const sts = ms.find((m) => m.kind === 'StatefulSet');
    expect(sts?.metadata.name).toBe('rel-database');
    const svc = ms.find((m) => m.kind === 'Service');
    expect(svc?.spec?.clusterIP).toBe('None');
    expect(sts?.spec?.serviceName).toBe(svc?.metadata.name);
    const job = ms.find((m) => m.kind === 'Job');
    expect(job?.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(job?.metadata.annotations?.['helm.sh/hook-delete-policy']).toBe(
      'before-hook-creation,hook-succeeded',
    );
    const persistent = await render('database', '--set', 'persistence.enabled=true');
    const vct = persistent.find((m) => m.kind === 'StatefulSet')?.spec?.volumeClaimTemplates as unknown[];
    expect(vct).toHaveLength(1);
  });

  it('stack: webapp twice (aliases frontend and api), global values reach the subcharts', async () => {
    const ms = await render('stack');
    const deployments = ms.filter((m) => m.kind === 'Deployment').map((m) => m.metadata.name);
    expect(deployments.sort()).toEqual(['rel-api', 'rel-frontend']);
    for (const cm of ms.filter((m) => m.kind === 'ConfigMap' && m.metadata.name !== 'rel-stack')) {
      expect(cm.data?.ENVIRONMENT).toBe('staging');
    }
    const withoutApi = await render('stack', '--set', 'api.enabled=false');
    expect(withoutApi.filter((m) => m.kind === 'Deployment').map((m) => m.metadata.name)).toEqual([
      'rel-frontend',
    ]);
  });

  it('crd-app: the CRD lives in crds/ (rendered only with --include-crds), Widgets in templates', async () => {
    const plain = await render('crd-app');
    expect(plain.map((m) => m.kind)).not.toContain('CustomResourceDefinition');
    expect(plain.filter((m) => m.kind === 'Widget').map((m) => m.metadata.name)).toEqual([
      'rel-small',
      'rel-large',
    ]);
    const withCrds = await render('crd-app', '--include-crds');
    const crd = withCrds.find((m) => m.kind === 'CustomResourceDefinition');
    expect(crd?.metadata.name).toBe('widgets.example.com');
    const widget = plain.find((m) => m.kind === 'Widget');
    expect(widget?.apiVersion).toBe(`${(crd?.spec as { group?: string } | undefined)?.group}/v1`);
  });

  it('chart metadata: names and versions the other tests use', async () => {
    const meta = async (name: string) =>
      parse(await h('show', 'chart', join(work, name))) as { name: string; version: string };
    expect(await meta('webapp-1.0.0')).toMatchObject({ name: 'webapp', version: '1.0.0' });
    expect(await meta('webapp-1.1.0')).toMatchObject({ name: 'webapp', version: '1.1.0' });
    expect(await meta('database')).toMatchObject({ name: 'database', version: '0.3.0' });
    expect(await meta('stack')).toMatchObject({ name: 'stack', version: '2.0.0' });
    expect(await meta('crd-app')).toMatchObject({ name: 'crd-app', version: '0.1.0' });
  });
});
