import { environmentStruct, environmentValues, TemplateStruct } from '../state/environment.js';
import type { ResolvedRelease, ResolvedState } from '../state/model.js';
import type { ReleaseSpec } from '../state/spec.js';
import { type GoMember, GoStruct, type GoValue, withGoType } from '../template/value.js';
import type { HookEvent } from './types.js';

/**
 * The data a hook's `command` and `args` are rendered with, as helmfile
 * builds it: a `map[string]interface {}` (so a missing key is an error under
 * `missingkey=error`) holding
 *
 * - `.Environment` (`.Environment.Name`, `.KubeContext`, `.Values`),
 * - `.Namespace` (`--namespace`),
 * - `.Event.Name` and `.Event.Error` (the release's error for `postsync`, the
 *   run's first error for the global `cleanup`; nil otherwise),
 * - `.HelmfileCommand` (`sync`, `apply`, `destroy`, `test`, …),
 * - for a release's hooks also `.Release` (the release spec after templating:
 *   `.Release.Name`, `.Namespace`, `.Chart`, `.Version`, `.Labels`, …) and
 *   `.Values` (the state values).
 */
export function hookTemplateData(
  state: ResolvedState,
  event: HookEvent,
  command: string,
  opts: { readonly release?: ResolvedRelease; readonly error?: string } = {},
): Map<GoValue, GoValue> {
  const data = new Map<GoValue, GoValue>([
    ['Environment', environmentStruct(state.environment, environmentValues(state.environment))],
    ['Namespace', state.overrides.namespace],
    ['Event', eventStruct(event, opts.error)],
    ['HelmfileCommand', command],
  ]);
  if (opts.release) {
    data.set('Values', state.values);
    data.set('Release', releaseSpecStruct(opts.release));
  }
  return data;
}

function eventStruct(name: HookEvent, error: string | undefined): TemplateStruct {
  return new TemplateStruct('event.event', [
    ['Name', name],
    ['Error', error === undefined ? null : new RunError(error)],
  ]);
}

/** A Go `error` value: prints as its message, and is non-nil in `{{ if .Event.Error }}`. */
class RunError extends GoStruct {
  readonly goType = '*errors.errorString';
  constructor(private readonly message: string) {
    super();
  }
  fields(): ReadonlyArray<readonly [string, GoValue]> {
    return [];
  }
  member(_name: string): GoMember | undefined {
    return undefined;
  }
  override errorString(): string {
    return this.message;
  }
}

const strings = (xs: readonly string[] | undefined): GoValue[] => withGoType([...(xs ?? [])], '[]string');
const optional = (v: GoValue | undefined): GoValue => (v === undefined ? null : v);

/** `*state.ReleaseSpec` as hooks see it: helmfile's field names, unset optional fields nil. */
function releaseSpecStruct(r: ResolvedRelease): TemplateStruct {
  const s: ReleaseSpec = r.spec;
  const labels = withGoType(new Map<GoValue, GoValue>(Object.entries(r.labels)), 'map[string]string');
  return new TemplateStruct('*state.ReleaseSpec', [
    ['Chart', r.chart],
    ['ChartPath', s.chartPath ?? ''],
    ['Directory', s.directory ?? ''],
    ['Version', r.version],
    ['Verify', optional(s.verify)],
    ['Keyring', s.keyring ?? ''],
    ['Devel', optional(s.devel)],
    ['Wait', optional(s.wait)],
    ['WaitForJobs', optional(s.waitForJobs)],
    ['Timeout', s.timeout === undefined ? null : BigInt(s.timeout)],
    ['RecreatePods', optional(s.recreatePods)],
    ['Force', optional(s.force)],
    ['Installed', optional(s.installed)],
    ['UpdateStrategy', s.updateStrategy ?? ''],
    ['Atomic', optional(s.atomic)],
    ['CleanupOnFail', optional(s.cleanupOnFail)],
    ['HistoryMax', s.historyMax === undefined ? null : BigInt(s.historyMax)],
    ['Condition', s.condition ?? ''],
    ['CreateNamespace', optional(s.createNamespace)],
    ['Needs', strings(s.needs)],
    ['Name', r.name],
    ['Description', s.description ?? ''],
    ['Namespace', r.namespace],
    ['Labels', labels],
    ['Values', withGoType([...(s.values ?? [])], '[]interface {}')],
    ['Secrets', withGoType([...(s.secrets ?? [])], '[]interface {}')],
    ['ApiVersions', strings(s.apiVersions)],
    ['KubeVersion', s.kubeVersion ?? ''],
    ['KubeContext', r.kubeContext],
    ['InsecureSkipTLSVerify', s.insecureSkipTLSVerify ?? false],
    ['PlainHttp', s.plainHttp ?? false],
  ]);
}
