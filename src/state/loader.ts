import { posix } from 'node:path';
import type { GoValue } from '../template/value.js';
import { preparedForBuild, withBuildChartPath } from './chart-path.js';
import { parseStateValuesSet, parseStateValuesSetString } from './cli-values.js';
import { conditionEnabled } from './condition.js';
import { normalizeNeed, releaseId } from './dag.js';
import { findStateFiles } from './discover.js';
import { loadValuesEntries } from './env-values.js';
import { DEFAULT_ENVIRONMENT, type Environment, newEnvironment } from './environment.js';
import {
  DuplicateReleaseError,
  OverrideConflictError,
  SelectorError,
  StateError,
  UndefinedEnvironmentError,
} from './errors.js';
import { FileLoader, type LoadedFile } from './file-loader.js';
import type { StateHost } from './host.js';
import { buildInheritedConfig, type InheritedConfig, mergeInherited } from './inherits.js';
import { mergeMaps, type ValueMap } from './maputil.js';
import type { DesiredState, Repository, ResolvedRelease, ResolvedState, ValuesSource } from './model.js';
import { executeReleaseTemplates } from './release-templates.js';
import { defaultRenderer, type TemplateRenderer } from './render.js';
import { anySelectorMatches, parseSelector, selectorsCompatible, withImplicitLabels } from './selector.js';
import type { ReleaseSetSpec, ReleaseSpec, RepositorySpec } from './spec.js';

/**
 * The state engine's entry point: finds the state files, loads each (with
 * its sub-helmfiles first, as helmfile processes them), resolves releases and
 * returns the desired state. All I/O goes through the injected host.
 */

export interface LoadStateOptions {
  /** `-f`: file, directory or glob. Default: HELMFILE_FILE_PATH, else helmfile.yaml / .gotmpl / helmfile.d. */
  readonly file?: string;
  /** `-e`. Default: HELMFILE_ENVIRONMENT, else `default`. */
  readonly environment?: string;
  /** `-l`, one entry per flag. */
  readonly selectors?: readonly string[];
  /** `--namespace`. */
  readonly namespace?: string;
  /** `--kube-context`. */
  readonly kubeContext?: string;
  /** `--chart`. */
  readonly chart?: string;
  readonly stateValuesSet?: readonly string[];
  readonly stateValuesSetString?: readonly string[];
  readonly stateValuesFile?: readonly string[];
  /** `--helm-binary` (overrides `helmBinary:` unless it is "helm"). */
  readonly helmBinary?: string;
  readonly kustomizeBinary?: string;
}

export interface StateLoaderOptions {
  readonly renderer?: TemplateRenderer;
}

interface VisitOptions {
  /** Directory state values files (`--state-values-file`, `helmfiles[].values`) are relative to. */
  readonly calleeDir: string;
  /** True for sub-helmfiles (their values are relative to the parent's directory). */
  readonly nested: boolean;
  readonly overrideValues?: readonly GoValue[];
  /** Where overrideValues come from, for messages (`--state-values-file`, `<parent>: helmfiles[0].values`). */
  readonly overrideSource?: string;
  readonly cliSet?: ValueMap;
  readonly selectors: readonly string[];
  readonly inherited?: InheritedConfig;
  readonly parentRepoNames?: readonly string[];
}

export class StateLoader {
  constructor(
    private readonly host: StateHost,
    private readonly options: StateLoaderOptions = {},
  ) {}

