import { type GoMember, GoStruct, type GoValue, withGoType } from '../template/value.js';
import { castKeysToStrings, deepCopy, mergeMaps, type ValueMap } from './maputil.js';

/**
 * The environment a state is loaded for (`-e NAME`, default `default`) and
 * the values templates see. helmfile keeps three value layers apart and
 * combines them late:
 *
 * - `defaults`: top-level `values:` of the state files;
 * - `values`: the environment's `values:`/`secrets:` and `--state-values-file`
 *   (lists replace);
 * - `cliOverrides`: `--state-values-set(-string)` (lists merge by index).
 *
 * `.Values` = defaults ⊕ values ⊕ cliOverrides; `.Environment.Values` =
 * values ⊕ cliOverrides.
 */
export interface Environment {
  readonly name: string;
  readonly kubeContext: string;
  readonly values: ValueMap;
  readonly defaults: ValueMap;
  readonly cliOverrides: ValueMap;
}

export const DEFAULT_ENVIRONMENT = 'default';

export function newEnvironment(name: string, kubeContext = ''): Environment {
  return { name, kubeContext, values: new Map(), defaults: new Map(), cliOverrides: new Map() };
}

export function copyEnvironment(e: Environment): Environment {
  return {
    name: e.name,
    kubeContext: e.kubeContext,
    values: deepCopy(e.values),
    defaults: deepCopy(e.defaults),
    cliOverrides: deepCopy(e.cliOverrides),
  };
}

/** helmfile's `Environment.Merge`: `other`'s non-empty name/context win; layers merge (CLI overrides by index). */
export function mergeEnvironments(
  e: Environment | undefined,
  other: Environment | undefined,
): Environment | undefined {
  if (!e) return other ? copyEnvironment(other) : undefined;
  if (!other) return copyEnvironment(e);
  return {
    name: other.name !== '' ? other.name : e.name,
    kubeContext: other.kubeContext !== '' ? other.kubeContext : e.kubeContext,
    values: mergeMaps(e.values, other.values),
    defaults: mergeMaps(e.defaults, other.defaults),
    cliOverrides: mergeMaps(e.cliOverrides, other.cliOverrides, 'merge'),
  };
}

/** `.Values`: defaults ⊕ values ⊕ CLI overrides (helmfile's `GetMergedValues`). */
export function mergedValues(e: Environment): ValueMap {
  let vals = mergeMaps(new Map(), e.defaults);
  vals = mergeMaps(vals, e.values);
  vals = mergeMaps(vals, e.cliOverrides, 'merge');
  return castKeysToStrings(vals);
}

/** `.Environment.Values`: the environment layer with CLI overrides, without the top-level defaults. */
export function environmentValues(e: Environment): ValueMap {
  return mergeMaps(e.values, e.cliOverrides, 'merge');
}

// ------------------------------------------------------------ template data

/** A Go struct for templates: exported fields in declaration order. */
export class TemplateStruct extends GoStruct {
  constructor(
    readonly goType: string,
    private readonly entries: ReadonlyArray<readonly [string, GoValue]>,
  ) {
    super();
  }
  fields(): ReadonlyArray<readonly [string, GoValue]> {
    return this.entries;
  }
  member(name: string): GoMember | undefined {
    const hit = this.entries.find(([k]) => k === name);
    return hit ? { kind: 'field', value: hit[1] } : undefined;
  }
}

/** `environment.Environment` as templates see it (`.Environment.Name`, `.Environment.Values`, …). */
export function environmentStruct(e: Environment, values: ValueMap = e.values): TemplateStruct {
  return new TemplateStruct('environment.Environment', [
    ['Name', e.name],
    ['KubeContext', e.kubeContext],
    ['Values', values],
    ['Defaults', e.defaults],
    ['CLIOverrides', e.cliOverrides],
  ]);
}

/**
 * The data of a state part or an environment values template:
 * `.Environment`, `.Namespace` (the `--namespace` flag), `.Values`, `.StateValues`.
 */
export function environmentTemplateData(e: Environment, namespace: string, values: ValueMap): TemplateStruct {
  return new TemplateStruct('*state.EnvironmentTemplateData', [
    ['Environment', environmentStruct(e, environmentValues(e))],
    ['Namespace', namespace],
    ['Values', values],
    ['StateValues', values],
  ]);
}

/** What `.Release` shows while a release's fields and values templates render. */
export interface ReleaseTemplateInfo {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly chart: string;
  readonly chartVersion: string;
  readonly kubeContext: string;
}

export interface ReleaseTemplateOverrides {
  /** `--kube-context` / top-level `kubeContext:` (`.KubeContext`). */
  readonly kubeContext: string;
  /** `--namespace` / top-level `namespace:` (`.Namespace`). */
  readonly namespace: string;
  /** `--chart` / top-level `chart:` (`.Chart`). */
  readonly chart: string;
}

/** The data of release templates and release values templates. */
export function releaseTemplateData(
  e: Environment,
  values: ValueMap,
  release: ReleaseTemplateInfo,
  overrides: ReleaseTemplateOverrides,
): TemplateStruct {
  const labels = withGoType(new Map<GoValue, GoValue>(Object.entries(release.labels)), 'map[string]string');
  return new TemplateStruct('state.releaseTemplateData', [
    ['Environment', environmentStruct(e)],
    [
      'Release',
      new TemplateStruct('state.releaseTemplateDataRelease', [
        ['Name', release.name],
        ['Namespace', release.namespace],
        ['Labels', labels],
        ['Chart', release.chart],
        ['ChartVersion', release.chartVersion],
        ['KubeContext', release.kubeContext],
      ]),
    ],
    ['Values', values],
    ['StateValues', values],
    ['KubeContext', overrides.kubeContext],
    ['Namespace', overrides.namespace],
    ['Chart', overrides.chart],
  ]);
}
