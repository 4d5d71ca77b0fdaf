import { collectArgs } from './extra-args.js';

/**
 * The release keys (helmfile's `releases[]` names) that shape helm command
 * lines. `undefined` is helmfile's nil: "not set here, fall back to
 * helmDefaults", which is not the same as an explicit `false`.
 */
export interface ReleaseHelmKeys {
  readonly kubeContext?: string;
  readonly devel?: boolean;
  readonly verify?: boolean;
  readonly keyring?: string;
  readonly enableDNS?: boolean;
  readonly wait?: boolean;
  /** Ignored: helm removed `--wait-retries`; helmfile keeps the key and ignores it too. */
  readonly waitRetries?: number;
  readonly waitForJobs?: boolean;
  /** Seconds. */
  readonly timeout?: number;
  readonly recreatePods?: boolean;
  readonly force?: boolean;
  readonly atomic?: boolean;
  readonly rollbackOnFailure?: boolean;
  readonly cleanupOnFail?: boolean;
  readonly forceConflicts?: boolean;
  readonly historyMax?: number;
  readonly createNamespace?: boolean;
  readonly reuseValues?: boolean;
  readonly disableOpenAPIValidation?: boolean;
  readonly disableValidation?: boolean;
  readonly description?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly apiVersions?: readonly string[];
  readonly kubeVersion?: string;
  readonly insecureSkipTLSVerify?: boolean;
  readonly plainHttp?: boolean;
  readonly adopt?: readonly string[];
  readonly postRenderer?: string;
  readonly skipSchemaValidation?: boolean;
  readonly postRendererArgs?: readonly string[];
  readonly cascade?: string;
  readonly deleteWait?: boolean;
  /** Seconds. */
  readonly deleteTimeout?: number;
  readonly syncReleaseLabels?: boolean;
  readonly takeOwnership?: boolean;
  /** `"true"`, `"false"` or `"auto"` (helm 4). */
  readonly serverSide?: string;
  /** `helm` (default), `helm-legacy` (helm 4 `--wait=legacy`) or `kubedog`. */
  readonly trackMode?: string;
}

/** The `helmDefaults` keys that shape helm command lines. */
export interface HelmDefaultsKeys {
  readonly kubeContext?: string;
  readonly args?: readonly string[];
  readonly syncArgs?: readonly string[];
  readonly templateArgs?: readonly string[];
  readonly verify?: boolean;
  readonly keyring?: string;
  readonly enableDNS?: boolean;
  readonly skipSchemaValidation?: boolean;
  readonly devel?: boolean;
  readonly wait?: boolean;
  readonly waitRetries?: number;
  readonly waitForJobs?: boolean;
  readonly timeout?: number;
  readonly recreatePods?: boolean;
  readonly force?: boolean;
  readonly atomic?: boolean;
  readonly rollbackOnFailure?: boolean;
  readonly cleanupOnFail?: boolean;
  readonly forceConflicts?: boolean;
  readonly historyMax?: number;
  readonly createNamespace?: boolean;
  readonly skipCRDs?: boolean;
  readonly reuseValues?: boolean;
  readonly postRenderer?: string;
  readonly postRendererArgs?: readonly string[];
  readonly cascade?: string;
  readonly disableValidation?: boolean;
  readonly disableOpenAPIValidation?: boolean;
  readonly insecureSkipTLSVerify?: boolean;
  readonly plainHttp?: boolean;
  readonly deleteWait?: boolean;
  readonly deleteTimeout?: number;
  readonly syncReleaseLabels?: boolean;
  readonly takeOwnership?: boolean;
  readonly serverSide?: string;
  readonly trackMode?: string;
}

/** The repository a `repo/chart` release comes from (helmfile's `repositories[]` entry), when there is one. */
export interface RepositoryHelmKeys {
  readonly verify?: boolean;
  readonly keyring?: string;
  readonly skipTLSVerify?: boolean;
  readonly plainHttp?: boolean;
}

