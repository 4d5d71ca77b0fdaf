import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { substitutionStatus } from '../../src/api/status.js';
import {
  addChart,
  addImage,
  chartUses,
  listCharts,
  listImages,
  projectDir,
  removeChart,
  removeImage,
} from '../../src/api/substitutions.js';
import { readSubstitutions, SubstituteError, substitutionsFile } from '../../src/substitute/index.js';

let root: string;
let project: string;
let file: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'helmfire-subs-'));
  project = join(root, 'project');
  mkdirSync(project);
  file = join(project, 'helmfile.yaml');
  writeFileSync(
    file,
    `repositories:
- name: repo
  url: https://charts.example.com
releases:
- name: web
  namespace: a
  chart: repo/webapp
  version: 1.1.0
- name: old
  namespace: a
  chart: repo/webapp
  version: 1.0.0
- name: db
  namespace: b
  chart: repo/database
`,
  );
  cpSync('test/charts/webapp-1.1.0', join(root, 'webapp-dev'), { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Options as the CLI passes them: `-f` relative to the working directory. */
const opts = () => ({ cwd: root, file: 'project/helmfile.yaml', warn: () => {} });
const stored = () => readSubstitutions(substitutionsFile(project));

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    expect(err).toBeInstanceOf(SubstituteError);
    return (err as SubstituteError).code;
  }
  throw new Error('expected a SubstituteError');
}

describe('the project of a command', () => {
  it('is the directory of the -f state file, the -f directory itself, else the working directory', () => {
    expect(projectDir({ cwd: root, file: 'project/helmfile.yaml' })).toBe(project);
    expect(projectDir({ cwd: root, file: 'project' })).toBe(project);
    expect(projectDir({ cwd: root })).toBe(root);
  });
});

