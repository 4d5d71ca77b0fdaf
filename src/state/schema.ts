import type {
  DependencySpec,
  EnvironmentSpec,
  HelmSpec,
  HookSpec,
  InheritSpec,
  LlmConfig,
  MissingFileHandlerConfig,
  ReleaseSetSpec,
  ReleaseSpec,
  RepositorySpec,
  SetValueSpec,
  SubHelmfileSpec,
  TrackResourceSpec,
} from './spec.js';

/**
 * The state schema: for every helmfile spec struct, its fields in helmfile's
 * declaration order with their Go kind and whether they are `omitempty`. One
 * table drives strict decoding (unknown keys, types), layering (mergo rules
 * depend on the Go kind) and printing (`build`, in struct order, omitting what
 * Go omits).
 */

export type ScalarKind = 'string' | 'bool' | 'int' | 'float32' | 'duration';

export type FieldKind =
  /** Go value type: absent = zero value. */
  | { readonly k: 'scalar'; readonly t: ScalarKind }
  /** Go pointer to a scalar: absent = nil. */
  | { readonly k: 'ptr'; readonly t: ScalarKind }
  /** `[]string` */
  | { readonly k: 'strings' }
  /** `[]interface{}` */
  | { readonly k: 'anys' }
  /** `map[string]string` */
  | { readonly k: 'labels' }
  | { readonly k: 'struct'; readonly of: StructSchema }
  /** Pointer to a struct: absent = nil. */
  | { readonly k: 'ptrStruct'; readonly of: StructSchema }
  | { readonly k: 'list'; readonly of: StructSchema }
  | { readonly k: 'map'; readonly of: StructSchema }
  /** `releases[].inherit`: a list of {template, except}, or (deprecated) one such map. */
  | { readonly k: 'inherits' }
  /** `defaultInherit`: a list of template names or one name; blank names dropped. */
  | { readonly k: 'defaultInherit' }
  /** `helmfiles`: each entry a path string or a map. */
  | { readonly k: 'helmfiles' };

export interface FieldDef {
  readonly kind: FieldKind;
  /** Printed only when not Go's zero value. */
  readonly omitempty: boolean;
}

export interface StructSchema<T = unknown> {
  /** The Go type, as yaml.v3 names it in messages (`state.ReleaseSpec`). */
  readonly goType: string;
  /** What a user calls it in messages (`release`). */
  readonly noun: string;
  readonly fields: { readonly [K in keyof Required<T>]: FieldDef };
}

const def = (kind: FieldKind, omitempty = true): FieldDef => ({ kind, omitempty });
const str = (omit = true) => def({ k: 'scalar', t: 'string' }, omit);
const bool = (omit = true) => def({ k: 'scalar', t: 'bool' }, omit);
const int = (omit = true) => def({ k: 'scalar', t: 'int' }, omit);
const pBool = () => def({ k: 'ptr', t: 'bool' });
const pInt = () => def({ k: 'ptr', t: 'int' });
const pStr = () => def({ k: 'ptr', t: 'string' });
const strs = (omit = true) => def({ k: 'strings' }, omit);
const anys = () => def({ k: 'anys' });
const labels = (omit = true) => def({ k: 'labels' }, omit);

export const missingFileHandlerConfigSchema: StructSchema<MissingFileHandlerConfig> = {
  goType: 'state.MissingFileHandlerConfig',
  noun: 'missingFileHandlerConfig',
  fields: { ignoreMissingGitBranch: bool() },
};

const pMfhc = () => def({ k: 'ptrStruct', of: missingFileHandlerConfigSchema });

export const environmentSchema: StructSchema<EnvironmentSpec> = {
  goType: 'state.EnvironmentSpec',
  noun: 'environment',
  fields: {
    values: anys(),
    secrets: strs(),
    kubeContext: str(),
    missingFileHandler: pStr(),
    missingFileHandlerConfig: pMfhc(),
    mergeStrategy: str(),
  },
};

