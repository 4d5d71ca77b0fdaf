/**
 * Reflection over helmfire's Go value model: the Go type and kind of a value,
 * template truthiness, the comparison builtins (eq ne lt le gt ge) with Go's
 * rules and messages, and reflect.DeepEqual.
 */

import { sprintf } from './fmt/index.js';
import { compareStrings } from './fmt/utf8.js';
import {
  GoComplex,
  GoError,
  type GoFunc,
  GoNumber,
  GoStruct,
  type GoTypeName,
  type GoValue,
  taggedGoType,
} from './value.js';

/** Go type of a function value as reflect prints it, e.g. `func(string, ...interface {}) (string, error)`. */
export function funcTypeString(fn: GoFunc): string {
  const params = [...fn.sig.params];
  if (fn.sig.variadic !== undefined) params.push('...' + fn.sig.variadic);
  let s = 'func(' + params.join(', ') + ')';
  const r = fn.sig.result;
  if (fn.sig.returnsError) s += r ? ' (' + r + ', error)' : ' error';
  else if (r) s += ' ' + r;
  return s;
}

/** The Go type of a value as `%T` prints it; nil and the invalid value print `<nil>`. */
export function goTypeOf(v: GoValue): GoTypeName {
  if (v === undefined || v === null) return '<nil>';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
  }
  if (Array.isArray(v)) return taggedGoType(v) ?? '[]interface {}';
  if (v instanceof Map) return taggedGoType(v) ?? 'map[string]interface {}';
  if (v instanceof GoNumber) return v.type;
  if (v instanceof GoComplex) return 'complex128';
  if (v instanceof Uint8Array) return '[]uint8';
  if (v instanceof GoStruct) return v.goType;
  return funcTypeString(v);
}

/** reflect.Kind names as `Kind.String()` prints them. */
export type GoKind =
  | 'invalid'
  | 'bool'
  | 'int'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'uintptr'
  | 'float32'
  | 'float64'
  | 'complex64'
  | 'complex128'
  | 'array'
  | 'chan'
  | 'func'
  | 'interface'
  | 'map'
  | 'ptr'
  | 'slice'
  | 'string'
  | 'struct';

/** The reflect Kind of a value (`invalid` for nil), as Sprig's `kindOf` prints it. */
export function kindOf(v: GoValue): GoKind {
  if (v === undefined || v === null) return 'invalid';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
  }
  if (Array.isArray(v)) {
    const t = taggedGoType(v);
    return t?.startsWith('[') && !t.startsWith('[]') ? 'array' : 'slice';
  }
  if (v instanceof Map) return 'map';
  if (v instanceof GoNumber) return v.type;
  if (v instanceof GoComplex) return 'complex128';
  if (v instanceof Uint8Array) return 'slice';
  if (v instanceof GoStruct) return v.goType.startsWith('*') ? 'ptr' : 'struct';
  return 'func';
}

/** Template truthiness (text/template IsTrue): zero values, empty containers and nil are false. */
export function isTrue(v: GoValue): boolean {
  if (v === undefined || v === null) return false;
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'string':
      return v.length > 0;
    case 'bigint':
      return v !== 0n;
    case 'number':
      return v !== 0;
  }
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  if (v instanceof Uint8Array) return v.length > 0;
  if (v instanceof GoNumber) return typeof v.value === 'bigint' ? v.value !== 0n : v.value !== 0;
  if (v instanceof GoComplex) return v.re !== 0 || v.im !== 0;
  return true;
}

// ---- comparisons (text/template funcs.go) ----

type BasicKind = 'invalid' | 'bool' | 'complex' | 'int' | 'float' | 'string' | 'uint';

/** The comparison class of a value: which of Go's basic kinds it belongs to. */
export function basicKind(v: GoValue): BasicKind {
  if (v === undefined || v === null) return 'invalid';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
  }
  if (v instanceof GoNumber) {
    if (v.type === 'float32') return 'float';
    return v.type.charCodeAt(0) === 117 ? 'uint' : 'int';
  }
  if (v instanceof GoComplex) return 'complex';
  return 'invalid';
}