describe('chart substitutions', () => {
  it('stores the ref with the directory made absolute and reports the releases that now use it', async () => {
    const r = await addChart({ ...opts(), ref: 'repo/webapp', dir: 'webapp-dev' });
    expect(r.substitution).toMatchObject({ ref: 'repo/webapp', dir: join(root, 'webapp-dev') });
    expect(r.substitution.version).toBeUndefined();
    expect(r.chart).toEqual({ name: 'webapp', version: '1.1.0' });
    expect(r.dependencies).toBe('none');
    expect(r.releases).toEqual(['a/web', 'a/old']);
    expect(r.warnings).toEqual([]);
    expect(stored().charts).toEqual([r.substitution]);
    expect(existsSync(join(project, '.helmfire', 'substitutions.json'))).toBe(true);
  });

  it('pins a version with ref@version: only releases of that version use it, and the pin wins', async () => {
    await addChart({ ...opts(), ref: 'repo/webapp', dir: 'webapp-dev' });
    const pin = await addChart({ ...opts(), ref: 'repo/webapp@1.0.0', dir: 'webapp-dev' });
    expect(pin.substitution).toMatchObject({ ref: 'repo/webapp', version: '1.0.0' });
    expect(pin.releases).toEqual(['a/old']);
    expect(listCharts(opts()).map((c) => c.version ?? '*')).toEqual(['*', '1.0.0']);
  });

  it('replaces an earlier substitution of the same ref and version', async () => {
    cpSync(join(root, 'webapp-dev'), join(root, 'webapp-other'), { recursive: true });
    await addChart({ ...opts(), ref: 'repo/webapp', dir: 'webapp-dev' });
    const r = await addChart({ ...opts(), ref: 'repo/webapp/', dir: join(root, 'webapp-other') });
    expect(r.replaced?.dir).toBe(join(root, 'webapp-dev'));
    expect(stored().charts.map((c) => c.dir)).toEqual([join(root, 'webapp-other')]);
  });

  it('warns, but keeps the substitution, when no release uses the ref or the state does not load', async () => {
    const none = await addChart({ ...opts(), ref: 'repo/other', dir: 'webapp-dev' });
    expect(none.releases).toEqual([]);
    expect(none.warnings).toEqual([
      `${join(root, 'webapp-dev')}: the local chart is named "webapp", the chart it replaces "other"`,
      'no release of the current state uses chart repo/other (the substitution is kept)',
    ]);
    const pin = await addChart({ ...opts(), ref: 'repo/webapp@9.9.9', dir: 'webapp-dev' });
    expect(pin.warnings).toEqual([
      'no release of the current state uses repo/webapp at version 9.9.9 (the substitution is kept)',
    ]);
    writeFileSync(file, 'releases: [\n');
    const broken = await addChart({ ...opts(), ref: 'repo/webapp', dir: 'webapp-dev' });
    expect(broken.releases).toBeUndefined();
    expect(broken.warnings[0]).toMatch(
      /^could not load the state to check which releases use repo\/webapp: /,
    );
    expect(stored().charts).toHaveLength(3);
  });

  it('refuses a directory that is not a chart, storing nothing', async () => {
    expect(await codeOf(addChart({ ...opts(), ref: 'repo/webapp', dir: 'missing' }))).toBe(
      'CHART_DIR_INVALID',
    );
    writeFileSync(join(root, 'webapp-dev', 'Chart.yaml'), 'apiVersion: v2\nname: webapp\n');
    await expect(addChart({ ...opts(), ref: 'repo/webapp', dir: 'webapp-dev' })).rejects.toThrow(
      `${join(root, 'webapp-dev', 'Chart.yaml')}: version: expected a semantic version`,
    );
    expect(stored().charts).toEqual([]);
  });

  it('with --skip-deps, refuses a chart whose dependencies are not in charts/ instead of building them', async () => {
    writeFileSync(
      join(root, 'webapp-dev', 'Chart.yaml'),
      'apiVersion: v2\nname: webapp\nversion: 1.1.0\ndependencies:\n- name: lib\n  version: 1.0.0\n  repository: file://../lib\n',
    );
    await expect(
      addChart({ ...opts(), ref: 'repo/webapp', dir: 'webapp-dev', skipDeps: true }),
    ).rejects.toThrow('dependencies lib are declared in Chart.yaml but missing from charts/');
    mkdirSync(join(root, 'webapp-dev', 'charts', 'lib'), { recursive: true });
    const r = await addChart({ ...opts(), ref: 'repo/webapp', dir: 'webapp-dev', skipDeps: true });
    expect(r.dependencies).toBe('present');
  });

  it('removes a ref (every pin of it), only ref@version, or all; an unknown ref is an error naming the active ones', async () => {
    await addChart({ ...opts(), ref: 'repo/webapp', dir: 'webapp-dev' });
    await addChart({ ...opts(), ref: 'repo/webapp@1.0.0', dir: 'webapp-dev' });
    await addChart({ ...opts(), ref: 'repo/database', dir: 'webapp-dev' });
    expect(removeChart({ ...opts(), ref: 'repo/webapp@1.0.0' }).map((c) => c.version)).toEqual(['1.0.0']);
    await addChart({ ...opts(), ref: 'repo/webapp@1.0.0', dir: 'webapp-dev' });
    expect(() => removeChart({ ...opts(), ref: 'repo/webap' })).toThrow(
      'no chart substitution for repo/webap (did you mean "repo/webapp"?); active: repo/webapp, repo/database, repo/webapp@1.0.0',
    );
    expect(await codeOf(() => removeChart({ ...opts(), ref: 'repo/webap' }))).toBe('SUBSTITUTION_NOT_FOUND');
    expect(removeChart({ ...opts(), ref: 'repo/webapp' })).toHaveLength(2);
    expect(stored().charts.map((c) => c.ref)).toEqual(['repo/database']);
    expect(removeChart({ ...opts(), all: true })).toHaveLength(1);
    expect(removeChart({ ...opts(), all: true })).toEqual([]);
    expect(() => removeChart({ ...opts(), ref: 'repo/webapp' })).toThrow(
      'no chart substitution for repo/webapp; none is active',
    );
  });
});

