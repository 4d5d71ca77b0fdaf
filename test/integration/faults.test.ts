import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import { LocalCluster, resolveToolchain } from '../../src/localcluster/index.js';
import { type TestEnv, testEnv, useNamespace } from '../harness/context.js';

const run = promisify(execFile);
const mainModule = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/**
 * What a run does when things break under it: the API server going away
 * mid-sync (on a second cluster of this file's own, so the shared one is
 * never disturbed), a helm process killed mid-upgrade, and Ctrl-C.
 */
describe('faults', () => {
  let t: TestEnv;
  let dir: string;
  let tools: ReturnType<typeof resolveToolchain>;
  const savedCache = process.env.HELMFIRE_CACHE;
  const timings: string[] = [];

  const capture = () => {
    const out = { stdout: '', stderr: '' };
    const io = {
      out: (s: string) => {
        out.stdout += s;
      },
      err: (s: string) => {
        out.stderr += s;
      },
      color: false,
    };
    return { out, io };
  };
  const cli = async (file: string, kubeconfig: string, ...args: string[]) => {
    const { out, io } = capture();
    const code = await runCli(['-f', file, '--helm-binary', t.helm, '--kubeconfig', kubeconfig, ...args], io);
    return { code, ...out };
  };
  const helmOn = async (kubeconfig: string, ...args: string[]) =>
    (await run(t.helm, args, { env: { ...t.env, KUBECONFIG: kubeconfig } })).stdout;
  const history = async (kubeconfig: string, name: string, ns: string) => {
    try {
      return JSON.parse(await helmOn(kubeconfig, 'history', name, '-n', ns, '-o', 'json')) as {
        revision: number;
        status: string;
      }[];
    } catch {
      return [];
    }
  };
  const waitForStatus = async (kubeconfig: string, name: string, ns: string, status: string) => {
    for (let i = 0; i < 600; i++) {
      if ((await history(kubeconfig, name, ns)).at(-1)?.status === status) return;
      await sleep(200);
    }
    throw new Error(`${name} never reached ${status}`);
  };
  /** A release that never becomes ready (its pods cannot be scheduled), so helm --wait waits. */
  const release = (name: string, ns: string, o: { stuck?: boolean; needs?: string[] } = {}) => `
- name: ${name}
  namespace: ${ns}
  chart: oci://${t.ociHost}/charts/webapp
  version: 1.0.0
  plainHttp: true
  wait: true
  timeout: 300${o.needs ? `\n  needs: [${o.needs.join(', ')}]` : ''}${
    o.stuck
      ? `
  set:
  - name: nodeSelector.none
    value: x`
      : ''
  }`;

  beforeAll(async () => {
    t = testEnv();
    tools = resolveToolchain();
    dir = mkdtempSync(join(tmpdir(), 'helmfire-faults-'));
    process.env.HELMFIRE_CACHE = join(dir, 'cache');
  });
  afterAll(() => {
    if (savedCache === undefined) delete process.env.HELMFIRE_CACHE;
    else process.env.HELMFIRE_CACHE = savedCache;
    rmSync(dir, { recursive: true, force: true });
    if (timings.length) console.error(`[faults] ${timings.join('; ')}`);
  });

  describe('the API server stops mid-sync (a second cluster)', () => {
    let cluster: LocalCluster;
    beforeAll(async () => {
      cluster = await LocalCluster.up(join(dir, 'cluster2'), tools, { context: 'faults' });
    });
    afterAll(async () => {
      await cluster?.down();
    });

    it('fails with a clear error instead of hanging, and a rerun recovers', async () => {
      const file = join(dir, 'api.yaml');
      writeFileSync(
        file,
        `releases:${release('stuck', 'default', { stuck: true })}${release('after', 'default', { needs: ['stuck'] })}\n`,
      );
      const sync = cli(file, cluster.kubeconfig, 'sync');
      await waitForStatus(cluster.kubeconfig, 'stuck', 'default', 'pending-install');
      const t0 = Date.now();
      await cluster.stopComponent('kube-apiserver');
      const r = await sync;
      const failedIn = (Date.now() - t0) / 1000;
      timings.push(`apiserver stopped -> sync failed in ${failedIn.toFixed(1)}s (helm timeout 300s)`);
      expect(r.code).toBe(1);
      expect(failedIn).toBeLessThan(90);
      expect(r.stdout).toMatch(/stuck\s+default\s+.*failed/);
      expect(r.stdout).toMatch(/after\s+default\s+.*skipped/);
      expect(r.stdout).toContain('the API server of kube context "faults" stopped answering');
      expect(r.stdout).toContain('Run again once the cluster is back');
      // what helm left behind is recovered by the next run once the cluster is back
      const t1 = Date.now();
      await cluster.startComponent('kube-apiserver');
      timings.push(`apiserver back in ${((Date.now() - t1) / 1000).toFixed(1)}s`);
      expect((await history(cluster.kubeconfig, 'stuck', 'default')).at(-1)?.status).toBe('pending-install');
      writeFileSync(
        file,
        `releases:${release('stuck', 'default')}${release('after', 'default', { needs: ['stuck'] })}\n`,
      );
      const t2 = Date.now();
      const again = await cli(file, cluster.kubeconfig, 'apply');
      timings.push(`rerun (reset + install of 2 releases) ${((Date.now() - t2) / 1000).toFixed(1)}s`);
      expect(again.code, again.stdout + again.stderr).toBe(0);
      expect(again.stderr).toContain('stuck in pending-install');
      expect((await history(cluster.kubeconfig, 'stuck', 'default')).at(-1)?.status).toBe('deployed');
      expect((await history(cluster.kubeconfig, 'after', 'default')).at(-1)?.status).toBe('deployed');
    });
  });

  describe('on the shared cluster', () => {
    let ns: string;
    beforeAll(async () => {
      ns = await useNamespace(t, 'faults');
    });

    it('apply after a helm upgrade killed mid-way rolls the stuck release back and brings it up to date', async () => {
      const file = join(dir, 'killed.yaml');
      writeFileSync(file, `releases:${release('web', ns)}\n`);
      expect((await cli(file, t.kubeconfig, 'sync')).code).toBe(0);
      const child = spawn(
        t.helm,
        [
          'upgrade',
          'web',
          `oci://${t.ociHost}/charts/webapp`,
          '--version',
          '1.0.0',
          '--plain-http',
          '-n',
          ns,
          '--set',
          'nodeSelector.none=x',
          '--wait',
          '--timeout',
          '5m',
        ],
        { env: t.env, stdio: 'ignore' },
      );
      await waitForStatus(t.kubeconfig, 'web', ns, 'pending-upgrade');
      child.kill('SIGKILL');
      const t0 = Date.now();
      const r = await cli(file, t.kubeconfig, 'apply');
      timings.push(`apply recovering pending-upgrade ${((Date.now() - t0) / 1000).toFixed(1)}s`);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stderr).toContain(`${ns}/web: rolling back (release is stuck in pending-upgrade`);
      expect(r.stdout).toMatch(/web\s+\S+\s+\S*webapp\s+\S+\s+rollback/);
      expect((await history(t.kubeconfig, 'web', ns)).at(-1)?.status).toBe('deployed');
    });

    it('a hand-made change under a deployed release is found by the no-op apply and healed', async () => {
      const file = join(dir, 'drift.yaml');
      writeFileSync(file, `releases:${release('drifty', ns)}\n`);
      expect((await cli(file, t.kubeconfig, 'sync')).code).toBe(0);
      const clean = await cli(file, t.kubeconfig, 'apply');
      expect(clean.stdout).toContain('apply: 1 unchanged');
      await t.kubectl('scale', 'deployment', 'drifty-webapp', '-n', ns, '--replicas=3');
      const r = await cli(file, t.kubeconfig, 'apply');
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stderr).toContain(`${ns}/drifty: upgrading (live objects differ from the release (drift))`);
      const replicas = await t.kubectl(
        'get',
        'deployment',
        'drifty-webapp',
        '-n',
        ns,
        '-o',
        'jsonpath={.spec.replicas}',
      );
      expect(replicas).toBe('1');
    });

    it('Ctrl-C during a sync stops helm, prints the summary and exits 130, leaving no helm process', async () => {
      const file = join(dir, 'sigint.yaml');
      const name = `sigint${Date.now() % 100000}`;
      writeFileSync(
        file,
        `releases:${release(name, ns, { stuck: true })}${release(`${name}b`, ns, { needs: [name] })}\n`,
      );
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
      const out = { stdout: '', stderr: '' };
      child.stdout?.on('data', (c: Buffer) => {
        out.stdout += c.toString();
      });
      child.stderr?.on('data', (c: Buffer) => {
        out.stderr += c.toString();
      });
      const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
      await waitForStatus(t.kubeconfig, name, ns, 'pending-install');
      expect(helmProcesses(name).length).toBeGreaterThan(0);
      const t0 = Date.now();
      child.kill('SIGINT');
      const code = await exited;
      timings.push(`Ctrl-C -> exit in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
      expect(code, out.stdout + out.stderr).toBe(130);
      expect(out.stdout).toMatch(/RELEASE\s+NAMESPACE/);
      expect(out.stdout).toMatch(new RegExp(`${name}\\s+${ns}\\s+.*failed`));
      expect(out.stdout).toMatch(new RegExp(`${name}b\\s+${ns}\\s+.*skipped`));
      expect(out.stderr).toContain('interrupted: 2 release(s) not finished');
      expect(helmProcesses(name)).toEqual([]);
      // and the next run picks up where it stopped
      writeFileSync(file, `releases:${release(name, ns)}${release(`${name}b`, ns, { needs: [name] })}\n`);
      const again = await cli(file, t.kubeconfig, 'apply');
      expect(again.code, again.stdout + again.stderr).toBe(0);
      expect((await history(t.kubeconfig, name, ns)).at(-1)?.status).toBe('deployed');
    });
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
