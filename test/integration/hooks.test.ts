import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { helmfire } from '../harness/cli.js';
import { type TestEnv, testEnv, useNamespace } from '../harness/context.js';

/** Hooks fired by sync / apply / destroy on the real cluster, as real processes, in helmfile's order. */
describe('hooks', () => {
  let t: TestEnv;
  let ns: string;
  let dir: string;
  const savedPath = process.env.PATH;
  const savedCache = process.env.HELMFIRE_CACHE;

  // hook.sh EVENT RELEASE STATUS: appends one line to events.log and says it on stdout
  const hook = (events: string[], extra = '') => `
  - events: [${events.join(', ')}]
    showlogs: true
    command: ./hook.sh
    args: ['{{ .Event.Name }}', '{{ .Release.Name }}', '{{ if .Event.Error }}error{{ else }}ok{{ end }}', '{{ .HelmfileCommand }}']${extra}`;

  const state = (o: { replicas?: number; webInstalled?: boolean; badPresync?: boolean } = {}) => `
hooks:
- events: [prepare, cleanup]
  command: ./hook.sh
  args: ['global-{{ .Event.Name }}', '-', '{{ if .Event.Error }}error{{ else }}ok{{ end }}', '{{ .HelmfileCommand }}']
releases:
- name: web
  namespace: ${ns}
  chart: oci://${t.ociHost}/charts/webapp
  version: 1.0.0
  plainHttp: true
  installed: ${o.webInstalled ?? true}
  set:
  - name: replicaCount
    value: "${o.replicas ?? 1}"
  hooks:${hook(['prepare', 'preapply', 'presync', 'postsync', 'preuninstall', 'postuninstall', 'cleanup'])}
  - name: storage
    events: [presync]
    kubectlApply:
      filename: extra.yaml
${
  o.badPresync
    ? `- name: broken
  namespace: ${ns}
  chart: oci://${t.ociHost}/charts/webapp
  version: 1.0.0
  plainHttp: true
  hooks:
  - name: gate
    events: [presync]
    command: sh
    args: ['-c', 'echo gate closed; exit 3']${hook(['postsync'])}
`
    : ''
}`;

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
  /** The hook lines written since the last call. */
  const events = () => {
    const file = join(dir, 'events.log');
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    rmSync(file, { force: true });
    return text.split('\n').filter(Boolean);
  };
  const revisions = async (name: string) =>
    (JSON.parse(await t.helmRun('history', name, '-n', ns, '-o', 'json')) as unknown[]).length;

  beforeAll(async () => {
    t = testEnv();
    ns = await useNamespace(t, 'hooks');
    dir = mkdtempSync(join(tmpdir(), 'helmfire-hooks-'));
    writeFileSync(join(dir, 'hook.sh'), '#!/bin/sh\necho "$*" >> events.log\necho "hook says $1 $2"\n');
    chmodSync(join(dir, 'hook.sh'), 0o755);
    writeFileSync(
      join(dir, 'extra.yaml'),
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-hook\n  namespace: ${ns}\ndata:\n  by: kubectlApply\n`,
    );
    // kubectlApply hooks run `kubectl` from the PATH; the run lock lives in a cache dir of this test
    process.env.PATH = `${dirname(inject('kubectl'))}:${savedPath ?? ''}`;
    process.env.HELMFIRE_CACHE = join(dir, 'cache');
  });
  afterAll(() => {
    process.env.PATH = savedPath;
    if (savedCache === undefined) delete process.env.HELMFIRE_CACHE;
    else process.env.HELMFIRE_CACHE = savedCache;
    rmSync(dir, { recursive: true, force: true });
  });

  it('sync: prepare, presync, postsync and cleanup in order, global hooks around the run', async () => {
    writeFileSync(join(dir, 'helmfile.yaml'), state());
    const r = await cli('sync');
    expect(r.stderr).not.toContain('FAILED');
    expect(r.code).toBe(0);
    expect(events()).toEqual([
      'global-prepare - ok sync',
      'prepare web ok sync',
      'presync web ok sync',
      'postsync web ok sync',
      'cleanup web ok sync',
      'global-cleanup - ok sync',
    ]);
    // showlogs output, helmfile's prefix; each hook named with its release
    expect(r.stderr).toContain('hook[presync] logs | hook says presync web');
    expect(r.stderr).toMatch(new RegExp(`${ns}/web: presync hook\\[\\./hook\\.sh\\] .* done`));
    // the kubectlApply hook ran kubectl apply -f extra.yaml in the state's directory
    expect(await t.kubectl('get', 'configmap', 'from-hook', '-n', ns, '-o', 'jsonpath={.data.by}')).toBe(
      'kubectlApply',
    );
  });

  it('apply with nothing to change fires no presync, only prepare and cleanup', async () => {
    const r = await cli('apply');
    expect(r.code).toBe(0);
    expect(events()).toEqual([
      'global-prepare - ok apply',
      'prepare web ok apply',
      'cleanup web ok apply',
      'global-cleanup - ok apply',
    ]);
  });

  it('diff fires prepare and cleanup only', async () => {
    const r = await cli('diff');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(events()).toEqual([
      'global-prepare - ok diff',
      'prepare web ok diff',
      'cleanup web ok diff',
      'global-cleanup - ok diff',
    ]);
  });

  it('apply with a change: preapply, then presync and postsync around the upgrade', async () => {
    writeFileSync(join(dir, 'helmfile.yaml'), state({ replicas: 2 }));
    const r = await cli('apply');
    expect(r.code).toBe(0);
    expect(events()).toEqual([
      'global-prepare - ok apply',
      'prepare web ok apply',
      'preapply web ok apply',
      'presync web ok apply',
      'postsync web ok apply',
      'cleanup web ok apply',
      'global-cleanup - ok apply',
    ]);
    expect(await revisions('web')).toBe(2);
  });

  it('a failing presync hook fails its release before helm runs; postsync sees the error; the run exits 1', async () => {
    writeFileSync(join(dir, 'helmfile.yaml'), state({ replicas: 2, badPresync: true }));
    const r = await cli('sync');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/broken\s+\S+.*failed/);
    expect(r.stdout).toContain(`release "broken" (${ns}) failed:`);
    expect(r.stdout).toContain('presync hook[gate]: command `sh` failed: exit status 3');
    expect(r.stderr).toContain('hook[presync] logs | gate closed');
    await expect(t.helmRun('status', 'broken', '-n', ns)).rejects.toThrow(/not found/);
    const lines = events();
    expect(lines).toContain('postsync broken error sync');
    expect(lines).toContain('postsync web ok sync');
    expect(lines.at(-1)).toBe('global-cleanup - error sync');
  });

  it('installed: false uninstalls the release inside presync/preuninstall … postuninstall/postsync', async () => {
    writeFileSync(join(dir, 'helmfile.yaml'), state({ webInstalled: false }));
    const r = await cli('apply');
    expect(r.code).toBe(0);
    expect(events()).toEqual([
      'global-prepare - ok apply',
      'preapply web ok apply',
      'presync web ok apply',
      'preuninstall web ok apply',
      'postuninstall web ok apply',
      'postsync web ok apply',
      'cleanup web ok apply',
      'global-cleanup - ok apply',
    ]);
    await expect(t.helmRun('status', 'web', '-n', ns)).rejects.toThrow(/not found/);
  });

  it('HELMFILE_DISABLE_HOOKS refuses a state with hooks instead of skipping them', async () => {
    process.env.HELMFILE_DISABLE_HOOKS = 'true';
    try {
      const r = await cli('sync');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('HELMFILE_DISABLE_HOOKS is active, hooks are disabled');
      expect(events()).toEqual([]);
    } finally {
      delete process.env.HELMFILE_DISABLE_HOOKS;
    }
  });
});
