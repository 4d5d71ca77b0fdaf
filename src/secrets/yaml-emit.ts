/**
 * Prints a sops tree as YAML byte for byte the way `sops -d` does: four-space
 * indentation, block collections, the YAML library's scalar style choices and
 * its placement of comments. Comment items of the tree become head, line and
 * foot comments of the neighbouring nodes first, exactly as sops attaches
 * them, and are then written with the emitter's layout rules.
 */
import { formatFloatG } from './gonum.js';
import { Branch, Comment, GoFloat, GoInt, GoTime, type Value } from './tree.js';
import {
  analyzeScalar,
  isBreak,
  isPrintable,
  requestedStringStyle,
  type ScalarStyle,
  selectStyle,
} from './yaml-scalar.js';

interface NodeComments {
  head: string;
  line: string;
  foot: string;
}

type CollectionNode = NodeComments & { kind: 'map' | 'seq'; content: YNode[] };
type ScalarNode = NodeComments & { kind: 'scalar'; text: string; style: ScalarStyle; tag?: string };
type YNode = CollectionNode | ScalarNode;

// ---- tree -> nodes (where sops hangs comments) ---------------------------------------

function joinComments(comments: string[]): string {
  return '#' + comments.join('\n#');
}

function addHead(node: YNode, comments: string[]): void {
  if (comments.length === 0) return;
  const c = joinComments(comments);
  node.head = node.head ? c + '\n' + node.head : c;
}

function addLine(node: YNode, comments: string[]): void {
  if (comments.length === 0) return;
  const c = joinComments(comments);
  node.line = node.line ? node.line + '\n' + c : c;
}

function addFoot(node: YNode, comments: string[]): void {
  if (comments.length === 0) return;
  const c = joinComments(comments);
  node.foot = node.foot ? node.foot + '\n' + c : c;
}

function scalarNode(text: string, style: ScalarStyle): YNode {
  return { kind: 'scalar', text, style, head: '', line: '', foot: '' };
}

function stringNode(s: string): YNode {
  const node = scalarNode(s, requestedStringStyle(s));
  // a plain `<<` reads back as a merge key, so the library writes its tag
  if (s === '<<') (node as ScalarNode).tag = '!!merge';
  return node;
}

function toNode(v: Value): YNode {
  if (v instanceof Branch) return mappingNode(v);
  if (Array.isArray(v)) return sequenceNode(v);
  if (typeof v === 'string') return stringNode(v);
  if (v === null) return scalarNode('null', 'plain');
  if (typeof v === 'boolean') return scalarNode(v ? 'true' : 'false', 'plain');
  if (v instanceof GoInt) return scalarNode(v.value.toString(), 'plain');
  if (v instanceof GoTime) return scalarNode(v.text, 'plain');
  if (v instanceof GoFloat) {
    const s = formatFloatG(v.value);
    const special: Record<string, string> = { '+Inf': '.inf', '-Inf': '-.inf', NaN: '.nan' };
    return scalarNode(special[s] ?? s, 'plain');
  }
  // a comment in value position carries no data: sops prints it as a string
  return stringNode(v.value);
}

function mappingNode(branch: Branch): YNode {
  const node: YNode = { kind: 'map', content: [], head: '', line: '', foot: '' };
  let heads: string[] = [];
  let inlines: string[] = [];
  let beginning = true;
  for (const item of branch.items) {
    if (item.key instanceof Comment) {
      (item.key.inline ? inlines : heads).push(item.key.value);
      continue;
    }
    if (beginning) {
      addHead(node, heads);
      heads = [];
      beginning = false;
    }
    const keyNode = stringNode(item.key);
    addHead(keyNode, heads);
    heads = [];
    const valueNode = toNode(item.value);
    addLine(valueNode, inlines);
    inlines = [];
    node.content.push(keyNode, valueNode);
  }
  const rest = [...heads, ...inlines];
  if (rest.length > 0) {
    if (beginning) addHead(node, rest);
    else addFoot(node.content[node.content.length - 2]!, rest);
  }
  return node;
}

