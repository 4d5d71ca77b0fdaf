import type { GoValue } from '../template/value.js';

/**
 * The state file as written: one interface per helmfile spec struct, keyed by
 * the YAML key. A key that is absent holds Go's zero value; `undefined` on a
 * `?:` field whose Go type is a pointer (`*bool`, `*int`, `*string`) means nil,
 * which helmfile distinguishes from an explicit `false`/`0`/`""`.
 *
 * The field order of each interface is helmfile's struct order; `schema.ts`
 * describes the same fields for decoding, merging and printing, and the
 * compiler checks that the two agree key for key.
 */

export interface MissingFileHandlerConfig {
  ignoreMissingGitBranch?: boolean;
}

export interface EnvironmentSpec {
  /** Values files (paths or globs, relative to the state file) and inline maps, in order. */
  values?: GoValue[];
  /** sops-encrypted values files. */
  secrets?: string[];
  kubeContext?: string;
  /** Pointer: `Error` (default), `Warn`, `Info`, `Debug`. */
  missingFileHandler?: string;
  missingFileHandlerConfig?: MissingFileHandlerConfig;
  /** `override` (default: later files win) or `fallback` (earlier files win). */
  mergeStrategy?: string;
}

export interface HelmSpec {
  kubeContext?: string;
  args?: string[];
  diffArgs?: string[];
  syncArgs?: string[];
  templateArgs?: string[];
  verify?: boolean;
  keyring?: string;
  enableDNS?: boolean;
  skipSchemaValidation?: boolean;
  devel?: boolean;
  wait?: boolean;
  waitRetries?: number;
  waitForJobs?: boolean;
  timeout?: number;
  recreatePods?: boolean;
  force?: boolean;
  atomic?: boolean;
  rollbackOnFailure?: boolean;
  cleanupOnFail?: boolean;
  forceConflicts?: boolean;
  historyMax?: number;
  /** Pointer; nil means true (helm's `--create-namespace` is passed by default). */
  createNamespace?: boolean;
  skipCRDs?: boolean;
  skipDeps?: boolean;
  skipRefresh?: boolean;
  reuseValues?: boolean;
  postRenderer?: string;
  postRendererArgs?: string[];
  cascade?: string;
  suppressOutputLineRegex?: string[];
  disableAutoDetectedKubeVersionForDiff?: boolean;
  disableValidation?: boolean;
  disableOpenAPIValidation?: boolean;
  insecureSkipTLSVerify?: boolean;
  plainHttp?: boolean;
  deleteWait?: boolean;
  deleteTimeout?: number;
  syncReleaseLabels?: boolean;
  takeOwnership?: boolean;
  serverSide?: string;
  trackMode?: string;
  helmStuckGrace?: number;
}

export interface RepositorySpec {
  name?: string;
  url?: string;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  username?: string;
  password?: string;
  registryConfig?: string;
  managed?: string;
  oci?: boolean;
  verify?: boolean;
  keyring?: string;
  passCredentials?: boolean;
  skipTLSVerify?: boolean;
  plainHttp?: boolean;
}

export interface InheritSpec {
  template?: string;
  except?: string[];
}

/** `set`, `setString`, `setTemplate`, `env` entries. */
export interface SetValueSpec {
  name?: string;
  value?: string;
  file?: string;
  values?: GoValue[];
}

export interface DependencySpec {
  chart?: string;
  version?: string;
  alias?: string;
}

export interface HookSpec {
  name?: string;
  events?: string[];
  command?: string;
  kubectlApply?: Record<string, string>;
  args?: string[];
  showlogs?: boolean;
}

export interface TrackResourceSpec {
  kind?: string;
  name?: string;
  namespace?: string;
}

