import { posix } from 'node:path';
import type { GoValue } from '../template/value.js';
import { YamlError } from '../yaml/index.js';
import { unknownChartPrefixWarnings } from './chart-prefix.js';
import { decodeDocument } from './decode.js';
import {
  DEFAULT_ENVIRONMENT,
  type Environment,
  environmentTemplateData,
  mergedValues,
  mergeEnvironments,
  newEnvironment,
} from './environment.js';
import { loadEnvironment } from './environment-loader.js';
import {
  InvalidStateError,
  type SourceLocation,
  StateError,
  StateFileNotFoundError,
  StateSchemaError,
  StateTemplateError,
  StateYamlError,
  UndefinedEnvironmentError,
} from './errors.js';
import { expandPaths, isRemotePath, similarPath } from './files.js';
import { HostFileNotFound, type StateHost } from './host.js';
import { YamlLocator } from './locate.js';
import type { ValueMap } from './maputil.js';
import { mergeStruct, mergoMergeMaps } from './merge.js';
import { checkPolicy, isTemplateFile, type StatePart, splitParts } from './parts.js';
import type { TemplateRenderer } from './render.js';
import { releaseSetSchema } from './schema.js';
import type { EnvironmentSpec, ReleaseSetSpec } from './spec.js';
import { didYouMean } from './suggest.js';
import { templateHint } from './template-hints.js';
import { yamlHint } from './yaml-hints.js';
import { decodeYamlDocuments } from './yaml-io.js';

/**
 * Loading one state file the way helmfile does: split into `---` parts; each
 * part rendered (`.gotmpl` only) with the environment built by the parts
 * before it, decoded strictly, its `bases:` loaded and layered underneath, its
 * environment values loaded; parts merged in order.
 */

export interface FileLoaderOptions {
  readonly host: StateHost;
  readonly renderer: TemplateRenderer;
  /** `-e`. */
  readonly environment: string;
  /** `--namespace` (what `.Namespace` shows in state templates). */
  readonly namespace: string;
  /** HELMFILE_RENDER_YAML=true: render plain `.yaml` files as templates too. */
  readonly renderYaml: boolean;
}

/** One loaded state file, before release templating. */
export interface LoadedFile {
  /** Absolute path. */
  readonly path: string;
  /** Directory relative paths of this file resolve against. */
  readonly baseDir: string;
  readonly spec: ReleaseSetSpec;
  readonly env: Environment;
  /** `.Values` of this file: defaults ⊕ environment values ⊕ CLI overrides. */
  readonly values: ValueMap;
}

const HELM_BINARY = 'helm';
const KUSTOMIZE_BINARY = 'kustomize';

export const UPDATE_STRATEGIES = ['reinstallIfForbidden'];

export class FileLoader {
  constructor(private readonly opts: FileLoaderOptions) {}