  /**
   * Loads everything `opts` names. Throws StateError subclasses. When no
   * release matches (`releases` is empty), helmfile fails with
   * NoMatchingReleaseError; callers decide (see src/api/state.ts).
   */
  async load(opts: LoadStateOptions = {}): Promise<DesiredState> {
    const environment = opts.environment || this.host.env('HELMFILE_ENVIRONMENT') || DEFAULT_ENVIRONMENT;
    // A fresh default renderer per load: it caches directory listings.
    const renderer = this.options.renderer ?? defaultRenderer(this.host);
    const run = new Run(this.host, renderer, opts, environment);
    const file = opts.file || this.host.env('HELMFILE_FILE_PATH') || undefined;
    const selectors = [...(opts.selectors ?? [])];
    for (const s of selectors) parseSelector(s);
    const cliSet = mergeMaps(
      parseStateValuesSetString(opts.stateValuesSetString ?? []),
      parseStateValuesSet(opts.stateValuesSet ?? []),
    );
    await run.visit(file, this.host.cwd, {
      calleeDir: this.host.cwd,
      nested: false,
      ...(opts.stateValuesFile?.length
        ? { overrideValues: [...opts.stateValuesFile], overrideSource: '--state-values-file' }
        : {}),
      ...(cliSet.size > 0 ? { cliSet } : {}),
      selectors,
    });
    const releases = run.states.flatMap((s) => s.releases);
    const repositories: Repository[] = [];
    const seen = new Set<string>();
    for (const r of run.states.flatMap((s) => s.repositories)) {
      if (!seen.has(r.name)) {
        seen.add(r.name);
        repositories.push(r);
      }
    }
    return { environment, states: run.states, releases, repositories };
  }
}

/** One run over the state files. */
class Run {
  readonly states: ResolvedState[] = [];
  private readonly files: FileLoader;

  constructor(
    private readonly host: StateHost,
    private readonly renderer: TemplateRenderer,
    private readonly opts: LoadStateOptions,
    private readonly environment: string,
  ) {
    this.files = new FileLoader({
      host,
      renderer,
      environment,
      namespace: opts.namespace ?? '',
      renderYaml: host.env('HELMFILE_RENDER_YAML') === 'true',
    });
  }

  /** helmfile's visitStates: loads each file, its sub-helmfiles first. */
  async visit(fileOrDir: string | undefined, cwd: string, vopts: VisitOptions): Promise<void> {
    const files = findStateFiles(this.host, fileOrDir, cwd);
    for (const f of files) {
      // helmfile resolves --state-values-file against the state file's directory when it loads a single
      // file, against the working directory for several (helmfile.d), against the parent for sub-helmfiles.
      const calleeDir = vopts.nested || files.length > 1 ? vopts.calleeDir : posix.dirname(f);
      const loaded = await this.loadState(f, { ...vopts, calleeDir });
      if (!loaded) continue;
      await this.visitNested(loaded, vopts);
      this.resolve(
        loaded,
        vopts.selectors,
        vopts.nested ? 'nested' : files.length > 1 ? 'multiple' : 'single',
      );
    }
  }