function sequenceNode(list: Value[]): YNode {
  const node: YNode = { kind: 'seq', content: [], head: '', line: '', foot: '' };
  let heads: string[] = [];
  let inlines: string[] = [];
  let beginning = true;
  for (const item of list) {
    if (item instanceof Comment) {
      (item.inline ? inlines : heads).push(item.value);
      continue;
    }
    if (beginning) {
      addHead(node, heads);
      heads = [];
      beginning = false;
    }
    const itemNode = toNode(item);
    addHead(itemNode, heads);
    heads = [];
    addLine(itemNode, inlines);
    inlines = [];
    node.content.push(itemNode);
  }
  const rest = [...heads, ...inlines];
  if (rest.length > 0) {
    if (beginning) addHead(node, rest);
    else addFoot(node.content[node.content.length - 1]!, rest);
  }
  return node;
}

// ---- nodes -> text -------------------------------------------------------------------

/** Where a node is being written; decides indentation of the collection or scalar under it. */
type Parent = 'root' | 'mapping' | 'sequence';

interface EventComments {
  head?: string;
  line?: string;
  foot?: string;
  tail?: string;
}

class Writer {
  out = '';
  /** The indentation step; the library accepts 2..9 and falls back to 2. */
  private readonly best: number;
  private column = 0;
  private indent = -1;
  private readonly indents: number[] = [];
  private whitespace = true;
  private indention = true;
  private footIndent = -1;
  private flowLevel = 0;
  // comment registers: an event's non-empty comments replace them; writers consume them
  private head = '';
  private line = '';
  private foot = '';
  private tail = '';
  private keyLine = '';

  constructor(indent: number) {
    this.best = indent >= 2 && indent <= 9 ? indent : 2;
  }

  analyze(c: EventComments): void {
    if (c.head) this.head = c.head;
    if (c.line) this.line = c.line;
    if (c.foot) this.foot = c.foot;
    if (c.tail) this.tail = c.tail;
  }

