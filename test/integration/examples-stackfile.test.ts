import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { listReleases } from '../../src/api/state.js';
import { type TemplatedRelease, templateReleases } from '../../src/api/template.js';
import { type TestEnv, testEnv } from '../harness/context.js';

/** examples/stackfile, unmodified, found by name in its directory and templated against the loopback chart repository. */

const example = fileURLToPath(new URL('../../examples/stackfile/', import.meta.url));

type Obj = {
  kind: string;
  metadata: { name: string };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
};
const objects = (text: string): Obj[] =>
  parseAllDocuments(text)
    .map((d) => d.toJS() as Obj | null)
    .filter((o): o is Obj => o !== null);

describe('examples/stackfile', () => {
  let t: TestEnv;
  let work: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    t = testEnv();
    work = mkdtempSync(join(tmpdir(), 'helmfire-example-stackfile-'));
    env = { ...t.env, CHART_REPO: t.chartRepoUrl };
    delete env.GREETING;
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const template = (environment: string, extra: NodeJS.ProcessEnv = {}) =>
    templateReleases({
      cwd: example,
      environment,
      env: { ...env, ...extra },
      helmBinary: t.helm,
      cacheDir: join(work, 'cache'),
    });
  const web = (rs: readonly TemplatedRelease[]) => objects(rs.find((r) => r.name === 'web')!.manifest);

  it('lists the releases of stackfile.yaml when run in its directory', async () => {
    const { rows } = await listReleases({ cwd: example, env });
    expect(rows.map((r) => `${r.namespace}/${r.name}@${r.version}`)).toEqual([
      'shop/database@0.3.0',
      'shop/docs@1.0.0',
      'shop/web@1.0.0',
    ]);
  });

  it('templates dev: env/dev.yaml upgrades web and drops docs; .env and the .gotmpl values are used', async () => {
    const { releases } = await template('dev');
    expect(releases.map((r) => r.name)).toEqual(['database', 'web']);
    const cm = web(releases).find((o) => o.kind === 'ConfigMap')!;
    // webapp 1.1.0 added LOG_FORMAT.
    expect(cm.data).toMatchObject({
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'debug',
      GREETING: 'hello from .env',
      ENVIRONMENT: 'dev',
      RELEASE: 'web',
    });
    expect(JSON.stringify(web(releases).find((o) => o.kind === 'Ingress'))).toContain('web.example.test');
  });

  it('templates prod: the listed overlays, their variables, and the environment over .env', async () => {
    const { releases } = await template('prod', { GREETING: 'hello from the environment' });
    expect(releases.map((r) => r.name)).toEqual(['database', 'docs', 'web']);
    const objs = web(releases);
    expect(objs.find((o) => o.kind === 'ConfigMap')?.data).toMatchObject({
      GREETING: 'hello from the environment',
      ENVIRONMENT: 'prod',
    });
    expect(objs.find((o) => o.kind === 'ConfigMap')?.data).not.toHaveProperty('LOG_FORMAT');
    expect(objs.find((o) => o.kind === 'Deployment')?.spec?.replicas).toBe(3);
    expect(JSON.stringify(objs.find((o) => o.kind === 'Deployment'))).toContain('"memory":"128Mi"');
    expect(JSON.stringify(objs.find((o) => o.kind === 'Ingress'))).toContain('web.example.com');
  });
});