function intValue(v: GoValue): bigint {
  return v instanceof GoNumber ? (v.value as bigint) : (v as bigint);
}

function floatValue(v: GoValue): number {
  return v instanceof GoNumber ? (v.value as number) : (v as number);
}

function isNilValue(v: GoValue): boolean {
  return v === undefined || v === null;
}

/** Go's `==` on two values of the same non-basic type (structs by fields, pointers by identity). */
function interfaceEqual(a: GoValue, b: GoValue): boolean {
  if (a instanceof GoStruct && b instanceof GoStruct) {
    if (a === b) return true;
    if (a.goType !== b.goType || a.goType.startsWith('*')) return false;
    const fa = a.fields();
    const fb = b.fields();
    if (fa.length !== fb.length) return false;
    for (let i = 0; i < fa.length; i++) if (!goEqualValues(fa[i]![1], fb[i]![1])) return false;
    return true;
  }
  return a === b;
}

/** Go's `==` for two comparable values of any kind (used for struct fields). */
function goEqualValues(a: GoValue, b: GoValue): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka !== kb) return false;
  switch (ka) {
    case 'bool':
    case 'string':
      return a === b;
    case 'int':
    case 'uint':
      return goTypeOf(a) === goTypeOf(b) && intValue(a) === intValue(b);
    case 'float':
      return goTypeOf(a) === goTypeOf(b) && floatValue(a) === floatValue(b);
    case 'complex':
      return (a as GoComplex).re === (b as GoComplex).re && (a as GoComplex).im === (b as GoComplex).im;
    default:
      if (isNilValue(a) || isNilValue(b)) return isNilValue(a) && isNilValue(b);
      return interfaceEqual(a, b);
  }
}

function isComparableType(v: GoValue): boolean {
  if (v instanceof GoStruct) {
    // Pointers compare by identity; a struct only when all its fields are comparable.
    return v.goType.startsWith('*') || v.fields().every(([, f]) => f === null || isComparableType(f));
  }
  if (Array.isArray(v)) {
    const t = taggedGoType(v);
    return (t?.startsWith('[') ?? false) && !t?.startsWith('[]');
  }
  return !(
    v instanceof Map ||
    v instanceof Uint8Array ||
    (typeof v === 'object' && v !== null && 'kind' in v)
  );
}

/** Go's reflect Kind identity used by canCompare (nillable kinds compare with nil). */
function sameKind(a: GoValue, b: GoValue): boolean {
  return kindOf(a) === kindOf(b);
}

/** `eq arg1 arg2...`: arg1 == arg2 || arg1 == arg3 …; throws GoError on incomparable operands. */
export function goEq(arg1: GoValue, rest: readonly GoValue[]): boolean {
  if (rest.length === 0) throw new GoError('missing argument for comparison');
  const k1 = basicKind(arg1);
  for (const arg of rest) {
    const k2 = basicKind(arg);
    let truth = false;
    if (k1 !== k2) {
      if (k1 === 'int' && k2 === 'uint') {
        const a = intValue(arg1);
        truth = a >= 0n && a === intValue(arg);
      } else if (k1 === 'uint' && k2 === 'int') {
        const b = intValue(arg);
        truth = b >= 0n && intValue(arg1) === b;
      } else if (!isNilValue(arg1) && !isNilValue(arg)) {
        throw new GoError(`incompatible types for comparison: ${goTypeOf(arg1)} and ${goTypeOf(arg)}`);
      }
    } else {
      switch (k1) {
        case 'bool':
        case 'string':
          truth = arg1 === arg;
          break;
        case 'complex':
          truth =
            (arg1 as GoComplex).re === (arg as GoComplex).re &&
            (arg1 as GoComplex).im === (arg as GoComplex).im;
          break;
        case 'float':
          truth = floatValue(arg1) === floatValue(arg);
          break;
        case 'int':
        case 'uint':
          truth = intValue(arg1) === intValue(arg);
          break;
        default:
          if (!isNilValue(arg1) && !isNilValue(arg) && !sameKind(arg1, arg)) {
            throw new GoError(
              `non-comparable types ${sprintf('%s', [arg1])}: ${goTypeOf(arg1)}, ${goTypeOf(arg)}: ${sprintf('%v', [arg])}`,
            );
          }
          if (isNilValue(arg1) || isNilValue(arg)) truth = isNilValue(arg1) === isNilValue(arg);
          else {
            if (!isComparableType(arg)) {
              throw new GoError(`non-comparable type ${sprintf('%s', [arg])}: ${goTypeOf(arg)}`);
            }
            truth = interfaceEqual(arg1, arg);
          }
      }
    }
    if (truth) return true;
  }
  return false;
}

