// npm run bench:apply — a no-op `apply` of 50 deployed releases: helmfire against
// the real helmfile (with the helm-diff plugin), same cluster, same helm, same
// state. Starts its own local cluster and chart repository, deploys the 50
// releases once, then runs each tool's `apply` twice and times the second
// (warm) run. Its last line is the figure:
//   noop apply 50: helmfire Xs, helmfile Ys, ratio R
// Run inside the loopback network namespace: node scripts/in-netns.mjs tsx bench/apply.ts
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalCluster, resolveToolchain } from '../src/localcluster/index.js';
import { startLoopbackSources } from '../test/harness/sources.js';

const RELEASES = 50;
const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const say = (s: string) => console.error(s);

interface Ran {
  readonly code: number | null;
  readonly output: string;
  readonly seconds: number;
}

function exec(bin: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(bin, [...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code,
        output: Buffer.concat(chunks).toString('utf8'),
        seconds: (performance.now() - t0) / 1000,
      }),
    );
  });
}

/** A tool script of scripts/tools (cached by version); returns the path it prints last. */
function tool(script: string): string {
  const res = spawnSync('bash', [join(repoRoot, 'scripts', 'tools', script)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const path = res.stdout.trim().split('\n').pop() ?? '';
  if (res.status !== 0 || !path || !existsSync(path)) throw new Error(`scripts/tools/${script} failed`);
  return path;
}

function stateFile(chartRepoUrl: string): string {
  const lines = ['repositories:', '- name: loopback', `  url: ${chartRepoUrl}`, 'releases:'];
  for (let i = 0; i < RELEASES; i++) {
    const n = String(i).padStart(2, '0');
    lines.push(
      `- name: app-${n}`,
      '  namespace: bench',
      '  chart: loopback/webapp',
      '  version: 1.0.0',
      '  values:',
      '  - config:',
      `      INDEX: "${n}"`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const work = mkdtempSync(join(tmpdir(), 'helmfire-bench-apply-'));
let cluster: LocalCluster | undefined;
let sources: Awaited<ReturnType<typeof startLoopbackSources>> | undefined;
try {
  say(
    '▸ building helmfire (npm run build: tsc, then the bundled CLI), helmfile and helm-diff (cached by version)',
  );
  // tsc still emits when another part of the tree does not typecheck; the bundle needs its output
  spawnSync(
    process.execPath,
    [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: repoRoot,
      stdio: 'ignore',
    },
  );
  const bundled = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'bundle.mjs')], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (bundled.status !== 0 || !existsSync(join(repoRoot, 'dist', 'helmfire.mjs')))
    throw new Error('npm run build failed');
  const helmfile = join(tool('build-helmfile.sh'), 'helmfile');
  const diffPlugin = tool('build-helm-diff.sh');
  const tools = resolveToolchain();
  const helm = tools.helm4;

  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith('HELM_') && !k.startsWith('HELMFILE_')),
    ),
    KUBECONFIG: join(work, 'cluster', 'kubeconfig'),
    HELM_CACHE_HOME: join(work, 'helm', 'cache'),
    HELM_CONFIG_HOME: join(work, 'helm', 'config'),
    HELM_DATA_HOME: join(work, 'helm', 'data'),
    HELMFIRE_CACHE: join(work, 'helmfire-cache'),
    HELMFILE_CACHE_HOME: join(work, 'helmfile-cache'),
    HELMFILE_TEMPDIR: join(work, 'helmfile-tmp'),
    HELMFILE_UPGRADE_NOTICE_DISABLED: '1',
    NO_COLOR: '1',
  };
  mkdirSync(join(work, 'helmfile-tmp'), { recursive: true });
  // helm-diff as a plugin of this run's helm home (a copy of the staged plugin directory)
  cpSync(diffPlugin, join(work, 'helm', 'data', 'plugins', 'diff'), { recursive: true });

  say('▸ starting a local cluster and the loopback chart repository');
  cluster = await LocalCluster.up(join(work, 'cluster'), tools);
  sources = await startLoopbackSources(join(work, 'sources'), helm);
  const dir = join(work, 'state');
  mkdirSync(dir);
  writeFileSync(join(dir, 'helmfile.yaml'), stateFile(sources.chartRepoUrl));

  const helmfire = (...args: string[]) =>
    exec(
      process.execPath,
      [join(repoRoot, 'bin', 'helmfire.js'), '-f', 'helmfile.yaml', '-b', helm, ...args],
      dir,
      env,
    );
  const reference = (...args: string[]) =>
    exec(helmfile, ['-f', 'helmfile.yaml', '-b', helm, ...args], dir, env);

  const diffVersion = await exec(helm, ['diff', 'version'], dir, env);
  if (diffVersion.code !== 0) throw new Error(`helm diff plugin not usable:\n${diffVersion.output}`);
  say(`  helm-diff ${diffVersion.output.trim()}`);

  say(`▸ deploying ${RELEASES} releases once (helmfire sync)`);
  const deployed = await helmfire('sync');
  if (deployed.code !== 0) throw new Error(`helmfire sync failed:\n${deployed.output.slice(-3000)}`);
  say(`  deployed in ${deployed.seconds.toFixed(1)}s`);

  const timeWarm = async (name: string, run: () => Promise<Ran>, check: (r: Ran) => string | undefined) => {
    let last: Ran | undefined;
    for (const pass of ['cold', 'warm']) {
      last = await run();
      const problem = last.code !== 0 ? `exit ${last.code}` : check(last);
      if (problem)
        throw new Error(`${name} apply (${pass}) is not a no-op: ${problem}\n${last.output.slice(-3000)}`);
      say(`  ${name} apply (${pass}): ${last.seconds.toFixed(2)}s`);
    }
    return (last as Ran).seconds;
  };
  say('▸ no-op apply, each tool twice (the second run is timed)');
  const fire = await timeWarm(
    'helmfire',
    () => helmfire('apply', '--detailed-exitcode'),
    (r) => (r.output.includes(`apply: ${RELEASES} unchanged`) ? undefined : 'not every release unchanged'),
  );
  const file = await timeWarm(
    'helmfile',
    () => reference('apply', '--detailed-exitcode'),
    (r) => (/UPDATED RELEASES|DELETED RELEASES/.test(r.output) ? 'helmfile changed releases' : undefined),
  );
  console.log(
    `noop apply ${RELEASES}: helmfire ${fire.toFixed(2)}s, helmfile ${file.toFixed(2)}s, ratio ${(fire / file).toFixed(3)}`,
  );
} finally {
  await sources?.stop();
  await cluster?.down();
  rmSync(work, { recursive: true, force: true });
}
