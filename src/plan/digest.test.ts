import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chartDirDigest } from './digest.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A chart whose charts/dep.tgz packs `files` with every entry dated `mtime`. */
function chart(files: Record<string, string>, mtime: string): string {
  const root = mkdtempSync(join(tmpdir(), 'helmfire-digest-'));
  dirs.push(root);
  const src = join(root, 'src');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(src, 'dep', name, '..'), { recursive: true });
    writeFileSync(join(src, 'dep', name), text);
  }
  const dir = join(root, 'chart');
  mkdirSync(join(dir, 'charts'), { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: app\nversion: 1.0.0\n');
  execFileSync('tar', ['-czf', join(dir, 'charts', 'dep.tgz'), `--mtime=${mtime}`, '-C', src, 'dep']);
  return dir;
}

describe('chartDirDigest', () => {
  const files = {
    'Chart.yaml': 'apiVersion: v2\nname: dep\nversion: 0.1.0\n',
    'templates/cm.yaml': 'kind: ConfigMap\n',
  };

  it('does not change when a dependency is packed again with new timestamps', () => {
    expect(chartDirDigest(chart(files, '2026-01-01 00:00:00'))).toBe(
      chartDirDigest(chart(files, '2026-06-01 12:00:00')),
    );
  });

  it('changes when a file inside a packed dependency changes', () => {
    const edited = { ...files, 'templates/cm.yaml': 'kind: ConfigMap\ndata: {}\n' };
    expect(chartDirDigest(chart(files, '2026-01-01 00:00:00'))).not.toBe(
      chartDirDigest(chart(edited, '2026-01-01 00:00:00')),
    );
  });

  it('changes when a template of the chart itself changes', () => {
    const dir = chart(files, '2026-01-01 00:00:00');
    const before = chartDirDigest(dir);
    mkdirSync(join(dir, 'templates'));
    writeFileSync(join(dir, 'templates', 'x.yaml'), 'kind: Secret\n');
    expect(chartDirDigest(dir)).not.toBe(before);
  });
});
