import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DependencyBuilder } from '../cache/chart-deps.js';
import { SubstituteError } from './errors.js';
import { ensureLocalChart, inspectLocalChart, missingDependencies } from './validate.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'helmfire-validate-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function chart(chartYaml: string, files: Record<string, string> = {}): string {
  const dir = join(root, 'chart');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), chartYaml);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const WITH_DEP = `apiVersion: v2
name: app
version: 0.1.0
dependencies:
- name: webapp
  version: 1.1.0
  repository: file://../webapp
- name: cache
  version: ~2.0.0
  repository: https://charts.example.com
`;

function invalid(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(SubstituteError);
    expect((err as SubstituteError).code).toBe('CHART_DIR_INVALID');
    return (err as Error).message;
  }
  throw new Error('expected CHART_DIR_INVALID');
}

describe('inspectLocalChart', () => {
  it('reads name, version and dependencies of a valid chart', () => {
    const dir = chart('apiVersion: v2\nname: web\nversion: 1.2.3-dev.1\n');
    expect(inspectLocalChart(dir)).toEqual({
      dir,
      name: 'web',
      version: '1.2.3-dev.1',
      dependencies: [],
      missing: [],
    });
  });

  it('names the directory or file and what was expected when the chart is not usable', () => {
    expect(invalid(() => inspectLocalChart(join(root, 'nope')))).toBe(
      `chart directory ${join(root, 'nope')} does not exist`,
    );
    writeFileSync(join(root, 'file'), 'x');
    expect(invalid(() => inspectLocalChart(join(root, 'file')))).toContain('is not a directory');
    mkdirSync(join(root, 'empty'));
    expect(invalid(() => inspectLocalChart(join(root, 'empty')))).toBe(
      `${join(root, 'empty', 'Chart.yaml')} not found: expected a chart directory with a Chart.yaml (name, version)`,
    );
  });

  it('rejects a Chart.yaml that does not parse or lacks apiVersion, name or a string semver version', () => {
    const file = join(root, 'chart', 'Chart.yaml');
    expect(invalid(() => inspectLocalChart(chart('name: [x\n')))).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid YAML`),
    );
    expect(invalid(() => inspectLocalChart(chart('- a\n')))).toContain('expected a mapping');
    expect(invalid(() => inspectLocalChart(chart('name: x\nversion: 1.0.0\n')))).toBe(
      `${file}: apiVersion: expected v1 or v2, found nothing`,
    );
    expect(invalid(() => inspectLocalChart(chart('apiVersion: v2\nversion: 1.0.0\n')))).toBe(
      `${file}: name: expected the chart's name, found nothing`,
    );
    expect(invalid(() => inspectLocalChart(chart('apiVersion: v2\nname: x\nversion: 1.0\n')))).toBe(
      `${file}: version: expected a semantic version as a string (e.g. "1.2.3"), found 1`,
    );
    expect(invalid(() => inspectLocalChart(chart('apiVersion: v2\nname: x\nversion: latest\n')))).toContain(
      'found "latest"',
    );
  });

  it('lists declared dependencies with nothing in charts/ as missing (by name: a directory or an archive)', () => {
    const dir = chart(WITH_DEP);
    expect(inspectLocalChart(dir).missing.map((d) => d.name)).toEqual(['webapp', 'cache']);
    writeFileSync(join(root, 'chart', 'Chart.lock'), 'x');
    mkdirSync(join(dir, 'charts', 'webapp'), { recursive: true });
    expect(inspectLocalChart(dir).missing.map((d) => d.name)).toEqual(['cache']);
    // an archive of another chart whose name only starts with "cache" does not count
    writeFileSync(join(dir, 'charts', 'cache-proxy-1.0.0.tgz'), '');
    expect(missingDependencies(dir, inspectLocalChart(dir).dependencies).map((d) => d.name)).toEqual([
      'cache',
    ]);
    writeFileSync(join(dir, 'charts', 'cache-2.0.3.tgz'), '');
    expect(inspectLocalChart(dir).missing).toEqual([]);
  });

  it('reads the dependencies of an apiVersion v1 chart from requirements.yaml', () => {
    const dir = chart('apiVersion: v1\nname: old\nversion: 0.1.0\n', {
      'requirements.yaml': 'dependencies:\n- name: db\n  version: 1.0.0\n  repository: "@stable"\n',
    });
    expect(inspectLocalChart(dir).missing.map((d) => d.name)).toEqual(['db']);
  });
});

describe('ensureLocalChart', () => {
  /** A builder standing in for `helm dependency build`: writes what it is told to, counts its calls. */
  function fakeBuilder(write: (dir: string) => void) {
    const calls: string[] = [];
    const builder = {
      ensure: async (dir: string) => {
        calls.push(dir);
        write(dir);
        return 'built' as const;
      },
    } as unknown as DependencyBuilder;
    return { builder, calls };
  }

  it('builds only when charts/ lacks a dependency, and never for a chart without dependencies', async () => {
    const plain = chart('apiVersion: v2\nname: web\nversion: 1.0.0\n');
    const { builder, calls } = fakeBuilder(() => {});
    expect((await ensureLocalChart(plain, { deps: builder })).outcome).toBe('none');
    expect(calls).toEqual([]);

    const dir = chart(WITH_DEP);
    const b = fakeBuilder((d) => {
      mkdirSync(join(d, 'charts'), { recursive: true });
      writeFileSync(join(d, 'charts', 'webapp-1.1.0.tgz'), '');
      writeFileSync(join(d, 'charts', 'cache-2.0.1.tgz'), '');
    });
    const first = await ensureLocalChart(dir, { deps: b.builder });
    expect(first.outcome).toBe('built');
    expect(first.info.missing).toEqual([]);
    expect((await ensureLocalChart(dir, { deps: b.builder })).outcome).toBe('present');
    expect(b.calls).toEqual([dir]);
  });

  it('makes a lazily created builder only when a build is needed', async () => {
    const dir = chart('apiVersion: v2\nname: web\nversion: 1.0.0\n');
    let made = 0;
    await ensureLocalChart(dir, {
      deps: async () => {
        made++;
        return fakeBuilder(() => {}).builder;
      },
    });
    expect(made).toBe(0);
  });

  it('fails with the missing names when nothing may be built, or when the build leaves some missing', async () => {
    const dir = chart(WITH_DEP);
    await expect(ensureLocalChart(dir)).rejects.toThrow(
      `${dir}: dependencies webapp, cache are declared in Chart.yaml but missing from charts/; run \`helm dependency build ${dir}\``,
    );
    const half = fakeBuilder((d) => {
      mkdirSync(join(d, 'charts', 'webapp'), { recursive: true });
    });
    await expect(ensureLocalChart(dir, { deps: half.builder })).rejects.toThrow(
      `${dir}: after helm dependency build, still missing from charts/: cache`,
    );
    const failing = {
      ensure: async () => {
        throw new Error('no repository definition for https://charts.example.com');
      },
    } as unknown as DependencyBuilder;
    await expect(ensureLocalChart(join(root, 'chart'), { deps: failing })).rejects.toThrow(
      /helm dependency build failed \(missing from charts\/: cache\): no repository definition/,
    );
  });
});
