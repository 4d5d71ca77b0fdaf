/**
 * Typed nil slices and maps. Go distinguishes a nil `[]interface{}` or
 * `map[string]interface{}` from an empty one in only a few places (encoding/json
 * writes `null`, while printing shows `[]` / `map[]`); Sprig returns such nils
 * from `rest`, `initial`, `unset` and friends. A typed nil is an empty array or
 * map carrying a marker, so it prints and ranges like an empty one.
 */

import { type GoTypeName, type GoValue, withGoType } from '../value.js';

const NIL = Symbol.for('helmfire.typedNil');

function mark<T extends GoValue[] | Map<GoValue, GoValue>>(v: T): T {
  Object.defineProperty(v, NIL, { value: true, enumerable: false });
  return v;
}

function marked(v: object): boolean {
  return (v as Record<symbol, boolean | undefined>)[NIL] === true;
}

/** A nil slice of the given Go type. */
export function nilSlice(goType: GoTypeName = '[]interface {}'): GoValue[] {
  return mark(withGoType([] as GoValue[], goType));
}

/** Is `v` a nil slice made by `nilSlice`? */
export function isNilSlice(v: GoValue[]): boolean {
  return v.length === 0 && marked(v);
}

/** A nil map of the given Go type. */
export function nilMap(goType: GoTypeName = 'map[string]interface {}'): Map<GoValue, GoValue> {
  return mark(withGoType(new Map<GoValue, GoValue>(), goType));
}

/** Is `v` a nil map made by `nilMap` (and still empty)? */
export function isNilMap(v: Map<GoValue, GoValue>): boolean {
  return v.size === 0 && marked(v);
}