export const helmSpecSchema: StructSchema<HelmSpec> = {
  goType: 'state.HelmSpec',
  noun: 'helmDefaults',
  fields: {
    kubeContext: str(),
    args: strs(),
    diffArgs: strs(),
    syncArgs: strs(),
    templateArgs: strs(),
    verify: bool(false),
    keyring: str(),
    enableDNS: bool(false),
    skipSchemaValidation: pBool(),
    devel: bool(false),
    wait: bool(false),
    waitRetries: int(false),
    waitForJobs: bool(false),
    timeout: int(false),
    recreatePods: bool(false),
    force: bool(false),
    atomic: bool(false),
    rollbackOnFailure: bool(false),
    cleanupOnFail: bool(),
    forceConflicts: bool(false),
    historyMax: pInt(),
    createNamespace: pBool(),
    skipCRDs: bool(),
    skipDeps: bool(false),
    skipRefresh: bool(false),
    reuseValues: bool(false),
    postRenderer: pStr(),
    postRendererArgs: strs(),
    cascade: pStr(),
    suppressOutputLineRegex: strs(),
    disableAutoDetectedKubeVersionForDiff: pBool(),
    disableValidation: pBool(),
    disableOpenAPIValidation: pBool(),
    insecureSkipTLSVerify: bool(),
    plainHttp: bool(),
    deleteWait: bool(),
    deleteTimeout: int(),
    syncReleaseLabels: pBool(),
    takeOwnership: pBool(),
    serverSide: pStr(),
    trackMode: str(),
    helmStuckGrace: int(),
  },
};

export const repositorySchema: StructSchema<RepositorySpec> = {
  goType: 'state.RepositorySpec',
  noun: 'repository',
  fields: {
    name: str(),
    url: str(),
    caFile: str(),
    certFile: str(),
    keyFile: str(),
    username: str(),
    password: str(),
    registryConfig: str(),
    managed: str(),
    oci: bool(),
    verify: bool(),
    keyring: str(),
    passCredentials: bool(),
    skipTLSVerify: bool(),
    plainHttp: bool(),
  },
};

export const inheritSchema: StructSchema<InheritSpec> = {
  goType: 'state.Inherit',
  noun: 'inherit',
  fields: { template: str(), except: strs() },
};

export const setValueSchema: StructSchema<SetValueSpec> = {
  goType: 'state.SetValue',
  noun: 'set value',
  fields: { name: str(), value: str(), file: str(), values: anys() },
};

export const dependencySchema: StructSchema<DependencySpec> = {
  goType: 'state.Dependency',
  noun: 'dependency',
  fields: { chart: str(false), version: str(false), alias: str(false) },
};

export const hookSchema: StructSchema<HookSpec> = {
  goType: 'event.Hook',
  noun: 'hook',
  fields: {
    name: str(false),
    events: strs(false),
    command: str(false),
    kubectlApply: labels(),
    args: strs(false),
    showlogs: bool(false),
  },
};

export const trackResourceSchema: StructSchema<TrackResourceSpec> = {
  goType: 'state.TrackResourceSpec',
  noun: 'track resource',
  fields: { kind: str(), name: str(), namespace: str() },
};

const list = (of: StructSchema, omitempty = true): FieldDef => def({ k: 'list', of }, omitempty);

function releaseFields(): StructSchema<ReleaseSpec>['fields'] {
  return {
    chart: str(),
    chartPath: str(),
    directory: str(),
    version: str(),
    verify: pBool(),
    keyring: str(),
    enableDNS: pBool(),
    devel: pBool(),
    wait: pBool(),
    waitRetries: pInt(),
    waitForJobs: pBool(),
    timeout: pInt(),
    recreatePods: pBool(),
    force: pBool(),
    installed: pBool(),
    updateStrategy: str(),
    atomic: pBool(),
    rollbackOnFailure: pBool(),
    cleanupOnFail: pBool(),
    forceConflicts: pBool(),
    historyMax: pInt(),
    condition: str(),
    createNamespace: pBool(),
    reuseValues: pBool(),
    disableOpenAPIValidation: pBool(),
    disableValidation: pBool(),
    disableValidationOnInstall: pBool(),
    missingFileHandler: pStr(),
    missingFileHandlerConfig: pMfhc(),
    needs: strs(),
    hooks: list(hookSchema),
    unitTests: strs(),
    name: str(),
    description: str(),
    namespace: str(),
    labels: labels(),
    values: anys(),
    secrets: anys(),
    set: list(setValueSchema),
    setString: list(setValueSchema),
    valuesTemplate: anys(),
    setTemplate: list(setValueSchema),
    apiVersions: strs(),
    kubeVersion: str(),
    env: list(setValueSchema),
    valuesPathPrefix: str(),
    kubeContext: str(),
    insecureSkipTLSVerify: bool(),
    plainHttp: bool(),
    verifyTemplate: pStr(),
    waitTemplate: pStr(),
    installedTemplate: pStr(),
    conditionTemplate: pStr(),
    dependencies: list(dependencySchema),
    jsonPatches: anys(),
    strategicMergePatches: anys(),
    transformers: anys(),
    adopt: strs(),
    forceGoGetter: bool(),
    forceNamespace: str(),
    skipDeps: pBool(),
    skipRefresh: pBool(),
    postRenderer: pStr(),
    skipSchemaValidation: pBool(),
    postRendererArgs: strs(),
    cascade: pStr(),
    suppressOutputLineRegex: strs(),
    disableAutoDetectedKubeVersionForDiff: pBool(),
    inherit: def({ k: 'inherits' }),
    suppressDiff: pBool(),
    deleteWait: pBool(),
    deleteTimeout: pInt(),
    syncReleaseLabels: pBool(),
    takeOwnership: pBool(),
    serverSide: pStr(),
    trackMode: str(),
    trackTimeout: pInt(),
    trackLogs: pBool(),
    trackFailedLogs: pBool(),
    helmStuckGrace: pInt(),
    trackKinds: strs(),
    skipKinds: strs(),
    trackResources: list(trackResourceSchema),
    kubedogQPS: def({ k: 'ptr', t: 'float32' }),
    kubedogBurst: pInt(),
    trackFailOnError: pBool(),
  };
}

