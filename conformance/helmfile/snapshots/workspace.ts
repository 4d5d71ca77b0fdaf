import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SnapshotCase } from './cases.js';

/**
 * A private copy of the snapshot test data laid out as helmfile's harness
 * expects (`<wd>/testdata/{snapshot,charts,helm-plugins,postrenderers}`),
 * so runs never write next to the shared data.
 */
export interface Workspace {
  readonly root: string;
  /** The harness working directory: every command runs here. */
  readonly wd: string;
  readonly chartsDir: string;
  /** HELMFILE_TEMPDIR for every run. */
  readonly helmfileTemp: string;
}

/** The two post-renderers the `postrenderer` case uses: pass manifests through, append one ConfigMap. */
const extraConfigMaps = {
  'add-cm1': { name: 'cm1', key: 'one', value: 'ONE' },
  'add-cm2': { name: 'cm2', key: 'two', value: 'TWO' },
} as const;

function postRendererScript(name: keyof typeof extraConfigMaps): string {
  const cm = extraConfigMaps[name];
  return [
    '#!/usr/bin/env bash',
    '# Post-renderer: the rendered manifests unchanged (trailing newlines trimmed), then one more ConfigMap.',
    'manifests=$(cat)',
    `printf '%s\\n---\\n' "$manifests"`,
    `printf 'apiVersion: v1\\nkind: ConfigMap\\ndata:\\n  ${cm.key}: ${cm.value}\\nmetadata:\\n  name: ${cm.name}\\n'`,
    '',
  ].join('\n');
}

export function createWorkspace(sourceTestdata: string): Workspace {
  const root = mkdtempSync(join(tmpdir(), 'helmfire-hf-snapshots-'));
  const wd = join(root, 'wd');
  const testdata = join(wd, 'testdata');
  cpSync(sourceTestdata, testdata, { recursive: true });
  // Helm 3 runs the scripts by path; helm 4 runs them as post-renderer plugins.
  mkdirSync(join(testdata, 'postrenderers'), { recursive: true });
  for (const name of Object.keys(extraConfigMaps) as (keyof typeof extraConfigMaps)[]) {
    const script = postRendererScript(name);
    const bash = join(testdata, 'postrenderers', `${name}.bash`);
    const plugin = join(testdata, 'helm-plugins', name, `${name}.sh`);
    for (const file of [bash, plugin]) {
      writeFileSync(file, script);
      chmodSync(file, 0o755);
    }
  }
  const helmfileTemp = join(root, 'helmfile-tmp');
  mkdirSync(helmfileTemp);
  return { root, wd, chartsDir: join(testdata, 'charts'), helmfileTemp };
}

export function removeWorkspace(ws: Workspace): void {
  rmSync(ws.root, { recursive: true, force: true });
}

/** The chart source directories the harness serves (every folder of testdata/charts). */
export function chartDirs(ws: Workspace): string[] {
  return readdirSync(ws.chartsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => join(ws.chartsDir, e.name));
}

/** Per-run helm and helmfile homes, fresh for every run as in the harness. */
export interface RunDirs {
  readonly tmp: string;
  readonly helmfileCacheHome: string;
  readonly env: NodeJS.ProcessEnv;
}

export interface RunSetup {
  /** Directories put first on PATH (helm, kustomize). */
  readonly path: readonly string[];
  readonly helmMajor: 3 | 4;
  readonly goYamlV3: boolean;
}

export function prepareRun(ws: Workspace, c: SnapshotCase, setup: RunSetup): RunDirs {
  const tmp = mkdtempSync(join(ws.root, `run-${c.name}-`));
  const helmDataHome = join(tmp, 'helm_data');
  const helmPlugins = join(helmDataHome, 'plugins');
  const helmfileCacheHome = join(tmp, 'helmfile_cache');
  if (setup.helmMajor === 4 && c.name === 'postrenderer') {
    for (const plugin of Object.keys(extraConfigMaps)) {
      cpSync(join(ws.wd, 'testdata', 'helm-plugins', plugin), join(helmPlugins, plugin), { recursive: true });
    }
  }
  const chartifyTemp = join(ws.wd, c.chartifyTempDir);
  rmSync(chartifyTemp, { recursive: true, force: true });
  const base: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('HELM_') && !k.startsWith('HELMFILE_') && k !== 'CHARTIFY_TEMPDIR') base[k] = v;
  }
  const env: NodeJS.ProcessEnv = {
    ...base,
    PATH: [...setup.path, process.env.PATH ?? ''].join(':'),
    HELMFILE_GO_YAML_V3: String(setup.goYamlV3),
    HELMFILE_TEMPDIR: ws.helmfileTemp,
    HELMFILE_DISABLE_RUNNER_UNIQUE_ID: '1',
    HELM_CACHE_HOME: join(tmp, 'helm_cache'),
    HELM_CONFIG_HOME: join(tmp, 'helm_config'),
    HELM_DATA_HOME: helmDataHome,
    HELM_PLUGINS: helmPlugins,
    HELMFILE_CACHE_HOME: helmfileCacheHome,
    CHARTIFY_TEMPDIR: chartifyTemp,
  };
  return { tmp, helmfileCacheHome, env };
}

/** Cleans up after a run: its homes and the chartify temp dir. */
export function finishRun(ws: Workspace, c: SnapshotCase, run: RunDirs): void {
  rmSync(run.tmp, { recursive: true, force: true });
  rmSync(join(ws.wd, c.chartifyTempDir), { recursive: true, force: true });
}

/**
 * The `-f` argument: the case's input, relative to the working dir; for
 * registry cases a copy with `$REGISTRY_PORT` and chart paths made concrete,
 * as the harness does (post-renderer paths too, for helm 3 only).
 */
export function inputFileFor(
  ws: Workspace,
  c: SnapshotCase,
  run: RunDirs,
  helmMajor: 3 | 4,
  registryPort?: number,
): string {
  const relative = join('testdata', 'snapshot', c.name, 'input.yaml.gotmpl');
  if (!c.registry || registryPort === undefined) return relative;
  let text = readFileSync(join(ws.wd, relative), 'utf8');
  text = text.replaceAll('$REGISTRY_PORT', String(registryPort));
  text = text.replaceAll('../../charts/', `${ws.chartsDir}/`);
  if (helmMajor === 3)
    text = text.replaceAll('../../postrenderers/', `${join(ws.wd, 'testdata', 'postrenderers')}/`);
  const copy = join(run.tmp, 'input.yaml.gotmpl');
  writeFileSync(copy, text, { mode: 0o600 });
  return copy;
}

/** Points a case's copied files at another chart repository port (when the fixed one is taken). */
export function movePort(ws: Workspace, c: SnapshotCase, from: number, to: number): void {
  const dir = join(ws.wd, 'testdata', 'snapshot', c.name);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isFile() || /^(output|gopkg\.in)/.test(e.name)) continue;
    const file = join(dir, e.name);
    const text = readFileSync(file, 'utf8');
    const moved = text.replaceAll(`localhost:${from}`, `localhost:${to}`);
    if (moved !== text) writeFileSync(file, moved);
  }
}