export interface ReleaseSpec {
  chart?: string;
  chartPath?: string;
  directory?: string;
  version?: string;
  verify?: boolean;
  keyring?: string;
  enableDNS?: boolean;
  devel?: boolean;
  wait?: boolean;
  waitRetries?: number;
  waitForJobs?: boolean;
  timeout?: number;
  recreatePods?: boolean;
  force?: boolean;
  installed?: boolean;
  updateStrategy?: string;
  atomic?: boolean;
  rollbackOnFailure?: boolean;
  cleanupOnFail?: boolean;
  forceConflicts?: boolean;
  historyMax?: number;
  condition?: string;
  createNamespace?: boolean;
  reuseValues?: boolean;
  disableOpenAPIValidation?: boolean;
  disableValidation?: boolean;
  disableValidationOnInstall?: boolean;
  missingFileHandler?: string;
  missingFileHandlerConfig?: MissingFileHandlerConfig;
  needs?: string[];
  hooks?: HookSpec[];
  unitTests?: string[];
  name?: string;
  description?: string;
  namespace?: string;
  labels?: Record<string, string>;
  values?: GoValue[];
  secrets?: GoValue[];
  set?: SetValueSpec[];
  setString?: SetValueSpec[];
  valuesTemplate?: GoValue[];
  setTemplate?: SetValueSpec[];
  apiVersions?: string[];
  kubeVersion?: string;
  env?: SetValueSpec[];
  valuesPathPrefix?: string;
  kubeContext?: string;
  insecureSkipTLSVerify?: boolean;
  plainHttp?: boolean;
  verifyTemplate?: string;
  waitTemplate?: string;
  installedTemplate?: string;
  conditionTemplate?: string;
  dependencies?: DependencySpec[];
  jsonPatches?: GoValue[];
  strategicMergePatches?: GoValue[];
  transformers?: GoValue[];
  adopt?: string[];
  forceGoGetter?: boolean;
  forceNamespace?: string;
  skipDeps?: boolean;
  skipRefresh?: boolean;
  postRenderer?: string;
  skipSchemaValidation?: boolean;
  postRendererArgs?: string[];
  cascade?: string;
  suppressOutputLineRegex?: string[];
  disableAutoDetectedKubeVersionForDiff?: boolean;
  inherit?: InheritSpec[];
  suppressDiff?: boolean;
  deleteWait?: boolean;
  deleteTimeout?: number;
  syncReleaseLabels?: boolean;
  takeOwnership?: boolean;
  serverSide?: string;
  trackMode?: string;
  trackTimeout?: number;
  trackLogs?: boolean;
  trackFailedLogs?: boolean;
  helmStuckGrace?: number;
  trackKinds?: string[];
  skipKinds?: string[];
  trackResources?: TrackResourceSpec[];
  kubedogQPS?: number;
  kubedogBurst?: number;
  trackFailOnError?: boolean;
}

export interface SubHelmfileSpec {
  /** File, directory or glob, relative to the parent state file. */
  path?: string;
  /** `undefined` (nil) inherits the parent's selectors; `[]` selects everything. */
  selectors?: string[];
  selectorsInherited?: boolean;
  /** Parent settings handed down: repositories, helmDefaults, commonLabels, apiVersions, kubeVersion, templates, environments. */
  inherits?: string[];
  /** State values for the sub-helmfile (files or inline maps). */
  values?: GoValue[];
}

export interface LlmConfig {
  baseURL?: string;
  apiKey?: string;
  model?: string;
  /** A Go duration (`30s`), kept as written. */
  timeout?: string;
  maxTokens?: number;
  temperature?: number;
}

/** A whole state file (`ReleaseSetSpec`). */
export interface ReleaseSetSpec {
  helmBinary?: string;
  kustomizeBinary?: string;
  /** Top-level state values (files and inline maps): the defaults under every environment. */
  values?: GoValue[];
  environments?: Record<string, EnvironmentSpec>;
  bases?: string[];
  helmDefaults?: HelmSpec;
  helmfiles?: SubHelmfileSpec[];
  kubeContext?: string;
  namespace?: string;
  chart?: string;
  repositories?: RepositorySpec[];
  commonLabels?: Record<string, string>;
  releases?: ReleaseSpec[];
  llm?: LlmConfig;
  apiVersions?: string[];
  kubeVersion?: string;
  hooks?: HookSpec[];
  templates?: Record<string, ReleaseSpec>;
  defaultInherit?: string[];
  missingFileHandler?: string;
  missingFileHandlerConfig?: MissingFileHandlerConfig;
  lockFilePath?: string;
}
