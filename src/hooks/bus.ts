import type { ResolvedRelease, ResolvedState } from '../state/model.js';
import type { TemplateRenderer } from '../state/render.js';
import { hookTemplateData } from './data.js';
import { HookError } from './errors.js';
import { type CommandOptions, type CommandResult, runCommand } from './exec.js';
import { hooksDisabled, selectHooks } from './select.js';
import type { HookEvent, HookReport } from './types.js';

export interface HookBusOptions {
  readonly state: ResolvedState;
  /** What `.HelmfileCommand` says: `sync`, `apply`, `destroy`, `test`, … */
  readonly command: string;
  /** Environment of every hook process (the run's: kubeconfig, helm homes). */
  readonly env: NodeJS.ProcessEnv;
  readonly renderer: TemplateRenderer;
  /** Every hook run, as it ends (ok or not). */
  readonly onReport?: (report: HookReport) => void;
  readonly onWarning?: (message: string) => void;
  /** Stops a running hook command (Ctrl-C). */
  readonly signal?: AbortSignal;
  /** Runs a command; the real one spawns a process (injectable for tests). */
  readonly run?: (command: string, args: readonly string[], opts: CommandOptions) => Promise<CommandResult>;
}

export interface TriggerOptions {
  /** Whose hooks: a release's; absent for the state's global hooks. */
  readonly release?: ResolvedRelease;
  /** `.Event.Error`: the release's error (postsync) or the run's first error (global cleanup). */
  readonly error?: string;
}

/**
 * The hooks of one state file. `trigger` runs, in definition order, every
 * hook (global, or of one release) that listens to the event: command and
 * args rendered as Go templates, then run without a shell in the state
 * file's directory. The first failing hook stops the event and throws a
 * HookError; the caller decides what that fails (the run, or one release).
 */
export class HookBus {
  private readonly run: NonNullable<HookBusOptions['run']>;
  private readonly disabled: boolean;

  constructor(private readonly o: HookBusOptions) {
    this.run = o.run ?? runCommand;
    this.disabled = hooksDisabled(o.env);
  }

  get state(): ResolvedState {
    return this.o.state;
  }

  /** Whether `trigger(event, opts)` would run anything (so callers can skip work). */
  listens(event: HookEvent, opts: TriggerOptions = {}): boolean {
    const hooks = opts.release ? opts.release.hooks : this.o.state.hooks;
    return hooks.some((h) => (h.events ?? []).includes(event));
  }

  /** Runs the hooks listening to `event`; resolves with how many ran. */
  async trigger(event: HookEvent, opts: TriggerOptions = {}): Promise<number> {
    const { state } = this.o;
    const hooks = opts.release ? opts.release.hooks : state.hooks;
    const whose = opts.release ? `release "${opts.release.name}"` : `global hooks of ${state.file}`;
    if (this.disabled && hooks.length > 0) {
      throw new HookError('HOOKS_DISABLED', `${whose}: HELMFILE_DISABLE_HOOKS is active, hooks are disabled`);
    }
    const selected = selectHooks(hooks, event);
    if (selected.length === 0) return 0;
    const data = hookTemplateData(state, event, this.o.command, {
      ...(opts.release ? { release: opts.release } : {}),
      ...(opts.error !== undefined ? { error: opts.error } : {}),
    });
    let ran = 0;
    for (const hook of selected) {
      if (hook.warning) this.o.onWarning?.(hook.warning);
      const t0 = performance.now();
      let command: string;
      let args: string[];
      try {
        const render = (text: string) =>
          this.o.renderer.render(text, data, { baseDir: state.baseDir, name: 'stringTemplate' });
        command = render(hook.command);
        args = hook.args.map(render);
      } catch (err) {
        throw new HookError(
          'HOOK_FAILED',
          `${whose}: ${event} hook[${hook.name}]: ${(err as Error).message}`,
        );
      }
      const res = await this.run(command, args, {
        cwd: state.baseDir,
        env: this.o.env,
        ...(this.o.signal ? { signal: this.o.signal } : {}),
      });
      this.o.onReport?.({
        event,
        hook: hook.name,
        ...(opts.release
          ? { release: { id: opts.release.id, name: opts.release.name, namespace: opts.release.namespace } }
          : {}),
        stateFile: state.file,
        command,
        args,
        showlogs: hook.showlogs,
        output: res.output,
        ok: res.error === undefined,
        ...(res.error !== undefined ? { error: res.error } : {}),
        seconds: Math.round(performance.now() - t0) / 1000,
      });
      if (res.error !== undefined) {
        const out = res.output.trim();
        throw new HookError(
          'HOOK_FAILED',
          `${whose}: ${event} hook[${hook.name}]: command \`${command}\` failed: ${res.error}${out ? `\n${indent(out)}` : ''}`,
          res.output,
        );
      }
      ran++;
    }
    return ran;
  }
}

function indent(s: string): string {
  return s
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
