import { describe, expect, it } from 'vitest';
import type { Action, ReleaseResult } from '../reconcile/types.js';
import { memoryHost } from '../state/host.js';
import { StateLoader } from '../state/loader.js';
import type { ResolvedState } from '../state/model.js';
import { defaultRenderer } from '../state/render.js';
import { HookBus } from './bus.js';
import type { CommandOptions, CommandResult } from './exec.js';
import { ReleaseHookLifecycle, withHooks } from './lifecycle.js';
import { hooksDisabled, selectHooks } from './select.js';
import type { HookReport } from './types.js';

const STATE = `
environments:
  prod:
    values:
    - region: eu
---
releases:
- name: web
  namespace: shop
  chart: repo/webapp
  version: 1.2.3
  labels: {tier: front}
  hooks:
  - name: notify
    events: [presync, postsync]
    command: notify
    args:
    - '{{\`{{ .Event.Name }}\`}}'
    - '{{\`{{ .Release.Namespace }}/{{ .Release.Name }}@{{ .Release.Version }}\`}}'
    - '{{\`{{ if .Event.Error }}failure: {{ .Event.Error }}{{ else }}success{{ end }}\`}}'
    - '{{\`{{ .Environment.Name }} {{ .Values.region }} {{ .HelmfileCommand }} {{ .Release.Labels.tier }}\`}}'
  - events: [preuninstall, postuninstall, cleanup, preapply]
    command: log
    args: ['{{\`{{ .Event.Name }}\`}}']
- name: plain
  namespace: shop
  chart: repo/webapp
  installed: false
hooks:
- events: [prepare, cleanup]
  showlogs: true
  command: global
  args: ['{{\`{{ .Event.Name }} {{ .Environment.Name }} {{ .Event.Error }}\`}}']
`;

async function loadState(text = STATE, environment = 'prod'): Promise<ResolvedState> {
  const host = memoryHost({ '/w/helmfile.yaml.gotmpl': text }, { cwd: '/w' });
  const desired = await new StateLoader(host).load({ environment });
  return desired.states[0] as ResolvedState;
}

interface Ran {
  command: string;
  args: readonly string[];
  cwd: string;
}

function fakeRunner(fail: (c: string, args: readonly string[]) => boolean = () => false) {
  const ran: Ran[] = [];
  const run = async (command: string, args: readonly string[], o: CommandOptions): Promise<CommandResult> => {
    ran.push({ command, args, cwd: o.cwd });
    return fail(command, args)
      ? { output: 'boom\n', code: 3, error: 'exit status 3' }
      : { output: `ran ${command}\n`, code: 0 };
  };
  return { ran, run };
}

async function busFor(
  command = 'apply',
  fail?: (c: string, args: readonly string[]) => boolean,
  env: NodeJS.ProcessEnv = {},
) {
  const state = await loadState();
  const runner = fakeRunner(fail);
  const reports: HookReport[] = [];
  const bus = new HookBus({
    state,
    command,
    env,
    renderer: defaultRenderer(memoryHost({}, { cwd: '/w' })),
    run: runner.run,
    onReport: (r) => reports.push(r),
  });
  const release = (name: string) => state.releases.find((r) => r.name === name);
  return { bus, state, ran: runner.ran, reports, release };
}