export const releaseSchema: StructSchema<ReleaseSpec> = {
  goType: 'state.ReleaseSpec',
  noun: 'release',
  fields: releaseFields(),
};

/** `templates.NAME`: a release spec used through `inherit`. */
export const templateSchema: StructSchema<ReleaseSpec> = {
  goType: 'state.TemplateSpec',
  noun: 'release template',
  fields: releaseFields(),
};

export const subHelmfileSchema: StructSchema<SubHelmfileSpec> = {
  goType: 'state.SubHelmfileSpec',
  noun: 'sub-helmfile',
  fields: { path: str(), selectors: strs(), selectorsInherited: bool(), inherits: strs(), values: anys() },
};

export const llmSchema: StructSchema<LlmConfig> = {
  goType: 'llm.Config',
  noun: 'llm',
  fields: {
    baseURL: str(),
    apiKey: str(),
    model: str(),
    timeout: def({ k: 'scalar', t: 'duration' }),
    maxTokens: int(),
    temperature: def({ k: 'scalar', t: 'float32' }),
  },
};

export const releaseSetSchema: StructSchema<ReleaseSetSpec> = {
  goType: 'state.HelmState',
  noun: 'state file',
  fields: {
    helmBinary: str(),
    kustomizeBinary: str(),
    values: anys(),
    environments: def({ k: 'map', of: environmentSchema }),
    bases: strs(),
    helmDefaults: def({ k: 'struct', of: helmSpecSchema }),
    helmfiles: def({ k: 'helmfiles' }),
    kubeContext: str(),
    namespace: str(),
    chart: str(),
    repositories: list(repositorySchema),
    commonLabels: labels(),
    releases: list(releaseSchema),
    llm: def({ k: 'struct', of: llmSchema }),
    apiVersions: strs(),
    kubeVersion: str(),
    hooks: list(hookSchema),
    templates: def({ k: 'map', of: templateSchema }, false),
    defaultInherit: def({ k: 'defaultInherit' }),
    missingFileHandler: pStr(),
    missingFileHandlerConfig: pMfhc(),
    lockFilePath: str(),
  },
};

/** The keys of a struct, in declaration order. */
export function fieldNames(schema: StructSchema): string[] {
  return Object.keys(schema.fields);
}

/** Field definition by YAML key. */
export function fieldOf(schema: StructSchema, key: string): FieldDef | undefined {
  return Object.hasOwn(schema.fields, key) ? (schema.fields as Record<string, FieldDef>)[key] : undefined;
}

/** Go's spelling of a field's type, for messages (`*bool`, `[]string`, `map[string]string`). */
export function goTypeName(kind: FieldKind): string {
  switch (kind.k) {
    case 'scalar':
      return kind.t === 'duration' ? 'time.Duration' : kind.t;
    case 'ptr':
      return `*${kind.t}`;
    case 'strings':
      return '[]string';
    case 'anys':
      return '[]interface {}';
    case 'labels':
      return 'map[string]string';
    case 'struct':
      return kind.of.goType;
    case 'ptrStruct':
      return `*${kind.of.goType}`;
    case 'list':
      return `[]${kind.of.goType}`;
    case 'map':
      return `map[string]${kind.of.goType}`;
    case 'inherits':
      return 'state.Inherits';
    case 'defaultInherit':
      return 'state.DefaultInherits';
    case 'helmfiles':
      return '[]state.SubHelmfileSpec';
  }
}
