import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import { type TestEnv, testEnv, useNamespace } from '../harness/context.js';

const mainModule = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/** The run lock between two real helmfire processes deploying the same state to the same cluster. */
describe('run lock', () => {
  let t: TestEnv;
  let ns: string;
  let dir: string;
  let file: string;
  const savedCache = process.env.HELMFIRE_CACHE;

  const cli = async (...args: string[]) => {
    const out = { stdout: '', stderr: '' };
    const code = await runCli(['-f', file, '--helm-binary', t.helm, '--kubeconfig', t.kubeconfig, ...args], {
      out: (s) => {
        out.stdout += s;
      },
      err: (s) => {
        out.stderr += s;
      },
      color: false,
    });
    return { code, ...out };
  };

  /** `helmfire sync` as its own process; resolves once it holds the lock. */
  const startSync = async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import(${JSON.stringify(mainModule)}).then((m) => m.main())`,
        'helmfire',
        '-f',
        file,
        '--helm-binary',
        t.helm,
        '--kubeconfig',
        t.kubeconfig,
        'sync',
      ],
      { env: { ...process.env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const output = { text: '' };
    child.stdout?.on('data', (c: Buffer) => {
      output.text += c.toString();
    });
    child.stderr?.on('data', (c: Buffer) => {
      output.text += c.toString();
    });
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    const locks = join(dir, 'cache', 'locks');
    for (let i = 0; i < 600; i++) {
      if (existsSync(locks) && readdirSync(locks).some((f) => f.endsWith('.json'))) break;
      if (child.exitCode !== null) break;
      await sleep(100);
    }
    expect(child.exitCode, output.text).toBeNull();
    return { child, exited, output };
  };
  let running: ChildProcess | undefined;

  beforeAll(async () => {
    t = testEnv();
    ns = await useNamespace(t, 'lock');
    dir = mkdtempSync(join(tmpdir(), 'helmfire-lock-'));
    file = join(dir, 'helmfile.yaml');
    process.env.HELMFIRE_CACHE = join(dir, 'cache');
    // the presync hook keeps the first run busy long enough for a second one to meet its lock
    writeFileSync(
      file,
      `releases:
- name: web
  namespace: ${ns}
  chart: oci://${t.ociHost}/charts/webapp
  version: 1.0.0
  plainHttp: true
  hooks:
  - events: [presync]
    command: sleep
    args: ["8"]
`,
    );
  });
  afterAll(() => {
    running?.kill('SIGKILL');
    if (savedCache === undefined) delete process.env.HELMFIRE_CACHE;
    else process.env.HELMFIRE_CACHE = savedCache;
    rmSync(dir, { recursive: true, force: true });
  });

  it('a second run fails at once, naming the run that holds the lock', async () => {
    const first = await startSync();
    running = first.child;
    const t0 = Date.now();
    const r = await cli('sync');
    expect(r.code).toBe(1);
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(r.stderr).toContain(`another helmfire run on ${file} (kube context "helmfire-test") is running`);
    expect(r.stderr).toContain(`pid ${first.child.pid}`);
    expect(r.stderr).toContain(`\`helmfire sync -f ${file}\``);
    expect(r.stderr).toContain('--lock-timeout');
    expect(await first.exited, first.output.text).toBe(0);
  });

  it('with --lock-timeout it waits for the other run, then runs', async () => {
    const first = await startSync();
    running = first.child;
    const r = await cli('sync', '--lock-timeout', '180');
    expect(r.stderr).toContain('waiting up to 180s for another helmfire run to finish');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    // it could only start once the first had finished
    expect(first.child.exitCode).toBe(0);
    await first.exited;
  });

  it('a run that was killed leaves a lock the next run takes over', async () => {
    const first = await startSync();
    running = first.child;
    first.child.kill('SIGKILL');
    await first.exited;
    const r = await cli('sync');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toContain(`took over the lock left by pid ${first.child.pid}`);
    expect(readdirSync(join(dir, 'cache', 'locks')).filter((f) => f.endsWith('.json'))).toEqual([]);
  });
});
