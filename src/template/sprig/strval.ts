/** Sprig's strval and strslice: how list and string functions turn values into strings. */

import { sprint } from '../fmt/index.js';
import { type GoValue, taggedGoType, withGoType } from '../value.js';

/** Sprig's strval: strings and []byte as they are, otherwise fmt's %v (Error/String methods included). */
export function strval(v: GoValue): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  return sprint(v === undefined ? null : v);
}

/** Sprig's strslice: a []string as it is, other slices with nil elements dropped, nil as empty, anything else as one element. */
export function strslice(v: GoValue): string[] {
  if (Array.isArray(v)) {
    if (taggedGoType(v) === '[]string') return v as string[];
    const out: string[] = [];
    for (const x of v) if (x !== null && x !== undefined) out.push(strval(x));
    return withGoType(out, '[]string') as string[];
  }
  if (v instanceof Uint8Array) return withGoType([...v].map(String), '[]string') as string[];
  if (v === null || v === undefined) return withGoType([], '[]string') as string[];
  return withGoType([strval(v)], '[]string') as string[];
}
