import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSubstitutions, substitutionsFile, updateSubstitutions } from './store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const project = () => {
  const d = mkdtempSync(join(tmpdir(), 'helmfire-store-'));
  dirs.push(d);
  return substitutionsFile(d);
};
const image = (from: string) => ({ from, to: `localhost:5000/${from}:dev`, added: '2026-01-01T00:00:00Z' });

describe('updateSubstitutions', () => {
  it('writes the change and leaves no lock behind', () => {
    const file = project();
    updateSubstitutions(file, (s) => ({ ...s, images: [...s.images, image('a')] }));
    updateSubstitutions(file, (s) => ({ ...s, images: [...s.images, image('b')] }));
    expect(readSubstitutions(file).images.map((i) => i.from)).toEqual(['a', 'b']);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('waits for a lock another command holds, then says so instead of losing a change', () => {
    const file = project();
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.lock`, '12345\n');
    expect(() => updateSubstitutions(file, (s) => s, { lockTimeoutMs: 100 })).toThrow(
      /another helmfire chart\/image command is changing the substitutions/,
    );
    expect(existsSync(`${file}.lock`)).toBe(true);
  });

  it('breaks a lock left by a process that died', () => {
    const file = project();
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.lock`, '12345\n');
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${file}.lock`, old, old);
    updateSubstitutions(file, (s) => ({ ...s, images: [image('c')] }), { lockTimeoutMs: 100 });
    expect(readSubstitutions(file).images.map((i) => i.from)).toEqual(['c']);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('releases the lock when the change throws', () => {
    const file = project();
    expect(() =>
      updateSubstitutions(file, () => {
        throw new Error('bad');
      }),
    ).toThrow('bad');
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
});