  /** Loads one state file with CLI/parent state values; undefined when the environment is not defined in it. */
  private async loadState(
    path: string,
    vopts: VisitOptions,
  ): Promise<{ file: LoadedFile; spec: ReleaseSetSpec; overrides: ResolvedState['overrides'] } | undefined> {
    let overrides: Environment | undefined;
    if (vopts.overrideValues || vopts.cliSet) {
      overrides = newEnvironment(this.environment);
      const vctx = { host: this.host, renderer: this.renderer, baseDir: vopts.calleeDir, stateFile: path };
      const values = vopts.overrideValues
        ? loadValuesEntries(vctx, vopts.overrideValues, {
            env: undefined,
            envName: this.environment,
            source: vopts.overrideSource,
          })
        : new Map();
      const cli = vopts.cliSet
        ? loadValuesEntries(vctx, [vopts.cliSet], { env: undefined, envName: this.environment })
        : new Map();
      overrides = { ...overrides, values, cliOverrides: cli };
    }
    let file: LoadedFile;
    try {
      file = await this.files.load(path, vopts.inherited?.env, overrides);
    } catch (err) {
      // helmfile skips a state file that does not define the selected environment.
      if (err instanceof UndefinedEnvironmentError) {
        this.host.warn?.(err.message);
        return undefined;
      }
      throw err;
    }
    (file.spec.helmfiles ?? []).forEach((h, i) => {
      if (h.path === path) {
        throw new StateError(
          'STATE_INVALID',
          `${path} contains a recursion into the same sub-helmfile at helmfiles[${i}]`,
        );
      }
      if (h.path === posix.dirname(path)) {
        throw new StateError(
          'STATE_INVALID',
          `${path} contains a recursion into the the directory containing this helmfile at helmfiles[${i}]`,
        );
      }
    });
    let spec = mergeInherited(file.spec, vopts.inherited);
    warnUninheritedRepos(this.host, spec, vopts.parentRepoNames ?? []);
    const pick = (cli: string | undefined, own: string | undefined, flag: string, attr: string): string => {
      if (cli) {
        if (own)
          throw new OverrideConflictError(
            `err: Cannot use option --${flag} and set attribute ${attr}. (in ${path})`,
          );
        return cli;
      }
      return own ?? '';
    };
    const kubeContext = pick(this.opts.kubeContext, spec.kubeContext, 'kube-context', 'kubeContext');
    const namespace = pick(this.opts.namespace, spec.namespace, 'namespace', 'namespace');
    const chart = pick(this.opts.chart, spec.chart, 'chart', 'chart');
    // The flags become the file's own kubeContext/namespace/chart settings (as `build` shows).
    if (this.opts.kubeContext) {
      spec = { ...spec, kubeContext, helmDefaults: { ...(spec.helmDefaults ?? {}), kubeContext } };
    }
    if (this.opts.namespace) spec = { ...spec, namespace };
    if (this.opts.chart) spec = { ...spec, chart };
    if (this.opts.helmBinary && this.opts.helmBinary !== 'helm')
      spec = { ...spec, helmBinary: this.opts.helmBinary };
    if (this.opts.kustomizeBinary && this.opts.kustomizeBinary !== 'kustomize') {
      spec = { ...spec, kustomizeBinary: this.opts.kustomizeBinary };
    }
    return { file, spec, overrides: { kubeContext, namespace, chart } };
  }

  /** `helmfiles:` entries, in order, before the parent's own releases. */
  private async visitNested(
    loaded: { file: LoadedFile; spec: ReleaseSetSpec },
    vopts: VisitOptions,
  ): Promise<void> {
    const parentRepoNames = (loaded.spec.repositories ?? []).map((r) => r.name ?? '');
    const cliSelectors = this.opts.selectors ?? [];
    for (const [i, m] of (loaded.spec.helmfiles ?? []).entries()) {
      for (const s of m.selectors ?? []) {
        try {
          parseSelector(s);
        } catch (err) {
          if (err instanceof SelectorError)
            throw new SelectorError(`${loaded.file.path}: helmfiles[${i}].selectors: ${err.message}`);
          throw err;
        }
      }
      if (
        cliSelectors.length > 0 &&
        (m.selectors?.length ?? 0) > 0 &&
        !m.selectorsInherited &&
        !selectorsCompatible(cliSelectors, m.selectors ?? [])
      ) {
        continue;
      }
      const experimental = this.host.env('HELMFILE_EXPERIMENTAL') ?? '';
      const explicit = experimental === 'true' || experimental.includes('explicit-selector-inheritance');
      const selectors =
        (m.selectors === undefined && !explicit) || m.selectorsInherited
          ? vopts.selectors
          : (m.selectors ?? []);
      const nested: VisitOptions = {
        calleeDir: loaded.file.baseDir,
        nested: true,
        ...(m.values?.length
          ? { overrideValues: m.values, overrideSource: `${loaded.file.path}: helmfiles[${i}].values` }
          : {}),
        selectors,
        parentRepoNames,
        ...((m.inherits?.length ?? 0) > 0
          ? { inherited: buildInheritedConfig(loaded.spec, loaded.file.env, m.inherits ?? []) }
          : {}),
      };
      await this.visit(m.path, loaded.file.baseDir, nested);
    }
  }

