import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';

/** Stackfiles from the command line: repeated -f, and helmstack files with helmfire's flags. */

const dir = mkdtempSync(join(tmpdir(), 'helmfire-stackfile-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(files: Record<string, string>): void {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
}

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    out: (s) => {
      out += s;
    },
    err: (s) => {
      err += s;
    },
    color: false,
  });
  return { code, out, err };
}

describe('stackfiles on the command line', () => {
  write({
    'elk.yaml': 'releases:\n- {name: elk, namespace: logs, chart: r/elk, version: 1.0.0}\n',
    'whoami.yaml': [
      'environments:',
      '  dev: {overlay: [dev.yaml]}',
      'releases:',
      '- {name: whoami, namespace: web, chart: r/whoami, labels: {team: web}}',
      '- {name: elk, namespace: logs, version: 2.0.0}',
    ].join('\n'),
    'dev.yaml': 'releases:\n  whoami: {version: 0.1.0}\n',
  });
  const f = (n: string) => join(dir, n);

  it('merges several -f in order, with -e and -l as for helmfile state', async () => {
    const all = await cli('-f', f('elk.yaml'), '-f', f('whoami.yaml'), '-e', 'dev', 'list');
    expect(all.err).toBe('');
    expect(all.code).toBe(0);
    expect(all.out.split('\n').map((l) => l.split('\t').map((c) => c.trim()))).toEqual([
      ['NAME', 'NAMESPACE', 'ENABLED', 'INSTALLED', 'LABELS', 'CHART', 'VERSION'],
      ['elk', 'logs', 'true', 'true', 'chart:elk,name:elk,namespace:logs', 'r/elk', '2.0.0'],
      [
        'whoami',
        'web',
        'true',
        'true',
        'chart:whoami,name:whoami,namespace:web,team:web',
        'r/whoami',
        '0.1.0',
      ],
      [''],
    ]);
    const web = await cli('-f', f('elk.yaml'), '-f', f('whoami.yaml'), '-l', 'team=web', 'list');
    expect(web.out).toContain('whoami');
    expect(web.out).not.toContain('elk');
  });

  it('exits 1 with the stackfile error', async () => {
    const r = await cli('-f', f('elk.yaml'), '-f', f('whoami.yaml'), '-e', 'prod', 'build');
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `Error: ${f('elk.yaml')}: environment "prod" is not defined: no environments.prod in elk.yaml, whoami.yaml and no env/prod.yaml beside them (defined: dev)\n`,
    );
  });
});
