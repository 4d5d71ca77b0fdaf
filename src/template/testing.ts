/**
 * Test support: a compact JSON encoding of Go values for the recorded test
 * rows (`{t: 'int', v: '3'}`, `{t: 'map', v: {...}}`, …) and its decoder.
 */

import { GoComplex, GoNumber, type GoNumberType, type GoValue, withGoType } from './value.js';

export interface EncodedValue {
  t: string;
  v?: unknown;
}

/** Decode an encoded Go value. */
export function decodeValue(a: EncodedValue): GoValue {
  const s = a.v as string;
  switch (a.t) {
    case 'nil':
      return null;
    case 'string':
      return s;
    case 'bool':
      return a.v as boolean;
    case 'float64':
      return { NaN: Number.NaN, '+Inf': Infinity, '-Inf': -Infinity, '-0': -0 }[s] ?? Number(s);
    case 'float32':
      return new GoNumber('float32', Math.fround(Number(s)));
    case 'int':
      return BigInt(s);
    case 'complex128': {
      const [re, im] = a.v as [number, number];
      return new GoComplex(re, im);
    }
    case 'bytes':
      return new TextEncoder().encode(s);
    case 'list':
      return (a.v as EncodedValue[]).map(decodeValue);
    case 'strings':
      return withGoType([...(a.v as string[])], '[]string');
    case 'map':
      return new Map(
        Object.entries(a.v as Record<string, EncodedValue>).map(([k, x]) => [k, decodeValue(x)]),
      );
    case 'intmap':
      return withGoType(
        new Map(
          Object.entries(a.v as Record<string, EncodedValue>).map(([k, x]) => [BigInt(k), decodeValue(x)]),
        ),
        'map[int]interface {}',
      );
    default:
      return new GoNumber(a.t as GoNumberType, BigInt(s));
  }
}
