/**
 * The template parser (text/template/parse/parse.go semantics): builds one
 * tree per template (the text itself and every define/block inside it) with
 * Go's parse errors, `template: NAME:LINE: MESSAGE`.
 */

import { quote } from '../fmt/quote.js';
import { Item, Lexer, type Token, tokenString } from './lex.js';
import { LiteralError, parseNumber, unquote } from './literal.js';
import {
  type BranchNode,
  type CommandNode,
  type ElseNode,
  type EndNode,
  isEmptyTree,
  type ListNode,
  type Node,
  NodeType,
  type NumberNode,
  nodeString,
  type PipeNode,
  type Source,
  type TemplateNode,
  type VariableNode,
} from './node.js';

/** A parse error; `message` is exactly Go's err.Error(). */
export class ParseError extends Error {
  override readonly name = 'ParseError';
}

/** A parsed template: its name and root list (null for a template that failed to parse). */
export interface Tree {
  readonly name: string;
  readonly root: ListNode;
  readonly src: Source;
}

export interface ParseOptions {
  leftDelim?: string;
  rightDelim?: string;
  /** Is a function of this name defined (FuncMap or builtin)? */
  hasFunction(name: string): boolean;
}

const MAX_STACK_DEPTH = 10000;

/** Shared state of one Parse call: the lexer and the trees found so far. */
interface Shared {
  lex: Lexer;
  src: Source;
  treeSet: Map<string, Tree>;
  hasFunction(name: string): boolean;
}

class TreeParser {
  name: string;
  root: ListNode | null = null;
  private readonly token: Token[] = [];
  private peekCount = 0;
  private vars: string[] = ['$'];
  private actionLine = 0;
  private rangeDepth = 0;
  private stackDepth = 0;

  constructor(
    name: string,
    private readonly sh: Shared,
  ) {
    this.name = name;
  }

  // ---- token buffer ----

