import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helmfire } from '../harness/cli.js';
import { type TestEnv, testEnv, useNamespace } from '../harness/context.js';

describe('helmfire status', () => {
  let t: TestEnv;
  let ns: string;
  let dir: string;
  const cli = (...args: string[]) =>
    helmfire([
      '-f',
      join(dir, 'helmfile.yaml'),
      '--helm-binary',
      t.helm,
      '--kubeconfig',
      t.kubeconfig,
      ...args,
    ]);

  beforeAll(async () => {
    t = testEnv();
    ns = await useNamespace(t, 'status');
    dir = mkdtempSync(join(tmpdir(), 'helmfire-status-'));
    writeFileSync(
      join(dir, 'helmfile.yaml'),
      `releases:
- name: good
  namespace: ${ns}
  chart: ${join(process.cwd(), 'test/charts/webapp-1.1.0')}
- name: stuck
  namespace: ${ns}
  chart: ${join(process.cwd(), 'test/charts/webapp-1.1.0')}
  set:
  - name: nodeSelector.none
    value: x
- name: absent
  namespace: ${ns}
  chart: ${join(process.cwd(), 'test/charts/webapp-1.1.0')}
`,
    );
    await t.helmRun('install', 'good', 'test/charts/webapp-1.1.0', '-n', ns, '--wait');
    await t.helmRun('install', 'stuck', 'test/charts/webapp-1.1.0', '-n', ns, '--set', 'nodeSelector.none=x');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports helm status and object health per release, exit 1 when not all healthy', async () => {
    const r = await cli('status', '-o', 'json');
    expect(r.code).toBe(1);
    const reports = (
      JSON.parse(r.stdout) as {
        releases: {
          release: string;
          helmStatus: string;
          health: string;
          objects: { kind: string; health: string; message?: string }[];
        }[];
      }
    ).releases;
    const by = Object.fromEntries(reports.map((x) => [x.release, x]));
    expect(by.good).toMatchObject({ helmStatus: 'deployed', health: 'Healthy' });
    expect(by.good?.objects.map((o) => o.kind).sort()).toEqual([
      'ConfigMap',
      'Deployment',
      'Secret',
      'Service',
      'ServiceAccount',
    ]);
    expect(by.stuck).toMatchObject({ helmStatus: 'deployed', health: 'Progressing' });
    expect(by.stuck?.objects.find((o) => o.kind === 'Deployment')?.message).toContain('0 of 1 replicas');
    expect(by.absent).toMatchObject({ helmStatus: 'absent', health: 'Missing' });
  });

  it('shows the unhealthy objects under the table', async () => {
    const r = await cli('status', '-l', 'name=stuck');
    expect(r.stdout).toMatch(/RELEASE\s+NAMESPACE\s+STATUS\s+REVISION\s+CHART\s+HEALTH/);
    expect(r.stdout).toMatch(/Deployment\/stuck-webapp: Progressing/);
    const ok = await cli('status', '-l', 'name=good');
    expect(ok.code).toBe(0);
  });
});
