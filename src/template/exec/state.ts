/**
 * The template executor (text/template/exec.go semantics): walks a parsed
 * tree with a data value, evaluating pipelines, fields, variables and calls
 * with Go's conversion rules and producing Go's error messages.
 */

import { sortedMapEntries, sprintArgs } from '../fmt/index.js';
import { mapTypeParts, sliceElemType } from '../fmt/printer.js';
import { quote } from '../fmt/quote.js';
import { utf8Length } from '../fmt/utf8.js';
import {
  type BranchNode,
  type ChainNode,
  type CommandNode,
  type FieldNode,
  type IdentifierNode,
  type ListNode,
  type Node,
  NodeType,
  type NumberNode,
  nodeString,
  type PipeNode,
  type TemplateNode,
  type VariableNode,
} from '../parse/node.js';
import type { Tree } from '../parse/parse.js';
import { goTypeOf, isTrue } from '../reflect.js';
import {
  type CallContext,
  GoComplex,
  type GoFunc,
  GoNumber,
  type GoNumberType,
  GoStruct,
  type GoValue,
  taggedGoType,
} from '../value.js';
import { callFunction, derefStruct, InterfaceSlot } from './builtins.js';
import { assignable, canBeNil, makeInt, type ParamType, PKind, paramType, zeroValue } from './types.js';

export const MAX_EXEC_DEPTH = 100000;

export enum MissingKeyMode {
  Invalid,
  Zero,
  Error,
}

/** What the executor needs from the template set. */
export interface ExecEnv {
  lookupTemplate(name: string): Tree | undefined;
  /** A function by name: user functions first, then builtins; `builtin` tells which. */
  lookupFunc(name: string): { fn: GoFunc; builtin: boolean } | undefined;
  readonly missingKey: MissingKeyMode;
  executeTemplate(name: string, data: GoValue): string;
  renderString(text: string, data: GoValue): string;
}

/** An execution error; `message` is Go's full `template: …` text. */
export class ExecError extends Error {
  override readonly name = 'ExecError';
}

/** The JS stack overflowed while executing nested templates (reported as Go's depth error). */
class DepthExceeded {
  constructor(
    readonly node: Node | null,
    readonly tmplName: string,
  ) {}
}

function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && e.message.includes('stack');
}

/** The pipeline's previous value was not given (Go's missingVal). */
const MISSING: unique symbol = Symbol('missing');
type Final = GoValue | typeof MISSING;

enum Flow {
  Normal,
  Break,
  Continue,
}

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
const INTERFACE = 'interface {}';

function isHexInt(s: string): boolean {
  return s.length > 2 && s[0] === '0' && (s[1] === 'x' || s[1] === 'X') && !/[pP]/.test(s);
}

const DEFAULT_MAP_TYPES: readonly [string, string] = ['string', INTERFACE];
const mapTypeCache = new Map<string, readonly [string, string]>();

/** Key and element type of a map value. */
function mapTypes(m: Map<GoValue, GoValue>): readonly [string, string] {
  const tag = taggedGoType(m);
  if (tag === undefined) return DEFAULT_MAP_TYPES;
  let parts = mapTypeCache.get(tag);
  if (parts === undefined) {
    parts = mapTypeParts(tag);
    mapTypeCache.set(tag, parts);
  }
  return parts;
}

/** reflect.Value.String(): a string's text, else `<T Value>`. */
function valueString(v: GoValue): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '<invalid Value>';
  return `<${v === null ? INTERFACE : goTypeOf(v)} Value>`;
}

/** Line and byte column of a node, `NAME:LINE:COL` (parse.ErrorContext). */
function errorLocation(n: Node): string {
  const text = n.src.text.slice(0, n.pos);
  const nl = text.lastIndexOf('\n');
  const col = nl === -1 ? utf8Length(text) : utf8Length(text.slice(nl + 1));
  let lines = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
  return `${n.src.parseName}:${lines}:${col}`;
}

export class State implements CallContext {
  out = '';
  private node: Node | null = null;
  // The variable stack: entries [base, top) are visible to the running template.
  private varNames: string[] = [];
  private varValues: GoValue[] = [];
  private base = 0;
  private top = 0;
  /** Static type of each variable when it came out of an interface slot (range elements). */
  private varTypes: Array<string | undefined> = [];
  private tmplName: string;
  private depth = 0;
  /** The {{template}} node and calling template's name of each nested call. */
  private readonly callNodes: TemplateNode[] = [];
  private readonly callers: string[] = [];
  /** Static type of the last evalField result (`interface {}` for map elements). */
  private lastFieldType: string | undefined = undefined;

