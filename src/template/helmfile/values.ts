/**
 * helmfile's value helpers: get / getOrNil (dotted path with an optional
 * default), setValueAtPath, required, and fromYaml's key stringification.
 */
import { sprint } from '../fmt/index.js';
import { goTypeOf } from '../reflect.js';
import { GoError, GoStruct, type GoValue, taggedGoType } from '../value.js';

/** helmfile's noValueError: getOrNil turns it into nil. */
export class NoValueError extends GoError {}

type GoMap = Map<GoValue, GoValue>;

function mapType(m: GoMap): string {
  return taggedGoType(m) ?? 'map[string]interface {}';
}

function show(v: GoValue): string {
  return sprint(v === undefined ? null : v);
}

/** helmfile's get(path, [default,] obj). */
export function helmfileGet(path: string, varArgs: GoValue[]): GoValue {
  let defSet: boolean;
  let def: GoValue = null;
  let obj: GoValue;
  if (varArgs.length === 1) {
    defSet = false;
    obj = varArgs[0];
  } else if (varArgs.length === 2) {
    defSet = true;
    def = varArgs[0];
    obj = varArgs[1];
  } else {
    throw new GoError(
      `unexpected number of args passed to the template function get(path, [def, ]obj): expected 1 or 2, got ${varArgs.length}, args was ${show(varArgs)}`,
    );
  }
  return walk(path, defSet, def, obj === undefined ? null : obj);
}

function walk(path: string, defSet: boolean, def: GoValue, obj: GoValue): GoValue {
  if (path === '') return obj;
  const keys = path.split('.');
  const key = keys[0]!;
  const rest = keys.slice(1).join('.');
  let v: GoValue;
  if (obj instanceof Map) {
    const t = mapType(obj);
    if (
      t === 'map[string]interface {}' ||
      t === 'map[string]string' ||
      t === 'map[interface {}]interface {}'
    ) {
      if (!obj.has(key)) {
        if (defSet) return def;
        throw new NoValueError(`no value exist for key "${key}" in ${show(obj)}`);
      }
      v = obj.get(key);
      if (t === 'map[string]string') return v;
      return walk(rest, defSet, def, v === undefined ? null : v);
    }
  }
  if (!(obj instanceof GoStruct)) {
    throw new NoValueError(
      `unexpected type(${obj === null ? '<nil>' : goTypeOf(obj)}) of value for key "${key}": it must be either map[string]any or any struct`,
    );
  }
  const fields = obj.fields();
  if (fields.length < 1) throw new NoValueError(`no accessible struct fields for key "${key}"`);
  const f = fields.find(([name]) => name === key);
  if (!f) {
    if (defSet) return def;
    throw new NoValueError(`no field named "${key}" exist in ${show(obj)}`);
  }
  v = f[1];
  return walk(rest, defSet, def, v === undefined ? null : v);
}

/** helmfile's getOrNil: nil instead of any no-value error. */
export function helmfileGetOrNil(path: string, obj: GoValue): GoValue {
  try {
    return helmfileGet(path, [obj]);
  } catch (e) {
    if (e instanceof NoValueError) return null;
    throw e;
  }
}

function isSettableMap(v: GoValue): v is GoMap {
  if (!(v instanceof Map)) return false;
  const t = mapType(v);
  return t === 'map[string]interface {}' || t === 'map[interface {}]interface {}';
}

/** helmfile's setValueAtPath: every key but the last must exist and hold a map; mutates and returns `values`. */
export function setValueAtPath(path: string, value: GoValue, values: GoMap | null): GoMap | null {
  const components = path.split('.');
  const key = components[components.length - 1]!;
  if (values === null || values === undefined) {
    // A nil map[string]any: every key is missing, and setting one panics.
    if (components.length > 1) {
      throw new GoError(
        `failed to set value at path "${path}": value for key "${components[0]}" does not exist`,
      );
    }
    throw new GoError('assignment to entry in nil map');
  }
  let current: GoValue = values;
  for (const k of components.slice(0, -1)) {
    if (!isSettableMap(current)) {
      throw new GoError(`failed to set value at path "${path}": value for key "${k}" was not a map`);
    }
    if (!current.has(k)) {
      throw new GoError(`failed to set value at path "${path}": value for key "${k}" does not exist`);
    }
    const elem: GoValue = current.get(k);
    if (!isSettableMap(elem)) {
      throw new GoError(`failed to set value at path "${path}": value for key "${k}" was not a map`);
    }
    current = elem;
  }
  if (!isSettableMap(current)) {
    throw new GoError(`failed to set value at path "${path}": value for key "${key}" was not a map`);
  }
  current.set(key, value === undefined ? null : value);
  return values;
}

/** helmfile's required(warn, val): an error when val is nil or the empty string. */
export function required(warn: string, val: GoValue): GoValue {
  if (val === null || val === undefined || val === '') throw new GoError(warn);
  return val;
}

/** maputil.RecursivelyStringifyMapKey: maps become map[string]interface {}; a non-string key is an error. */
export function stringifyMapKeys(v: GoValue): GoValue {
  if (v instanceof Map) {
    const t = mapType(v);
    if (t !== 'map[string]interface {}' && t !== 'map[interface {}]interface {}') return v;
    const out: GoMap = new Map();
    for (const [k, e] of v) {
      if (typeof k !== 'string') {
        const kt = k === null || k === undefined ? '<nil>' : goTypeOf(k);
        throw new GoError(
          `unexpected type of key in map: expected string, got ${kt}: value=${show(k)}, map=${show(v)}`,
        );
      }
      out.set(k, stringifyMapKeys(e));
    }
    return out;
  }
  if (Array.isArray(v) && (taggedGoType(v) ?? '[]interface {}') === '[]interface {}')
    return v.map(stringifyMapKeys);
  return v;
}
