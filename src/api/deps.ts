import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dependencyBuildArgs, runHelm } from '../helm/index.js';
import { TemplateStruct } from '../state/environment.js';
import type { ResolvedState } from '../state/model.js';
import { parseTime, RFC3339_NANO, UTC } from '../template/sprig/gotime.js';
import type { GoValue } from '../template/value.js';
import { VERSION } from '../version.js';
import { encodeYaml } from '../yaml/index.js';
import { HelmfireRun, type HelmRunOptions } from './helm-run.js';
import {
  type LockedChart,
  lockFilePath,
  parseLockFile,
  type UnresolvedChart,
  unresolvedChart,
} from './lockfile.js';

/**
 * `helmfire deps`: `helm dependency update` on every selected local chart
 * (one at a time), then the state's lock file: the chart versions of every
 * release whose chart comes from one of the state's repositories, resolved
 * by `helm dependency update` on a temporary chart that depends on all of
 * them (helmfile's method, so the lock file is the same).
 */

export interface DepsOptions extends HelmRunOptions {
  /** `--skip-repos`: do not add repositories first. */
  readonly skipRepos?: boolean;
}

export interface DepsResult {
  /** Local chart directories whose dependencies were updated. */
  readonly updated: readonly string[];
  /** Lock files written. */
  readonly lockFiles: readonly { file: string; charts: readonly LockedChart[] }[];
}

/** `dependency update` takes the same flags as `dependency build`. */
function dependencyUpdateArgs(...a: Parameters<typeof dependencyBuildArgs>): string[] {
  const args = dependencyBuildArgs(...a);
  args[1] = 'update';
  return args;
}

/** The Chart.yaml of the temporary chart that depends on every managed chart of the state. */
export function lockChartYaml(name: string, charts: readonly UnresolvedChart[]): string {
  const deps = charts.map(
    (c) =>
      new TemplateStruct('state.unresolvedChartDependency', [
        ['name', c.name],
        ['repository', c.repository],
        ['version', c.version],
        ['alias', c.alias],
      ]),
  );
  const reqs = new TemplateStruct('state.ChartRequirements', [['dependencies', deps]]);
  return `name: ${name}\nversion: 1.0.0\napiVersion: v2\n${encodeYaml(reqs)}`;
}

/**
 * helmfire's lock file from helm's Chart.lock: dependencies sorted by name,
 * duplicates (same name, repository and version) dropped, helmfire's version.
 */
export function lockFileText(chartLock: string, file: string, now: Date = new Date()): string {
  const locked = parseLockFile(chartLock, file)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .filter(
      (d, i, all) =>
        all.findIndex(
          (x) => x.name === d.name && x.repository === d.repository && x.version === d.version,
        ) === i,
    );
  const digest = /^digest:\s*(\S+)/m.exec(chartLock)?.[1] ?? '';
  const generatedText = /^generated:\s*"?([^"\n]+)"?/m.exec(chartLock)?.[1];
  let generated: GoValue = now.toISOString();
  try {
    if (generatedText) generated = parseTime(RFC3339_NANO, generatedText, UTC, UTC);
  } catch {
    // keep now
  }
  // Fields in helmfile's struct order (a map would sort them).
  return encodeYaml(
    new TemplateStruct('state.ChartLockedRequirements', [
      ['version', VERSION],
      [
        'dependencies',
        locked.map(
          (d) =>
            new TemplateStruct('state.ResolvedChartDependency', [
              ['name', d.name],
              ['repository', d.repository],
              ['version', d.version],
            ]),
        ),
      ],
      ['digest', digest],
      ['generated', generated],
    ]),
  );
}

async function writeLockFile(run: HelmfireRun, state: ResolvedState, log: (l: string) => void) {
  const charts = state.allReleases
    .map((r) => unresolvedChart(state, r))
    .filter((c): c is UnresolvedChart => c !== undefined);
  if (charts.length === 0) {
    log(
      `There are no repositories defined in ${state.file}: helmfire cannot update your dependencies or create a lock file.`,
    );
    return undefined;
  }
  const file = lockFilePath(state);
  const name = file.slice(file.lastIndexOf('/') + 1).replace(/\.lock$/, '');
  const tmp = mkdtempSync(join(run.workDir, 'lock-'));
  try {
    writeFileSync(join(tmp, 'Chart.yaml'), lockChartYaml(name, charts));
    if (existsSync(file)) writeFileSync(join(tmp, 'Chart.lock'), readFileSync(file));
    const plainHttp = state.repositories.some((r) => r.oci && r.plainHttp);
    log(`Updating dependency ${tmp} (lock file ${file})`);
    await runHelm(
      run.helm.path,
      dependencyUpdateArgs(tmp, run.helm, {
        plainHttp,
        skipRefresh: run.options.skipRefresh === true,
        ...(run.options.cli?.ociPlainHttp ? { ociPlainHttp: true } : {}),
      }),
      { env: run.env, ...(run.options.signal ? { signal: run.options.signal } : {}) },
    );
    const text = lockFileText(readFileSync(join(tmp, 'Chart.lock'), 'utf8'), file);
    writeFileSync(file, text);
    return { file, charts: parseLockFile(text, file) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export async function updateDeps(options: DepsOptions): Promise<DepsResult> {
  const run = await HelmfireRun.open({ ...options, allowNoMatchingRelease: true });
  try {
    const log = options.log ?? (() => {});
    if (!options.skipRepos) await run.addRepositories(run.desired.repositories.map((r) => r.name));
    const releases = await run.prepare(run.planned({ includeUninstalled: true, lockFile: false }), {
      adhocDependencies: false,
    });
    const updated: string[] = [];
    for (const r of releases) {
      if (r.prepared.source.kind !== 'local') continue;
      const dir = r.prepared.source.path;
      if (updated.includes(dir) || !existsSync(join(dir, 'Chart.yaml'))) continue;
      log(`Updating dependency ${dir}`);
      const o = r.prepared.options;
      await runHelm(
        run.helm.path,
        dependencyUpdateArgs(dir, run.helm, {
          skipRefresh: run.options.skipRefresh === true,
          verify: o.verify,
          ...(o.keyring ? { keyring: o.keyring } : {}),
          plainHttp: o.plainHttp,
          insecureSkipTLSVerify: o.insecureSkipTLSVerify,
          ...(run.options.cli?.ociPlainHttp ? { ociPlainHttp: true } : {}),
          extraArgs: o.extraArgs,
        }),
        { env: run.env, cwd: dir, release: r.release.name },
      );
      updated.push(dir);
    }
    const lockFiles: { file: string; charts: readonly LockedChart[] }[] = [];
    for (const state of run.desired.states) {
      const lock = await writeLockFile(run, state, log);
      if (lock) lockFiles.push(lock);
    }
    return { updated, lockFiles };
  } finally {
    run.close();
  }
}