  /** Templates, overrides, labels and selection of one loaded state; records it. */
  private resolve(
    loaded: { file: LoadedFile; spec: ReleaseSetSpec; overrides: ResolvedState['overrides'] },
    selectorTexts: readonly string[],
    origin: ResolvedState['origin'],
  ): void {
    const { file, spec, overrides } = loaded;
    const { releases: templated, templates } = executeReleaseTemplates(spec, {
      renderer: this.renderer,
      env: file.env,
      values: file.values,
      overrides,
      file: file.path,
      baseDir: file.baseDir,
      onTemplateLeak: (l) =>
        this.host.warn?.(
          `${file.path}: release "${l.release}" changed ${l.field} of template "${l.template}" from ${JSON.stringify(l.from)} to ${JSON.stringify(l.to)} for the releases after it (helmfile shares template values this way; set ${l.field} on each release to avoid it)`,
        ),
    });
    const withOverrides = templated.map((r) => {
      const out: ReleaseSpec = { ...r };
      if (overrides.kubeContext) out.kubeContext = overrides.kubeContext;
      if (overrides.namespace) out.namespace = overrides.namespace;
      if (out.needs) {
        out.needs = out.needs.map((n) =>
          normalizeNeed(n, { namespace: out.namespace ?? '', kubeContext: out.kubeContext ?? '' }),
        );
      }
      return out;
    });
    warnNeedsNotInstalled(this.host, withOverrides);
    const selectors = selectorTexts.map(parseSelector);
    const matches = (r: ResolvedRelease) => selectors.length === 0 || anySelectorMatches(selectors, r.labels);
    const chartCtx = {
      host: this.host,
      stateDir: file.baseDir,
      multiple: origin === 'multiple',
      overrideChart: overrides.chart,
    };
    const all = withOverrides.map((raw) => {
      const loaded = this.toRelease(raw, spec, file);
      const r = overrides.chart ? { ...loaded, chartOverride: overrides.chart } : loaded;
      const printed = withBuildChartPath(
        r.spec,
        r.enabled && matches(r) && preparedForBuild(r.spec),
        chartCtx,
      );
      return printed === r.spec ? r : { ...r, spec: printed };
    });
    // As in helmfile, labels and conditions filter only when selectors are given; without any,
    // every release is kept (a release whose condition is false shows as not enabled).
    const selected = selectors.length > 0 ? all.filter((r) => matches(r) && r.enabled) : all;
    checkDuplicates(selected);
    const finalSpec: ReleaseSetSpec = { ...spec, releases: selected.map((r) => r.spec) };
    if (spec.templates) finalSpec.templates = templates;
    this.states.push({
      file: file.path,
      baseDir: file.baseDir,
      origin,
      selectors: selectorTexts,
      environment: file.env,
      values: file.values,
      helmDefaults: spec.helmDefaults ?? {},
      repositories: (spec.repositories ?? []).map((r) => resolveRepository(r, this.host)),
      helmBinary: spec.helmBinary ?? 'helm',
      kustomizeBinary: spec.kustomizeBinary ?? 'kustomize',
      apiVersions: spec.apiVersions ?? [],
      kubeVersion: spec.kubeVersion ?? '',
      lockFilePath: spec.lockFilePath ?? '',
      hooks: spec.hooks ?? [],
      overrides,
      allReleases: all,
      releases: selected,
      dag: all.map((r) => ({ id: r.id, needs: r.needs })),
      spec: finalSpec,
    });
  }