/** Command-line flags of `helmfire sync/apply/template/destroy` that override state keys (helmfile's names). */
export interface CliHelmOverrides {
  readonly kubeContext?: string;
  /** `--args`: free text for every helm call. */
  readonly args?: string;
  /** `--sync-args`: replaces `helmDefaults.syncArgs`. */
  readonly syncArgs?: string;
  /** `--template-args`: replaces `helmDefaults.templateArgs`. */
  readonly templateArgs?: string;
  readonly wait?: boolean;
  readonly waitForJobs?: boolean;
  /** Seconds; 0 or absent keeps the state's timeout. */
  readonly timeout?: number;
  readonly skipCRDs?: boolean;
  readonly reuseValues?: boolean;
  readonly resetValues?: boolean;
  readonly postRenderer?: string;
  readonly postRendererArgs?: readonly string[];
  readonly skipSchemaValidation?: boolean;
  readonly description?: string;
  readonly cascade?: string;
  readonly hideNotes?: boolean;
  readonly takeOwnership?: boolean;
  readonly serverSide?: string;
  readonly syncReleaseLabels?: boolean;
  readonly trackMode?: string;
  readonly kubeVersion?: string;
  /**
   * helmfile's global `--oci-plain-http`: OCI registries are spoken to over
   * plain HTTP. Turns on `plainHttp` for a release whose chart is an OCI
   * chart (see `ociChart`); local charts' `dependency build` takes it
   * separately (`DependencyBuildFlags.ociPlainHttp`).
   */
  readonly ociPlainHttp?: boolean;
}

/** State-level settings around the release. */
export interface StateHelmContext {
  /** The selected environment's `kubeContext`. */
  readonly environmentKubeContext?: string;
  /** Top-level `apiVersions` / `kubeVersion` of the state file. */
  readonly apiVersions?: readonly string[];
  readonly kubeVersion?: string;
  readonly repository?: RepositoryHelmKeys;
  readonly cli?: CliHelmOverrides;
  /** The release's chart comes from an OCI registry (`oci://…` or an `oci: true` repository). */
  readonly ociChart?: boolean;
}

/**
 * One release's helm settings with helmDefaults, the repository, the
 * environment and the command line applied exactly as helmfile applies
 * them. Everything the argument builders need; nothing left to fall back on.
 */
export interface EffectiveOptions {
  readonly kubeContext?: string;
  readonly devel: boolean;
  readonly verify: boolean;
  readonly keyring?: string;
  readonly enableDNS: boolean;
  readonly wait: boolean;
  readonly waitForJobs: boolean;
  readonly trackMode: string;
  /** Seconds; absent = helm's default (5m). */
  readonly timeout?: number;
  readonly recreatePods: boolean;
  readonly force: boolean;
  readonly forceConflicts: boolean;
  readonly atomic: boolean;
  readonly rollbackOnFailure: boolean;
  readonly cleanupOnFail: boolean;
  readonly historyMax: number;
  readonly createNamespace: boolean;
  readonly skipCRDs: boolean;
  /** `true` → `--reuse-values`, `false` → `--reset-values` (one of them is always passed on upgrade). */
  readonly reuseValues: boolean;
  readonly disableValidation: boolean;
  readonly disableOpenAPIValidation: boolean;
  readonly skipSchemaValidation: boolean;
  readonly insecureSkipTLSVerify: boolean;
  readonly plainHttp: boolean;
  readonly postRenderer?: string;
  readonly postRendererArgs: readonly string[];
  readonly description?: string;
  readonly takeOwnership: boolean;
  readonly serverSide?: string;
  /** Where `serverSide` came from: helm 3 rejects it from the state but ignores the command line's. */
  readonly serverSideFrom?: 'release' | 'cli' | 'helmDefaults';
  readonly hideNotes: boolean;
  /** The release's labels to store on the helm release (`syncReleaseLabels`), or none. */
  readonly syncLabels?: Readonly<Record<string, string>>;
  readonly cascade?: string;
  readonly deleteWait: boolean;
  readonly deleteTimeout?: number;
  readonly apiVersions: readonly string[];
  readonly kubeVersion?: string;
  readonly adopt: readonly string[];
  /** `--args` then `helmDefaults.args`, split as helmfile splits them. Appended to every release command. */
  readonly extraArgs: readonly string[];
  readonly syncArgs: readonly string[];
  readonly templateArgs: readonly string[];
}

