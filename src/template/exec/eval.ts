/**
 * Evaluation of pipelines, commands, fields, variables and function calls
 * (text/template exec.go): Go's argument conversion against a function's
 * signature and Go's messages when a value does not fit.
 */

import { mapTypeParts, sliceElemType } from '../fmt/printer.js';
import { quote } from '../fmt/quote.js';
import {
  type ChainNode,
  type CommandNode,
  type FieldNode,
  type IdentifierNode,
  type Node,
  NodeType,
  type NumberNode,
  nodeString,
  type PipeNode,
  type VariableNode,
} from '../parse/node.js';
import { goTypeOf, isTrue } from '../reflect.js';
import {
  GoComplex,
  type GoFunc,
  GoNumber,
  GoStruct,
  type GoValue,
  taggedGoType,
  withGoType,
} from '../value.js';
import { callFunction, InterfaceSlot } from './builtins.js';
import { DepthExceeded, ExecError, isStackOverflow, MissingKeyMode, Scope } from './scope.js';
import { assignable, canBeNil, makeInt, type ParamType, PKind, paramType, zeroValue } from './types.js';

/** The pipeline's previous value was not given (Go's missingVal). */
export const MISSING: unique symbol = Symbol('missing');
export type Final = GoValue | typeof MISSING;

interface CompiledSig {
  readonly params: ParamType[];
  readonly variadic: ParamType | null;
}

const sigCache = new WeakMap<GoFunc, CompiledSig>();

function compiledSig(fn: GoFunc): CompiledSig {
  let c = sigCache.get(fn);
  if (c === undefined) {
    c = {
      params: fn.sig.params.map(paramType),
      variadic: fn.sig.variadic !== undefined ? paramType(fn.sig.variadic) : null,
    };
    sigCache.set(fn, c);
  }
  return c;
}

const RV_TYPE = paramType('reflect.Value');
export const INTERFACE = 'interface {}';

function isHexInt(s: string): boolean {
  return s.length > 2 && s[0] === '0' && (s[1] === 'x' || s[1] === 'X') && !/[pP]/.test(s);
}

const DEFAULT_MAP_TYPES: readonly [string, string] = ['string', INTERFACE];
const mapTypeCache = new Map<string, readonly [string, string]>();

/** Key and element type of a map value. */
export function mapTypes(m: Map<GoValue, GoValue>): readonly [string, string] {
  const tag = taggedGoType(m);
  if (tag === undefined) return DEFAULT_MAP_TYPES;
  let parts = mapTypeCache.get(tag);
  if (parts === undefined) {
    parts = mapTypeParts(tag);
    mapTypeCache.set(tag, parts);
  }
  return parts;
}

/**
 * A function's nil result. helmfire has one nil; a nil slice or map of a
 * function declared to return one still prints `[]` / `map[]` in Go, so it
 * becomes an empty value of that type. Other nils stay nil.
 */
function typedNil(fn: GoFunc): GoValue {
  const t = paramType(fn.sig.result);
  if (t.kind === PKind.Slice) return withGoType([], t.name);
  if (t.kind === PKind.Map) return withGoType(new Map(), t.name);
  return null;
}

/** reflect.Value.String(): a string's text, else `<T Value>`. */
function valueString(v: GoValue): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '<invalid Value>';
  return `<${v === null ? INTERFACE : goTypeOf(v)} Value>`;
}

/**
 * Named (non-empty) interface types that slices of the value model hold
 * (helmfile's readDirEntries gives []fs.DirEntry). Go keeps such a value's
 * interface type through index, range, with and variables, and names it in
 * "can't evaluate field" errors; empty interfaces are unwrapped instead.
 */
export const NAMED_INTERFACES: ReadonlySet<string> = new Set(['fs.DirEntry']);