  private toRelease(r: ReleaseSpec, spec: ReleaseSetSpec, file: LoadedFile): ResolvedRelease {
    const name = r.name ?? '';
    const namespace = r.namespace ?? '';
    const kubeContext = r.kubeContext ?? '';
    const chart = r.chart ?? '';
    const labels = withImplicitLabels(r.labels ?? {}, spec.commonLabels ?? {}, { name, namespace, chart });
    const source = (v: GoValue): ValuesSource =>
      typeof v === 'string'
        ? {
            kind: 'file',
            path: v,
            absPath: posix.isAbsolute(v) ? v : posix.join(file.baseDir, (r.valuesPathPrefix ?? '') + v),
          }
        : { kind: 'inline', values: v };
    return {
      id: releaseId({ name, namespace, kubeContext }),
      name,
      namespace,
      kubeContext,
      chart,
      version: r.version ?? '',
      labels,
      installed: r.installed ?? true,
      enabled: conditionEnabled(r, file.values, file.path),
      values: (r.values ?? []).map(source),
      secrets: (r.secrets ?? []).map(source),
      set: r.set ?? [],
      setString: r.setString ?? [],
      needs: r.needs ?? [],
      hooks: r.hooks ?? [],
      stateFile: file.path,
      spec: { ...r, labels },
    };
  }
}

/** A repository with credentials from `<NAME>_USERNAME`/`<NAME>_PASSWORD` when the fields are empty. */
export function resolveRepository(r: RepositorySpec, host: StateHost): Repository {
  const envName = (r.name ?? '').replaceAll('-', '_').toUpperCase();
  const username = r.username || host.env(`${envName}_USERNAME`) || '';
  const password = r.password || host.env(`${envName}_PASSWORD`) || '';
  return {
    ...r,
    name: r.name ?? '',
    url: r.url ?? '',
    oci: r.oci ?? false,
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
  };
}

function checkDuplicates(releases: readonly ResolvedRelease[]): void {
  const counts = new Map<string, { r: ResolvedRelease; n: number }>();
  for (const r of releases) {
    const key = JSON.stringify([r.namespace, r.name, r.kubeContext]);
    const hit = counts.get(key);
    if (hit) hit.n++;
    else counts.set(key, { r, n: 1 });
  }
  for (const { r, n } of counts.values()) {
    if (n < 2) continue;
    let where = '';
    if (r.namespace) where += ` in namespace ${JSON.stringify(r.namespace)}`;
    if (r.kubeContext) where += ` in kubecontext ${JSON.stringify(r.kubeContext)}`;
    throw new DuplicateReleaseError(
      `duplicate release ${JSON.stringify(r.name)} found${where}: there were ${n} releases named "${r.name}" matching specified selector` +
        ` (in ${r.stateFile}; give all but one another name, namespace or kubeContext)`,
    );
  }
}

function warnNeedsNotInstalled(host: StateHost, releases: readonly ReleaseSpec[]): void {
  const installed = new Map(
    releases.map((r) => [
      releaseId({ name: r.name ?? '', namespace: r.namespace ?? '', kubeContext: r.kubeContext ?? '' }),
      r.installed ?? true,
    ]),
  );
  for (const r of releases) {
    if (r.installed === false) continue;
    for (const n of r.needs ?? []) {
      if (installed.get(n) === false) {
        const name = n.split('/').pop()!;
        host.warn?.(
          `WARNING: release ${r.name} needs ${name}, but ${name} is not installed due to installed: false. Either mark ${name} as installed or remove ${name} from ${r.name}'s needs`,
        );
      }
    }
  }
}

function warnUninheritedRepos(
  host: StateHost,
  spec: ReleaseSetSpec,
  parentRepoNames: readonly string[],
): void {
  if (parentRepoNames.length === 0) return;
  const parent = new Set(parentRepoNames);
  const own = new Set((spec.repositories ?? []).map((r) => r.name ?? ''));
  const warned = new Set<string>();
  for (const r of spec.releases ?? []) {
    const parts = (r.chart ?? '').split('/');
    if (parts.length < 2 || parts[0] === '') continue;
    const repo = parts[0]!;
    if (repo.includes(':') || repo === '.' || repo === '..') continue;
    if (parent.has(repo) && !own.has(repo) && !warned.has(repo)) {
      warned.add(repo);
      host.warn?.(
        `release ${JSON.stringify(r.name ?? '')} references repository ${JSON.stringify(repo)} which is available in the parent helmfile but not inherited. Add "inherits: [repositories]" to this sub-helmfile entry, or declare the repository here.`,
      );
    }
  }
}
