/**
 * The template executor (text/template/exec.go semantics): walks a parsed
 * tree — text, actions, if/with/range, template calls — with a data value.
 */

import { sortedMapEntries, sprintArgs } from '../fmt/index.js';
import { sliceElemType } from '../fmt/printer.js';
import { quote } from '../fmt/quote.js';
import {
  type BranchNode,
  type ListNode,
  type Node,
  NodeType,
  nodeString,
  type TemplateNode,
} from '../parse/node.js';
import { goTypeOf, isTrue } from '../reflect.js';
import { type GoFunc, GoNumber, type GoNumberType, GoStruct, type GoValue, taggedGoType } from '../value.js';
import { derefStruct } from './builtins.js';
import { Evaluator, INTERFACE, mapTypes, NAMED_INTERFACES } from './eval.js';
import { DepthExceeded, isStackOverflow, MAX_EXEC_DEPTH } from './scope.js';

export { type ExecEnv, ExecError, MAX_EXEC_DEPTH, MissingKeyMode } from './scope.js';

enum Flow {
  Normal,
  Break,
  Continue,
}

export class State extends Evaluator {
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
        if (node.type === NodeType.With) return this.walkList(val, this.pipeType, node.list);
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
        // An interface-typed element keeps its static type (Go's messages name it).
        const st = elemType === INTERFACE || NAMED_INTERFACES.has(elemType) ? elemType : undefined;
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
      if (!ran && r.elseList !== null) {
        // A break in the else branch (of a range nested in another) ends this
        // range only; a continue goes on to the enclosing range's next element.
        const f = this.walkList(dot, dotType, r.elseList);
        return f === Flow.Break ? Flow.Normal : f;
      }
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
