import { HelmOptionsError, HelmUnsupportedError } from './args-errors.js';
import type { EffectiveOptions } from './options.js';

/**
 * Shared vocabulary of the helm argument builders: who helm is, which
 * release, which chart and values. The builders are pure: data in, argv out;
 * what helm cannot do raises a typed error before anything runs.
 */

/** The helm binary the argv is for. A `HelmInfo` from `detectHelm` fits. */
export interface HelmTarget {
  readonly major: 3 | 4;
  /** e.g. `v3.18.0`; gates flags that appeared within a major. Absent = a current release of the major. */
  readonly version?: string;
}

/** The cluster connection of a release query. */
export interface Connection {
  readonly kubeContext?: string;
  readonly kubeconfig?: string;
}

/** A release to query (status, history, …): its name, namespace and cluster. */
export interface ReleaseRef extends Connection {
  readonly name: string;
  readonly namespace?: string;
}

/**
 * A release to act on. Its kube context is the effective option's
 * (`EffectiveOptions.kubeContext`), so it is not repeated here.
 */
export interface ReleaseTarget {
  readonly name: string;
  readonly namespace?: string;
  /** helmfire's `--kubeconfig`, passed to helm as is. */
  readonly kubeconfig?: string;
}

/** One `set:` / `setString:` entry as written in the state (helmfile's SetValue). */
export interface SetItem {
  readonly name: string;
  /** Used when non-empty. */
  readonly value?: string;
  /** `--set-file name=path` (only for `set`). */
  readonly file?: string;
  /** A list: `--set name={a,b}`. Items are already formatted as Go's `%v` prints them. */
  readonly values?: readonly string[];
}

/** The resolved inputs of `upgrade --install` and `template`. */
export interface ChartInputs extends ReleaseTarget {
  /** What helm gets as CHART: `repo/chart`, `oci://…`, or a local directory. */
  readonly chart: string;
  /** Version constraint; an OCI digest suffix (`1.2.3@sha256:…`) is not passed to `--version`. */
  readonly version?: string;
  /**
   * The chart is pulled from an OCI registry (default: `chart` starts with
   * `oci://`). helmfile verifies OCI charts when it pulls them, not on upgrade.
   */
  readonly oci?: boolean;
  /** Values files in order (`--values`), already rendered/decrypted to files. */
  readonly valuesFiles?: readonly string[];
  readonly set?: readonly SetItem[];
  readonly setString?: readonly SetItem[];
  /** Command-line `--values` of helmfire, after the release's own. */
  readonly extraValuesFiles?: readonly string[];
  /** Command-line `--set` of helmfire (`k=v` as typed), after the release's own. */
  readonly extraSet?: readonly string[];
}

/** A command line plus what helm reads on stdin (passwords go there, never into argv). */
export interface HelmCommand {
  readonly args: readonly string[];
  readonly input?: string;
}

/** `version` (e.g. `v3.18.0+g…`) is at least `min` (`3.13.0`); an unknown version counts as new enough. */
export function atLeast(helm: HelmTarget, min: string): boolean {
  if (!helm.version) return true;
  const have = parseVersion(helm.version);
  const want = parseVersion(min);
  if (!have || !want) return true;
  for (let i = 0; i < 3; i++) {
    const a = have[i] as number;
    const b = want[i] as number;
    if (a !== b) return a > b;
  }
  return true;
}

function parseVersion(v: string): [number, number, number] | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : undefined;
}

/** `--kube-context` and `--kubeconfig` when set. */
export function connectionFlags(c: Connection): string[] {
  const out: string[] = [];
  if (c.kubeContext) out.push('--kube-context', c.kubeContext);
  if (c.kubeconfig) out.push('--kubeconfig', c.kubeconfig);
  return out;
}

export function namespaceFlags(namespace: string | undefined): string[] {
  return namespace ? ['--namespace', namespace] : [];
}

/** Seconds → helm's duration (`300s`); nothing for 0 / absent. */
export function timeoutFlags(seconds: number | undefined): string[] {
  return seconds !== undefined && seconds > 0 ? ['--timeout', `${Math.trunc(seconds)}s`] : [];
}