/** The named interface type of `index`'s result over `coll` with one index, if any. */
function indexResultType(coll: GoValue): string | undefined {
  if (!Array.isArray(coll)) return undefined;
  const t = taggedGoType(coll);
  const elem = t === undefined ? undefined : sliceElemType(t);
  return elem !== undefined && NAMED_INTERFACES.has(elem) ? elem : undefined;
}

export class Evaluator extends Scope {
  /** Static named-interface type of the last function call's result (see NAMED_INTERFACES). */
  protected callType: string | undefined;
  /** Static named-interface type of the last pipeline's value. */
  protected pipeType: string | undefined;

  protected evalPipeline(dot: GoValue, dotType: string | undefined, pipe: PipeNode | null): GoValue {
    if (pipe === null) return undefined;
    this.node = pipe;
    let value: Final = MISSING;
    let st: string | undefined;
    const cmds = pipe.cmds;
    for (let i = 0; i < cmds.length; i++) {
      const cmd = cmds[i]!;
      this.callType = undefined;
      value = this.evalCommand(dot, dotType, cmd, value);
      st = cmd.args[0]?.type === NodeType.Identifier ? this.callType : undefined;
      // A nil interface result is the invalid value.
      if (value === null) value = undefined;
    }
    const v = value as GoValue;
    for (const variable of pipe.decl) {
      if (pipe.isAssign) this.setVar(variable.ident[0]!, v, undefined);
      else this.push(variable.ident[0]!, v, st);
    }
    this.pipeType = st;
    return v;
  }

  protected notAFunction(args: Node[] | null, final: Final): void {
    if ((args !== null && args.length > 1) || final !== MISSING) {
      this.errorf(`can't give argument to non-function ${nodeString(args![0]!)}`);
    }
  }