  /**
   * Loads `path` (absolute). `inherited` is an environment handed down
   * (`inherits: [environments]`, or the environment so far when loading a
   * base); `overrides` holds state values from the command line or from
   * `helmfiles[].values`. `base` marks a file listed under `bases:`: its
   * relative paths resolve against the directory of the file listing it, as in
   * helmfile.
   */
  async load(
    path: string,
    inherited: Environment | undefined,
    overrides: Environment | undefined,
    base?: { readonly dir: string },
  ): Promise<LoadedFile> {
    const isBase = base !== undefined;
    const { host } = this.opts;
    let content: string;
    try {
      content = host.readFile(path);
    } catch (err) {
      if (err instanceof HostFileNotFound)
        throw new StateFileNotFoundError(`state file ${path} does not exist`);
      throw err;
    }
    const normalized = content.replaceAll('\r\n', '\n');
    checkPolicy(path, normalized);
    const baseDir = base?.dir ?? posix.dirname(path);
    const hasEnv = inherited !== undefined || overrides !== undefined;
    let env = inherited;
    let final: LoadedFile | undefined;
    const template = isTemplateFile(path, this.opts.renderYaml);

    for (const part of splitParts(normalized)) {
      const text = template ? this.renderPart(path, baseDir, part, env, overrides) : part.text;
      const current = await this.loadPart(
        path,
        baseDir,
        part.index,
        text,
        template ? 0 : part.lineOffset,
        template,
        {
          env,
          overrides,
          isBase,
        },
      );
      if (!final) final = current;
      else {
        final = {
          ...final,
          spec: mergeStruct(final.spec, current.spec, releaseSetSchema, {
            override: true,
            appendSlice: false,
          }),
          env: mergeEnvStructs(final.env, current.env),
          values: current.values,
        };
      }
      env = final.env;
      const envs = final.spec.environments ?? {};
      if (
        !isBase &&
        Object.keys(envs).length > 0 &&
        env.name !== DEFAULT_ENVIRONMENT &&
        !Object.hasOwn(envs, env.name)
      ) {
        throw undefinedEnvironment(env.name, path, Object.keys(envs));
      }
    }
    if (!final) throw new InvalidStateError(`no parts in ${path}`);

    let spec = final.spec;
    if (!isBase) {
      spec = {
        ...spec,
        helmBinary: spec.helmBinary || HELM_BINARY,
        kustomizeBinary: spec.kustomizeBinary || KUSTOMIZE_BINARY,
      };
      const envName = final.env.name;
      if (Object.keys(spec.environments ?? {}).length === 0 && !hasEnv && envName !== DEFAULT_ENVIRONMENT) {
        throw undefinedEnvironment(envName, path, []);
      }
    }
    if (!isBase) for (const w of unknownChartPrefixWarnings(host, spec, path)) host.warn?.(w);
    (spec.releases ?? []).forEach((r, i) => {
      if (r.updateStrategy && !UPDATE_STRATEGIES.includes(r.updateStrategy)) {
        throw new InvalidStateError(
          `failed to read ${path}: updateStrategy "${r.updateStrategy}" is invalid, valid values are: ${UPDATE_STRATEGIES.join(', ')} or not set (release "${r.name ?? i}")`,
        );
      }
    });
    return { ...final, spec };
  }

  /** Renders one `.gotmpl` part with the environment so far. */
  private renderPart(
    path: string,
    baseDir: string,
    part: StatePart,
    env: Environment | undefined,
    overrides: Environment | undefined,
  ): string {
    let renderEnv: Environment;
    let values: ValueMap;
    if (!env && !overrides) {
      renderEnv = newEnvironment(this.opts.environment);
      values = new Map();
    } else {
      renderEnv = mergeEnvironments(env, overrides)!;
      values = mergedValues(renderEnv);
    }
    const data = environmentTemplateData(renderEnv, this.opts.namespace, values);
    try {
      return this.opts.renderer.render(part.text, data, {
        baseDir,
        name: 'stringTemplate',
      });
    } catch (err) {
      if (err instanceof StateError) throw err;
      const message = (err as Error).message;
      // Go reports positions inside the part (`template: stringTemplate:3:21: …`); point at the file instead.
      const m = /^template: stringTemplate:(\d+)(?::(\d+))?:/.exec(message);
      const pos = m
        ? partPosition(part.text, message, Number(m[1]), m[2] ? Number(m[2]) : undefined)
        : undefined;
      const loc: SourceLocation = pos
        ? { file: path, ...pos, line: pos.line + part.lineOffset }
        : { file: path };
      const hint = templateHint(message, data as GoValue);
      throw new StateTemplateError(
        `error during ${posix.basename(path)}.part.${part.index} parsing: ${message}${hint ? ` (${hint})` : ''}`,
        loc,
        {
          cause: err,
        },
      );
    }
  }

  /** Decodes one (rendered) part, layers its bases under it and loads its environment values. */
  private async loadPart(
    path: string,
    baseDir: string,
    partIndex: number,
    text: string,
    lineOffset: number,
    rendered: boolean,
    ctx: { env: Environment | undefined; overrides: Environment | undefined; isBase: boolean },
  ): Promise<LoadedFile> {
    let spec = this.parse(path, partIndex, text, lineOffset, rendered);
    const merged = mergeEnvironments(ctx.env, ctx.overrides);
    if (ctx.isBase) {
      if ((spec.bases?.length ?? 0) > 0) {
        throw new InvalidStateError(
          'nested `base` helmfile is unsupported. please submit a feature request if you need this!',
          { file: path },
        );
      }
    } else if ((spec.bases?.length ?? 0) > 0) {
      spec = await this.layerBases(spec, baseDir, merged, path);
    }
    const env = await loadEnvironment(
      { host: this.opts.host, renderer: this.opts.renderer, baseDir, stateFile: path },
      spec,
      this.opts.environment,
      merged,
    );
    const spec2: ReleaseSetSpec = { ...spec };
    if (spec2.helmfiles) spec2.helmfiles = this.expandHelmfiles(spec2, baseDir, path);
    return { path, baseDir, spec: spec2, env, values: mergedValues(env) };
  }