/** `--version` (without an OCI digest) and `--devel`. */
export function versionFlags(version: string | undefined, devel: boolean): string[] {
  const out: string[] = [];
  const v = version?.split('@')[0];
  if (v) out.push('--version', v);
  if (devel) out.push('--devel');
  return out;
}

/**
 * `--wait`. helm 4's `--wait` takes a strategy: helmfire passes `watcher`
 * (what a bare `--wait` means in helm 4, and what helmfile passes), or
 * `legacy` (helm 3's readiness checks) for `trackMode: helm-legacy`. helm 3
 * has only the boolean; there `helm-legacy` is plain `--wait`, as in helmfile.
 */
export function waitFlag(helm: HelmTarget, trackMode: string): string {
  if (helm.major === 3) return '--wait';
  return trackMode === 'helm-legacy' ? '--wait=legacy' : '--wait=watcher';
}

/** Chart download transport: `--plain-http` wins over `--insecure-skip-tls-verify` (helm ignores the latter then). */
export function chartDownloadFlags(
  opts: Pick<EffectiveOptions, 'plainHttp' | 'insecureSkipTLSVerify'>,
): string[] {
  if (opts.plainHttp) return ['--plain-http'];
  if (opts.insecureSkipTLSVerify) return ['--insecure-skip-tls-verify'];
  return [];
}

/**
 * `--post-renderer` / `--post-renderer-args`. helm 3 runs an executable
 * (a name on PATH or a path); helm 4 runs a post-renderer *plugin* by name.
 * As helmfile does, a `*.sh` / `*.bash` script path becomes the plugin of the
 * same base name on helm 4 (`./hack/add-cm.sh` → `add-cm`); any other path is
 * refused on helm 4, where helm could only fail to find such a plugin.
 */
export function postRendererFlags(
  opts: Pick<EffectiveOptions, 'postRenderer' | 'postRendererArgs'>,
  helm: HelmTarget,
): { renderer: string[]; args: string[] } {
  const renderer: string[] = [];
  let name = opts.postRenderer;
  if (name) {
    if (helm.major === 4) {
      const base = name.slice(name.lastIndexOf('/') + 1);
      if (/\.(sh|bash)$/.test(base)) name = base.replace(/\.(sh|bash)$/, '');
      else if (name.includes('/')) {
        throw new HelmUnsupportedError(
          'postRenderer',
          4,
          `"${name}" is a path, but helm 4 post-renderers are plugins: install it as a postrenderer plugin and give its name`,
        );
      }
    }
    renderer.push('--post-renderer', name);
  }
  const args = opts.postRendererArgs.map((a) => `--post-renderer-args=${a}`);
  return { renderer, args };
}

/** helmfile's escaping of `--set` names and values: `{`, `}` and `,` get a backslash. */
export function escapeSetPart(s: string): string {
  return s.replace(/[{},]/g, (c) => `\\${c}`);
}

/**
 * `--set` / `--set-file` / `--set-string` flags for state `set` items, as
 * helmfile writes them: a non-empty `value` wins, then `file` (`set` only),
 * then `values` as a `{a,b}` list. An item with none of them passes nothing.
 */
export function setFlags(items: readonly SetItem[] | undefined, flag: '--set' | '--set-string'): string[] {
  const out: string[] = [];
  for (const it of items ?? []) {
    const name = escapeSetPart(it.name);
    if (it.value !== undefined && it.value !== '') out.push(flag, `${name}=${escapeSetPart(it.value)}`);
    else if (flag === '--set' && it.file) out.push('--set-file', `${name}=${it.file}`);
    else if (it.values && it.values.length > 0) {
      out.push(flag, `${name}={${it.values.map(escapeSetPart).join(',')}}`);
    }
  }
  return out;
}

