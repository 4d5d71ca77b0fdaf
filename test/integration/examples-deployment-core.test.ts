import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { buildState } from '../../src/api/state.js';
import { type TemplatedRelease, templateReleases } from '../../src/api/template.js';
import { type TestEnv, testEnv } from '../harness/context.js';

/**
 * examples/deployment-core, unmodified, against the loopback chart
 * repository: `build` and `template` for staging and production, secrets
 * decrypted with the example's EXAMPLE-ONLY age key.
 */

const example = fileURLToPath(new URL('../../examples/deployment-core/', import.meta.url));
const file = join(example, 'helmfile.yaml.gotmpl');

type Obj = {
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
};
const objects = (text: string): Obj[] =>
  parseAllDocuments(text)
    .map((d) => d.toJS() as Obj | null)
    .filter((o): o is Obj => o !== null);
const secretData = (objs: Obj[]) =>
  Object.fromEntries(
    Object.entries(objs.find((o) => o.kind === 'Secret')?.data ?? {}).map(([k, v]) => [
      k,
      Buffer.from(v, 'base64').toString(),
    ]),
  );

describe('examples/deployment-core', () => {
  let t: TestEnv;
  let env: NodeJS.ProcessEnv;
  let work: string;
  const status = () => execFileSync('git', ['status', '--porcelain', '--', example], { encoding: 'utf8' });
  let before: string;

  beforeAll(() => {
    t = testEnv();
    work = mkdtempSync(join(tmpdir(), 'helmfire-example-dc-'));
    env = {
      ...t.env,
      DEPLOYMENT_CORE_CHART_REPO: t.chartRepoUrl,
      SOPS_AGE_KEY_FILE: join(example, 'keys', 'EXAMPLE-ONLY-age-key.txt'),
    };
    delete env.SOPS_AGE_KEY;
    delete env.SOPS_AGE_KEY_CMD;
    before = status();
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const template = (environment: string) =>
    templateReleases({ file, environment, env, helmBinary: t.helm, cacheDir: join(work, 'cache') });
  const byName = (rs: readonly TemplatedRelease[], name: string) =>
    objects(rs.find((r) => r.name === name)!.manifest);

  it('builds staging: the releases cluster.yaml enables, in catalogue order, needs kept only on enabled releases', async () => {
    const { text, state } = await buildState({ file, environment: 'staging', env });
    expect(state.releases.map((r) => `${r.id}@${r.version}`)).toEqual([
      'data/database@0.3.0',
      'apps/api@1.1.0',
      'apps/frontend@1.1.0',
      'platform/widgets@0.1.0',
    ]);
    expect(state.releases.map((r) => r.needs)).toEqual([[], ['data/database'], ['apps/api'], []]);
    expect(state.repositories.map((r) => r.url)).toEqual([t.chartRepoUrl]);
    expect(state.releases.every((r) => r.labels.cluster === 'staging-1')).toBe(true);
    expect(
      state.releases
        .find((r) => r.name === 'api')
        ?.secrets.map((s) => (s.kind === 'file' ? s.path : 'inline')),
    ).toEqual(['environments/staging/secrets/api.yaml']);
    expect(text).toContain('FEATURE_PREVIEW: "on"');
  });

  it('builds production: every release, pinned frontend, portal enabled', async () => {
    const { state } = await buildState({ file, environment: 'production', env });
    expect(state.releases.map((r) => `${r.id}@${r.version}`)).toEqual([
      'data/database@0.3.0',
      'apps/api@1.1.0',
      'apps/frontend@1.0.0',
      'portal/portal@2.0.0',
      'platform/widgets@0.1.0',
    ]);
  });

  it('templates staging with rendered values and decrypted secrets', async () => {
    const { releases } = await template('staging');
    // In needs order: what nothing needs first, then what needs it.
    expect(releases.map((r) => r.name)).toEqual(['database', 'widgets', 'api', 'frontend']);
    const api = byName(releases, 'api');
    const cm = api.find((o) => o.kind === 'ConfigMap')!;
    expect(cm.data).toMatchObject({
      ENVIRONMENT: 'staging',
      CLUSTER: 'staging-1',
      LOG_LEVEL: 'debug',
      DATABASE_HOST: 'database.data.svc',
    });
    expect(secretData(api)).toMatchObject({ API_TOKEN: 'staging-api-token-not-a-real-secret' });
    expect(api.find((o) => o.kind === 'Deployment')?.spec?.replicas).toBe(1);
    expect(JSON.stringify(api.find((o) => o.kind === 'Ingress'))).toContain('api.staging.example.test');
    expect(byName(releases, 'frontend').find((o) => o.kind === 'ConfigMap')?.data).toMatchObject({
      FEATURE_PREVIEW: 'on',
      API_URL: 'https://api.staging.example.test',
    });
    expect(secretData(byName(releases, 'database'))).toEqual({
      POSTGRES_DB: 'core',
      POSTGRES_USER: 'core',
      POSTGRES_PASSWORD: 'staging-db-password-not-a-real-secret',
    });
    const widgets = byName(releases, 'widgets').filter((o) => o.kind === 'Widget');
    expect(widgets.map((w) => w.metadata.name)).toEqual(['widgets-preview']);
  });

  it('templates production with its replicas, pinned chart version and secrets', async () => {
    const { releases } = await template('production');
    expect(releases.map((r) => r.name)).toEqual(['database', 'portal', 'widgets', 'api', 'frontend']);
    const api = byName(releases, 'api');
    expect(api.find((o) => o.kind === 'Deployment')?.spec?.replicas).toBe(3);
    expect(api.find((o) => o.kind === 'ConfigMap')?.data).toMatchObject({
      ENVIRONMENT: 'production',
      CLUSTER: 'production-1',
      LOG_LEVEL: 'warn',
    });
    expect(secretData(api)).toMatchObject({ API_TOKEN: 'production-api-token-not-a-real-secret' });
    const frontend = byName(releases, 'frontend');
    expect(secretData(frontend)).toMatchObject({ SESSION_KEY: 'production-session-key-not-a-real-secret' });
    // webapp 1.0.0 has no LOG_FORMAT key (1.1.0 added it).
    expect(frontend.find((o) => o.kind === 'ConfigMap')?.data).not.toHaveProperty('LOG_FORMAT');
    expect(byName(releases, 'widgets').filter((o) => o.kind === 'Widget')).toHaveLength(2);
    const portal = byName(releases, 'portal');
    expect(portal.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name)).toEqual([
      expect.stringContaining('frontend'),
    ]);
  });

  it('leaves the example as it was', () => {
    expect(status()).toBe(before);
  });
});
