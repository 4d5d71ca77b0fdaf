/**
 * YAML errors: the text yaml.v3 would report (`yaml: line 3: mapping values are
 * not allowed in this context`, `yaml: unmarshal errors:\n  line 2: mapping key
 * "a" already defined at line 1`) plus where it happened.
 *
 * Syntax errors come from eemeli/yaml, whose diagnostics differ from libyaml's;
 * they are translated to the libyaml message for the same situation, and the
 * line is computed the way yaml.v3 computes it (scanner errors: the 1-based
 * line; parser errors: the 0-based line of the construct being parsed; no line
 * at all when that number is 0).
 */
import { isMap, isSeq, type LineCounter, type Node, type ParsedNode, type YAMLError } from 'yaml';

export interface YamlPosition {
  readonly filename?: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

export class YamlError extends Error {
  override readonly name = 'YamlError';
  /** The error text as yaml.v3's err.Error() reads (as far as helmfire reproduces it). */
  readonly goMessage: string;
  readonly position: YamlPosition | undefined;
  /** Index of the document (0-based) in which decoding failed. */
  readonly documentIndex: number;

  constructor(goMessage: string, position: YamlPosition | undefined, documentIndex = 0) {
    super(
      position?.filename !== undefined
        ? `${position.filename}:${position.line}:${position.column}: ${goMessage}`
        : goMessage,
    );
    this.goMessage = goMessage;
    this.position = position;
    this.documentIndex = documentIndex;
  }
}

type Context = 'block-map' | 'block-seq' | 'flow-seq' | 'flow-map' | 'none';

interface Translation {
  message: string;
  /** Scanner errors report the 1-based line of the problem. */
  scanner: boolean;
  context: Context;
  /** Where libyaml notices the problem, when not where eemeli/yaml does. */
  problemAt?: number;
  /** The 0-based line of the construct being parsed, when found from the text's indentation. */
  contextLine0?: number;
}

/** The first `:` at or after `from` that is followed by a blank, a line break or the end (a mapping value indicator). */
function colonAfter(source: string, from: number): number {
  const m = /:(?=[ \t\r\n]|$)/.exec(source.slice(from));
  return m ? from + m.index : from;
}

function leadingSpaces(line: string): number {
  return line.length - line.trimStart().length;
}

/**
 * The block collection libyaml is parsing when it meets the token at `offset`,
 * judged from indentation: a sequence whose `-` sits in the token's column, or
 * else the nearest mapping indented less than the token. Returns its kind and
 * first line (0-based).
 */
export function indentContext(
  source: string,
  offset: number,
): { kind: 'seq' | 'map'; line0: number } | undefined {
  const lines = source.split('\n');
  const line = source.slice(0, offset).split('\n').length - 1;
  const col = offset - (source.lastIndexOf('\n', offset - 1) + 1);
  const text = (k: number) => lines[k] ?? '';
  const blank = (k: number) => /^\s*(#.*)?$/.test(text(k));
  const isEntry = (k: number) => /^-( |$)/.test(text(k).trimStart());
  const entryContent = (k: number) =>
    leadingSpaces(text(k)) + 1 + leadingSpaces(text(k).trimStart().slice(1));
  /** First line of the mapping whose keys are at column `c`, found upward from line `k`. */
  const mapStart = (k: number, c: number) => {
    let start = k;
    for (let j = k - 1; j >= 0; j--) {
      if (blank(j)) continue;
      const i = leadingSpaces(text(j));
      if (i === c && !isEntry(j)) start = j;
      else if (i < c) {
        if (isEntry(j) && entryContent(j) === c) start = j;
        break;
      }
    }
    return start;
  };
  const from = col > leadingSpaces(text(line)) ? line : line - 1;
  for (let k = from; k >= 0; k--) {
    if (blank(k)) continue;
    const i = leadingSpaces(text(k));
    if (isEntry(k)) {
      if (i === col) {
        let top = k;
        for (let j = k - 1; j >= 0; j--) {
          if (blank(j)) continue;
          const ij = leadingSpaces(text(j));
          if (ij < col) break;
          if (ij === col && isEntry(j)) top = j;
        }
        return { kind: 'seq', line0: top };
      }
      if (i < col && entryContent(k) < col && /^-\s+[^\s#][^:]*:(\s|$)/.test(text(k).trimStart())) {
        return { kind: 'map', line0: mapStart(k, entryContent(k)) };
      }
      continue;
    }
    if (/^(---|\.\.\.)(\s|$)/.test(text(k))) return undefined;
    if (i < col) {
      const isKey = /^(?:"[^"]*"|'[^']*'|[^\s#'"[{][^:]*?):(\s|$)/.test(text(k).trimStart());
      return isKey ? { kind: 'map', line0: mapStart(k, i) } : undefined;
    }
  }
  return undefined;
}

function translate(err: YAMLError, source: string, rootIsBlock: boolean): Translation {
  const text = err.message;
  const at = source.slice(err.pos[0], err.pos[1]);
  const scanner = (message: string): Translation => ({ message, scanner: true, context: 'none' });
  const parser = (message: string, context: Context = 'none'): Translation => ({
    message,
    scanner: false,
    context,
  });
  // An unclosed flow collection: right after `[`, `{` or `,` libyaml still wants a node.
  const unclosedFlow = (close: string, context: Context): Translation =>
    /[[{,]\s*$/.test(source.slice(0, err.pos[0]))
      ? parser('did not find expected node content')
      : parser(`did not find expected ',' or '${close}'`, context);
  const byIndent = (): Translation | undefined => {
    // eemeli/yaml may point at the indentation or a comment before the token: libyaml looks at the token.
    let at = err.pos[0];
    for (;;) {
      const m = /^[ \t\r\n]+|^#[^\n]*/.exec(source.slice(at));
      if (!m) break;
      at += m[0].length;
    }
    if (at >= source.length) at = err.pos[0];
    const ic = indentContext(source, at);
    if (!ic) return undefined;
    const message = ic.kind === 'seq' ? "did not find expected '-' indicator" : 'did not find expected key';
    return { ...parser(message), contextLine0: ic.line0, problemAt: at };
  };
  switch (err.code) {
    case 'TAB_AS_INDENT':
      return scanner('found character that cannot start any token');
    case 'BAD_SCALAR_START':
      if (/flow indicator/.test(text)) return parser('did not find expected node content');
      return scanner('found character that cannot start any token');
    case 'BAD_ALIAS':
      return scanner('did not find expected alphabetic or numeric character');
    case 'TAG_RESOLVE_FAILED':
      if (/no suffix/.test(text)) return scanner('did not find expected tag URI');
      return parser('found undefined tag handle');
    case 'BAD_DQ_ESCAPE':
      return scanner('found unknown escape character');
    case 'BAD_DIRECTIVE':
      return scanner('found unknown directive name');
    case 'MULTILINE_IMPLICIT_KEY':
    case 'BLOCK_AS_IMPLICIT_KEY':
      if (/block sequence may not be used/.test(text))
        return parser('did not find expected key', 'block-map');
      return {
        ...scanner('mapping values are not allowed in this context'),
        problemAt: colonAfter(source, err.pos[0]),
      };
    case 'KEY_OVER_1024_CHARS':
      return scanner("could not find expected ':'");
    case 'MISSING_CHAR':
      if (/closing .?quote/i.test(text)) return scanner('found unexpected end of stream');
      if (/Sequence item without/.test(text))
        return byIndent() ?? parser("did not find expected '-' indicator", 'block-seq');
      if (/flow seq|flow sequence|\]/i.test(text))
        return parser("did not find expected ',' or ']'", 'flow-seq');
      if (/flow map|\}/i.test(text)) return parser("did not find expected ',' or '}'", 'flow-map');
      if (/Implicit map keys need to be followed/.test(text)) return scanner("could not find expected ':'");
      if (/separated from the next token/.test(text)) return scanner('did not find expected whitespace');
      return parser('did not find expected key', 'block-map');
    case 'BAD_INDENT':
      if (/Flow map/.test(text)) return unclosedFlow('}', 'flow-map');
      if (/Flow sequence/.test(text)) return unclosedFlow(']', 'flow-seq');
      return byIndent() ?? parser('did not find expected key', 'block-map');
    case 'UNEXPECTED_TOKEN':
      if (/Block scalar header/.test(text)) return scanner('did not find expected comment or line break');
      if (/in YAML stream|at node end/.test(text)) {
        if (
          /^[}\]]/.test(at) &&
          /:\s*$/.test(source.slice(source.lastIndexOf('\n', err.pos[0] - 1) + 1, err.pos[0]))
        ) {
          return parser('did not find expected node content');
        }
        return (rootIsBlock ? byIndent() : undefined) ?? parser('did not find expected <document start>');
      }
      if (at.startsWith(':')) return scanner('mapping values are not allowed in this context');
      if (at.startsWith('-')) return scanner('block sequence entries are not allowed in this context');
      return parser('did not find expected node content');
    case 'MULTIPLE_TAGS':
    case 'MULTIPLE_ANCHORS':
    case 'ALIAS_PROPS':
    case 'BAD_PROP_ORDER':
      return parser('did not find expected node content');
    default:
      if (/unterminated|end of (input|stream)/i.test(text)) return scanner('found unexpected end of stream');
      if (/Nested mappings are not allowed/.test(text))
        return scanner('mapping values are not allowed in this context');
      return parser('did not find expected node content');
  }
}

/** Start offset of the innermost collection of the given kind that contains `offset`. */
function contextStart(root: Node | null, offset: number, ctx: Context): number | undefined {
  let found: number | undefined;
  const visit = (n: unknown) => {
    if (!n || typeof n !== 'object') return;
    const node = n as ParsedNode;
    const range = node.range;
    if (!range || offset < range[0] || offset > range[2]) {
      if (!isMap(node) && !isSeq(node)) return;
    }
    if (isMap(node) || isSeq(node)) {
      const flow = Boolean(node.flow);
      const kind: Context = isMap(node) ? (flow ? 'flow-map' : 'block-map') : flow ? 'flow-seq' : 'block-seq';
      if (kind === ctx && range && offset >= range[0] && offset <= range[2]) found = range[0];
      for (const item of node.items as unknown[]) {
        if (item && typeof item === 'object' && 'key' in item) {
          const pair = item as { key: unknown; value: unknown };
          visit(pair.key);
          visit(pair.value);
        } else visit(item);
      }
    }
  };
  visit(root);
  return found;
}

/** yaml.v3's text for eemeli's first error of a document: `yaml: [line N: ]message`. */
export function goSyntaxError(err: YAMLError, source: string, lc: LineCounter, root: Node | null): string {
  const rootIsBlock = (isMap(root) || isSeq(root)) && !(root as { flow?: boolean }).flow;
  const t = translate(err, source, rootIsBlock);
  // libyaml puts the end of the stream on a line of its own when the last line is unterminated.
  const atEnd = err.pos[0] >= source.length;
  const newlines = (source.match(/\n/g) ?? []).length;
  const problemLine0 = lc.linePos(t.problemAt ?? err.pos[0]).line - 1;
  let line: number;
  if (t.scanner) {
    line = problemLine0 === 0 ? 0 : problemLine0 + 1;
  } else {
    const start = t.context === 'none' ? undefined : contextStart(root, err.pos[0], t.context);
    const contextLine0 = t.contextLine0 ?? (start === undefined ? 0 : lc.linePos(start).line - 1);
    const endLine0 = atEnd ? newlines + (source.endsWith('\n') || source === '' ? 0 : 1) : problemLine0;
    line = contextLine0 !== 0 ? contextLine0 : endLine0;
  }
  return line === 0 ? `yaml: ${t.message}` : `yaml: line ${line}: ${t.message}`;
}