/** `--namespace`, then values files, `set`, `setString`, then the command line's `--values` and `--set`. */
export function namespaceAndValuesFlags(inputs: ChartInputs): string[] {
  const out = namespaceFlags(inputs.namespace);
  for (const f of inputs.valuesFiles ?? []) out.push('--values', f);
  out.push(...setFlags(inputs.set, '--set'), ...setFlags(inputs.setString, '--set-string'));
  for (const f of inputs.extraValuesFiles ?? []) out.push('--values', f);
  for (const s of inputs.extraSet ?? []) out.push('--set', s);
  return out;
}

/** `adopt` was a helm-x flag; neither helm 3 nor helm 4 accepts `--adopt`. */
export function refuseAdopt(opts: Pick<EffectiveOptions, 'adopt'>, helm: HelmTarget): void {
  if (opts.adopt.length > 0) {
    throw new HelmUnsupportedError(
      'adopt',
      helm.major,
      'helm has no --adopt flag (it came from the helm-x plugin)',
    );
  }
}

const CASCADES = new Set(['background', 'foreground', 'orphan']);

/** `--cascade` for uninstall: helm ≥ 3.12.1 only (older helm 3: dropped, as helmfile drops it). */
export function cascadeFlags(cascade: string | undefined, helm: HelmTarget): string[] {
  if (!cascade) return [];
  if (!CASCADES.has(cascade)) {
    throw new HelmOptionsError(
      'cascade',
      `cascade must be "background", "foreground" or "orphan", not "${cascade}"`,
    );
  }
  return atLeast(helm, '3.12.1') ? ['--cascade', cascade] : [];
}

/** `--force` (helm 3) / `--force-replace` (helm 4), `--force-conflicts` (helm 4), `--recreate-pods` (helm 3). */
export function forceFlags(
  opts: Pick<EffectiveOptions, 'force' | 'forceConflicts' | 'recreatePods'>,
  helm: HelmTarget,
): string[] {
  if (opts.forceConflicts && helm.major === 3) {
    throw new HelmUnsupportedError('forceConflicts', 3, 'it is a helm 4 server-side apply flag');
  }
  if (opts.force && opts.forceConflicts) {
    throw new HelmOptionsError('force', 'force and forceConflicts are mutually exclusive');
  }
  if (opts.recreatePods && helm.major === 4) {
    throw new HelmUnsupportedError('recreatePods', 4, 'helm 4 removed --recreate-pods');
  }
  const out: string[] = [];
  if (opts.force) out.push(helm.major === 4 ? '--force-replace' : '--force');
  if (opts.forceConflicts) out.push('--force-conflicts');
  if (opts.recreatePods) out.push('--recreate-pods');
  return out;
}

const SERVER_SIDE = new Set(['true', 'false', 'auto']);

/**
 * helm 4 `--server-side true|false|auto`. On helm 3 a state `serverSide`
 * is an error and a command-line `--server-side` is ignored, as in helmfile.
 *
 * helm 4 refuses `--force-replace` together with server-side apply, and
 * applies every release it installed server-side; `force` therefore means
 * client-side apply there: helmfire passes `--server-side false` with it
 * (helmfile passes `--force-replace` alone and helm 4 fails the upgrade).
 * `force` with `serverSide: "true"` is a contradiction.
 */
export function serverSideFlags(
  opts: Pick<EffectiveOptions, 'serverSide' | 'serverSideFrom' | 'force'>,
  helm: HelmTarget,
): string[] {
  if (helm.major === 3) {
    if (!opts.serverSide || opts.serverSideFrom === 'cli') return [];
    throw new HelmUnsupportedError('serverSide', 3, 'server-side apply is a helm 4 feature');
  }
  if (opts.serverSide && !SERVER_SIDE.has(opts.serverSide)) {
    throw new HelmOptionsError(
      'serverSide',
      `serverSide must be "true", "false" or "auto", not "${opts.serverSide}"`,
    );
  }
  if (opts.force) {
    if (opts.serverSide === 'true') {
      throw new HelmOptionsError(
        'force',
        'force replaces objects client-side; helm 4 cannot combine it with serverSide: "true"',
      );
    }
    return ['--server-side', 'false'];
  }
  return opts.serverSide ? ['--server-side', opts.serverSide] : [];
}