describe('selectHooks', () => {
  it('keeps the hooks listening to the event, in definition order, with their display names', () => {
    const hooks = [
      { events: ['presync'], command: 'a' },
      { name: 'second', events: ['postsync', 'presync'], command: 'b', args: ['x'] },
      { events: ['cleanup'], command: 'c' },
    ];
    expect(selectHooks(hooks, 'presync')).toEqual([
      { name: 'a', command: 'a', args: [], showlogs: false },
      { name: 'second', command: 'b', args: ['x'], showlogs: false },
    ]);
    expect(selectHooks(hooks, 'prepare')).toEqual([]);
  });

  it('turns kubectlApply into kubectl apply -f / -k, ignoring a command beside it', () => {
    const [f] = selectHooks([{ events: ['presync'], kubectlApply: { filename: 'sc.yaml' } }], 'presync');
    expect(f).toMatchObject({ name: 'kubectlApply', command: 'kubectl', args: ['apply', '-f', 'sc.yaml'] });
    const [k] = selectHooks(
      [{ events: ['presync'], command: 'echo', kubectlApply: { kustomize: 'dir' } }],
      'presync',
    );
    expect(k).toMatchObject({ command: 'kubectl', args: ['apply', '-k', 'dir'] });
    expect(k?.warning).toContain("ignoring command 'echo'");
  });

  it('rejects a kubectlApply with both or neither of filename and kustomize', () => {
    expect(() =>
      selectHooks([{ events: ['presync'], kubectlApply: { filename: 'a', kustomize: 'b' } }], 'presync'),
    ).toThrow('hook[kubectlApply]: kustomize & filename cannot be used together');
    expect(() => selectHooks([{ name: 'k', events: ['presync'], kubectlApply: {} }], 'presync')).toThrow(
      'hook[k]: either kustomize or filename must be given',
    );
  });

  it('reads HELMFILE_DISABLE_HOOKS as Go parses a bool', () => {
    for (const v of ['1', 't', 'TRUE', 'true', 'True'])
      expect(hooksDisabled({ HELMFILE_DISABLE_HOOKS: v })).toBe(true);
    for (const v of ['0', 'false', 'yes', ''])
      expect(hooksDisabled({ HELMFILE_DISABLE_HOOKS: v })).toBe(false);
    expect(hooksDisabled({})).toBe(false);
  });
});

describe('HookBus', () => {
  it('renders command and args with the release, event, environment and command, and runs in the state directory', async () => {
    const { bus, ran, release } = await busFor('sync');
    expect(await bus.trigger('presync', { release: release('web') })).toBe(1);
    expect(ran).toEqual([
      {
        command: 'notify',
        args: ['presync', 'shop/web@1.2.3', 'success', 'prod eu sync front'],
        cwd: '/w',
      },
    ]);
  });

  it('gives postsync the release error as .Event.Error', async () => {
    const { bus, ran, release } = await busFor();
    await bus.trigger('postsync', { release: release('web'), error: 'helm upgrade failed' });
    expect(ran[0]?.args[2]).toBe('failure: helm upgrade failed');
  });

  it('runs global hooks without .Release; .Event.Error is <no value> when there is none', async () => {
    const { bus, ran, reports } = await busFor();
    expect(await bus.trigger('prepare')).toBe(1);
    expect(ran[0]).toMatchObject({ command: 'global', args: ['prepare prod <no value>'] });
    expect(reports[0]).toMatchObject({ event: 'prepare', hook: 'global', showlogs: true, ok: true });
    expect(reports[0]?.release).toBeUndefined();
  });

  it('fails a template that needs what a global hook does not have, naming the hook', async () => {
    const state = await loadState(
      `
hooks:
- name: bad
  events: [prepare]
  command: echo
  args: ['{{\`{{ .Release.Name }}\`}}']
releases:
- name: x
  chart: r/c
`,
      'default',
    );
    const bus = new HookBus({
      state,
      command: 'sync',
      env: {},
      renderer: defaultRenderer(memoryHost({}, { cwd: '/w' })),
      run: fakeRunner().run,
    });
    await expect(bus.trigger('prepare')).rejects.toThrow(
      /prepare hook\[bad\]: template: stringTemplate:1:\d+: executing "stringTemplate" at <\.Release\.Name>: map has no entry for key "Release"/,
    );
  });

  it('stops at the first failing hook with the command, its exit status and output', async () => {
    const { bus, ran, reports, release } = await busFor('apply', (c) => c === 'notify');
    await expect(bus.trigger('presync', { release: release('web') })).rejects.toThrow(
      'release "web": presync hook[notify]: command `notify` failed: exit status 3\n  boom',
    );
    expect(ran).toHaveLength(1);
    expect(reports[0]).toMatchObject({ ok: false, error: 'exit status 3', release: { name: 'web' } });
  });

  it('refuses a state with hooks when HELMFILE_DISABLE_HOOKS is set, even for events it does not listen to', async () => {
    const { bus, ran, release } = await busFor('sync', undefined, { HELMFILE_DISABLE_HOOKS: 'true' });
    await expect(bus.trigger('prepare', { release: release('web') })).rejects.toThrow(
      'release "web": HELMFILE_DISABLE_HOOKS is active, hooks are disabled',
    );
    expect(await bus.trigger('prepare', { release: release('plain') })).toBe(0);
    expect(ran).toEqual([]);
  });
});

