/**
 * text/template's builtin functions (funcs.go): and or not len index slice
 * print printf println html js urlquery call eq ne lt le gt ge. Parameters of
 * type reflect.Value receive the raw template value: `undefined` (invalid,
 * e.g. a missing key) and `null` (a nil interface) stay distinct.
 */

import { sprintArgs, sprintf, sprintln } from '../fmt/index.js';
import { mapTypeParts, sliceElemType } from '../fmt/printer.js';
import { utf8Decode, utf8Encode, utf8Length } from '../fmt/utf8.js';
import { goEq, goGe, goGt, goLe, goLt, goNe, goTypeOf, isTrue } from '../reflect.js';
import {
  type FuncMap,
  GoError,
  type GoFunc,
  GoNumber,
  GoStruct,
  type GoValue,
  goFunc,
  taggedGoType,
  withGoType,
} from '../value.js';
import { htmlEscape, jsEscape, urlQueryEscape } from './escape.js';
import { assignable, canBeNil, intLikeValue, makeInt, PKind, paramType, zeroValue } from './types.js';

const RV = 'reflect.Value';

function unreachable(): never {
  throw new GoError('unreachable');
}

/** reflect's indirectInterface: a nil interface becomes the invalid value. */
function indirectInterface(v: GoValue): GoValue {
  return v === null ? undefined : v;
}

/** An argument of the builtin slice still wrapped in its interface (reflect Kind Interface). */
export class InterfaceSlot {
  constructor(readonly value: GoValue) {}
}

/** funcs.go indexArg: an integer index within [0, cap]. */
function indexArg(index: GoValue | InterfaceSlot, cap: number): number {
  if (index instanceof InterfaceSlot) throw new GoError('cannot index slice/array with type interface {}');
  const x = intLikeValue(index);
  if (x === undefined) {
    if (index === undefined || index === null) throw new GoError('cannot index slice/array with nil');
    throw new GoError(`cannot index slice/array with type ${goTypeOf(index)}`);
  }
  if (x < 0n || x > BigInt(cap)) throw new GoError(`index out of range: ${x}`);
  return Number(x);
}

/** The type of a value seen through pointers (reflect indirect): `*T` → `T`. */
function indirectType(v: GoValue): string {
  const t = goTypeOf(v);
  return v instanceof GoStruct && t.startsWith('*') ? t.slice(1) : t;
}

/** funcs.go prepareArg: convert a map key (or call argument) to the wanted type. */
export function prepareArg(value: GoValue, typeName: string): GoValue {
  const t = paramType(typeName);
  if (value === undefined || value === null) {
    if (!canBeNil(t)) throw new GoError(`value is nil; should be of type ${t.name}`);
    return null;
  }
  if (assignable(value, t)) return value;
  const n = intLikeValue(value);
  if (n !== undefined && (t.kind === PKind.Int || t.kind === PKind.Uint)) return makeInt(t, n);
  throw new GoError(`value has type ${goTypeOf(value)}; should be ${t.name}`);
}

function isString(v: GoValue): v is string {
  return typeof v === 'string';
}

function byteAt(s: string, i: number): GoValue {
  const code = s.charCodeAt(i);
  // One UTF-16 unit per byte: ASCII, or a raw byte kept as U+DC80–U+DCFF.
  if (s.length === utf8Length(s)) return new GoNumber('uint8', BigInt(code & 0xff));
  return new GoNumber('uint8', BigInt(utf8Encode(s)[i]!));
}