  private put(s: string): void {
    this.out += s;
    this.column += 1;
  }

  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
    this.indention = true;
  }

  /** Writes one character that may be a line break other than '\n'. */
  private writeBreakChar(ch: string): void {
    if (ch === '\n') {
      this.putBreak();
      return;
    }
    this.out += ch;
    this.column = 0;
    this.indention = true;
  }

  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace))
      this.putBreak();
    if (this.footIndent === indent) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.footIndent = -1;
  }

  writeIndicator(s: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    for (const ch of s) this.put(ch);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private writeComment(comment: string): void {
    let breaks = false;
    let pound = false;
    for (const ch of comment) {
      if (isBreak(ch.codePointAt(0)!)) {
        this.writeBreakChar(ch);
        breaks = true;
        pound = false;
      } else {
        if (breaks) this.writeIndent();
        if (!pound) {
          if (ch !== '#') {
            this.put('#');
            this.put(' ');
          }
          pound = true;
        }
        this.put(ch);
        this.indention = false;
        breaks = false;
      }
    }
    if (!breaks) this.putBreak();
    this.whitespace = true;
  }

  processHead(): void {
    if (this.tail) {
      this.writeIndent();
      this.writeComment(this.tail);
      this.tail = '';
      this.footIndent = Math.max(this.indent, 0);
    }
    if (!this.head) return;
    this.writeIndent();
    this.writeComment(this.head);
    this.head = '';
  }

  processLine(linebreak = false): void {
    if (!this.line) {
      if (linebreak) this.putBreak();
      return;
    }
    if (!this.whitespace) this.put(' ');
    this.writeComment(this.line);
    this.line = '';
  }

  processFoot(): void {
    if (!this.foot) return;
    this.writeIndent();
    this.writeComment(this.foot);
    this.foot = '';
    this.footIndent = Math.max(this.indent, 0);
  }

  private increaseIndent(flow: boolean, parent: Parent): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? this.best : 0;
    else if (parent === 'sequence') this.indent += 2;
    else this.indent = this.best * Math.floor((this.indent + this.best) / this.best);
  }

  private popIndent(): void {
    this.indent = this.indents.pop() ?? -1;
  }

  // ---- documents and nodes

  document(root: YNode, first: boolean): void {
    if (!first) {
      this.writeIndent();
      this.writeIndicator('---', true, false, false);
      this.writeIndent();
    }
    this.analyze(startComments(root));
    this.processHead();
    this.node(root, 'root', false);
    // document end
    this.footIndent = 0;
    this.processFoot();
    this.footIndent = -1;
    this.writeIndent();
  }

  /**
   * Writes a node whose start event was just analyzed: a scalar at once; for
   * a collection the line and foot comments pending at its start first, then
   * its items and its end event.
   */
  private node(n: YNode, parent: Parent, simpleKey: boolean): void {
    if (n.kind === 'scalar') {
      this.scalar(n, parent, simpleKey);
      this.processLine();
      this.processFoot();
      return;
    }
    this.processLine();
    this.processFoot();
    if (n.content.length === 0) this.emptyFlow(n, parent);
    else if (n.kind === 'map') this.blockMapping(n, parent);
    else this.blockSequence(n, parent);
  }

  private emptyFlow(n: CollectionNode, parent: Parent): void {
    const [open, close] = n.kind === 'map' ? ['{', '}'] : ['[', ']'];
    this.writeIndicator(open, true, true, false);
    this.increaseIndent(true, parent);
    this.flowLevel++;
    this.analyze(endComments(n, ''));
    if (n.kind === 'map') this.processHead();
    this.flowLevel--;
    this.popIndent();
    if (n.kind === 'seq' && this.column === 0) this.writeIndent();
    this.writeIndicator(close, false, false, false);
    this.processLine();
    this.processFoot();
  }

  private blockMapping(n: CollectionNode, parent: Parent): void {
    this.increaseIndent(false, parent);
    let tail = '';
    for (let i = 0; i + 1 < n.content.length; i += 2) {
      const key = n.content[i]!;
      const value = n.content[i + 1]!;
      // key event (its foot comment travels to the next key as a tail)
      this.analyze({ head: key.head, line: key.line, tail });
      tail = key.foot;
      this.processHead();
      this.writeIndent();
      if (this.line) {
        this.keyLine = this.line;
        this.line = '';
      }
      if (key.kind !== 'scalar') throw new Error('mapping keys are always scalars in a sops tree');
      const simple =
        !analyzeScalar(key.text).multiline && utf8Length(key.text) + (key.tag?.length ?? 0) <= 128;
      if (!simple) this.writeIndicator('?', true, false, true);
      this.scalar(key, 'mapping', simple);
      // value event
      this.analyze(startComments(value));
      if (simple) {
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      if (this.keyLine) {
        if (value.kind === 'scalar') {
          if (!this.line) {
            this.line = this.keyLine;
            this.keyLine = '';
          }
        } else {
          [this.line, this.keyLine] = [this.keyLine, this.line];
          this.processLine();
          [this.line, this.keyLine] = [this.keyLine, this.line];
        }
      }
      this.node(value, 'mapping', false);
    }
    // end event
    this.analyze(endComments(n, tail));
    this.processHead();
    this.popIndent();
  }

  private blockSequence(n: CollectionNode, parent: Parent): void {
    this.increaseIndent(false, parent);
    for (const item of n.content) {
      this.analyze(startComments(item));
      this.processHead();
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, 'sequence', false);
    }
    this.analyze(endComments(n, ''));
    this.popIndent();
  }

  private scalar(n: ScalarNode, parent: Parent, simpleKey: boolean): void {
    const style = selectStyle(n.style, analyzeScalar(n.text), n.text, {
      simpleKey,
      flow: this.flowLevel > 0,
    });
    this.increaseIndent(true, parent);
    if (n.tag) {
      if (!this.whitespace) this.put(' ');
      for (const ch of n.tag) this.put(ch);
      this.whitespace = false;
      this.indention = false;
    }
    switch (style) {
      case 'plain':
        this.plain(n.text);
        break;
      case 'single':
        this.singleQuoted(n.text);
        break;
      case 'double':
        this.doubleQuoted(n.text);
        break;
      case 'literal':
        this.literal(n.text);
        break;
    }
    this.popIndent();
  }

  private plain(value: string): void {
    if (value.length > 0 && !this.whitespace) this.put(' ');
    let breaks = false;
    for (const ch of value) {
      if (isBreak(ch.codePointAt(0)!)) {
        if (!breaks && ch === '\n') this.putBreak();
        this.writeBreakChar(ch);
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(ch);
        this.indention = false;
        breaks = false;
      }
    }
    if (value.length > 0) this.whitespace = false;
    this.indention = false;
  }

  private singleQuoted(value: string): void {
    this.writeIndicator("'", true, false, false);
    let breaks = false;
    for (const ch of value) {
      if (isBreak(ch.codePointAt(0)!)) {
        if (!breaks && ch === '\n') this.putBreak();
        this.writeBreakChar(ch);
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (ch === "'") this.put("'");
        this.put(ch);
        this.indention = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private doubleQuoted(value: string): void {
    this.writeIndicator('"', true, false, false);
    const bom = value.startsWith('\uFEFF');
    for (const ch of value) {
      const cp = ch.codePointAt(0)!;
      if (!isPrintable(cp) || bom || isBreak(cp) || ch === '"' || ch === '\\') {
        this.put('\\');
        const named = DOUBLE_ESCAPES[cp];
        if (named !== undefined) this.put(named);
        else {
          const [letter, width] = cp <= 0xff ? ['x', 2] : cp <= 0xffff ? ['u', 4] : ['U', 8];
          this.put(letter);
          for (const d of cp.toString(16).toUpperCase().padStart(width, '0')) this.put(d);
        }
      } else {
        this.put(ch);
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private literal(value: string): void {
    this.writeIndicator('|', true, false, false);
    const cps = Array.from(value, (c) => c.codePointAt(0)!);
    if (cps[0] === 0x20 || isBreak(cps[0] ?? 0)) this.writeIndicator(String(this.best), false, false, false);
    let chomp = '';
    const last = cps.length - 1;
    if (cps.length === 0 || !isBreak(cps[last]!)) chomp = '-';
    else if (last === 0) chomp = '+';
    else if (isBreak(cps[last - 1]!)) chomp = '+';
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.processLine(true);
    this.whitespace = true;
    let breaks = true;
    for (const ch of value) {
      if (isBreak(ch.codePointAt(0)!)) {
        this.writeBreakChar(ch);
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(ch);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

const DOUBLE_ESCAPES: Record<number, string> = {
  0: '0',
  7: 'a',
  8: 'b',
  9: 't',
  10: 'n',
  11: 'v',
  12: 'f',
  13: 'r',
  27: 'e',
  34: '"',
  92: '\\',
  133: 'N',
  160: '_',
  8232: 'L',
  8233: 'P',
};

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Comments a node's start event carries. */
function startComments(n: YNode): EventComments {
  if (n.kind === 'scalar') return { head: n.head, line: n.line, foot: n.foot };
  return { head: n.head };
}

/** Comments a collection's end event carries (a mapping's last key foot arrives as `tail`). */
function endComments(n: YNode, tail: string): EventComments {
  return { tail, line: n.line, foot: n.foot };
}

/** One YAML document per tree branch, as `sops -d` prints a YAML file (indent: sops's `stores.yaml.indent`). */
export function emitYaml(branches: Branch[], indent = 4): string {
  const w = new Writer(indent);
  branches.forEach((b, i) => {
    w.document(mappingNode(b), i === 0);
  });
  return w.out;
}