describe('ReleaseHookLifecycle', () => {
  const act = (kind: Action['kind']): Action =>
    kind === 'rollback' ? { kind, revision: 1, reason: 'r' } : ({ kind, reason: 'r' } as Action);

  async function lifecycle(
    mode: 'sync' | 'apply' | 'destroy',
    fail?: (c: string, a: readonly string[]) => boolean,
  ) {
    const b = await busFor(mode, fail);
    const warnings: string[] = [];
    const lc = new ReleaseHookLifecycle(b.bus, mode, (id) => b.state.releases.find((r) => r.id === id), {
      warn: (m) => warnings.push(m),
    });
    const events = () =>
      b.ran.map((r) => (r.command === 'notify' ? `notify:${r.args[0]}` : `log:${r.args[0]}`));
    return { ...b, lc, events, warnings };
  }
  const ok = (id: string, outcome: ReleaseResult['outcome'] = 'upgraded'): ReleaseResult => ({
    id,
    outcome,
    steps: [],
    seconds: 0,
  });

  it('apply: preapply and presync once before the first change (a recovery and the upgrade), postsync and cleanup at the end', async () => {
    const { lc, events } = await lifecycle('apply');
    await lc.beforeAction('shop/web', act('rollback'));
    await lc.beforeAction('shop/web', act('upgrade'));
    await lc.finish(ok('shop/web'));
    expect(events()).toEqual(['log:preapply', 'notify:presync', 'notify:postsync', 'log:cleanup']);
  });

  it('an unchanged release gets only cleanup', async () => {
    const { lc, events } = await lifecycle('apply');
    await lc.beforeAction('shop/web', act('none'));
    await lc.finish(ok('shop/web', 'unchanged'));
    expect(events()).toEqual(['log:cleanup']);
  });

  it('an uninstall is wrapped in preuninstall/postuninstall; destroy fires no presync', async () => {
    const { lc, events } = await lifecycle('destroy');
    await lc.beforeAction('shop/web', act('uninstall'));
    await lc.afterAction('shop/web', act('uninstall'));
    await lc.finish(ok('shop/web', 'uninstalled'));
    expect(events()).toEqual(['log:preuninstall', 'log:postuninstall', 'log:cleanup']);
  });

  it('a failing presync hook fails the action before helm runs', async () => {
    const { bus, state } = await busFor('sync', (c) => c === 'notify');
    const lc = new ReleaseHookLifecycle(bus, 'sync', (id) => state.releases.find((r) => r.id === id));
    const helm: string[] = [];
    const driver = withHooks(
      {
        observe: async () => ({ status: 'absent' }),
        act: async (r, a) => {
          helm.push(`${a.kind} ${r.id}`);
        },
      },
      lc,
    );
    const r = { id: 'shop/web', name: 'web', namespace: 'shop', installed: true, digest: 'd' };
    await expect(driver.act(r, act('install'))).rejects.toThrow('presync hook[notify]');
    expect(helm).toEqual([]);
  });

  it('a failing postsync hook fails a release that had succeeded; a failed release keeps its own error', async () => {
    const { lc } = await lifecycle('sync', (c, a) => c === 'notify' && a[0] === 'postsync');
    await lc.beforeAction('shop/web', act('upgrade'));
    const r = await lc.finish(ok('shop/web'));
    expect(r).toMatchObject({ outcome: 'failed', error: expect.stringContaining('postsync hook[notify]') });
    const failed = await lc.finish({ ...ok('shop/web', 'failed'), error: 'helm said no' });
    expect(failed.error).toBe('helm said no');
  });

  it('a failing cleanup of an unchanged release on apply is a warning', async () => {
    const { lc, warnings } = await lifecycle('apply', (c, a) => c === 'log' && a[0] === 'cleanup');
    const r = await lc.finish(ok('shop/web', 'unchanged'));
    expect(r.outcome).toBe('unchanged');
    expect(warnings[0]).toContain('cleanup hook[log]');
  });
});
