import { GoNumber, type GoValue } from '../template/value.js';
import { InvalidStateError } from './errors.js';
import type { FieldKind, StructSchema } from './schema.js';

/**
 * helmfile layers state with the `mergo` library; its rules depend on Go
 * kinds, and they are what users observe, so they are reproduced here:
 *
 * - a scalar field is replaced only by a non-zero value (`wait: false` in a
 *   later layer cannot switch off `wait: true`, even for pointer fields,
 *   because mergo compares the pointed-to values);
 * - lists are appended (`appendSlice`, as for bases and documents in one
 *   part) or replaced by a non-empty list (`override` alone, as across `---`
 *   parts);
 * - maps merge key by key; a map of structs (`environments`, `templates`)
 *   replaces whole entries;
 * - nested structs merge field by field.
 */

export interface MergoOptions {
  /** mergo.WithOverride: non-empty source values replace destination values. */
  readonly override: boolean;
  /** mergo.WithAppendSlice: lists are concatenated. */
  readonly appendSlice: boolean;
}

/** mergo's isEmptyValue for a Go value. */
export function isEmptyGoValue(v: GoValue): boolean {
  if (v === null || v === undefined) return true;
  if (v instanceof Map) return v.size === 0;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'string') return v === '';
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'bigint') return v === 0n;
  if (typeof v === 'number') return v === 0;
  if (v instanceof GoNumber) return Number(v.value) === 0;
  return false;
}

function isEmptyField(kind: FieldKind, v: unknown): boolean {
  if (v === undefined || v === null) return true;
  switch (kind.k) {
    case 'scalar':
    case 'ptr':
      return v === '' || v === false || v === 0;
    case 'struct':
      return false;
    case 'labels':
    case 'map':
      return Object.keys(v as object).length === 0;
    case 'ptrStruct':
      return false;
    default:
      return (v as unknown[]).length === 0;
  }
}

type Rec = Record<string, unknown>;

/** Merges struct `src` into `dst` (both records of `schema`) with mergo's rules; returns a new record. */
export function mergeStruct<T>(dst: T, src: T, schema: StructSchema<T>, opts: MergoOptions): T {
  const d = dst as Rec;
  const s = src as Rec;
  const out: Rec = { ...d };
  for (const [key, kind] of schemaFields(schema)) {
    const dv = d[key];
    const sv = s[key];
    // Neither side has it: every rule keeps dst's (absent) value.
    if (dv === undefined && sv === undefined) {
      if (key in out) delete out[key];
      continue;
    }
    const merged = mergeField(kind, dv, sv, opts);
    if (merged === undefined) delete out[key];
    else out[key] = merged;
  }
  return out as T;
}

/** A schema's fields as [name, kind] pairs, listed once per schema. */
const fieldLists = new WeakMap<object, ReadonlyArray<readonly [string, FieldKind]>>();
function schemaFields(schema: StructSchema<unknown>): ReadonlyArray<readonly [string, FieldKind]> {
  let list = fieldLists.get(schema);
  if (!list) {
    list = (Object.entries(schema.fields) as Array<[string, { kind: FieldKind }]>).map(
      ([k, def]) => [k, def.kind] as const,
    );
    fieldLists.set(schema, list);
  }
  return list;
}

function mergeField(kind: FieldKind, d: unknown, s: unknown, opts: MergoOptions): unknown {
  switch (kind.k) {
    case 'scalar':
      return (isEmptyField(kind, d) || opts.override) && !isEmptyField(kind, s) ? s : d;
    case 'ptr':
      if (s === undefined) return d;
      if (d === undefined) return s;
      // Both set: mergo dereferences and applies the scalar rule to the pointees.
      return (isEmptyField(kind, d) || opts.override) && !isEmptyField(kind, s) ? s : d;
    case 'struct':
      if (s === undefined) return d;
      return mergeStruct((d ?? {}) as Rec, s as Rec, kind.of as StructSchema<Rec>, opts);
    case 'ptrStruct':
      if (s === undefined) return d;
      if (d === undefined) return s;
      return mergeStruct(d as Rec, s as Rec, kind.of as StructSchema<Rec>, opts);
    case 'labels': {
      if (s === undefined) return d;
      const out: Record<string, string> = { ...((d as Record<string, string>) ?? {}) };
      for (const [k, v] of Object.entries(s as Record<string, string>)) {
        if (opts.override || out[k] === undefined || out[k] === '') out[k] = v;
      }
      return out;
    }
    case 'map': {
      if (s === undefined) return d;
      const out: Rec = { ...((d as Rec) ?? {}) };
      for (const [k, v] of Object.entries(s as Rec)) {
        if (opts.override || !Object.hasOwn(out, k)) out[k] = v;
      }
      return out;
    }
    default: {
      // Every list kind.
      const dl = d as unknown[] | undefined;
      const sl = s as unknown[] | undefined;
      if (opts.appendSlice) {
        if (!sl || sl.length === 0) return dl;
        return [...(dl ?? []), ...sl];
      }
      if (sl && sl.length > 0 && (opts.override || !dl || dl.length === 0)) return sl;
      return dl;
    }
  }
}

/**
 * mergo.Merge of two `map[string]interface{}` values (environment values
 * files, secrets over values, top-level defaults): with `override`, every key
 * of `src` wins, even an empty string or a null; nested maps merge; lists are
 * replaced (or appended with `appendSlice`). Returns a new map.
 */
export function mergoMergeMaps(
  dst: Map<GoValue, GoValue>,
  src: Map<GoValue, GoValue>,
  opts: MergoOptions,
): Map<GoValue, GoValue> {
  const out = new Map(dst);
  for (const [k, sv] of src) {
    const has = out.has(k);
    const dv = out.get(k);
    if (sv === null || sv === undefined) {
      if (opts.override) out.set(k, null);
      else if (!has) out.set(k, null);
      continue;
    }
    if (sv instanceof Map) {
      if (dv instanceof Map && dv.size > 0) {
        out.set(k, mergoMergeMaps(dv, sv, opts));
        continue;
      }
      if (opts.override || !has || isEmptyGoValue(dv)) out.set(k, sv);
      continue;
    }
    if (Array.isArray(sv)) {
      if (opts.appendSlice && has && !isEmptyGoValue(dv)) {
        if (!Array.isArray(dv)) throw new InvalidStateError('cannot append two slices with different type');
        out.set(k, [...dv, ...sv]);
        continue;
      }
      if (opts.override || !has || isEmptyGoValue(dv)) out.set(k, sv);
      continue;
    }
    if (opts.override || !has || isEmptyGoValue(dv)) out.set(k, sv);
  }
  return out;
}