  constructor(
    private readonly env: ExecEnv,
    name: string,
  ) {
    this.tmplName = name;
  }

  // ---- CallContext ----

  get templateName(): string {
    return this.tmplName;
  }
  executeTemplate(name: string, data: GoValue): string {
    return this.env.executeTemplate(name, data);
  }
  renderString(text: string, data: GoValue): string {
    return this.env.renderString(text, data);
  }

  // ---- errors ----

  errorf(msg: string): never {
    const name = this.tmplName;
    if (this.node === null) throw new ExecError(`template: ${name}: ${msg}`);
    throw new ExecError(
      `template: ${errorLocation(this.node)}: executing ${quote(name)} at <${nodeString(this.node)}>: ${msg}`,
    );
  }

  /** Run a template root with `data` as dot and `$`. */
  run(root: ListNode, data: GoValue): void {
    this.base = 0;
    this.top = 0;
    this.push('$', data, undefined);
    try {
      this.walkList(data, undefined, root);
    } catch (e) {
      if (e instanceof DepthExceeded) {
        this.node = e.node;
        this.tmplName = e.tmplName;
        this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
      }
      if (isStackOverflow(e)) this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
      throw e;
    }
  }

  // ---- variables ----

  private push(name: string, value: GoValue, type: string | undefined): void {
    const i = this.top++;
    this.varNames[i] = name;
    this.varValues[i] = value;
    this.varTypes[i] = type;
  }
  private pop(mark: number): void {
    this.top = mark;
  }
  private setVar(name: string, value: GoValue, type: string | undefined): void {
    for (let i = this.top - 1; i >= this.base; i--) {
      if (this.varNames[i] === name) {
        this.varValues[i] = value;
        this.varTypes[i] = type;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }
  private setTopVar(n: number, value: GoValue, type: string | undefined): void {
    this.varValues[this.top - n] = value;
    this.varTypes[this.top - n] = type;
  }
  private varIndex(name: string): number {
    for (let i = this.top - 1; i >= this.base; i--) if (this.varNames[i] === name) return i;
    this.errorf(`undefined variable: ${name}`);
  }

  // ---- walking ----

  private walkList(dot: GoValue, dotType: string | undefined, list: ListNode): Flow {
    const nodes = list.nodes;
    for (let i = 0; i < nodes.length; i++) {
      const f = this.walk(dot, dotType, nodes[i]!);
      if (f !== Flow.Normal) return f;
    }
    return Flow.Normal;
  }

  private walk(dot: GoValue, dotType: string | undefined, node: Node): Flow {
    this.node = node;
    switch (node.type) {
      case NodeType.Text:
        this.out += node.text;
        return Flow.Normal;
      case NodeType.Action: {
        const val = this.evalPipeline(dot, dotType, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, val);
        return Flow.Normal;
      }
      case NodeType.Break:
        return Flow.Break;
      case NodeType.Continue:
        return Flow.Continue;
      case NodeType.Comment:
        return Flow.Normal;
      case NodeType.If:
      case NodeType.With:
        return this.walkIfOrWith(dot, dotType, node);
      case NodeType.List:
        return this.walkList(dot, dotType, node);
      case NodeType.Range:
        return this.walkRange(dot, dotType, node);
      case NodeType.Template:
        this.walkTemplate(dot, dotType, node);
        return Flow.Normal;
    }
    this.errorf(`unknown node: ${nodeString(node)}`);
  }

  private walkIfOrWith(dot: GoValue, dotType: string | undefined, node: BranchNode): Flow {
    const mark = this.top;
    try {
      const val = this.evalPipeline(dot, dotType, node.pipe);
      if (isTrue(val)) {
        if (node.type === NodeType.With) return this.walkList(val, undefined, node.list);
        return this.walkList(dot, dotType, node.list);
      }
      if (node.elseList !== null) return this.walkList(dot, dotType, node.elseList);
      return Flow.Normal;
    } finally {
      this.pop(mark);
    }
  }

  private walkRange(dot: GoValue, dotType: string | undefined, r: BranchNode): Flow {
    this.node = r;
    const mark = this.top;
    try {
      const val = this.evalPipeline(dot, dotType, r.pipe);
      const mark2 = this.top;
      const decl = r.pipe.decl;
      let ran = false;
      if (typeof val === 'bigint' || (val instanceof GoNumber && typeof val.value === 'bigint')) {
        if (decl.length > 1)
          this.errorf(`can't use ${sprintArgs([val])} to iterate over more than one variable`);
        const n = typeof val === 'bigint' ? val : (val.value as bigint);
        const t = typeof val === 'bigint' ? null : (val.type as GoNumberType);
        for (let i = 0n; i < n; i++) {
          ran = true;
          if (this.rangeIteration(r, mark2, undefined, t === null ? i : new GoNumber(t, i), undefined)) break;
        }
      } else if (Array.isArray(val)) {
        const elemType = sliceElemType(taggedGoType(val) ?? '[]interface {}');
        const st = elemType === INTERFACE ? INTERFACE : undefined;
        for (let i = 0; i < val.length; i++) {
          ran = true;
          if (this.rangeIteration(r, mark2, BigInt(i), val[i], st)) break;
        }
      } else if (val instanceof Uint8Array) {
        for (let i = 0; i < val.length; i++) {
          ran = true;
          if (this.rangeIteration(r, mark2, BigInt(i), new GoNumber('uint8', BigInt(val[i]!)), undefined))
            break;
        }
      } else if (val instanceof Map) {
        const vt = mapTypes(val)[1];
        const st = vt === INTERFACE ? INTERFACE : undefined;
        for (const [k, v] of sortedMapEntries(val)) {
          ran = true;
          if (this.rangeIteration(r, mark2, k, v, st)) break;
        }
      } else if (val !== undefined && val !== null) {
        this.errorf(
          `range can't iterate over ${sprintArgs([val instanceof GoStruct ? derefStruct(val) : val])}`,
        );
      }
      if (!ran && r.elseList !== null) return this.walkList(dot, dotType, r.elseList);
      return Flow.Normal;
    } finally {
      this.pop(mark);
    }
  }

  /**
   * The JS stack ends long before Go's depth limit. When the template calls
   * so far repeat with a period, report the call Go would fail on (the one
   * made at depth MAX_EXEC_DEPTH); otherwise the innermost call.
   */
  private depthExceeded(): DepthExceeded {
    const n = this.depth;
    const nodes = this.callNodes;
    for (let p = 1; p <= 8 && 3 * p <= n; p++) {
      let periodic = true;
      for (let i = n - 1; i >= n - 2 * p && periodic; i--) periodic = nodes[i] === nodes[i - p];
      if (!periodic) continue;
      const i = MAX_EXEC_DEPTH - p * Math.ceil((MAX_EXEC_DEPTH - (n - 1)) / p);
      return new DepthExceeded(nodes[i]!, this.callers[i]!);
    }
    return new DepthExceeded(nodes[n - 1]!, this.callers[n - 1]!);
  }

  /** One iteration of a range body; true when the range must stop (break). */
  private rangeIteration(
    r: BranchNode,
    mark: number,
    index: GoValue,
    elem: GoValue,
    elemType: string | undefined,
  ): boolean {
    const decl = r.pipe.decl;
    if (decl.length > 0) {
      if (r.pipe.isAssign) {
        if (decl.length > 1) this.setVar(decl[0]!.ident[0]!, index, undefined);
        else this.setVar(decl[0]!.ident[0]!, elem, elemType);
      } else this.setTopVar(1, elem, elemType);
    }
    if (decl.length > 1) {
      if (r.pipe.isAssign) this.setVar(decl[1]!.ident[0]!, elem, elemType);
      else this.setTopVar(2, index, undefined);
    }
    const f = this.walkList(elem, elemType, r.list);
    this.pop(mark);
    return f === Flow.Break;
  }

  private walkTemplate(dot: GoValue, dotType: string | undefined, t: TemplateNode): void {
    this.node = t;
    const tmpl = this.env.lookupTemplate(t.name);
    if (tmpl === undefined) this.errorf(`template ${quote(t.name)} not defined`);
    if (this.depth === MAX_EXEC_DEPTH) this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    const newDot = this.evalPipeline(dot, dotType, t.pipe);
    const { base, top, tmplName } = this;
    this.base = top;
    this.push('$', newDot, undefined);
    this.tmplName = tmpl.name;
    this.callNodes[this.depth] = t;
    this.callers[this.depth] = tmplName;
    this.depth++;
    try {
      this.walkList(newDot, undefined, tmpl.root);
    } catch (e) {
      if (isStackOverflow(e)) throw this.depthExceeded();
      throw e;
    } finally {
      this.base = base;
      this.top = top;
      this.tmplName = tmplName;
      this.depth--;
    }
  }

  // ---- evaluation ----

  private evalPipeline(dot: GoValue, dotType: string | undefined, pipe: PipeNode | null): GoValue {
    if (pipe === null) return undefined;
    this.node = pipe;
    let value: Final = MISSING;
    const cmds = pipe.cmds;
    for (let i = 0; i < cmds.length; i++) {
      value = this.evalCommand(dot, dotType, cmds[i]!, value);
      // A nil interface result is the invalid value.
      if (value === null) value = undefined;
    }
    const v = value as GoValue;
    for (const variable of pipe.decl) {
      if (pipe.isAssign) this.setVar(variable.ident[0]!, v, undefined);
      else this.push(variable.ident[0]!, v, undefined);
    }
    return v;
  }

  private notAFunction(args: Node[] | null, final: Final): void {
    if ((args !== null && args.length > 1) || final !== MISSING) {
      this.errorf(`can't give argument to non-function ${nodeString(args![0]!)}`);
    }
  }

  private evalCommand(dot: GoValue, dotType: string | undefined, cmd: CommandNode, final: Final): GoValue {
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

  private idealConstant(c: NumberNode): GoValue {
    this.node = c;
    if (c.isComplex) return new GoComplex(c.complex[0], c.complex[1]);
    if (c.isFloat && !isHexInt(c.text) && c.text[0] !== "'" && /[.eEpP]/.test(c.text)) return c.float64;
    if (c.isInt) return c.int64;
    if (c.isUint) this.errorf(`${c.text} overflows int`);
    return undefined;
  }

  private evalFieldNode(
    dot: GoValue,
    dotType: string | undefined,
    field: FieldNode,
    args: Node[] | null,
    final: Final,
  ): GoValue {
    this.node = field;
    return this.evalFieldChain(dot, dot, dotType, field, field.ident, args, final);
  }

  private evalChainNode(
    dot: GoValue,
    dotType: string | undefined,
    chain: ChainNode,
    args: Node[] | null,
    final: Final,
  ): GoValue {
    this.node = chain;
    if (chain.node.type === NodeType.Nil)
      this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const pipe = this.evalArg(dot, dotType, null, chain.node);
    return this.evalFieldChain(dot, pipe, undefined, chain, chain.field, args, final);
  }

  private evalVariableNode(dot: GoValue, variable: VariableNode, args: Node[] | null, final: Final): GoValue {
    this.node = variable;
    const i = this.varIndex(variable.ident[0]!);
    const value = this.varValues[i];
    if (variable.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, this.varTypes[i], variable, variable.ident.slice(1), args, final);
  }

  private evalFieldChain(
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

  private evalFunction(
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

  private evalField(
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

  private evalCall(
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
      return fn.call(argv, this);
    } catch (e) {
      if (e instanceof ExecError || e instanceof DepthExceeded || isStackOverflow(e)) throw e;
      this.node = node;
      this.errorf(`error calling ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Check the argument count against the signature (Go's messages). */
  private checkArity(sig: CompiledSig, name: string, nargs: number, numIn: number): void {
    if (sig.variadic !== null) {
      if (numIn < sig.params.length) {
        this.errorf(`wrong number of args for ${name}: want at least ${sig.params.length} got ${nargs}`);
      }
    } else if (numIn !== sig.params.length) {
      this.errorf(`wrong number of args for ${name}: want ${sig.params.length} got ${numIn}`);
    }
  }

  /** The builtins and/or: evaluate arguments until one decides, and return it. */
  private evalAndOr(
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
  private evalCallArgs(
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
  private cameFromInterface(n: Node, dotType: string | undefined): boolean {
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

  private validateType(value: GoValue, t: ParamType | null): GoValue {
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

  private evalArg(dot: GoValue, dotType: string | undefined, t: ParamType | null, n: Node): GoValue {
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

  private evalEmptyInterface(n: Node): GoValue {
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

  private printValue(n: Node, v: GoValue): void {
    this.node = n;
    if (v === undefined || v === null) {
      this.out += '<no value>';
      return;
    }
    switch (typeof v) {
      case 'string':
        this.out += v;
        return;
      case 'bigint':
        this.out += v.toString();
        return;
      case 'boolean':
        this.out += v ? 'true' : 'false';
        return;
    }
    if (v instanceof GoStruct) {
      this.out += sprintArgs([v.goType.startsWith('*') ? derefStruct(v) : v]);
      return;
    }
    if (typeof v === 'object' && (v as GoFunc).kind === 'func' && !(v instanceof Map) && !Array.isArray(v)) {
      this.errorf(`can't print ${nodeString(n)} of type ${goTypeOf(v)}`);
    }
    this.out += sprintArgs([v]);
  }
}
