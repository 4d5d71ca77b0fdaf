import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { detectHelm, HelmBinaryError, HelmError, runHelm } from '../../src/helm/index.js';
import { resolveToolchain } from '../../src/localcluster/index.js';
import { testEnv } from '../harness/context.js';

describe('the real helm binaries', () => {
  const tools = resolveToolchain();

  it('detects helm 4 and helm 3 by asking them', async () => {
    expect(await detectHelm(tools.helm4)).toMatchObject({
      major: 4,
      version: expect.stringMatching(/^v4\./),
    });
    expect(await detectHelm(tools.helm3)).toMatchObject({
      major: 3,
      version: expect.stringMatching(/^v3\./),
    });
  });

  it('says clearly when the binary is missing', async () => {
    await expect(detectHelm('/nonexistent/helm')).rejects.toThrow(HelmBinaryError);
    await expect(detectHelm('/nonexistent/helm')).rejects.toThrow(/not found.*--helm-binary/);
  });

  it('reports a failed helm run with the release, masked values and helm’s stderr', async () => {
    const t = testEnv();
    const err = await runHelm(
      t.helm,
      ['install', 'broken', './does-not-exist', '--set', 'password=hunter2', '-n', 'default'],
      { env: t.env, release: 'broken' },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HelmError);
    const msg = (err as HelmError).message;
    expect(msg).toContain('release "broken"');
    expect(msg).toContain('password=***');
    expect(msg).not.toContain('hunter2');
    expect((err as HelmError).stderr).toMatch(/does-not-exist/);
  });

  it('stops a running helm when the run is aborted', async () => {
    const t = testEnv();
    const ac = new AbortController();
    // `helm install --wait` on a chart whose pods can never be scheduled would hang; abort it instead
    const p = runHelm(
      t.helm,
      [
        'install',
        'stuck',
        'webapp',
        '--repo',
        t.chartRepoUrl,
        '-n',
        'default',
        '--set',
        'nodeSelector.none=x',
        '--wait',
        '--timeout',
        '5m',
      ],
      { env: t.env, signal: ac.signal, killGraceMs: 2000 },
    ).catch((e: unknown) => e);
    await sleep(1500);
    const t0 = Date.now();
    ac.abort();
    const err = await p;
    expect(err).toBeInstanceOf(HelmError);
    expect(Date.now() - t0).toBeLessThan(10_000);
    await t.helmRun('uninstall', 'stuck', '-n', 'default', '--no-hooks').catch(() => {});
  });
});