/** `ne a b`. */
export function goNe(a: GoValue, b: GoValue): boolean {
  return !goEq(a, [b]);
}

/** `lt a b`; throws GoError for non-ordered or mismatched operands. */
export function goLt(arg1: GoValue, arg2: GoValue): boolean {
  const k1 = basicKind(arg1);
  if (k1 === 'invalid') throw new GoError('invalid type for comparison');
  const k2 = basicKind(arg2);
  if (k2 === 'invalid') throw new GoError('invalid type for comparison');
  if (k1 !== k2) {
    if (k1 === 'int' && k2 === 'uint') {
      const a = intValue(arg1);
      return a < 0n || a < intValue(arg2);
    }
    if (k1 === 'uint' && k2 === 'int') {
      const b = intValue(arg2);
      return b >= 0n && intValue(arg1) < b;
    }
    throw new GoError(`incompatible types for comparison: ${goTypeOf(arg1)} and ${goTypeOf(arg2)}`);
  }
  switch (k1) {
    case 'bool':
    case 'complex':
      throw new GoError('invalid type for comparison');
    case 'float':
      return floatValue(arg1) < floatValue(arg2);
    case 'int':
    case 'uint':
      return intValue(arg1) < intValue(arg2);
    default:
      return compareStrings(arg1 as string, arg2 as string) < 0;
  }
}

/** `le a b`. */
export function goLe(a: GoValue, b: GoValue): boolean {
  return goLt(a, b) || goEq(a, [b]);
}

/** `gt a b`. */
export function goGt(a: GoValue, b: GoValue): boolean {
  return !goLe(a, b);
}

/** `ge a b`. */
export function goGe(a: GoValue, b: GoValue): boolean {
  return !goLt(a, b);
}

// ---- reflect.DeepEqual ----

/** reflect.DeepEqual: identical Go types and deeply equal contents (NaN ≠ NaN; nil ≠ empty). */
export function goDeepEqual(a: GoValue, b: GoValue): boolean {
  if (isNilValue(a) || isNilValue(b)) return isNilValue(a) && isNilValue(b);
  if (a === b) return typeof a !== 'number' || !Number.isNaN(a);
  switch (typeof a) {
    case 'string':
    case 'bigint':
    case 'boolean':
      return false;
    case 'number':
      return typeof b === 'number' && a === b;
  }
  if (typeof b !== 'object') return false;
  if (a instanceof GoNumber) {
    return b instanceof GoNumber && a.type === b.type && a.value === b.value;
  }
  if (a instanceof GoComplex) return b instanceof GoComplex && a.re === b.re && a.im === b.im;
  if (a instanceof Uint8Array) {
    if (!(b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length || goTypeOf(a) !== goTypeOf(b)) return false;
    for (let i = 0; i < a.length; i++) if (!goDeepEqual(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size || goTypeOf(a) !== goTypeOf(b)) return false;
    for (const [k, v] of a) {
      if (!b.has(k)) return false;
      if (!goDeepEqual(v, b.get(k))) return false;
    }
    return true;
  }
  if (a instanceof GoStruct) {
    if (!(b instanceof GoStruct) || a.goType !== b.goType) return false;
    const fa = a.fields();
    const fb = b.fields();
    if (fa.length !== fb.length) return false;
    for (let i = 0; i < fa.length; i++) if (!goDeepEqual(fa[i]![1], fb[i]![1])) return false;
    return true;
  }
  // Functions are deeply equal only when both are nil.
  return false;
}
