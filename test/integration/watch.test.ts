import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WatchEvent, type WatchSession, watch } from '../../src/api/watch.js';
import { substitutionsFile, writeSubstitutions } from '../../src/substitute/index.js';
import { type TestEnv, testEnv, useNamespace } from '../harness/context.js';
import { chartsDir } from '../harness/sources.js';

const mainModule = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/**
 * `sync --watch` on the real cluster, through the programmatic API with a
 * short debounce. Every step waits for the watch's next event; "no other
 * event" is shown by a later edit whose event lists only its own file.
 */
describe('watch mode', () => {
  let t: TestEnv;
  let ns: string;
  let dir: string;
  let session: WatchSession;
  const RELEASES = ['a', 'b', 'c', 'd'];

  const state = (extra = '') => `
repositories:
- name: loopback
  url: ${t.chartRepoUrl}
releases:
- name: a
  namespace: ${ns}
  chart: ./charts/cm
  values: [values/a.yaml]
- name: b
  namespace: ${ns}
  chart: ./charts/cm
  values: [values/b.yaml]
- name: c
  namespace: ${ns}
  chart: ./charts/withdep
- name: d
  namespace: ${ns}
  chart: loopback/webapp
  version: 1.0.0
${extra}`;

  const write = (rel: string, text: string) => {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };
  const revisions = async () => {
    const out: Record<string, number> = {};
    for (const name of RELEASES) {
      const h = JSON.parse(await t.helmRun('history', name, '-n', ns, '-o', 'json')) as {
        revision: number;
      }[];
      out[name] = h.length;
    }
    return out;
  };
  const acted = (e: WatchEvent) =>
    e.releases
      .filter((r) => r.outcome !== 'unchanged')
      .map((r) => `${r.name}:${r.outcome}`)
      .sort();
  const configMap = async (name: string) =>
    (
      JSON.parse(await t.kubectl('get', 'configmap', name, '-n', ns, '-o', 'json')) as {
        data: Record<string, string>;
      }
    ).data;

  beforeAll(async () => {
    t = testEnv();
    ns = await useNamespace(t, 'watch');
    dir = mkdtempSync(join(tmpdir(), 'helmfire-watch-'));
    write('helmfile.yaml', state());
    write('values/a.yaml', 'greeting: a1\n');
    write('values/b.yaml', 'greeting: b1\n');
    write('charts/cm/Chart.yaml', 'apiVersion: v2\nname: cm\nversion: 0.1.0\n');
    write(
      'charts/cm/templates/cm.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  greeting: {{ .Values.greeting | quote }}\n',
    );
    write(
      'charts/withdep/Chart.yaml',
      'apiVersion: v2\nname: withdep\nversion: 0.1.0\ndependencies:\n- name: sub\n  version: 0.1.0\n  repository: file://../sub\n',
    );
    write(
      'charts/withdep/templates/cm.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-withdep\ndata:\n  x: "1"\n',
    );
    write('charts/sub/Chart.yaml', 'apiVersion: v2\nname: sub\nversion: 0.1.0\n');
    write(
      'charts/sub/templates/cm.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-sub\ndata:\n  y: "1"\n',
    );
    await t.helmRun('dependency', 'build', join(dir, 'charts', 'withdep'));
    // the local checkout a remote chart is swapped for later
    cpSync(join(chartsDir, 'webapp-1.0.0'), join(dir, 'dev', 'webapp'), { recursive: true });
    const chartYaml = join(dir, 'dev', 'webapp', 'Chart.yaml');
    writeFileSync(chartYaml, readFileSync(chartYaml, 'utf8').replace('version: 1.0.0', 'version: 1.0.0-dev'));

    session = watch({
      file: join(dir, 'helmfile.yaml'),
      cwd: dir,
      helmBinary: t.helm,
      kubeconfig: t.kubeconfig,
      env: t.env,
      debounceMs: 100,
    });
  });
  afterAll(async () => {
    await session?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('deploys everything first, then watches directories', async () => {
    const first = await session.ready;
    expect(first.error).toBeUndefined();
    expect(first.result).toBe('applied');
    expect(acted(first)).toEqual(['a:installed', 'b:installed', 'c:installed', 'd:installed']);
    expect(await revisions()).toEqual({ a: 1, b: 1, c: 1, d: 1 });
    const w = session.watching();
    expect(w.files).toBeGreaterThanOrEqual(3);
    // state dir, values/, .helmfire's parent chain, and the local chart trees — not one per file
    expect(w.directories).toBeLessThan(20);
  });

  it('a values edit upgrades only that release', async () => {
    write('values/a.yaml', 'greeting: a2\n');
    const e = await session.next();
    expect(e.files).toEqual(['values/a.yaml']);
    expect(acted(e)).toEqual(['a:upgraded']);
    expect(await revisions()).toEqual({ a: 2, b: 1, c: 1, d: 1 });
    expect((await configMap('a-cm')).greeting).toBe('a2');
  });

  it('two quick edits make one sync', async () => {
    write('values/b.yaml', 'greeting: b2\n');
    write('values/b.yaml', 'greeting: b3\n');
    const e = await session.next();
    expect(acted(e)).toEqual(['b:upgraded']);
    expect(await revisions()).toEqual({ a: 2, b: 2, c: 1, d: 1 });
    expect((await configMap('b-cm')).greeting).toBe('b3');
    // no second event for the same edits: the next one is this later edit's own
    write('values/a.yaml', 'greeting: a3\n');
    const next = await session.next();
    expect(next.files).toEqual(['values/a.yaml']);
    expect(acted(next)).toEqual(['a:upgraded']);
  });

  it('an edit of a local chart template re-deploys the releases using it', async () => {
    write(
      'charts/cm/templates/cm.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  greeting: {{ .Values.greeting | quote }}\n  edited: "yes"\n',
    );
    const e = await session.next();
    expect(e.files).toEqual(['charts/cm/templates/cm.yaml']);
    expect(acted(e)).toEqual(['a:upgraded', 'b:upgraded']);
    expect(await revisions()).toEqual({ a: 4, b: 3, c: 1, d: 1 });
    expect((await configMap('b-cm')).edited).toBe('yes');
  });

  it('a broken edit keeps the last good deploy; the fix deploys', async () => {
    write('helmfile.yaml', `${state()}- name: e\n  chart: [unclosed\n`);
    const bad = await session.next();
    expect(bad.result).toBe('invalid');
    expect(bad.files).toEqual(['helmfile.yaml']);
    expect(bad.error).toMatch(/helmfile\.yaml:\d+/);
    expect(await revisions()).toEqual({ a: 4, b: 3, c: 1, d: 1 });
    write(
      'helmfile.yaml',
      state().replace(
        'values: [values/b.yaml]',
        'values: [values/b.yaml]\n  set:\n  - {name: greeting, value: fixed}',
      ),
    );
    const fixed = await session.next();
    expect(fixed.result).toBe('applied');
    expect(acted(fixed)).toEqual(['b:upgraded']);
    expect((await configMap('b-cm')).greeting).toBe('fixed');
  });

  it('a dependency build does not trigger anything', async () => {
    await t.helmRun('dependency', 'build', join(dir, 'charts', 'withdep'));
    write('values/a.yaml', 'greeting: a4\n');
    const e = await session.next();
    // the event is the values edit's alone: no Chart.lock, charts/*.tgz, tmpcharts in it
    expect(e.files).toEqual(['values/a.yaml']);
    expect(e.result).toBe('applied');
  });

  it('a change of the substitution file re-deploys the releases it affects', async () => {
    const before = await revisions();
    writeSubstitutions(substitutionsFile(dir), {
      charts: [{ ref: 'loopback/webapp', dir: join(dir, 'dev', 'webapp'), added: new Date().toISOString() }],
      images: [],
    });
    const e = await session.next();
    // the file, or its directory when this first write created it
    expect(e.files.length).toBeGreaterThan(0);
    expect(e.files.every((f) => f.startsWith('.helmfire'))).toBe(true);
    // not c: the dependency build above re-packed charts/sub-0.1.0.tgz (with new timestamps on
    // helm 3), and a packed dependency counts by its files
    expect(acted(e)).toEqual(['d:upgraded']);
    expect(await revisions()).toEqual({ ...before, d: (before.d ?? 0) + 1 });
    const h = JSON.parse(await t.helmRun('history', 'd', '-n', ns, '-o', 'json')) as { chart: string }[];
    expect(h.at(-1)?.chart).toBe('webapp-1.0.0-dev');
  });

  it('an edit of the substituted local chart re-deploys the release', async () => {
    const before = await revisions();
    const cm = join(dir, 'dev', 'webapp', 'templates', 'configmap.yaml');
    writeFileSync(cm, `${readFileSync(cm, 'utf8')}\n# edited\n`);
    const e = await session.next();
    expect(e.files).toEqual(['dev/webapp/templates/configmap.yaml']);
    expect(acted(e)).toEqual(['d:upgraded']);
    expect(await revisions()).toEqual({ ...before, d: (before.d ?? 0) + 1 });
  });

  it('an image substitution re-deploys only the releases running that image', async () => {
    const before = await revisions();
    const chart = {
      ref: 'loopback/webapp',
      dir: join(dir, 'dev', 'webapp'),
      added: new Date().toISOString(),
    };
    writeSubstitutions(substitutionsFile(dir), {
      charts: [chart],
      images: [{ from: 'busybox', to: 'localhost:5000/busybox:dev', added: new Date().toISOString() }],
    });
    const none = await session.next();
    expect(acted(none)).toEqual([]);
    writeSubstitutions(substitutionsFile(dir), {
      charts: [chart],
      images: [{ from: 'nginx', to: 'localhost:5000/nginx:dev', added: new Date().toISOString() }],
    });
    const e = await session.next();
    expect(acted(e)).toEqual(['d:upgraded']);
    expect(await revisions()).toEqual({ ...before, d: (before.d ?? 0) + 1 });
    const image = await t.kubectl(
      'get',
      'deployment',
      '-n',
      ns,
      '-l',
      'app.kubernetes.io/instance=d',
      '-o',
      'jsonpath={.items[0].spec.template.spec.containers[0].image}',
    );
    expect(image).toBe('localhost:5000/nginx:dev');
    writeSubstitutions(substitutionsFile(dir), { charts: [chart], images: [] });
    expect(acted(await session.next())).toEqual(['d:upgraded']);
  });

  it('a helm failure is reported and retried on the next change', async () => {
    write(
      'charts/cm/templates/bad.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.nope.deeper }}\n',
    );
    const bad = await session.next();
    expect(bad.result).toBe('failed');
    expect(acted(bad)).toEqual(['a:failed', 'b:failed']);
    expect(bad.error).toContain('nope');
    write(
      'charts/cm/templates/bad.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-more\ndata: {}\n',
    );
    const fixed = await session.next();
    expect(fixed.result).toBe('applied');
    expect(acted(fixed)).toEqual(['a:upgraded', 'b:upgraded']);
  });

  it('stop ends the session with a summary', async () => {
    const s = await session.stop();
    expect(s.events).toBeGreaterThanOrEqual(10);
    expect(s.interrupted).toBe(false);
  });
});

describe('sync --watch from the command line', () => {
  let t: TestEnv;
  let ns: string;
  let dir: string;

  beforeAll(async () => {
    t = testEnv();
    ns = await useNamespace(t, 'watchcli');
    dir = mkdtempSync(join(tmpdir(), 'helmfire-watch-cli-'));
    cpSync(join(chartsDir, 'webapp-1.0.0'), join(dir, 'charts', 'webapp'), { recursive: true });
    mkdirSync(join(dir, 'values'));
    writeFileSync(join(dir, 'values', 'w.yaml'), 'replicaCount: 1\n');
    writeFileSync(
      join(dir, 'helmfile.yaml'),
      `releases:\n- name: w\n  namespace: ${ns}\n  chart: ./charts/webapp\n  wait: true\n  timeout: 300\n  values: [values/w.yaml]\n`,
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one JSON line per event; Ctrl-C stops the running helm, prints the summary and exits 130', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import(${JSON.stringify(mainModule)}).then((m) => m.main())`,
        'helmfire',
        '-f',
        join(dir, 'helmfile.yaml'),
        '--helm-binary',
        t.helm,
        '--kubeconfig',
        t.kubeconfig,
        'sync',
        '--watch',
        '--debounce',
        '50',
        '--output',
        'json',
      ],
      { env: { ...t.env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const lines: Record<string, unknown>[] = [];
    const waiters: (() => void)[] = [];
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (l) => {
      lines.push(JSON.parse(l) as Record<string, unknown>);
      for (const w of waiters.splice(0)) w();
    });
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    const lineCount = async (n: number) => {
      while (lines.length < n) await Promise.race([new Promise<void>((r) => waiters.push(r)), exited]);
    };
    await lineCount(1);
    expect(lines[0], stderr).toMatchObject({ kind: 'initial', result: 'applied' });
    // an edit whose upgrade never becomes ready: helm waits until stopped
    writeFileSync(join(dir, 'values', 'w.yaml'), 'replicaCount: 1\nnodeSelector:\n  none: x\n');
    for (;;) {
      const h = JSON.parse(await t.helmRun('history', 'w', '-n', ns, '-o', 'json')) as { status: string }[];
      if (h.at(-1)?.status === 'pending-upgrade') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(helmProcesses('w').length).toBeGreaterThan(0);
    child.kill('SIGINT');
    const code = await exited;
    expect(code, stderr).toBe(130);
    expect(lines.at(-1)).toMatchObject({ kind: 'change', files: ['values/w.yaml'] });
    expect(['interrupted', 'failed']).toContain(lines.at(-1)?.result);
    expect(stderr).toMatch(/watch: 2 evaluation\(s\)/);
    expect(helmProcesses('w')).toEqual([]);
  });
});

/** Pids of running helm processes whose command line names `release` (read from /proc). */
function helmProcesses(release: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv[0]?.endsWith('/helm') && argv.includes(release)) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}
