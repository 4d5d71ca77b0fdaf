/**
 * Go parameter types as the executor needs them: which kind a type string
 * names, whether nil fits it, which values are assignable to it, and the zero
 * value of a map element type (missingkey=zero).
 */

import { goTypeOf } from '../reflect.js';
import { GoComplex, GoNumber, type GoNumberType, GoStruct, type GoTypeName, type GoValue } from '../value.js';

export enum PKind {
  /** interface {} (any value). */
  Any,
  /** A named interface type such as error or fmt.Stringer. */
  Iface,
  /** reflect.Value: the builtins that see the raw value (invalid vs nil). */
  ReflectValue,
  Bool,
  String,
  Int,
  Uint,
  Float,
  Complex,
  Slice,
  Map,
  Ptr,
  Func,
  Other,
}

export interface ParamType {
  readonly name: GoTypeName;
  readonly kind: PKind;
  /** Bit size for sized integers and floats (64 for int, uint, float64). */
  readonly bits: number;
}

const cache = new Map<string, ParamType>();

/** Spell a Go type the way reflect prints it (any → interface {}, byte → uint8, rune → int32). */
export function normalizeTypeName(t: string): string {
  return t
    .replace(/\bany\b/g, 'interface {}')
    .replace(/interface\{\}/g, 'interface {}')
    .replace(/\bbyte\b/g, 'uint8')
    .replace(/\brune\b/g, 'int32');
}

const intBits: Record<string, number> = { int: 64, int8: 8, int16: 16, int32: 32, int64: 64 };
const uintBits: Record<string, number> = {
  uint: 64,
  uint8: 8,
  uint16: 16,
  uint32: 32,
  uint64: 64,
  uintptr: 64,
};

/** Classify a Go type name. */
export function paramType(raw: GoTypeName): ParamType {
  const hit = cache.get(raw);
  if (hit !== undefined) return hit;
  const name = normalizeTypeName(raw);
  let kind: PKind;
  let bits = 64;
  if (name === 'interface {}') kind = PKind.Any;
  else if (name === 'reflect.Value') kind = PKind.ReflectValue;
  else if (name === 'error' || name === 'fmt.Stringer' || name.startsWith('interface')) kind = PKind.Iface;
  else if (name === 'bool') kind = PKind.Bool;
  else if (name === 'string') kind = PKind.String;
  else if (name in intBits) {
    kind = PKind.Int;
    bits = intBits[name]!;
  } else if (name in uintBits) {
    kind = PKind.Uint;
    bits = uintBits[name]!;
  } else if (name === 'float64' || name === 'float32') {
    kind = PKind.Float;
    bits = name === 'float32' ? 32 : 64;
  } else if (name === 'complex128' || name === 'complex64') kind = PKind.Complex;
  else if (name.startsWith('[]')) kind = PKind.Slice;
  else if (name.startsWith('map[')) kind = PKind.Map;
  else if (name.startsWith('*')) kind = PKind.Ptr;
  else if (name.startsWith('func')) kind = PKind.Func;
  else kind = PKind.Other;
  const p = { name, kind, bits };
  cache.set(raw, p);
  return p;
}

/** Can a nil value be assigned to this type (reflect canBeNil)? */
export function canBeNil(t: ParamType): boolean {
  switch (t.kind) {
    case PKind.Any:
    case PKind.Iface:
    case PKind.ReflectValue:
    case PKind.Slice:
    case PKind.Map:
    case PKind.Ptr:
    case PKind.Func:
      return true;
  }
  return false;
}

/** Is the (non-invalid) value assignable to the type, as reflect's AssignableTo decides? */
export function assignable(v: GoValue, t: ParamType): boolean {
  if (t.kind === PKind.Any) return true;
  if (v === null || v === undefined) return false;
  switch (t.kind) {
    case PKind.String:
      return typeof v === 'string';
    case PKind.Bool:
      return typeof v === 'boolean';
    case PKind.Iface:
      if (t.name === 'error') return v instanceof GoStruct && typeof v.errorString === 'function';
      if (t.name === 'fmt.Stringer') return v instanceof GoStruct && typeof v.stringer === 'function';
      return true;
  }
  if (t.kind === PKind.Int && t.name === 'int') return typeof v === 'bigint';
  if (t.kind === PKind.Float && t.bits === 64) return typeof v === 'number';
  return goTypeOf(v) === t.name;
}

/** A value of integer kind (int, int8…, uint…), as a bigint; undefined for other kinds. */
export function intLikeValue(v: GoValue): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (v instanceof GoNumber && typeof v.value === 'bigint') return v.value;
  return undefined;
}

/** The integer `n` converted (wrapped) to integer type `t`. */
export function makeInt(t: ParamType, n: bigint): GoValue {
  if (t.name === 'int') return BigInt.asIntN(64, n);
  const v = t.kind === PKind.Uint ? BigInt.asUintN(t.bits, n) : BigInt.asIntN(t.bits, n);
  return new GoNumber(t.name as GoNumberType, v);
}

/** Zero value of a Go type (what a missing map key yields under missingkey=zero). */
export function zeroValue(typeName: GoTypeName): GoValue {
  const t = paramType(typeName);
  switch (t.kind) {
    case PKind.String:
      return '';
    case PKind.Bool:
      return false;
    case PKind.Int:
    case PKind.Uint:
      return makeInt(t, 0n);
    case PKind.Float:
      return t.bits === 64 ? 0 : new GoNumber('float32', 0);
    case PKind.Complex:
      return new GoComplex(0, 0);
  }
  return null;
}
