import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helmfire } from '../harness/cli.js';
import { type TestEnv, testEnv, useNamespace } from '../harness/context.js';

/**
 * `helmfire test` on the real cluster. The chart's test hook is a Job (the
 * test cluster's fake kubelet completes Job pods); a failing test is a Job
 * whose pod can never be scheduled and whose deadline then fails it.
 */
describe('helmfire test', () => {
  let t: TestEnv;
  let ns: string;
  let dir: string;
  const savedCache = process.env.HELMFIRE_CACHE;

  const chart = (root: string) => {
    mkdirSync(join(root, 'templates', 'tests'), { recursive: true });
    writeFileSync(join(root, 'Chart.yaml'), 'apiVersion: v2\nname: tested\nversion: 0.1.0\n');
    writeFileSync(join(root, 'values.yaml'), 'failTest: false\nhangTest: false\n');
    writeFileSync(
      join(root, 'templates', 'configmap.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-config\ndata:\n  release: {{ .Release.Name }}\n',
    );
    writeFileSync(
      join(root, 'templates', 'tests', 'check.yaml'),
      `apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-check
  annotations:
    helm.sh/hook: test
spec:
  backoffLimit: 0
  {{- if .Values.failTest }}
  activeDeadlineSeconds: 2
  {{- end }}
  template:
    spec:
      restartPolicy: Never
      {{- if or .Values.failTest .Values.hangTest }}
      nodeSelector:
        no-such-node: "true"
      {{- end }}
      containers:
      - name: check
        image: busybox
        command: ["sh", "-c", "wget -qO- http://{{ .Release.Name }}-config"]
`,
    );
  };

  const state = (o: { failFirst?: boolean; hangFirst?: boolean } = {}) => `
releases:
- name: first
  namespace: ${ns}
  chart: ./tested
  set:
  - name: failTest
    value: ${o.failFirst === true}
  - name: hangTest
    value: ${o.hangFirst === true}
- name: second
  namespace: ${ns}
  chart: ./tested
  needs: [first]
- name: absent
  namespace: ${ns}
  chart: ./tested
  installed: false
`;

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
  const jobs = async () =>
    (await t.kubectl('get', 'jobs', '-n', ns, '-o', 'jsonpath={.items[*].metadata.name}'))
      .split(' ')
      .filter(Boolean);

  beforeAll(async () => {
    t = testEnv();
    ns = await useNamespace(t, 'test');
    dir = mkdtempSync(join(tmpdir(), 'helmfire-test-cmd-'));
    chart(join(dir, 'tested'));
    process.env.HELMFIRE_CACHE = join(dir, 'cache');
    writeFileSync(join(dir, 'helmfile.yaml'), state());
    const r = await cli('sync');
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
  afterAll(() => {
    if (savedCache === undefined) delete process.env.HELMFIRE_CACHE;
    else process.env.HELMFIRE_CACHE = savedCache;
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs helm test for every installed release in needs order and prints a summary', async () => {
    const r = await cli('test');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const order = ['first', 'second'].map((n) => r.stderr.indexOf(`${ns}/${n}: tests passed`));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order[0]).toBeLessThan(order[1] ?? -1);
    expect(r.stdout).toMatch(/RELEASE\s+NAMESPACE\s+RESULT\s+DURATION/);
    expect(r.stdout).toMatch(/first\s+\S+\s+passed/);
    expect(r.stdout).toMatch(/absent\s+\S+\s+skipped/);
    expect(r.stdout).toContain('test: 2 passed, 0 failed, 1 skipped');
    // without --cleanup the test Jobs stay for inspection
    expect((await jobs()).sort()).toEqual(['first-check', 'second-check']);
  });

  it("--cleanup deletes the test hooks' Jobs afterwards", async () => {
    const r = await cli('test', '--cleanup');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toContain(`${ns}/first: tests passed`);
    expect(r.stderr).toContain('(1 test object(s) deleted)');
    for (let i = 0; i < 50 && (await jobs()).length > 0; i++)
      await new Promise((res) => setTimeout(res, 200));
    expect(await jobs()).toEqual([]);
  });

  it("--logs asks helm for the test pods' logs", async () => {
    // helm reads the logs of a pod named after each test hook; this chart's hook is a Job, so helm says so
    const r = await cli('test', '-l', 'name=first', '--logs', '--cleanup');
    expect(r.stdout).toContain('helm test first');
    expect(r.stdout).toContain('--logs');
    expect(r.stdout).toContain('unable to get pod logs for first-check');
  });

  it('a failing test fails its release (exit 1) and skips the releases that need it', async () => {
    writeFileSync(join(dir, 'helmfile.yaml'), state({ failFirst: true }));
    expect((await cli('sync', '-l', 'name=first')).code).toBe(0);
    const r = await cli('test', '--cleanup');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/first\s+\S+\s+failed/);
    expect(r.stdout).toMatch(/second\s+\S+\s+skipped/);
    expect(r.stdout).toContain(`release "first" (${ns}) failed:`);
    expect(r.stdout).toContain('helm test first');
    expect(r.stdout).toContain(
      `release "second" (${ns}) skipped:\nneeds "${ns}/first", which did not succeed`,
    );
  });

  it('--timeout bounds a test that never finishes', async () => {
    writeFileSync(join(dir, 'helmfile.yaml'), state({ hangFirst: true }));
    expect((await cli('sync', '-l', 'name=first')).code).toBe(0);
    const t0 = Date.now();
    const r = await cli('test', '-l', 'name=first', '--timeout', '3', '--cleanup');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/first\s+\S+\s+failed/);
    expect(Date.now() - t0).toBeLessThan(60_000);
  });
});
