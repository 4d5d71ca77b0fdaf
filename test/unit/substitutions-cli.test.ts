import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';

let root: string;
const saved = process.env.HELMFIRE_CACHE;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'helmfire-subs-cli-'));
  process.env.HELMFIRE_CACHE = join(root, 'cache');
  mkdirSync(join(root, 'project'));
  writeFileSync(
    join(root, 'project', 'helmfile.yaml'),
    'releases:\n- name: web\n  namespace: a\n  chart: repo/webapp\n  version: 1.1.0\n',
  );
  cpSync('test/charts/webapp-1.1.0', join(root, 'webapp-dev'), { recursive: true });
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  if (saved === undefined) delete process.env.HELMFIRE_CACHE;
  else process.env.HELMFIRE_CACHE = saved;
});

async function cli(...args: string[]) {
  const r = { code: 0, out: '', err: '' };
  r.code = await runCli(['-f', join(root, 'project', 'helmfile.yaml'), ...args], {
    out: (s) => {
      r.out += s;
    },
    err: (s) => {
      r.err += s;
    },
    color: false,
  });
  return r;
}

describe('helmfire chart', () => {
  it('adds, lists (table and json) and removes a chart substitution of the -f project', async () => {
    const dir = join(root, 'webapp-dev');
    const add = await cli('chart', 'repo/webapp', dir);
    expect(add).toMatchObject({ code: 0, err: '' });
    expect(add.out).toBe(`added chart substitution repo/webapp → ${dir} (webapp 1.1.0)\nused by: a/web\n`);
    const again = await cli('chart', 'repo/webapp@2.0.0', dir);
    expect(again.code).toBe(0);
    expect(again.err).toBe(
      'Warning: no release of the current state uses repo/webapp at version 2.0.0 (the substitution is kept)\n',
    );

    const table = await cli('chart', 'list');
    expect(table.out.split('\n')[0]).toMatch(/^REF\s+VERSION\s+LOCAL DIR\s+ADDED$/);
    expect(table.out).toMatch(new RegExp(`repo/webapp\\s+\\*\\s+${dir}`));
    expect(table.out).toMatch(new RegExp(`repo/webapp\\s+2\\.0\\.0\\s+${dir}`));
    const json = JSON.parse((await cli('chart', 'list', '-o', 'json')).out) as { ref: string; dir: string }[];
    expect(json.map((c) => [c.ref, c.dir])).toEqual([
      ['repo/webapp', dir],
      ['repo/webapp', dir],
    ]);

    const rm = await cli('chart', 'rm', 'repo/webapp@2.0.0');
    expect(rm).toMatchObject({ code: 0, out: `removed chart substitution repo/webapp@2.0.0 → ${dir}\n` });
    expect((await cli('chart', 'rm', '--all')).out).toBe(`removed chart substitution repo/webapp → ${dir}\n`);
    expect((await cli('chart', 'list')).out).toBe('no chart substitutions\n');
  });

  it('exits 1 with a clear error for an unknown ref, a missing directory and missing arguments', async () => {
    const unknown = await cli('chart', 'rm', 'repo/nope');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toBe('Error: no chart substitution for repo/nope; none is active\n');
    const missing = await cli('chart', 'repo/webapp', join(root, 'nope'));
    expect(missing).toMatchObject({
      code: 1,
      err: `Error: chart directory ${join(root, 'nope')} does not exist\n`,
    });
    const noDir = await cli('chart', 'repo/webapp');
    expect(noDir.code).toBe(1);
    expect(noDir.err).toContain('missing <local-dir> for chart repo/webapp');
    const neither = await cli('chart', 'rm');
    expect(neither.code).toBe(1);
    expect(neither.err).toContain('expected <remote-ref> or --all');
    expect((await cli('chart', 'rm', 'repo/webapp', '--all')).code).toBe(1);
  });

  it('explains itself with examples in --help', async () => {
    const help = await cli('chart', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('helmfire chart bitnami/postgresql ./charts/postgresql-dev');
    expect(help.out).toContain('helmfire chart rm --all');
    expect(help.out).toContain('.helmfire/substitutions.json');
  });
});

describe('helmfire image', () => {
  it('adds, lists and removes an image substitution; a bad reference exits 1 naming it', async () => {
    const add = await cli('image', 'postgres:15', 'localhost:5000/postgres:my-custom-build');
    expect(add).toMatchObject({
      code: 0,
      out: 'added image substitution postgres:15 → localhost:5000/postgres:my-custom-build\n',
    });
    expect((await cli('image', 'docker.io/library/postgres:15', 'localhost:5000/postgres:b')).out).toBe(
      'replaced image substitution docker.io/library/postgres:15 → localhost:5000/postgres:b\n',
    );
    const list = await cli('image', 'list');
    expect(list.out).toMatch(
      /^FROM\s+TO\s+ADDED\ndocker\.io\/library\/postgres:15\s+localhost:5000\/postgres:b\s/,
    );
    expect(JSON.parse((await cli('image', 'list', '-o', 'json')).out)).toHaveLength(1);

    const bad = await cli('image', 'postgres:15', 'Local/Thing');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^Error: image reference "Local\/Thing": /);

    expect((await cli('image', 'rm', 'postgres:15')).out).toBe(
      'removed image substitution docker.io/library/postgres:15 → localhost:5000/postgres:b\n',
    );
    const unknown = await cli('image', 'rm', 'postgres:15');
    expect(unknown).toMatchObject({
      code: 1,
      err: 'Error: no image substitution for postgres:15; none is active\n',
    });
  });

  it('explains itself with examples in --help', async () => {
    const help = await cli('image', '--help');
    expect(help.out).toContain('helmfire image postgres:15 localhost:5000/postgres:my-custom-build');
    expect(help.out).toContain('helmfire image rm --all');
  });
});