  private next(): Token {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.sh.lex.nextItem();
    return this.token[this.peekCount]!;
  }
  private backup(): void {
    this.peekCount++;
  }
  private backup2(t1: Token): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }
  private backup3(t2: Token, t1: Token): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }
  private peek(): Token {
    if (this.peekCount > 0) return this.token[this.peekCount - 1]!;
    this.peekCount = 1;
    this.token[0] = this.sh.lex.nextItem();
    return this.token[0];
  }
  private nextNonSpace(): Token {
    let t: Token;
    do t = this.next();
    while (t.typ === Item.Space);
    return t;
  }
  private peekNonSpace(): Token {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  // ---- errors ----

  errorf(msg: string): never {
    this.root = null;
    const line = this.token[0]?.line ?? 1;
    throw new ParseError(`template: ${this.sh.src.parseName}:${line}: ${msg}`);
  }
  private expect(expected: Item, context: string): Token {
    const t = this.nextNonSpace();
    if (t.typ !== expected) this.unexpected(t, context);
    return t;
  }
  private expectOneOf(e1: Item, e2: Item, context: string): Token {
    const t = this.nextNonSpace();
    if (t.typ !== e1 && t.typ !== e2) this.unexpected(t, context);
    return t;
  }
  private unexpected(t: Token, context: string): never {
    if (t.typ === Item.Error) {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== t.line) {
        extra = ` in action started at ${this.sh.src.parseName}:${this.actionLine}`;
        if (t.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(tokenString(t) + extra);
    }
    this.errorf(`unexpected ${tokenString(t)} in ${context}`);
  }

  // ---- node constructors ----

  private list(pos: number): ListNode {
    return { type: NodeType.List, pos, src: this.sh.src, nodes: [] };
  }

  // ---- grammar ----

  /** Top level of a Parse: text, actions and define clauses. */
  parse(): void {
    this.root = this.list(this.peek().pos);
    while (this.peek().typ !== Item.EOF) {
      if (this.peek().typ === Item.LeftDelim) {
        const delim = this.next();
        if (this.nextNonSpace().typ === Item.Define) {
          const t = new TreeParser('definition', this.sh);
          t.parseDefinition();
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n.type === NodeType.End || n.type === NodeType.Else) this.errorf(`unexpected ${nodeString(n)}`);
      this.root.nodes.push(n);
    }
  }

  /** Add this tree to the set, as parse.(*Tree).add does. */
  add(): void {
    const existing = this.sh.treeSet.get(this.name);
    const root = this.root!;
    if (existing === undefined || isEmptyTree(existing.root)) {
      this.sh.treeSet.set(this.name, { name: this.name, root, src: this.sh.src });
      return;
    }
    if (!isEmptyTree(root)) this.errorf(`template: multiple definition of template ${quote(this.name)}`);
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const name = this.expectOneOf(Item.String, Item.RawString, context);
    try {
      this.name = unquote(name.val);
    } catch (e) {
      this.errorf((e as Error).message);
    }
    this.expect(Item.RightDelim, context);
    const [list, end] = this.itemList();
    this.root = list;
    if (end.type !== NodeType.End) this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    this.add();
  }

  private itemList(): [ListNode, Node] {
    const list = this.list(this.peekNonSpace().pos);
    while (this.peekNonSpace().typ !== Item.EOF) {
      const n = this.textOrAction();
      if (n.type === NodeType.End || n.type === NodeType.Else) return [list, n];
      list.nodes.push(n);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node {
    const t = this.nextNonSpace();
    switch (t.typ) {
      case Item.Text:
        return { type: NodeType.Text, pos: t.pos, src: this.sh.src, text: t.val };
      case Item.LeftDelim: {
        this.actionLine = t.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      }
      case Item.Comment:
        return { type: NodeType.Comment, pos: t.pos, src: this.sh.src, text: t.val };
      default:
        this.unexpected(t, 'input');
    }
  }

  private action(): Node {
    const t = this.nextNonSpace();
    switch (t.typ) {
      case Item.Block:
        return this.blockControl();
      case Item.Break:
        return this.breakControl(t.pos, t.line, 'break');
      case Item.Continue:
        return this.breakControl(t.pos, t.line, 'continue');
      case Item.Else:
        return this.elseControl();
      case Item.End:
        return this.endControl();
      case Item.If:
        return this.branch(NodeType.If, 'if');
      case Item.Range:
        return this.branch(NodeType.Range, 'range');
      case Item.Template:
        return this.templateControl();
      case Item.With:
        return this.branch(NodeType.With, 'with');
    }
    this.backup();
    const tok = this.peek();
    const pipe = this.pipeline('command', Item.RightDelim);
    return { type: NodeType.Action, pos: tok.pos, src: this.sh.src, line: tok.line, pipe };
  }

  private breakControl(pos: number, line: number, word: 'break' | 'continue'): Node {
    const t = this.nextNonSpace();
    if (t.typ !== Item.RightDelim) this.unexpected(t, `{{${word}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${word}}} outside {{range}}`);
    return word === 'break'
      ? { type: NodeType.Break, pos, src: this.sh.src, line }
      : { type: NodeType.Continue, pos, src: this.sh.src, line };
  }

  private pipeline(context: string, end: Item): PipeNode {
    const tok = this.peekNonSpace();
    const pipe: PipeNode = {
      type: NodeType.Pipe,
      pos: tok.pos,
      src: this.sh.src,
      line: tok.line,
      isAssign: false,
      decl: [],
      cmds: [],
    };
    for (;;) {
      const v = this.peekNonSpace();
      if (v.typ === Item.Variable) {
        this.next();
        const tokenAfterVariable = this.peek();
        const next = this.peekNonSpace();
        if (next.typ === Item.Assign || next.typ === Item.Declare) {
          pipe.isAssign = next.typ === Item.Assign;
          this.nextNonSpace();
          pipe.decl.push(this.variable(v.pos, v.val));
          this.vars.push(v.val);
        } else if (next.typ === Item.Char && next.val === ',') {
          this.nextNonSpace();
          pipe.decl.push(this.variable(v.pos, v.val));
          this.vars.push(v.val);
          if (context === 'range' && pipe.decl.length < 2) {
            const p = this.peekNonSpace().typ;
            if (p === Item.Variable || p === Item.RightDelim || p === Item.RightParen) continue;
            this.errorf('range can only initialize variables');
          }
          this.errorf(`too many declarations in ${context}`);
        } else if (tokenAfterVariable.typ === Item.Space) {
          this.backup3(v, tokenAfterVariable);
        } else {
          this.backup2(v);
        }
      }
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      switch (t.typ) {
        case end:
          this.checkPipeline(pipe, context);
          return pipe;
        case Item.Bool:
        case Item.CharConstant:
        case Item.Complex:
        case Item.Dot:
        case Item.Field:
        case Item.Identifier:
        case Item.Number:
        case Item.Nil:
        case Item.RawString:
        case Item.String:
        case Item.Variable:
        case Item.LeftParen:
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(t, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    for (let i = 1; i < pipe.cmds.length; i++) {
      const first = pipe.cmds[i]!.args[0]!;
      switch (first.type) {
        case NodeType.Bool:
        case NodeType.Dot:
        case NodeType.Nil:
        case NodeType.Number:
        case NodeType.String:
          this.errorf(`non executable command in pipeline stage ${i + 1}`);
      }
    }
  }

  private branch(type: BranchNode['type'], context: 'if' | 'range' | 'with'): BranchNode {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(context, Item.RightDelim);
      if (context === 'range') this.rangeDepth++;
      let [list, next] = this.itemList();
      if (context === 'range') this.rangeDepth--;
      let elseList: ListNode | null = null;
      if (next.type === NodeType.Else) {
        if (context === 'if' && this.peek().typ === Item.If) {
          this.next();
          elseList = this.list(next.pos);
          elseList.nodes.push(this.branch(NodeType.If, 'if'));
        } else if (context === 'with' && this.peek().typ === Item.With) {
          this.next();
          elseList = this.list(next.pos);
          elseList.nodes.push(this.branch(NodeType.With, 'with'));
        } else {
          [elseList, next] = this.itemList();
          if (next.type !== NodeType.End) this.errorf(`expected end; found ${nodeString(next)}`);
        }
      }
      return { type, pos: pipe.pos, src: this.sh.src, line: pipe.line, pipe, list, elseList };
    } finally {
      this.vars.length = mark;
    }
  }

  private endControl(): EndNode {
    const t = this.expect(Item.RightDelim, 'end');
    return { type: NodeType.End, pos: t.pos, src: this.sh.src };
  }

  private elseControl(): ElseNode {
    const p = this.peekNonSpace();
    if (p.typ === Item.If || p.typ === Item.With)
      return { type: NodeType.Else, pos: p.pos, src: this.sh.src, line: p.line };
    const t = this.expect(Item.RightDelim, 'else');
    return { type: NodeType.Else, pos: t.pos, src: this.sh.src, line: t.line };
  }

  private blockControl(): TemplateNode {
    const context = 'block clause';
    const t = this.nextNonSpace();
    const name = this.parseTemplateName(t, context);
    const pipe = this.pipeline(context, Item.RightDelim);
    const block = new TreeParser(name, this.sh);
    const [list, end] = block.itemList();
    block.root = list;
    if (end.type !== NodeType.End) this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    block.add();
    return { type: NodeType.Template, pos: t.pos, src: this.sh.src, line: t.line, name, pipe };
  }

  private templateControl(): TemplateNode {
    const context = 'template clause';
    const t = this.nextNonSpace();
    const name = this.parseTemplateName(t, context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().typ !== Item.RightDelim) {
      this.backup();
      pipe = this.pipeline(context, Item.RightDelim);
    }
    return { type: NodeType.Template, pos: t.pos, src: this.sh.src, line: t.line, name, pipe };
  }

  private parseTemplateName(t: Token, context: string): string {
    if (t.typ === Item.String || t.typ === Item.RawString) {
      try {
        return unquote(t.val);
      } catch (e) {
        this.errorf((e as Error).message);
      }
    }
    this.unexpected(t, context);
  }

  private command(): CommandNode {
    const cmd: CommandNode = {
      type: NodeType.Command,
      pos: this.peekNonSpace().pos,
      src: this.sh.src,
      args: [],
    };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand !== null) cmd.args.push(operand);
      const t = this.next();
      if (t.typ === Item.Space) continue;
      if (t.typ === Item.RightDelim || t.typ === Item.RightParen) this.backup();
      else if (t.typ !== Item.Pipe) this.unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): Node | null {
    let node = this.term();
    if (node === null) return null;
    if (this.peek().typ === Item.Field) {
      const pos = this.peek().pos;
      const fields: string[] = [];
      while (this.peek().typ === Item.Field) fields.push(this.next().val.slice(1));
      switch (node.type) {
        case NodeType.Field:
          node = { type: NodeType.Field, pos, src: this.sh.src, ident: [...node.ident, ...fields] };
          break;
        case NodeType.Variable:
          node = { type: NodeType.Variable, pos, src: this.sh.src, ident: [...node.ident, ...fields] };
          break;
        case NodeType.Bool:
        case NodeType.String:
        case NodeType.Number:
        case NodeType.Nil:
        case NodeType.Dot:
          this.errorf(`unexpected . after term ${quote(nodeString(node))}`);
          break;
        default:
          node = { type: NodeType.Chain, pos, src: this.sh.src, node, field: fields };
      }
    }
    return node;
  }

  private term(): Node | null {
    const t = this.nextNonSpace();
    const src = this.sh.src;
    switch (t.typ) {
      case Item.Identifier:
        if (!this.sh.hasFunction(t.val)) this.errorf(`function ${quote(t.val)} not defined`);
        return { type: NodeType.Identifier, pos: t.pos, src, ident: t.val };
      case Item.Dot:
        return { type: NodeType.Dot, pos: t.pos, src };
      case Item.Nil:
        return { type: NodeType.Nil, pos: t.pos, src };
      case Item.Variable:
        return this.useVar(t.pos, t.val);
      case Item.Field:
        return { type: NodeType.Field, pos: t.pos, src, ident: t.val.slice(1).split('.') };
      case Item.Bool:
        return { type: NodeType.Bool, pos: t.pos, src, value: t.val === 'true' };
      case Item.CharConstant:
      case Item.Complex:
      case Item.Number:
        return this.number(t);
      case Item.LeftParen: {
        if (this.stackDepth >= MAX_STACK_DEPTH) this.errorf('max expression depth exceeded');
        this.stackDepth++;
        try {
          return this.pipeline('parenthesized pipeline', Item.RightParen);
        } finally {
          this.stackDepth--;
        }
      }
      case Item.String:
      case Item.RawString:
        try {
          return { type: NodeType.String, pos: t.pos, src, quoted: t.val, text: unquote(t.val) };
        } catch (e) {
          this.errorf((e as Error).message);
        }
    }
    this.backup();
    return null;
  }

  private number(t: Token): NumberNode {
    const kind = t.typ === Item.CharConstant ? 'char' : t.typ === Item.Complex ? 'complex' : 'number';
    try {
      const v = parseNumber(t.val, kind);
      return { type: NodeType.Number, pos: t.pos, src: this.sh.src, text: t.val, ...v };
    } catch (e) {
      if (e instanceof LiteralError) this.errorf(e.message);
      throw e;
    }
  }

  private variable(pos: number, name: string): VariableNode {
    return { type: NodeType.Variable, pos, src: this.sh.src, ident: name.split('.') };
  }

  private useVar(pos: number, name: string): VariableNode {
    const v = this.variable(pos, name);
    if (!this.vars.includes(v.ident[0]!)) this.errorf(`undefined variable ${quote(v.ident[0]!)}`);
    return v;
  }
}

/**
 * Parse `text` as template `name`: returns every tree it defines (the text's
 * own tree under `name`, plus each define/block), as parse.Parse does.
 */
export function parseTemplate(name: string, text: string, options: ParseOptions): Map<string, Tree> {
  const lex = new Lexer(text, options.leftDelim || '{{', options.rightDelim || '}}', {
    breakOK: !options.hasFunction('break'),
    continueOK: !options.hasFunction('continue'),
  });
  const sh: Shared = {
    lex,
    src: { text, parseName: name },
    treeSet: new Map(),
    hasFunction: options.hasFunction,
  };
  const t = new TreeParser(name, sh);
  t.parse();
  t.add();
  return sh.treeSet;
}