describe('image substitutions', () => {
  it('stores both references as given after checking them', () => {
    const r = addImage({ ...opts(), from: 'postgres:15', to: 'localhost:5000/postgres:my-custom-build' });
    expect(r.substitution).toMatchObject({
      from: 'postgres:15',
      to: 'localhost:5000/postgres:my-custom-build',
    });
    expect(listImages(opts())).toEqual([r.substitution]);
  });

  it('refuses an invalid reference on either side, and an image mapped to itself', async () => {
    expect(await codeOf(() => addImage({ ...opts(), from: 'Postgres:15', to: 'x' }))).toBe(
      'IMAGE_REF_INVALID',
    );
    expect(await codeOf(() => addImage({ ...opts(), from: 'postgres', to: 'a b' }))).toBe(
      'IMAGE_REF_INVALID',
    );
    expect(() => addImage({ ...opts(), from: 'postgres:15', to: 'docker.io/library/postgres:15' })).toThrow(
      'both name the same image (docker.io/library/postgres:15)',
    );
    expect(stored().images).toEqual([]);
  });

  it('treats spellings of the same reference as one: adding replaces, rm finds it', () => {
    addImage({ ...opts(), from: 'postgres:15', to: 'localhost:5000/postgres:a' });
    addImage({ ...opts(), from: 'nginx', to: 'localhost:5000/nginx:dev' });
    const r = addImage({ ...opts(), from: 'docker.io/library/postgres:15', to: 'localhost:5000/postgres:b' });
    expect(r.replaced?.to).toBe('localhost:5000/postgres:a');
    expect(listImages(opts()).map((i) => [i.from, i.to])).toEqual([
      ['nginx', 'localhost:5000/nginx:dev'],
      ['docker.io/library/postgres:15', 'localhost:5000/postgres:b'],
    ]);
    expect(removeImage({ ...opts(), from: 'index.docker.io/library/postgres:15' })).toHaveLength(1);
    expect(() => removeImage({ ...opts(), from: 'postgres:16' })).toThrow(
      'no image substitution for postgres:16; active: nginx',
    );
    expect(removeImage({ ...opts(), all: true }).map((i) => i.from)).toEqual(['nginx']);
    expect(listImages(opts())).toEqual([]);
  });
});

describe('substitutions in status', () => {
  it('lists each chart substitution with the releases it applies to (a pin wins), and the images', async () => {
    await addChart({ ...opts(), ref: 'repo/webapp', dir: 'webapp-dev' });
    await addChart({ ...opts(), ref: 'repo/webapp@1.0.0', dir: 'webapp-dev' });
    await addChart({ ...opts(), ref: 'oci://host/charts/api', dir: 'webapp-dev' });
    addImage({ ...opts(), from: 'nginx', to: 'localhost:5000/nginx:dev' });
    const releases = [
      { id: 'a/web', chart: 'repo/webapp', version: '1.1.0' },
      { id: 'a/old', chart: 'repo/webapp', version: '1.0.0' },
      { id: 'a/any', chart: 'repo/webapp', version: '' },
      { id: 'b/db', chart: 'repo/database', version: '' },
    ];
    const s = substitutionStatus(stored(), releases);
    expect(s.charts.map((c) => [c.ref, c.version, c.releases])).toEqual([
      ['repo/webapp', undefined, ['a/web', 'a/any']],
      ['repo/webapp', '1.0.0', ['a/old']],
      ['oci://host/charts/api', undefined, []],
    ]);
    expect(s.images.map((i) => i.from)).toEqual(['nginx']);
    expect(chartUses({ charts: [], images: [] }, releases)).toEqual([]);
    expect(JSON.parse(readFileSync(substitutionsFile(project), 'utf8')).version).toBe(1);
  });
});