function index(args: GoValue[]): GoValue {
  let item = indirectInterface(args[0]);
  if (item === undefined) throw new GoError('index of untyped nil');
  for (let k = 1; k < args.length; k++) {
    const idx = indirectInterface(args[k]);
    if (item === null) throw new GoError('index of nil pointer');
    if (isString(item)) {
      const len = utf8Length(item);
      const x = indexArg(idx, len);
      if (x === len) throw new GoError('reflect: string index out of range');
      item = byteAt(item, x);
    } else if (Array.isArray(item)) {
      const x = indexArg(idx, item.length);
      if (x === item.length) throw new GoError('reflect: slice index out of range');
      item = item[x];
    } else if (item instanceof Uint8Array) {
      const x = indexArg(idx, item.length);
      if (x === item.length) throw new GoError('reflect: slice index out of range');
      item = new GoNumber('uint8', BigInt(item[x]!));
    } else if (item instanceof Map) {
      const [kt, vt] = mapTypeParts(taggedGoType(item) ?? 'map[string]interface {}');
      const key = prepareArg(idx, kt);
      const found = item.get(key);
      item = found !== undefined ? found : zeroValue(vt);
    } else {
      throw new GoError(`can't index item of type ${indirectType(item)}`);
    }
  }
  return item;
}

function sliceString(s: string, i: number, j: number): string {
  if (s.length === utf8Length(s)) return s.slice(i, j);
  return utf8Decode(utf8Encode(s).subarray(i, j));
}

function slice(args: GoValue[]): GoValue {
  const item = indirectInterface(args[0]);
  if (item === undefined) throw new GoError('slice of untyped nil');
  if (item === null) throw new GoError('slice of nil pointer');
  const n = args.length - 1;
  if (n > 3) throw new GoError(`too many slice indexes: ${n}`);
  let cap: number;
  if (isString(item)) {
    if (n === 3) throw new GoError('cannot 3-index slice a string');
    cap = utf8Length(item);
  } else if (Array.isArray(item) || item instanceof Uint8Array) {
    cap = item.length;
  } else {
    throw new GoError(`can't slice item of type ${indirectType(item)}`);
  }
  const idx = [0, cap, 0];
  for (let k = 0; k < n; k++) idx[k] = indexArg(args[k + 1] as GoValue | InterfaceSlot, cap);
  const [i, j] = idx as [number, number, number];
  if (i > j) throw new GoError(`invalid slice index: ${i} > ${j}`);
  if (n === 3 && j > idx[2]!) throw new GoError(`invalid slice index: ${j} > ${idx[2]}`);
  if (isString(item)) return sliceString(item, i, j);
  if (item instanceof Uint8Array) return item.slice(i, j);
  const out = item.slice(i, j);
  const tag = taggedGoType(item);
  return tag !== undefined ? withGoType(out, tag.startsWith('[]') ? tag : '[]' + sliceElemType(tag)) : out;
}

function length(v: GoValue): GoValue {
  if (v === undefined) throw new GoError('reflect: call of reflect.Value.Type on zero Value');
  if (v === null) throw new GoError('len of nil pointer');
  if (isString(v)) return BigInt(utf8Length(v));
  if (Array.isArray(v) || v instanceof Uint8Array) return BigInt(v.length);
  if (v instanceof Map) return BigInt(v.size);
  throw new GoError(`len of type ${indirectType(v)}`);
}

/** evalArgs of html/js/urlquery: one string as is, else Sprint with `<no value>` for missing values. */
function evalArgs(args: GoValue[]): string {
  if (args.length === 1 && isString(args[0])) return args[0];
  const printable = args.map((a) => {
    if (a === undefined || a === null) return '<no value>';
    if (a instanceof GoStruct && a.goType.startsWith('*')) return derefStruct(a);
    return a;
  });
  return sprintArgs(printable);
}

/** A pointer-to-struct seen through its pointer (printableValue indirects pointers). */
export function derefStruct(s: GoStruct): GoStruct {
  if (typeof s.stringer === 'function' || typeof s.errorString === 'function') return s;
  const base = s;
  return new (class extends GoStruct {
    readonly goType = base.goType.slice(1);
    fields() {
      return base.fields();
    }
    member(name: string) {
      return base.member(name);
    }
  })();
}

