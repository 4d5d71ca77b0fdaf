/**
 * Hooks: commands the state asks to run at points of a run (helmfile's
 * `hooks:`, top level or per release). Event names and when they fire:
 *
 * | event           | fires                                                             |
 * |-----------------|-------------------------------------------------------------------|
 * | `prepare`       | before the releases are prepared (global hooks once per state file, then each selected release that is to be installed) |
 * | `preapply`      | `apply` only: before a release is installed, upgraded or uninstalled |
 * | `presync`       | before a release is installed, upgraded, recovered or uninstalled (not by `destroy`) |
 * | `preuninstall`  | just before a release is uninstalled                               |
 * | `postuninstall` | just after a release was uninstalled                               |
 * | `postsync`      | after a release's changes, whether they succeeded or not (`.Event.Error`) |
 * | `cleanup`       | after each release is done, and once per state file at the end (global) |
 */
export const HOOK_EVENTS = [
  'prepare',
  'preapply',
  'presync',
  'preuninstall',
  'postuninstall',
  'postsync',
  'cleanup',
] as const;

export type HookEvent = (typeof HOOK_EVENTS)[number];

/** What happened when one hook ran; passed to the run's observer as it happens. */
export interface HookReport {
  readonly event: HookEvent;
  readonly hook: string;
  /** The release whose hook it is; absent for global hooks. */
  readonly release?: { readonly id: string; readonly name: string; readonly namespace: string };
  /** The state file the hook comes from. */
  readonly stateFile: string;
  readonly command: string;
  readonly args: readonly string[];
  /** `showlogs: true`: the output is meant to be shown. */
  readonly showlogs: boolean;
  /** stdout and stderr as the command wrote them, interleaved. */
  readonly output: string;
  readonly ok: boolean;
  /** Why it failed (exit status, a command that could not be started, a template error). */
  readonly error?: string;
  readonly seconds: number;
}
