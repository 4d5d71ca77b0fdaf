export { HookBus, type HookBusOptions, type TriggerOptions } from './bus.js';
export { hookTemplateData } from './data.js';
export { HookError, type HookErrorCode } from './errors.js';
export { type CommandOptions, type CommandResult, runCommand } from './exec.js';
export { ReleaseHookLifecycle, withHooks } from './lifecycle.js';
export { RunHooks, type RunHooksOptions } from './run-hooks.js';
export { hookName, hooksDisabled, type SelectedHook, selectHooks } from './select.js';
export { HOOK_EVENTS, type HookEvent, type HookReport } from './types.js';
