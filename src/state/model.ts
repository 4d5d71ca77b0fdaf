import type { GoValue } from '../template/value.js';
import type { PlanNode } from './dag.js';
import type { Environment } from './environment.js';
import type { ValueMap } from './maputil.js';
import type {
  HelmSpec,
  HookSpec,
  ReleaseSetSpec,
  ReleaseSpec,
  RepositorySpec,
  SetValueSpec,
} from './spec.js';

/**
 * helmfire's desired state: what every command after loading works from.
 *
 * A run loads one or more state files (the `-f` file, every file of
 * `helmfile.d/`, and their `helmfiles:` sub-helmfiles). Each becomes a
 * `ResolvedState` with its own environment values, repositories,
 * helmDefaults and release plan, because helmfile processes each state file
 * on its own; `DesiredState.states` lists them in helmfile's processing order
 * (sub-helmfiles before the file that lists them) and `DesiredState.releases`
 * flattens their selected releases in the same order.
 */
export interface DesiredState {
  /** `-e`. */
  readonly environment: string;
  readonly states: readonly ResolvedState[];
  /** Selected releases of all states, in processing order. */
  readonly releases: readonly ResolvedRelease[];
  /** Repositories of all states, the first definition of a name winning. */
  readonly repositories: readonly Repository[];
}

export interface ResolvedState {
  /** Absolute path of the state file. */
  readonly file: string;
  /** Directory its relative paths resolve against. */
  readonly baseDir: string;
  /** How it was found: the one file named (or defaulted), one of several (`helmfile.d/`, a directory or glob), or a sub-helmfile. */
  readonly origin: 'single' | 'multiple' | 'nested';
  /** The selectors applied to this state (from `-l` or `helmfiles[].selectors`). */
  readonly selectors: readonly string[];
  readonly environment: Environment;
  /** `.Values` of this state (defaults ⊕ environment ⊕ CLI overrides). */
  readonly values: ValueMap;
  readonly helmDefaults: HelmSpec;
  readonly repositories: readonly Repository[];
  readonly helmBinary: string;
  readonly kustomizeBinary: string;
  readonly apiVersions: readonly string[];
  readonly kubeVersion: string;
  readonly lockFilePath: string;
  /** Global hooks (`hooks:` at the top level). */
  readonly hooks: readonly HookSpec[];
  /** CLI/top-level overrides in effect: `--kube-context`/`kubeContext:`, `--namespace`/`namespace:`, `--chart`/`chart:`. */
  readonly overrides: { readonly kubeContext: string; readonly namespace: string; readonly chart: string };
  /** Every release of the file after templating, overrides and implicit labels (selected or not). */
  readonly allReleases: readonly ResolvedRelease[];
  /**
   * The releases `-l` keeps, in definition order (helmfile applies `condition:`
   * together with selectors only: without selectors every release is here, and
   * commands that act skip the ones not `enabled`, as `planState` does).
   */
  readonly releases: readonly ResolvedRelease[];
  /** The needs graph over `allReleases` (id → needed ids), in definition order; see `planState`. */
  readonly dag: readonly PlanNode[];
  /** The merged spec (all parts, bases, inherited settings) with releases resolved: what `build` prints. */
  readonly spec: ReleaseSetSpec;
}

/** A values entry of a release, in order: a file (path as written, and resolved) or inline values. */
export type ValuesSource =
  | { readonly kind: 'file'; readonly path: string; readonly absPath: string }
  | { readonly kind: 'inline'; readonly values: GoValue };

export interface ResolvedRelease {
  /** `[kubeContext/][namespace/]name`, the key of `needs` and of the plan. */
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  readonly kubeContext: string;
  /** Chart reference as written (`repo/name`, `oci://…`, a path). */
  readonly chart: string;
  /** `-c/--chart`: the chart deployed instead of `chart` (which `list` and labels still show, as helmfile). */
  readonly chartOverride?: string;
  readonly version: string;
  /** Labels including commonLabels and the implicit `name`, `namespace`, `chart`. */
  readonly labels: Readonly<Record<string, string>>;
  /** `installed:` (default true); false means helmfire uninstalls it if present. */
  readonly installed: boolean;
  /** `condition:` evaluated against the state values (true when there is none). */
  readonly enabled: boolean;
  /** `values:` entries in order (valuesTemplate results first). */
  readonly values: readonly ValuesSource[];
  readonly secrets: readonly ValuesSource[];
  readonly set: readonly SetValueSpec[];
  readonly setString: readonly SetValueSpec[];
  /** Normalised ids of the releases this one needs. */
  readonly needs: readonly string[];
  readonly hooks: readonly HookSpec[];
  /** The state file that defines it. */
  readonly stateFile: string;
  /** The complete release spec after templating: every helm option (wait, timeout, atomic, …) for the helm argument builder. */
  readonly spec: ReleaseSpec;
}

/** A chart repository with credentials resolved (fields, else `<NAME>_USERNAME`/`<NAME>_PASSWORD`). */
export interface Repository extends RepositorySpec {
  readonly name: string;
  readonly url: string;
  readonly oci: boolean;
}