  /** Strictly decodes every document of a part and merges them (lists appended). */
  private parse(
    path: string,
    partIndex: number,
    text: string,
    lineOffset: number,
    rendered: boolean,
  ): ReleaseSetSpec {
    let docs: GoValue[];
    try {
      docs = decodeYamlDocuments(text, path);
    } catch (err) {
      // helmfile's hint, shown only when the text looks like a template that was not rendered.
      const hint =
        !rendered && text.includes('{{')
          ? ' (Started seeing this since Helmfile v1? Add the .gotmpl file extension)'
          : '';
      const parserPos = err instanceof YamlError ? err.position : undefined;
      const msg = err instanceof YamlError ? err.goMessage : (err as Error).message;
      const better = yamlHint(msg, text, parserPos?.line);
      const pos = better?.line !== undefined ? { line: better.line, column: better.column } : parserPos;
      const loc: SourceLocation = {
        file: path,
        ...(pos
          ? { line: pos.line + lineOffset, ...(pos.column !== undefined ? { column: pos.column } : {}) }
          : {}),
        ...(rendered ? { rendered: true, part: partIndex } : {}),
      };
      throw new StateYamlError(`${msg}${better ? ` (${better.hint})` : ''}${hint}`, loc, { cause: err });
    }
    const locator = new YamlLocator(text);
    let spec: ReleaseSetSpec = {};
    docs.forEach((doc, docIndex) => {
      const { value, issues } = decodeDocument(doc, releaseSetSchema, {
        file: path,
        part: partIndex,
        rendered,
        docIndex,
        locator,
        lineOffset,
        ...(this.opts.host.warn ? { warn: this.opts.host.warn } : {}),
      });
      if (issues.length > 0) {
        throw new StateSchemaError(path, issues);
      }
      spec = mergeStruct(spec, value, releaseSetSchema, { override: true, appendSlice: true });
    });
    return spec;
  }

  /** Loads `bases:` (with the environment so far) and layers them under `spec`. */
  private async layerBases(
    spec: ReleaseSetSpec,
    baseDir: string,
    env: Environment | undefined,
    path: string,
  ): Promise<ReleaseSetSpec> {
    const layers: ReleaseSetSpec[] = [];
    for (const [i, b] of (spec.bases ?? []).entries()) {
      if (isRemotePath(b)) {
        throw new StateError(
          'STATE_UNSUPPORTED',
          `bases[${i}]: remote bases are not supported by helmfire yet: ${b} (download the file and list it by a local path)`,
          { file: path },
        );
      }
      const basePath = posix.isAbsolute(b) ? b : posix.join(baseDir, b);
      if (this.opts.host.stat(basePath) !== 'file') {
        const near = similarPath(this.opts.host, baseDir, b);
        throw new StateFileNotFoundError(
          `bases[${i}]: open ${b}: no such file or directory (looked for ${basePath}` +
            (near ? `; did you mean "${near}"?)` : ')'),
          { file: path },
        );
      }
      layers.push((await this.load(basePath, env, undefined, { dir: baseDir })).spec);
    }
    layers.push(spec);
    let acc = layers[0]!;
    for (const layer of layers.slice(1)) {
      const environments = mergeEnvironmentSpecs(acc.environments ?? {}, layer.environments ?? {});
      const { environments: _, ...rest } = layer;
      acc = mergeStruct(acc, rest, releaseSetSchema, { override: true, appendSlice: true });
      acc = { ...acc, environments };
    }
    return acc;
  }

