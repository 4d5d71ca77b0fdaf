// npm run bench:watch — the dev loop's latency: a 50-release state under
// `helmfire sync --watch`, one release's values file edited; timed from the
// write to the watch's event saying the upgrade finished, against a raw
// `helm upgrade` of that release with the same chart and values. Exactly one
// helm upgrade may run per edit (checked on every release's revision).
// Starts its own local cluster. Its last line is the figure:
//   watch edit->applied: helmfire Xs, raw helm Ys, debounce Ds, ratio R   (R = (X - D) / Y)
// Run inside the loopback network namespace: node scripts/in-netns.mjs tsx bench/watch.ts
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { LocalCluster, resolveToolchain } from '../src/localcluster/index.js';

const RELEASES = 50;
const EDITS = 15;
const DEBOUNCE_MS = 200;
const TARGET = 'app-07';
const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const say = (s: string) => console.error(s);
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

interface WatchLine {
  kind: string;
  result: string;
  files: string[];
  releases: { name: string; outcome: string }[];
  error?: string;
  seconds: number;
}

function stateFile(): string {
  const lines = ['releases:'];
  for (let i = 0; i < RELEASES; i++) {
    const n = `app-${String(i).padStart(2, '0')}`;
    lines.push(
      `- name: ${n}`,
      '  namespace: bench',
      '  chart: ./charts/webapp',
      `  values: [values/${n}.yaml]`,
    );
  }
  return `${lines.join('\n')}\n`;
}
const values = (name: string, edit: number) => `config:\n  RELEASE: "${name}"\n  EDIT: "${edit}"\n`;

function run(bin: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv) {
  const t0 = performance.now();
  const r = spawnSync(bin, [...args], { cwd, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')}: ${r.stderr || r.error?.message}`);
  return { stdout: r.stdout, seconds: (performance.now() - t0) / 1000 };
}

const work = mkdtempSync(join(tmpdir(), 'helmfire-bench-watch-'));
let cluster: LocalCluster | undefined;
let child: ChildProcess | undefined;
try {
  say('▸ building helmfire (tsc, then the bundled CLI)');
  spawnSync(
    process.execPath,
    [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    { cwd: repoRoot, stdio: 'ignore' },
  );
  const bundled = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'bundle.mjs')], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (bundled.status !== 0 || !existsSync(join(repoRoot, 'dist', 'helmfire.mjs')))
    throw new Error('npm run build failed');
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
    NO_COLOR: '1',
  };

  say('▸ starting a local cluster');
  cluster = await LocalCluster.up(join(work, 'cluster'), tools);
  const dir = join(work, 'state');
  mkdirSync(join(dir, 'values'), { recursive: true });
  cpSync(join(repoRoot, 'test', 'charts', 'webapp-1.0.0'), join(dir, 'charts', 'webapp'), {
    recursive: true,
  });
  writeFileSync(join(dir, 'helmfile.yaml'), stateFile());
  for (let i = 0; i < RELEASES; i++) {
    const n = `app-${String(i).padStart(2, '0')}`;
    writeFileSync(join(dir, 'values', `${n}.yaml`), values(n, 0));
  }

  const revisions = () =>
    new Map(
      (
        JSON.parse(run(helm, ['list', '-n', 'bench', '-o', 'json'], dir, env).stdout) as {
          name: string;
          revision: string;
        }[]
      ).map((r) => [r.name, Number(r.revision)]),
    );

  say(`▸ helmfire sync --watch of ${RELEASES} releases (debounce ${DEBOUNCE_MS} ms)`);
  const t0 = performance.now();
  child = spawn(
    process.execPath,
    [
      join(repoRoot, 'bin', 'helmfire.js'),
      '-f',
      'helmfile.yaml',
      '-b',
      helm,
      'sync',
      '--watch',
      '--debounce',
      String(DEBOUNCE_MS),
      '--output',
      'json',
    ],
    { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
  });
  const waiting: ((l: WatchLine) => void)[] = [];
  const queued: WatchLine[] = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    const at = performance.now();
    const e = { ...(JSON.parse(line) as WatchLine), at };
    const w = waiting.shift();
    if (w) w(e);
    else queued.push(e);
  });
  const exited = new Promise<never>((_, reject) =>
    child?.on('exit', (code) => reject(new Error(`helmfire exited ${code}:\n${stderr.slice(-3000)}`))),
  );
  const next = () =>
    Promise.race([
      new Promise<WatchLine & { at: number }>((r) => {
        const q = queued.shift();
        if (q) r(q as WatchLine & { at: number });
        else waiting.push(r as (l: WatchLine) => void);
      }),
      exited,
    ]);

  const first = await next();
  if (first.kind !== 'initial' || first.result !== 'applied')
    throw new Error(`first sync: ${first.result} ${first.error ?? ''}`);
  say(`  deployed in ${((first.at - t0) / 1000).toFixed(1)}s`);

  // helmfire's edits and raw helm upgrades alternate, so both see the same machine load; raw helm
  // reads a copy of the values outside the watched files (the watch must not see its writes)
  mkdirSync(join(dir, 'raw'));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 1; i <= EDITS; i++) {
    const before = revisions();
    const s0 = performance.now();
    writeFileSync(join(dir, 'values', `${TARGET}.yaml`), values(TARGET, i));
    const e = await next();
    const x = (e.at - s0) / 1000;
    const acted = e.releases.filter((r) => r.outcome !== 'unchanged');
    if (e.result !== 'applied' || acted.length !== 1 || acted[0]?.name !== TARGET)
      throw new Error(`edit ${i}: expected ${TARGET} upgraded, got ${JSON.stringify(e)}`);
    const after = revisions();
    const bumped = [...after].filter(([n, r]) => r !== before.get(n));
    if (bumped.length !== 1 || bumped[0]?.[0] !== TARGET || bumped[0][1] !== (before.get(TARGET) ?? 0) + 1)
      throw new Error(
        `edit ${i}: expected exactly one helm upgrade (of ${TARGET}), revisions changed: ${JSON.stringify(bumped)}`,
      );
    xs.push(x);

    writeFileSync(join(dir, 'raw', `${TARGET}.yaml`), values(TARGET, 100 + i));
    const r = run(
      helm,
      [
        'upgrade',
        '--install',
        TARGET,
        './charts/webapp',
        '--namespace',
        'bench',
        '--values',
        `raw/${TARGET}.yaml`,
        '--reset-values',
        '--history-max',
        '10',
      ],
      dir,
      env,
    );
    ys.push(r.seconds);
    say(
      `  edit ${i}: helmfire ${x.toFixed(3)}s (its evaluation ${e.seconds.toFixed(3)}s), raw helm upgrade ${r.seconds.toFixed(3)}s`,
    );
  }
  child.kill('SIGINT');
  await new Promise((r) => child?.once('exit', r));
  child = undefined;

  const X = median(xs);
  const Y = median(ys);
  const D = DEBOUNCE_MS / 1000;
  console.log(
    `watch edit->applied: helmfire ${X.toFixed(3)}s, raw helm ${Y.toFixed(3)}s, debounce ${D.toFixed(3)}s, ratio ${((X - D) / Y).toFixed(3)}`,
  );
} finally {
  child?.kill('SIGKILL');
  await cluster?.down();
  rmSync(work, { recursive: true, force: true });
}
