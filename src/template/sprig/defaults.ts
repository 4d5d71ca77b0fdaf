/**
 * Sprig's defaults.go: default, empty, coalesce, all, any, ternary, the JSON
 * functions and deepCopy.
 */

import { isTrue } from '../reflect.js';
import { GoError, type GoFunc, GoStruct, type GoValue, goFunc, taggedGoType, withGoType } from '../value.js';
import { JSONError, marshal, unmarshal } from './json.js';
import { isNilMap, isNilSlice, nilMap, nilSlice } from './nil.js';

const I = 'interface {}';

/** Sprig's `empty`: the zero value of its type, an empty container, or nil. */
export function empty(v: GoValue): boolean {
  return !isTrue(v);
}

/** A struct whose deep copy (copystructure) loses its unexported state; it supplies the copy. */
export interface DeepCopier {
  deepCopy(): GoValue;
}

/** copystructure.Copy over Go values: containers are copied recursively, keeping their Go types. */
export function deepCopyValue(v: GoValue): GoValue {
  if (Array.isArray(v)) {
    if (isNilSlice(v)) return nilSlice(taggedGoType(v));
    const a = v.map(deepCopyValue);
    const t = taggedGoType(v);
    return t === undefined ? a : withGoType(a, t);
  }
  if (v instanceof Map) {
    if (isNilMap(v)) return nilMap(taggedGoType(v));
    const m = new Map<GoValue, GoValue>();
    for (const [k, val] of v) m.set(k, deepCopyValue(val));
    const t = taggedGoType(v);
    return t === undefined ? m : withGoType(m, t);
  }
  if (v instanceof Uint8Array) return v.slice();
  if (v instanceof GoStruct && typeof (v as Partial<DeepCopier>).deepCopy === 'function') {
    return (v as GoStruct & DeepCopier).deepCopy();
  }
  return v;
}

function deepCopy(v: GoValue): GoValue {
  if (v === null || v === undefined) throw new GoError('reflect: call of reflect.Value.Type on zero Value');
  return deepCopyValue(v);
}

function toJSON(v: GoValue, escapeHTML: boolean, indent?: string): string {
  return marshal(v, indent === undefined ? { escapeHTML } : { escapeHTML, indent });
}

/** The JSON error, or "" when a non-must function swallows it. */
function swallow(f: () => string): string {
  try {
    return f();
  } catch (e) {
    if (e instanceof JSONError) return '';
    throw e;
  }
}

export const funcs: GoFunc[] = [
  goFunc('default', { params: [I], variadic: I, result: I, returnsError: false }, ([d, ...given]) =>
    given.length === 0 || empty(given[0]) ? d : given[0],
  ),
  goFunc('empty', { params: [I], result: 'bool', returnsError: false }, ([v]) => empty(v)),
  goFunc('coalesce', { params: [], variadic: I, result: I, returnsError: false }, (args) => {
    for (const v of args) if (!empty(v)) return v;
    return null;
  }),
  goFunc('all', { params: [], variadic: I, result: 'bool', returnsError: false }, (args) =>
    args.every((v) => !empty(v)),
  ),
  goFunc('any', { params: [], variadic: I, result: 'bool', returnsError: false }, (args) =>
    args.some((v) => !empty(v)),
  ),
  goFunc('ternary', { params: [I, I, 'bool'], result: I, returnsError: false }, ([vt, vf, v]) =>
    v === true ? vt : vf,
  ),
  goFunc(
    'fromJson',
    { params: ['string'], result: I, returnsError: false },
    ([s]) => unmarshal(s as string).value,
  ),
  goFunc('mustFromJson', { params: ['string'], result: I, returnsError: true }, ([s]) => {
    const r = unmarshal(s as string);
    if (r.error !== undefined) throw new GoError(r.error);
    return r.value;
  }),
  goFunc('toJson', { params: [I], result: 'string', returnsError: false }, ([v]) =>
    swallow(() => toJSON(v, true)),
  ),
  goFunc('mustToJson', { params: [I], result: 'string', returnsError: true }, ([v]) => toJSON(v, true)),
  goFunc('toPrettyJson', { params: [I], result: 'string', returnsError: false }, ([v]) =>
    swallow(() => toJSON(v, true, '  ')),
  ),
  goFunc('mustToPrettyJson', { params: [I], result: 'string', returnsError: true }, ([v]) =>
    toJSON(v, true, '  '),
  ),
  // toRawJson panics on error: the template reports it the same way as mustToRawJson's error.
  goFunc('toRawJson', { params: [I], result: 'string', returnsError: false }, ([v]) => toJSON(v, false)),
  goFunc('mustToRawJson', { params: [I], result: 'string', returnsError: true }, ([v]) => toJSON(v, false)),
  goFunc('deepCopy', { params: [I], result: I, returnsError: false }, ([v]) => deepCopy(v)),
  goFunc('mustDeepCopy', { params: [I], result: I, returnsError: true }, ([v]) => deepCopy(v)),
];