  /** `helmfiles:` paths/globs → one entry per matching file (relative to this file). */
  private expandHelmfiles(spec: ReleaseSetSpec, baseDir: string, path: string): ReleaseSetSpec['helmfiles'] {
    const out: NonNullable<ReleaseSetSpec['helmfiles']> = [];
    for (const [i, hf] of (spec.helmfiles ?? []).entries()) {
      const p = hf.path ?? '';
      if (isRemotePath(p)) {
        throw new StateError(
          'STATE_UNSUPPORTED',
          `helmfiles[${i}]: remote sub-helmfiles are not supported by helmfire yet: ${p} (check the repository out and list the file by a local path)`,
          {
            file: path,
          },
        );
      }
      const matches = expandPaths(this.opts.host, baseDir, p);
      if (matches.length === 0) {
        if ((spec.missingFileHandler ?? 'Error') === 'Error') {
          const near = similarPath(this.opts.host, baseDir, p);
          throw new StateFileNotFoundError(
            `no matches for path: ${p} (helmfiles[${i}]${near ? `; did you mean "${near}"?` : ''})`,
            { file: path },
          );
        }
        this.opts.host.warn?.(`no matches for path: ${p}`);
        continue;
      }
      for (const m of matches) out.push({ ...hf, path: m });
    }
    return out;
  }
}

function undefinedEnvironment(name: string, path: string, known: string[]): UndefinedEnvironmentError {
  const hint = didYouMean(name, known);
  return new UndefinedEnvironmentError(
    name,
    path,
    known,
    hint ?? (known.length > 0 ? `defined: ${known.join(', ')}` : 'this file defines no environments'),
  );
}

/** mergo's override merge of two `environment.Environment` structs (later part over earlier). */
function mergeEnvStructs(a: Environment, b: Environment): Environment {
  const opts = { override: true, appendSlice: false };
  return {
    name: b.name !== '' ? b.name : a.name,
    kubeContext: b.kubeContext !== '' ? b.kubeContext : a.kubeContext,
    values: mergoMergeMaps(a.values, b.values, opts),
    defaults: mergoMergeMaps(a.defaults, b.defaults, opts),
    cliOverrides: mergoMergeMaps(a.cliOverrides, b.cliOverrides, opts),
  };
}

/**
 * How a base's `environments` and the next layer's combine: same-named
 * environments merge (secrets and values concatenated, scalars from the later
 * layer when set); with `mergeStrategy: fallback` the later layer's values
 * come first so that it still wins.
 */
export function mergeEnvironmentSpecs(
  dst: Record<string, EnvironmentSpec>,
  src: Record<string, EnvironmentSpec>,
): Record<string, EnvironmentSpec> {
  const out: Record<string, EnvironmentSpec> = { ...dst };
  for (const [name, s] of Object.entries(src)) {
    const d = out[name];
    if (!d) {
      out[name] = s;
      continue;
    }
    const mergeStrategy = s.mergeStrategy || d.mergeStrategy || '';
    const merged: EnvironmentSpec = {};
    const values =
      mergeStrategy === 'fallback'
        ? [...(s.values ?? []), ...(d.values ?? [])]
        : [...(d.values ?? []), ...(s.values ?? [])];
    if (values.length > 0) merged.values = values;
    const secrets = [...(d.secrets ?? []), ...(s.secrets ?? [])];
    if (secrets.length > 0) merged.secrets = secrets;
    const kubeContext = s.kubeContext || d.kubeContext;
    if (kubeContext) merged.kubeContext = kubeContext;
    if (mergeStrategy) merged.mergeStrategy = mergeStrategy;
    const mfh = s.missingFileHandler ?? d.missingFileHandler;
    if (mfh !== undefined) merged.missingFileHandler = mfh;
    const mfhc = s.missingFileHandlerConfig ?? d.missingFileHandlerConfig;
    if (mfhc !== undefined) merged.missingFileHandlerConfig = mfhc;
    out[name] = merged;
  }
  return out;
}

/**
 * Where in a part a template error is: Go gives the line, and the column only
 * when executing. For parse errors the column of what it names is found in
 * the line, and an unclosed action points at where it started.
 */
function partPosition(
  text: string,
  message: string,
  line: number,
  column: number | undefined,
): { line: number; column?: number } {
  const lines = text.split('\n');
  const started = /unclosed action started at stringTemplate:(\d+)/.exec(message);
  if (started) {
    const l = Number(started[1]);
    const col = lines[l - 1]?.lastIndexOf('{{') ?? -1;
    return col >= 0 ? { line: l, column: col + 1 } : { line: l };
  }
  if (column !== undefined) return { line, column };
  const named = /function "([^"]+)" not defined|unexpected (\{\{end\}\})/.exec(message);
  const needle = named?.[1] ?? (named?.[2] ? '{{' : undefined);
  const col = needle ? (lines[line - 1]?.indexOf(needle) ?? -1) : -1;
  return col >= 0 ? { line, column: col + 1 } : { line };
}
