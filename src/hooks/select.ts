import type { HookSpec } from '../state/spec.js';
import { HookError } from './errors.js';
import type { HookEvent } from './types.js';

/** A hook that listens to an event, with its command resolved (kubectlApply → kubectl apply) but not yet templated. */
export interface SelectedHook {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly showlogs: boolean;
  /** Set when a kubectlApply hook also gives a `command`, which is then ignored. */
  readonly warning?: string;
}

/** The hooks of `hooks` that listen to `event`, in definition order. */
export function selectHooks(hooks: readonly HookSpec[], event: HookEvent): SelectedHook[] {
  return hooks.filter((h) => (h.events ?? []).includes(event)).map(resolveHook);
}

/** helmfile's display name of a hook: `name`, else `kubectlApply` for kubectl hooks, else the command. */
export function hookName(h: HookSpec): string {
  if (h.name) return h.name;
  return h.kubectlApply ? 'kubectlApply' : (h.command ?? '');
}

function resolveHook(h: HookSpec): SelectedHook {
  const name = hookName(h);
  const showlogs = h.showlogs === true;
  const k = h.kubectlApply;
  if (!k) return { name, command: h.command ?? '', args: h.args ?? [], showlogs };
  const warning = h.command
    ? `hook[${name}]: ignoring command '${h.command}' given within a kubectlApply hook`
    : undefined;
  let args: string[];
  if (k.filename !== undefined) {
    if (k.kustomize !== undefined) {
      throw new HookError('HOOK_INVALID', `hook[${name}]: kustomize & filename cannot be used together`);
    }
    args = ['apply', '-f', k.filename];
  } else if (k.kustomize !== undefined) {
    args = ['apply', '-k', k.kustomize];
  } else {
    throw new HookError('HOOK_INVALID', `hook[${name}]: either kustomize or filename must be given`);
  }
  return { name, command: 'kubectl', args, showlogs, ...(warning ? { warning } : {}) };
}

/**
 * `HELMFILE_DISABLE_HOOKS` as helmfile reads it (Go's strconv.ParseBool):
 * when true, a state or release that HAS hooks is refused rather than run
 * with its hooks silently skipped.
 */
export function hooksDisabled(env: NodeJS.ProcessEnv): boolean {
  const v = env.HELMFILE_DISABLE_HOOKS;
  return v !== undefined && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v);
}