/** helm's own default for `--history-max`, which helmfile always passes explicitly. */
export const DEFAULT_HISTORY_MAX = 10;

/**
 * Applies helmDefaults (and the repository, environment and command line) to
 * a release the way helmfile does. The precedence differs from key to key;
 * helmfile's quirks are kept on purpose, because users rely on them:
 *
 * - a pointer key set on the release wins, else helmDefaults
 *   (`devel`, `enableDNS`, `force`, `atomic`, `historyMax`, `createNamespace` (default true), …);
 * - `wait`, `waitForJobs`: release `true`, or the CLI flag, or (release unset and) helmDefaults;
 *   a release `false` does not beat the CLI's `--wait`;
 * - `skipSchemaValidation`, `takeOwnership`, `syncReleaseLabels`: any of release `true`, CLI, helmDefaults
 *   `true` — a release `false` does not beat helmDefaults `true`;
 * - `timeout`: CLI (> 0), else release, else helmDefaults;
 * - `postRenderer`, `postRendererArgs`, `cascade`, `serverSide`: release, else CLI, else helmDefaults;
 * - `description`: CLI, else release;
 * - `verify`, `keyring`: release, else repository, else helmDefaults;
 *   `plainHttp`, `insecureSkipTLSVerify`: any of release, helmDefaults, repository;
 *   `plainHttp` also from the CLI's `--oci-plain-http` when the chart is an OCI chart;
 * - `kubeContext`: CLI, else release, else environment, else helmDefaults;
 * - `kubeVersion`: CLI, else release, else state; `apiVersions`: release (non-empty), else state;
 * - `skipCRDs` exists only in helmDefaults and on the CLI;
 * - `reuseValues`: `--reset-values` on the CLI wins, else release/helmDefaults or `--reuse-values`.
 */
