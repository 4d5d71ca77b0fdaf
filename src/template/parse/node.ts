/**
 * The template syntax tree (text/template/parse/node.go) and its canonical
 * re-print, which Go's error messages quote as `at <…>`.
 */

import { quote } from '../fmt/quote.js';

/** What every node of one parsed text shares: the text itself and the name it was parsed under. */
export interface Source {
  readonly text: string;
  readonly parseName: string;
}

export enum NodeType {
  Text,
  Action,
  Bool,
  Chain,
  Command,
  Dot,
  Else,
  End,
  Field,
  Identifier,
  If,
  List,
  Nil,
  Number,
  Pipe,
  Range,
  String,
  Template,
  Variable,
  With,
  Comment,
  Break,
  Continue,
}

interface Base {
  /** UTF-16 index of the node in its source text. */
  readonly pos: number;
  readonly src: Source;
}

export interface TextNode extends Base {
  readonly type: NodeType.Text;
  readonly text: string;
}
export interface ListNode extends Base {
  readonly type: NodeType.List;
  readonly nodes: Node[];
}
export interface VariableNode extends Base {
  readonly type: NodeType.Variable;
  /** Variable name and fields, e.g. `$x.a.b` → [`$x`, `a`, `b`]. */
  readonly ident: string[];
}
export interface PipeNode extends Base {
  readonly type: NodeType.Pipe;
  readonly line: number;
  isAssign: boolean;
  readonly decl: VariableNode[];
  readonly cmds: CommandNode[];
}
export interface ActionNode extends Base {
  readonly type: NodeType.Action;
  readonly line: number;
  readonly pipe: PipeNode;
}
export interface CommandNode extends Base {
  readonly type: NodeType.Command;
  readonly args: Node[];
}
export interface IdentifierNode extends Base {
  readonly type: NodeType.Identifier;
  readonly ident: string;
}
export interface DotNode extends Base {
  readonly type: NodeType.Dot;
}
export interface NilNode extends Base {
  readonly type: NodeType.Nil;
}
export interface FieldNode extends Base {
  readonly type: NodeType.Field;
  /** Field names without the leading dots. */
  readonly ident: string[];
}
export interface ChainNode extends Base {
  readonly type: NodeType.Chain;
  readonly node: Node;
  readonly field: string[];
}
export interface BoolNode extends Base {
  readonly type: NodeType.Bool;
  readonly value: boolean;
}
export interface NumberNode extends Base {
  readonly type: NodeType.Number;
  readonly isInt: boolean;
  readonly isUint: boolean;
  readonly isFloat: boolean;
  readonly isComplex: boolean;
  /** Signed value when isInt (int64 range). */
  readonly int64: bigint;
  /** Unsigned value when isUint (uint64 range). */
  readonly uint64: bigint;
  readonly float64: number;
  readonly complex: readonly [number, number];
  /** The literal as written. */
  readonly text: string;
}
export interface StringNode extends Base {
  readonly type: NodeType.String;
  readonly quoted: string;
  readonly text: string;
}
export interface EndNode extends Base {
  readonly type: NodeType.End;
}
export interface ElseNode extends Base {
  readonly type: NodeType.Else;
  readonly line: number;
}
export interface BranchNode extends Base {
  readonly type: NodeType.If | NodeType.Range | NodeType.With;
  readonly line: number;
  readonly pipe: PipeNode;
  readonly list: ListNode;
  readonly elseList: ListNode | null;
}
export interface TemplateNode extends Base {
  readonly type: NodeType.Template;
  readonly line: number;
  readonly name: string;
  readonly pipe: PipeNode | null;
}
export interface BreakNode extends Base {
  readonly type: NodeType.Break;
  readonly line: number;
}
export interface ContinueNode extends Base {
  readonly type: NodeType.Continue;
  readonly line: number;
}
export interface CommentNode extends Base {
  readonly type: NodeType.Comment;
  readonly text: string;
}

export type Node =
  | TextNode
  | ListNode
  | VariableNode
  | PipeNode
  | ActionNode
  | CommandNode
  | IdentifierNode
  | DotNode
  | NilNode
  | FieldNode
  | ChainNode
  | BoolNode
  | NumberNode
  | StringNode
  | EndNode
  | ElseNode
  | BranchNode
  | TemplateNode
  | BreakNode
  | ContinueNode
  | CommentNode;

/** Go's Node.String(): the canonical re-print of a node. */
export function nodeString(n: Node): string {
  switch (n.type) {
    case NodeType.Text:
      return n.text;
    case NodeType.List:
      return n.nodes.map(nodeString).join('');
    case NodeType.Variable:
      return n.ident.join('.');
    case NodeType.Pipe:
      return pipeString(n);
    case NodeType.Action:
      return '{{' + pipeString(n.pipe) + '}}';
    case NodeType.Command:
      return n.args
        .map((a) => (a.type === NodeType.Pipe ? '(' + pipeString(a) + ')' : nodeString(a)))
        .join(' ');
    case NodeType.Identifier:
      return n.ident;
    case NodeType.Dot:
      return '.';
    case NodeType.Nil:
      return 'nil';
    case NodeType.Field:
      return '.' + n.ident.join('.');
    case NodeType.Chain: {
      const head = n.node.type === NodeType.Pipe ? '(' + pipeString(n.node) + ')' : nodeString(n.node);
      return head + '.' + n.field.join('.');
    }
    case NodeType.Bool:
      return n.value ? 'true' : 'false';
    case NodeType.Number:
      return n.text;
    case NodeType.String:
      return n.quoted;
    case NodeType.End:
      return '{{end}}';
    case NodeType.Else:
      return '{{else}}';
    case NodeType.If:
    case NodeType.Range:
    case NodeType.With: {
      const name = n.type === NodeType.If ? 'if' : n.type === NodeType.Range ? 'range' : 'with';
      let s = '{{' + name + ' ' + pipeString(n.pipe) + '}}' + nodeString(n.list);
      if (n.elseList !== null) s += '{{else}}' + nodeString(n.elseList);
      return s + '{{end}}';
    }
    case NodeType.Template:
      return '{{template ' + quote(n.name) + (n.pipe !== null ? ' ' + pipeString(n.pipe) : '') + '}}';
    case NodeType.Break:
      return '{{break}}';
    case NodeType.Continue:
      return '{{continue}}';
    case NodeType.Comment:
      return '{{' + n.text + '}}';
  }
}

function pipeString(p: PipeNode): string {
  let s = '';
  if (p.decl.length > 0) {
    s = p.decl.map((v) => v.ident.join('.')).join(', ') + (p.isAssign ? ' = ' : ' := ');
  }
  for (let i = 0; i < p.cmds.length; i++) {
    if (i > 0) s += ' | ';
    s += nodeString(p.cmds[i]!);
  }
  return s;
}

/** unicode.IsSpace characters only. */
const goSpaceOnly = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

/** parse.IsEmptyTree: a tree with nothing but whitespace text (and comments). */
export function isEmptyTree(n: Node | null): boolean {
  if (n === null) return true;
  switch (n.type) {
    case NodeType.Comment:
      return true;
    case NodeType.List:
      return n.nodes.every(isEmptyTree);
    case NodeType.Text:
      return goSpaceOnly.test(n.text);
    default:
      return false;
  }
}
