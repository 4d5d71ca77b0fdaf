import { posix } from 'node:path';
import { sprint } from '../template/fmt/index.js';
import { goTypeOf } from '../template/reflect.js';
import type { GoValue } from '../template/value.js';
import { type Environment, environmentTemplateData, mergedValues, newEnvironment } from './environment.js';
import { InvalidStateError, StateError, StateTemplateError, ValuesFileError } from './errors.js';
import { resolveFiles } from './files.js';
import { evaluateHclValues, HclError } from './hcl.js';
import type { StateHost } from './host.js';
import { castKeysToStrings, mergeMaps, type ValueMap } from './maputil.js';
import { mergoMergeMaps } from './merge.js';
import type { TemplateRenderer } from './render.js';
import { templateHint } from './template-hints.js';
import { decodeYamlDocument } from './yaml-io.js';

/**
 * Loading a list of state values entries (an environment's `values:`, the
 * top-level `values:`, `--state-values-file`, `helmfiles[].values`), in order:
 * a string is a file or glob relative to the state file (a `.gotmpl` file is
 * rendered with the environment so far), a map is inline values. Entries merge
 * with `override` (later wins) or `fallback` (earlier wins) strategy.
 */

export type MergeStrategy = '' | 'override' | 'fallback';

export interface ValuesContext {
  readonly host: StateHost;
  readonly renderer: TemplateRenderer;
  /** Directory relative paths resolve against. */
  readonly baseDir: string;
  /** The state file being loaded (for messages). */
  readonly stateFile: string;
}

/** Merges one loaded map into the accumulated values by strategy. */
function mergeInto(dest: ValueMap, m: GoValue, strategy: MergeStrategy): ValueMap {
  const vals = castKeysToStrings(m);
  if (strategy === 'fallback') return mergeMaps(vals, dest);
  return mergoMergeMaps(dest, vals, { override: true, appendSlice: false });
}

/** Reads (and renders, for `.gotmpl`) one values file and decodes it as a YAML map. */
export function readValuesFile(
  ctx: ValuesContext,
  file: string,
  data: () => GoValue,
  describeAs = 'environment values',
): GoValue {
  let text: string;
  try {
    text = ctx.host.readFile(file);
  } catch (err) {
    throw new ValuesFileError(`failed to load [${file}]: ${(err as Error).message}`, undefined, {
      cause: err,
    });
  }
  if (file.split('.').pop() === 'gotmpl') {
    const input = data();
    try {
      text = ctx.renderer.render(text, input, { baseDir: posix.dirname(file), name: file });
    } catch (err) {
      if (err instanceof StateError) throw err;
      const message = (err as Error).message;
      const at = /^template: [^:]*:(\d+)(?::(\d+))?:/.exec(message);
      const hint = templateHint(message, input);
      throw new StateTemplateError(
        `failed to load ${describeAs} file "${file}": failed to render [${file}], because of ${message}${hint ? ` (${hint})` : ''}`,
        at ? { file, line: Number(at[1]), ...(at[2] ? { column: Number(at[2]) } : {}) } : undefined,
        { cause: err },
      );
    }
  }
  try {
    const doc = decodeYamlDocument(text, file);
    if (doc !== null && !(doc instanceof Map)) {
      throw new ValuesFileError(
        `failed to load ${describeAs} file "${file}": expected a YAML map of values, got ${goTypeOf(doc)}\n\nOffending YAML:\n${text}`,
      );
    }
    return doc;
  } catch (err) {
    if (err instanceof StateError) throw err;
    throw new ValuesFileError(
      `failed to load ${describeAs} file "${file}": ${(err as Error).message}\n\nOffending YAML:\n${text}`,
      undefined,
      { cause: err },
    );
  }
}

/**
 * helmfile's `LoadEnvironmentValues`. `env` is the environment templates in
 * values files see (`undefined` = a fresh one named `envName`).
 */
export function loadValuesEntries(
  ctx: ValuesContext,
  entries: readonly GoValue[],
  opts: {
    readonly missingFileHandler?: string | undefined;
    readonly env: Environment | undefined;
    readonly envName: string;
    readonly mergeStrategy?: string | undefined;
    /** Where the entries are written, for messages (`<file>: environments.default.values`). */
    readonly source?: string | undefined;
  },
): ValueMap {
  const strategy = (opts.mergeStrategy ?? '') as MergeStrategy;
  if (strategy !== '' && strategy !== 'override' && strategy !== 'fallback') {
    throw new InvalidStateError(
      `${opts.source ? `${opts.source.replace(/\.values$/, '.mergeStrategy')}: ` : ''}` +
        `environment "${opts.envName}": invalid mergeStrategy "${opts.mergeStrategy}" (must be "override" or "fallback")`,
    );
  }
  let result: ValueMap = new Map();
  const hclFiles: string[] = [];
  for (const [i, entry] of entries.entries()) {
    if (typeof entry === 'string') {
      const files = resolveFiles(
        ctx.host,
        ctx.baseDir,
        opts.missingFileHandler,
        'environment values',
        entry,
        ctx.stateFile,
        opts.source === undefined ? undefined : `${opts.source}[${i}]`,
      );
      for (const f of files ?? []) {
        if (f.endsWith('.hcl')) {
          // Read together after the other entries, as helmfile does.
          hclFiles.push(f);
          continue;
        }
        const env = opts.env ?? newEnvironment(opts.envName);
        const data = () => {
          let vals = mergedValues(env);
          if (strategy === 'fallback' && result.size > 0) {
            vals = mergoMergeMaps(
              mergoMergeMaps(new Map(), result, { override: false, appendSlice: false }),
              vals,
              {
                override: true,
                appendSlice: false,
              },
            );
          }
          return environmentTemplateData(env, '', vals);
        };
        result = mergeInto(result, readValuesFile(ctx, f, data), strategy);
      }
    } else if (entry instanceof Map) {
      result = mergeInto(result, entry, strategy);
    } else {
      throw new InvalidStateError(
        `unexpected type of value: value=${sprint(entry)}, type=${goTypeOf(entry)}`,
      );
    }
  }
  if (hclFiles.length > 0) result = mergeInto(result, readHclValues(ctx, hclFiles), strategy);
  return result;
}

/** The `values` of the listed `.hcl` files, evaluated together. */
function readHclValues(ctx: ValuesContext, files: readonly string[]): ValueMap {
  try {
    return evaluateHclValues(files.map((path) => ({ path, text: ctx.host.readFile(path) })));
  } catch (err) {
    if (!(err instanceof HclError)) throw err;
    throw new InvalidStateError(`failed to load HCL environment values: ${err.message}`);
  }
}