export function effectiveOptions(
  release: ReleaseHelmKeys,
  defaults: HelmDefaultsKeys = {},
  context: StateHelmContext = {},
): EffectiveOptions {
  const cli = context.cli ?? {};
  const repo = context.repository;
  const pick = <T>(r: T | undefined, d: T | undefined, zero: T): T => (r !== undefined ? r : (d ?? zero));
  const trueWins = (r: boolean | undefined, c: boolean | undefined, d: boolean | undefined) =>
    r === true || c === true || d === true;
  const waitLike = (r: boolean | undefined, c: boolean | undefined, d: boolean | undefined) =>
    r === true || c === true || (r === undefined && d === true);
  const firstString = (...xs: (string | undefined)[]) => xs.find((x) => x !== undefined && x !== '');
  const firstList = (...xs: (readonly string[] | undefined)[]) =>
    xs.find((x) => x !== undefined && x.length > 0) ?? [];

  const timeout =
    cli.timeout !== undefined && cli.timeout > 0 ? cli.timeout : pick(release.timeout, defaults.timeout, 0);

  const serverSideFrom = firstString(release.serverSide)
    ? 'release'
    : firstString(cli.serverSide)
      ? 'cli'
      : firstString(defaults.serverSide)
        ? 'helmDefaults'
        : undefined;
  const serverSide =
    serverSideFrom === 'release'
      ? release.serverSide
      : serverSideFrom === 'cli'
        ? cli.serverSide
        : serverSideFrom === 'helmDefaults'
          ? defaults.serverSide
          : undefined;

  const reuseValues =
    cli.resetValues !== true &&
    (pick(release.reuseValues, defaults.reuseValues, false) || cli.reuseValues === true);

  const syncReleaseLabels = trueWins(
    release.syncReleaseLabels,
    cli.syncReleaseLabels,
    defaults.syncReleaseLabels,
  );
  const deleteWait = pick(release.deleteWait, defaults.deleteWait, false);
  const deleteTimeout = pick(release.deleteTimeout, defaults.deleteTimeout, 0);

  const syncArgs = cli.syncArgs
    ? collectArgs(cli.syncArgs)
    : defaults.syncArgs
      ? collectArgs(defaults.syncArgs.join(' '))
      : [];
  const templateArgs = cli.templateArgs
    ? collectArgs(cli.templateArgs)
    : defaults.templateArgs
      ? collectArgs(defaults.templateArgs.join(' '))
      : [];

  return {
    kubeContext: firstString(
      cli.kubeContext,
      release.kubeContext,
      context.environmentKubeContext,
      defaults.kubeContext,
    ),
    devel: pick(release.devel, defaults.devel, false),
    verify: release.verify !== undefined ? release.verify : repo?.verify === true || defaults.verify === true,
    keyring: firstString(release.keyring, repo?.keyring, defaults.keyring),
    enableDNS: pick(release.enableDNS, defaults.enableDNS, false),
    wait: waitLike(release.wait, cli.wait, defaults.wait),
    waitForJobs: waitLike(release.waitForJobs, cli.waitForJobs, defaults.waitForJobs),
    trackMode: firstString(release.trackMode, cli.trackMode, defaults.trackMode) ?? 'helm',
    timeout: timeout > 0 ? timeout : undefined,
    recreatePods: pick(release.recreatePods, defaults.recreatePods, false),
    force: pick(release.force, defaults.force, false),
    forceConflicts: pick(release.forceConflicts, defaults.forceConflicts, false),
    atomic: pick(release.atomic, defaults.atomic, false),
    rollbackOnFailure: pick(release.rollbackOnFailure, defaults.rollbackOnFailure, false),
    cleanupOnFail: pick(release.cleanupOnFail, defaults.cleanupOnFail, false),
    historyMax: pick(release.historyMax, defaults.historyMax, DEFAULT_HISTORY_MAX),
    createNamespace: pick(release.createNamespace, defaults.createNamespace, true),
    skipCRDs: defaults.skipCRDs === true || cli.skipCRDs === true,
    reuseValues,
    disableValidation: pick(release.disableValidation, defaults.disableValidation, false),
    disableOpenAPIValidation: pick(
      release.disableOpenAPIValidation,
      defaults.disableOpenAPIValidation,
      false,
    ),
    skipSchemaValidation: trueWins(
      release.skipSchemaValidation,
      cli.skipSchemaValidation,
      defaults.skipSchemaValidation,
    ),
    insecureSkipTLSVerify:
      release.insecureSkipTLSVerify === true ||
      defaults.insecureSkipTLSVerify === true ||
      repo?.skipTLSVerify === true,
    plainHttp:
      release.plainHttp === true ||
      defaults.plainHttp === true ||
      repo?.plainHttp === true ||
      (cli.ociPlainHttp === true && context.ociChart === true),
    postRenderer: firstString(release.postRenderer, cli.postRenderer, defaults.postRenderer),
    postRendererArgs: firstList(
      release.postRendererArgs,
      cli.postRendererArgs,
      defaults.postRendererArgs,
    ).filter((a) => a !== ''),
    description: firstString(cli.description, release.description),
    takeOwnership: trueWins(release.takeOwnership, cli.takeOwnership, defaults.takeOwnership),
    serverSide,
    serverSideFrom,
    hideNotes: cli.hideNotes === true,
    syncLabels: syncReleaseLabels ? { ...release.labels } : undefined,
    cascade: firstString(release.cascade, cli.cascade, defaults.cascade),
    deleteWait,
    deleteTimeout: deleteWait && deleteTimeout > 0 ? deleteTimeout : undefined,
    apiVersions: firstList(release.apiVersions, context.apiVersions),
    kubeVersion: firstString(cli.kubeVersion, release.kubeVersion, context.kubeVersion),
    adopt: release.adopt ?? [],
    extraArgs: [
      ...(cli.args ? collectArgs(cli.args) : []),
      ...(defaults.args && defaults.args.length > 0 ? collectArgs(defaults.args.join(' ')) : []),
    ],
    syncArgs,
    templateArgs,
  };
}
