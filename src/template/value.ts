/**
 * The Go value model the template engine works on.
 *
 * Go's text/template is reflective: what a template prints, compares and passes
 * to functions depends on the Go type of every value. helmfile feeds templates
 * with yaml.v3-decoded data (int kept apart from float64, time.Time for
 * timestamps), Sprig returns int64 / float64 / []string / map[string]interface{},
 * and the template literals are untyped constants. This module fixes how each of
 * those is represented in TypeScript; every part of the engine and every
 * function uses these representations and nothing else.
 *
 * | Go                          | TypeScript                                          |
 * |-----------------------------|-----------------------------------------------------|
 * | invalid reflect.Value       | `undefined` (a missing map key; prints `<no value>`) |
 * | nil (interface, map, slice) | `null`                                              |
 * | bool                        | `boolean`                                           |
 * | string                      | `string`                                            |
 * | int                         | `bigint`                                            |
 * | float64                     | `number`                                            |
 * | int64, uint8, float32, …    | `GoNumber` (type name + value)                      |
 * | complex128                  | `GoComplex`                                         |
 * | []interface{} / []T         | `GoValue[]` (element type in `goTypeOf`, default    |
 * |                             |  `[]interface {}`; see `withGoType`)                |
 * | map[string]interface{} / …  | `Map<GoValue, GoValue>` (type via `withGoType`,      |
 * |                             |  default `map[string]interface {}`)                 |
 * | []byte                      | `Uint8Array`                                        |
 * | struct / pointer to struct  | a `GoStruct` subclass                               |
 * | time.Time                   | `GoTime` (a `GoStruct`)                             |
 * | func                        | a `GoFunc`                                          |
 */

export type GoValue =
  | undefined
  | null
  | boolean
  | string
  | bigint
  | number
  | GoNumber
  | GoComplex
  | GoValue[]
  | Map<GoValue, GoValue>
  | Uint8Array
  | GoStruct
  | GoFunc;

/** Sized or unsigned integer and float32 types: everything numeric but `int` and `float64`. */
export type GoNumberType =
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
  | 'float32';

export class GoNumber {
  /** `value` is a bigint for integer types (already wrapped to the type's range), a number for float32. */
  constructor(
    readonly type: GoNumberType,
    readonly value: bigint | number,
  ) {}
}

export class GoComplex {
  constructor(
    readonly re: number,
    readonly im: number,
  ) {}
}

/** What a struct exposes to templates: exported fields and methods, looked up by name. */
export type GoMember = { kind: 'field'; value: GoValue } | { kind: 'method'; fn: GoFunc };

/**
 * A Go struct (or pointer to one). Field access `.Name` on it finds an exported
 * field or calls a niladic method; a missing member is always an error
 * ("can't evaluate field X in type T"), whatever the missingkey mode.
 */
export abstract class GoStruct {
  /** Go type as `%T` prints it, e.g. `*semver.Version`, `time.Time`, `tmpl.Env`. */
  abstract readonly goType: string;
  /** Exported fields in declaration order (what `%v` / `%+v` print). */
  abstract fields(): ReadonlyArray<readonly [string, GoValue]>;
  /** Field or method by name; undefined when the type has no such member. */
  abstract member(name: string): GoMember | undefined;
  /** The value of a `String() string` method, if the type has one: fmt uses it for %v and %s. */
  stringer?(): string;
  /** The value of an `Error() string` method, if the type has one (it wins over String in fmt). */
  errorString?(): string;
}

/**
 * A Go function value (a FuncMap entry, or a method bound to its receiver).
 * The engine converts template arguments to `params` with Go's assignability
 * rules before calling `call`, and reports Go-shaped errors when they do not fit.
 */
export interface GoFunc {
  readonly kind: 'func';
  readonly name: string;
  readonly sig: GoSignature;
  call(args: GoValue[], ctx: CallContext): GoValue;
}

/** Go type spelled as Go prints it: `string`, `int`, `int64`, `float64`, `bool`, `interface {}`, `[]interface {}`, `[]string`, `map[string]interface {}`, `time.Time`, … */
export type GoTypeName = string;

export interface GoSignature {
  readonly params: readonly GoTypeName[];
  /** Element type of a final `...T` parameter, when the function is variadic. */
  readonly variadic?: GoTypeName;
  /** The first result's type; `interface {}` when it is dynamic. */
  readonly result: GoTypeName;
  /** True for `(T, error)` functions: throwing `GoError` from `call` is that error. */
  readonly returnsError: boolean;
}

/**
 * An error (or panic) from a Go function. The engine reports it as
 * `template: NAME:LINE:COL: executing "NAME" at <NODE>: error calling FN: MESSAGE`.
 */
export class GoError extends Error {
  override readonly name = 'GoError';
}

/** What a function can reach of the running template: executing named templates (include, tpl) and host services. */
export interface CallContext {
  /** Execute the named template of the current template set with `data` as dot; returns its output. */
  executeTemplate(name: string, data: GoValue): string;
  /** Parse `text` as a fresh template sharing this set's functions, options and named templates, and execute it. */
  renderString(text: string, data: GoValue): string;
  /** Name of the template being executed (for messages). */
  readonly templateName: string;
}

const GO_TYPE = Symbol.for('helmfire.goType');

/** Tag a slice or map with its Go type (e.g. `[]string`, `map[string]string`). Returns the same object. */
export function withGoType<T extends GoValue[] | Map<GoValue, GoValue>>(value: T, goType: GoTypeName): T {
  Object.defineProperty(value, GO_TYPE, {
    value: goType,
    enumerable: false,
    configurable: true,
    writable: true,
  });
  return value;
}

/** The Go type tag set by `withGoType`, if any. */
export function taggedGoType(value: GoValue[] | Map<GoValue, GoValue>): GoTypeName | undefined {
  return (value as unknown as Record<symbol, GoTypeName | undefined>)[GO_TYPE];
}

/** A FuncMap: function name → Go function. Later entries shadow earlier ones and builtins. */
export type FuncMap = ReadonlyMap<string, GoFunc>;

/** Build a GoFunc from a signature and an implementation. */
export function goFunc(
  name: string,
  sig: GoSignature,
  call: (args: GoValue[], ctx: CallContext) => GoValue,
): GoFunc {
  return { kind: 'func', name, sig, call };
}
