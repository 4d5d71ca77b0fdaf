import type { ValueMap } from '../state/maputil.js';
import {
  type FieldKind,
  fieldNames,
  fieldOf,
  inheritSchema,
  releaseSetSchema,
  type StructSchema,
} from '../state/schema.js';
import type { EnvironmentSpec, ReleaseSetSpec, ReleaseSpec } from '../state/spec.js';
import type { GoValue } from '../template/value.js';
import { encodeYaml } from '../yaml/index.js';
import type { Stack } from './compose.js';

/**
 * A stack as the helmfile state file that means the same, which the state
 * engine then loads like any other: every release's `set:` map becomes its
 * last inline `values:` entry; the declared variables become the top-level
 * state values (`.Values` in `.gotmpl` values files); every environment the
 * stackfiles name (through `environments:` or an `env/NAME.yaml` overlay) is
 * defined; `helmDefaults.helmBinary` becomes `helmBinary`.
 */
export function toHelmfileSpec(
  stack: Stack,
  opts: { readonly environments: readonly string[]; readonly variables?: ValueMap },
): ReleaseSetSpec {
  const spec: ReleaseSetSpec = { ...stack.spec };
  if (stack.helmBinary !== undefined && spec.helmBinary === undefined) spec.helmBinary = stack.helmBinary;
  const environments: Record<string, EnvironmentSpec> = { ...(spec.environments ?? {}) };
  for (const name of opts.environments) environments[name] ??= {};
  if (Object.keys(environments).length > 0) spec.environments = environments;
  if (opts.variables && opts.variables.size > 0) spec.values = [opts.variables, ...(spec.values ?? [])];
  spec.releases = stack.releases.map((r) => {
    const out: ReleaseSpec = { ...r.spec };
    if (r.set) out.values = [...(out.values ?? []), r.set];
    return out;
  });
  return spec;
}

/**
 * The state file text: the state values first, then the environments, then
 * the rest, each in a `---` part of its own (helmfile's layout: environment
 * values files see the state values of the parts before them, and
 * environments and releases never share a part).
 */
export function helmfileText(spec: ReleaseSetSpec): string {
  const { values, environments, ...rest } = spec;
  const parts: string[] = [];
  if (values) parts.push(encodeYaml(structToGo(releaseSetSchema, { values })));
  if (environments) parts.push(encodeYaml(structToGo(releaseSetSchema, { environments })));
  parts.push(encodeYaml(structToGo(releaseSetSchema, { ...rest, releases: rest.releases ?? [] })));
  return parts.join('---\n');
}

/** A decoded spec struct as Go values, in helmfile's field order. */
function structToGo(schema: StructSchema, obj: object): Map<GoValue, GoValue> {
  const out = new Map<GoValue, GoValue>();
  const rec = obj as Record<string, unknown>;
  for (const key of fieldNames(schema)) {
    const v = rec[key];
    if (v === undefined) continue;
    out.set(key, fieldToGo(fieldOf(schema, key)!.kind, v));
  }
  return out;
}

function fieldToGo(kind: FieldKind, v: unknown): GoValue {
  switch (kind.k) {
    case 'scalar':
    case 'ptr':
      return kind.t === 'int' ? BigInt(Math.trunc(v as number)) : (v as GoValue);
    case 'strings':
    case 'defaultInherit':
      return [...(v as string[])];
    case 'anys':
      return [...(v as GoValue[])];
    case 'labels':
      return new Map(Object.entries(v as Record<string, string>));
    case 'struct':
    case 'ptrStruct':
      return structToGo(kind.of, v as object);
    case 'list':
      return (v as object[]).map((x) => structToGo(kind.of, x));
    case 'map':
      return new Map(
        Object.entries(v as Record<string, object>).map(([k, x]) => [k, structToGo(kind.of, x)]),
      );
    case 'inherits':
      return (v as object[]).map((x) => structToGo(inheritSchema, x));
    case 'helmfiles':
      // Not in stackfiles (decode.ts rejects `helmfiles:`).
      return [];
  }
}