/** funcs.go call: call a function value with prepared arguments. */
export function callFunction(
  name: string,
  fnValue: GoValue,
  args: GoValue[],
  ctx: Parameters<GoFunc['call']>[1],
): GoValue {
  const fn = indirectInterface(fnValue);
  if (fn === undefined) throw new GoError('call of nil');
  if (typeof fn !== 'object' || fn === null || (fn as GoFunc).kind !== 'func' || fn instanceof GoStruct) {
    throw new GoError(`non-function ${name} of type ${goTypeOf(fn)}`);
  }
  const f = fn as GoFunc;
  const numIn = f.sig.params.length + (f.sig.variadic !== undefined ? 1 : 0);
  if (f.sig.variadic !== undefined) {
    if (args.length < numIn - 1) {
      throw new GoError(`wrong number of args for ${name}: got ${args.length} want at least ${numIn - 1}`);
    }
  } else if (args.length !== numIn) {
    throw new GoError(`wrong number of args for ${name}: got ${args.length} want ${numIn}`);
  }
  const argv = args.map((a, i) => {
    const t = i < f.sig.params.length ? f.sig.params[i]! : f.sig.variadic!;
    try {
      return prepareArg(indirectInterface(a), t);
    } catch (e) {
      throw new GoError(`arg ${i}: ${(e as Error).message}`);
    }
  });
  return f.call(argv, ctx);
}

const cmp2 = { params: [RV, RV], result: 'bool', returnsError: true } as const;

/** The builtin FuncMap (names shadowed by user functions of the same name). */
export const builtins: FuncMap = new Map<string, GoFunc>(
  [
    goFunc('and', { params: [RV], variadic: RV, result: RV, returnsError: false }, unreachable),
    goFunc('or', { params: [RV], variadic: RV, result: RV, returnsError: false }, unreachable),
    goFunc('call', { params: [RV], variadic: RV, result: RV, returnsError: true }, unreachable),
    goFunc('html', { params: [], variadic: 'interface {}', result: 'string', returnsError: false }, (a) =>
      htmlEscape(evalArgs(a)),
    ),
    goFunc('index', { params: [RV], variadic: RV, result: RV, returnsError: true }, index),
    goFunc('slice', { params: [RV], variadic: RV, result: RV, returnsError: true }, slice),
    goFunc('js', { params: [], variadic: 'interface {}', result: 'string', returnsError: false }, (a) =>
      jsEscape(evalArgs(a)),
    ),
    goFunc('len', { params: [RV], result: 'int', returnsError: true }, (a) => length(a[0])),
    goFunc('not', { params: [RV], result: 'bool', returnsError: false }, (a) => !isTrue(a[0])),
    goFunc('print', { params: [], variadic: 'interface {}', result: 'string', returnsError: false }, (a) =>
      sprintArgs(a),
    ),
    goFunc(
      'printf',
      { params: ['string'], variadic: 'interface {}', result: 'string', returnsError: false },
      (a) => sprintf(a[0] as string, a.slice(1)),
    ),
    goFunc('println', { params: [], variadic: 'interface {}', result: 'string', returnsError: false }, (a) =>
      sprintln(...a),
    ),
    goFunc('urlquery', { params: [], variadic: 'interface {}', result: 'string', returnsError: false }, (a) =>
      urlQueryEscape(evalArgs(a)),
    ),
    goFunc('eq', { params: [RV], variadic: RV, result: 'bool', returnsError: true }, (a) =>
      goEq(a[0], a.slice(1)),
    ),
    goFunc('ge', cmp2, (a) => goGe(a[0], a[1])),
    goFunc('gt', cmp2, (a) => goGt(a[0], a[1])),
    goFunc('le', cmp2, (a) => goLe(a[0], a[1])),
    goFunc('lt', cmp2, (a) => goLt(a[0], a[1])),
    goFunc('ne', cmp2, (a) => goNe(a[0], a[1])),
  ].map((f) => [f.name, f] as const),
);