  protected evalCommand(dot: GoValue, dotType: string | undefined, cmd: CommandNode, final: Final): GoValue {
    const first = cmd.args[0]!;
    switch (first.type) {
      case NodeType.Field:
        return this.evalFieldNode(dot, dotType, first, cmd.args, final);
      case NodeType.Chain:
        return this.evalChainNode(dot, dotType, first, cmd.args, final);
      case NodeType.Identifier:
        return this.evalFunction(dot, dotType, first, cmd, cmd.args, final);
      case NodeType.Pipe:
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, dotType, first);
      case NodeType.Variable:
        return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.node = first;
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case NodeType.Bool:
        return first.value;
      case NodeType.Dot:
        return dot;
      case NodeType.Nil:
        this.errorf('nil is not a command');
        break;
      case NodeType.Number:
        return this.idealConstant(first);
      case NodeType.String:
        return first.text;
    }
    this.errorf(`can't evaluate command ${quote(nodeString(first))}`);
  }

  protected idealConstant(c: NumberNode): GoValue {
    this.node = c;
    if (c.isComplex) return new GoComplex(c.complex[0], c.complex[1]);
    if (c.isFloat && !isHexInt(c.text) && c.text[0] !== "'" && /[.eEpP]/.test(c.text)) return c.float64;
    if (c.isInt) return c.int64;
    if (c.isUint) this.errorf(`${c.text} overflows int`);
    return undefined;
  }

  protected evalFieldNode(
    dot: GoValue,
    dotType: string | undefined,
    field: FieldNode,
    args: Node[] | null,
    final: Final,
  ): GoValue {
    this.node = field;
    return this.evalFieldChain(dot, dot, dotType, field, field.ident, args, final);
  }

  protected evalChainNode(
    dot: GoValue,
    dotType: string | undefined,
    chain: ChainNode,
    args: Node[] | null,
    final: Final,
  ): GoValue {
    this.node = chain;
    if (chain.node.type === NodeType.Nil)
      this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    this.pipeType = undefined;
    const pipe = this.evalArg(dot, dotType, null, chain.node);
    const st = chain.node.type === NodeType.Pipe ? this.pipeType : undefined;
    return this.evalFieldChain(dot, pipe, st, chain, chain.field, args, final);
  }

  protected evalVariableNode(
    dot: GoValue,
    variable: VariableNode,
    args: Node[] | null,
    final: Final,
  ): GoValue {
    this.node = variable;
    const i = this.varIndex(variable.ident[0]!);
    const value = this.varValues[i];
    if (variable.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, this.varTypes[i], variable, variable.ident.slice(1), args, final);
  }

  protected evalFieldChain(
    dot: GoValue,
    receiver: GoValue,
    receiverType: string | undefined,
    node: Node,
    ident: string[],
    args: Node[] | null,
    final: Final,
  ): GoValue {
    const n = ident.length;
    let r = receiver;
    let rt = receiverType;
    for (let i = 0; i < n - 1; i++) {
      r = this.evalField(dot, ident[i]!, node, null, MISSING, r, rt);
      rt = this.lastFieldType;
    }
    return this.evalField(dot, ident[n - 1]!, node, args, final, r, rt);
  }

  protected evalFunction(
    dot: GoValue,
    dotType: string | undefined,
    node: IdentifierNode,
    cmd: Node,
    args: Node[] | null,
    final: Final,
  ): GoValue {
    this.node = node;
    const name = node.ident;
    const f = this.env.lookupFunc(name);
    if (f === undefined) this.errorf(`${quote(name)} is not a defined function`);
    return this.evalCall(dot, dotType, f.fn, f.builtin, cmd, name, args, final);
  }

  protected evalField(
    dot: GoValue,
    fieldName: string,
    node: Node,
    args: Node[] | null,
    final: Final,
    receiver: GoValue,
    receiverType: string | undefined,
  ): GoValue {
    this.lastFieldType = undefined;
    if (receiver === undefined) {
      if (this.env.missingKey === MissingKeyMode.Error)
        this.errorf(`nil data; no entry for key ${quote(fieldName)}`);
      return undefined;
    }
    const typ = receiverType ?? (receiver === null ? INTERFACE : goTypeOf(receiver));
    if (receiver === null) this.errorf(`nil pointer evaluating ${typ}.${fieldName}`);
    const hasArgs = (args !== null && args.length > 1) || final !== MISSING;
    if (receiver instanceof GoStruct) {
      const m = receiver.member(fieldName);
      if (m !== undefined) {
        if (m.kind === 'method')
          return this.evalCall(dot, undefined, m.fn, false, node, fieldName, args, final);
        if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
        return m.value;
      }
    } else if (receiver instanceof Map) {
      const [kt, vt] = mapTypes(receiver);
      if (kt === 'string' || kt === INTERFACE) {
        if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
        let result = receiver.get(fieldName);
        if (result === undefined) {
          switch (this.env.missingKey) {
            case MissingKeyMode.Zero:
              result = zeroValue(vt);
              break;
            case MissingKeyMode.Error:
              this.errorf(`map has no entry for key ${quote(fieldName)}`);
          }
        }
        if (vt === INTERFACE) this.lastFieldType = INTERFACE;
        return result;
      }
    }
    this.errorf(`can't evaluate field ${fieldName} in type ${typ}`);
  }

  protected evalCall(
    dot: GoValue,
    dotType: string | undefined,
    fn: GoFunc,
    isBuiltin: boolean,
    node: Node,
    name: string,
    argNodes: Node[] | null,
    final: Final,
  ): GoValue {
    if (isBuiltin && (name === 'and' || name === 'or')) {
      return this.evalAndOr(dot, dotType, fn, name, argNodes, final);
    }
    const argv = this.evalCallArgs(dot, dotType, fn, isBuiltin, name, argNodes, final);
    try {
      if (isBuiltin && name === 'call') {
        const calleeName =
          argNodes === null || argNodes.length < 2 ? valueString(final as GoValue) : nodeString(argNodes[1]!);
        return callFunction(calleeName, argv[0], argv.slice(1), this);
      }
      const result = fn.call(argv, this);
      this.callType =
        isBuiltin && name === 'index' && argv.length === 2 ? indexResultType(argv[0]) : undefined;
      return result === null ? typedNil(fn) : result;
    } catch (e) {
      if (e instanceof ExecError || e instanceof DepthExceeded || isStackOverflow(e)) throw e;
      this.node = node;
      this.errorf(`error calling ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Check the argument count against the signature (Go's messages). */
  protected checkArity(sig: CompiledSig, name: string, nargs: number, numIn: number): void {
    if (sig.variadic !== null) {
      if (numIn < sig.params.length) {
        this.errorf(`wrong number of args for ${name}: want at least ${sig.params.length} got ${nargs}`);
      }
    } else if (numIn !== sig.params.length) {
      this.errorf(`wrong number of args for ${name}: want ${sig.params.length} got ${numIn}`);
    }
  }

  /** The builtins and/or: evaluate arguments until one decides, and return it. */
  protected evalAndOr(
    dot: GoValue,
    dotType: string | undefined,
    fn: GoFunc,
    name: string,
    argNodes: Node[] | null,
    final: Final,
  ): GoValue {
    const nargs = argNodes === null ? 0 : argNodes.length - 1;
    this.checkArity(compiledSig(fn), name, nargs, nargs + (final !== MISSING ? 1 : 0));
    const want = name === 'or';
    let v: GoValue;
    for (let i = 1; i <= nargs; i++) {
      v = this.evalArg(dot, dotType, RV_TYPE, argNodes![i]!);
      if (isTrue(v) === want) return v;
    }
    if (final !== MISSING) v = this.validateType(final, RV_TYPE);
    return v;
  }

  /** Evaluate and convert the arguments of a call (evalCall's argv). */
  protected evalCallArgs(
    dot: GoValue,
    dotType: string | undefined,
    fn: GoFunc,
    isBuiltin: boolean,
    name: string,
    argNodes: Node[] | null,
    final: Final,
  ): GoValue[] {
    const sig = compiledSig(fn);
    const nargs = argNodes === null ? 0 : argNodes.length - 1;
    const hasFinal = final !== MISSING;
    const numIn = nargs + (hasFinal ? 1 : 0);
    this.checkArity(sig, name, nargs, numIn);
    const numFixed = sig.variadic !== null ? sig.params.length : nargs;
    const argv: GoValue[] = new Array(numIn);
    let i = 0;
    for (; i < numFixed && i < nargs; i++)
      argv[i] = this.evalArg(dot, dotType, sig.params[i]!, argNodes![i + 1]!);
    if (sig.variadic !== null) {
      const sliceIndexes = isBuiltin && name === 'slice';
      for (; i < nargs; i++) {
        const n = argNodes![i + 1]!;
        const v = this.evalArg(dot, dotType, sig.variadic, n);
        // The builtin slice sees index values still wrapped in their interface.
        argv[i] =
          sliceIndexes && v !== null && v !== undefined && this.cameFromInterface(n, dotType)
            ? (new InterfaceSlot(v) as unknown as GoValue)
            : v;
      }
    }
    if (hasFinal) {
      let t: ParamType;
      if (sig.variadic !== null) t = numIn - 1 < numFixed ? sig.params[numIn - 1]! : sig.variadic;
      else t = sig.params[sig.params.length - 1]!;
      argv[i] = this.validateType(final, t);
    }
    return argv;
  }

  /** Was the value just evaluated for argument `n` held in an interface-typed slot (map element, range element)? */
  protected cameFromInterface(n: Node, dotType: string | undefined): boolean {
    switch (n.type) {
      case NodeType.Dot:
        return dotType === INTERFACE;
      case NodeType.Field:
      case NodeType.Chain:
        return this.lastFieldType === INTERFACE;
      case NodeType.Variable:
        if (n.ident.length > 1) return this.lastFieldType === INTERFACE;
        return this.varTypes[this.varIndex(n.ident[0]!)] === INTERFACE;
      case NodeType.Identifier:
        return this.env.lookupFunc(n.ident)?.fn.sig.result === INTERFACE;
    }
    return false;
  }

  protected validateType(value: GoValue, t: ParamType | null): GoValue {
    if (value === undefined) {
      if (t === null || t.kind === PKind.ReflectValue) return undefined;
      if (canBeNil(t)) return null;
      this.errorf(`invalid value; expected ${t.name}`);
    }
    if (t === null || t.kind === PKind.ReflectValue || t.kind === PKind.Any) return value;
    if (assignable(value, t)) return value;
    if (value instanceof GoStruct) {
      // Pointer dereference / address-of between *T and T.
      if (value.goType === '*' + t.name || '*' + value.goType === t.name) return value;
    }
    this.errorf(
      `wrong type for value; expected ${t.name}; got ${value === null ? INTERFACE : goTypeOf(value)}`,
    );
  }

  protected evalArg(dot: GoValue, dotType: string | undefined, t: ParamType | null, n: Node): GoValue {
    this.node = n;
    switch (n.type) {
      case NodeType.Dot:
        return this.validateType(dot, t);
      case NodeType.Nil:
        if (t === null || t.kind === PKind.ReflectValue) return undefined;
        if (canBeNil(t)) return null;
        this.errorf(`cannot assign nil to ${t.name}`);
        break;
      case NodeType.Field:
        return this.validateType(this.evalFieldNode(dot, dotType, n, [n], MISSING), t);
      case NodeType.Variable:
        return this.validateType(this.evalVariableNode(dot, n, null, MISSING), t);
      case NodeType.Pipe:
        return this.validateType(this.evalPipeline(dot, dotType, n), t);
      case NodeType.Identifier:
        return this.validateType(this.evalFunction(dot, dotType, n, n, null, MISSING), t);
      case NodeType.Chain:
        return this.validateType(this.evalChainNode(dot, dotType, n, null, MISSING), t);
    }
    if (t === null) this.errorf(`can't handle ${nodeString(n)} for arg of type <nil>`);
    switch (t.kind) {
      case PKind.Bool:
        if (n.type === NodeType.Bool) return n.value;
        this.errorf(`expected bool; found ${nodeString(n)}`);
        break;
      case PKind.Complex:
        if (n.type === NodeType.Number && n.isComplex) return new GoComplex(n.complex[0], n.complex[1]);
        this.errorf(`expected complex; found ${nodeString(n)}`);
        break;
      case PKind.Float:
        if (n.type === NodeType.Number && n.isFloat) {
          return t.bits === 64 ? n.float64 : new GoNumber('float32', Math.fround(n.float64));
        }
        this.errorf(`expected float; found ${nodeString(n)}`);
        break;
      case PKind.Int:
        if (n.type === NodeType.Number && n.isInt) return makeInt(t, n.int64);
        this.errorf(`expected integer; found ${nodeString(n)}`);
        break;
      case PKind.Any:
      case PKind.ReflectValue:
        return this.evalEmptyInterface(n);
      case PKind.String:
        if (n.type === NodeType.String) return n.text;
        this.errorf(`expected string; found ${nodeString(n)}`);
        break;
      case PKind.Uint:
        if (n.type === NodeType.Number && n.isUint) return makeInt(t, n.uint64);
        this.errorf(`expected unsigned integer; found ${nodeString(n)}`);
    }
    this.errorf(`can't handle ${nodeString(n)} for arg of type ${t.name}`);
  }

  protected evalEmptyInterface(n: Node): GoValue {
    this.node = n;
    switch (n.type) {
      case NodeType.Bool:
        return n.value;
      case NodeType.Number:
        return this.idealConstant(n);
      case NodeType.String:
        return n.text;
    }
    this.errorf(`can't handle assignment of ${nodeString(n)} to empty interface argument`);
  }
}
