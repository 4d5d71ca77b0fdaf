/**
 * Typed nil slices. Go distinguishes a nil `[]interface{}` from an empty one
 * only in a few places (encoding/json writes `null`); Sprig returns nil slices
 * from `rest`, `initial` and friends on an empty list. A nil slice is an empty
 * array carrying a marker, so it prints and ranges like an empty slice.
 */

import { type GoTypeName, type GoValue, withGoType } from '../value.js';

const NIL = Symbol.for('helmfire.nilSlice');

/** A nil slice of the given Go type. */
export function nilSlice(goType: GoTypeName = '[]interface {}'): GoValue[] {
  const a = withGoType([] as GoValue[], goType);
  Object.defineProperty(a, NIL, { value: true, enumerable: false });
  return a;
}

/** Is `v` a nil slice made by `nilSlice`? */
export function isNilSlice(v: GoValue[]): boolean {
  return v.length === 0 && (v as unknown as Record<symbol, boolean | undefined>)[NIL] === true;
}
