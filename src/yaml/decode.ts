/**
 * Decode YAML text into Go values exactly as yaml.v3 does: every document of a
 * stream (Decoder), the first one (Unmarshal) into interface{} or into a
 * map[string]interface{}, with positions for the state engine and errors in
 * yaml.v3's wording.
 */
import {
  type Alias,
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type ParsedNode,
  parseAllDocuments,
  type Scalar,
} from 'yaml';
import type { GoValue } from '../template/value.js';
import { type DecodeOptions, DocDecoder, Fail } from './decoder.js';
import { goSyntaxError, YamlError, type YamlPosition } from './errors.js';

export type { DecodeOptions } from './decoder.js';

function docError(
  doc: Document.Parsed,
  text: string,
  lc: LineCounter,
  opts: DecodeOptions,
  index: number,
): YamlError {
  const err = doc.errors[0]!;
  const pos = lc.linePos(err.pos[0]);
  const exhausted = doc.errors.find((e) => e.code === 'RESOURCE_EXHAUSTION');
  if (exhausted) {
    // eemeli/yaml gives up on deep nesting long before yaml.v3's limit of 10000 levels.
    const deep = nestingDepth(text) > 10000;
    const message = deep
      ? 'yaml: exceeded max depth of 10000'
      : 'yaml: document nested too deeply for helmfire to read';
    return new YamlError(message, position(opts, pos.line, pos.col), index);
  }
  // libyaml resolves aliases while parsing, so an unknown anchor before the syntax error is reported first.
  const root = doc.contents as ParsedNode | null;
  const unknown = new DocDecoder(lc, text).firstUnknownAlias(root, err.pos[0]);
  if (unknown !== undefined) {
    return new YamlError(
      `yaml: unknown anchor '${unknown}' referenced`,
      position(opts, pos.line, pos.col),
      index,
    );
  }
  return new YamlError(goSyntaxError(err, text, lc, root), position(opts, pos.line, pos.col), index);
}

/**
 * eemeli/yaml recurses per nesting level and can take the process down on very
 * deep input, far below yaml.v3's limit of 10000 levels: such text is refused first.
 */
const MAX_SAFE_DEPTH = 400;

function tooDeep(text: string, opts: DecodeOptions): void {
  const depth = nestingDepth(text);
  if (depth <= MAX_SAFE_DEPTH) return;
  const message =
    depth > 10000
      ? 'yaml: exceeded max depth of 10000'
      : 'yaml: document nested too deeply for helmfire to read';
  throw new YamlError(message, position(opts, 1, 1), 0);
}

/** Rough nesting depth: flow brackets, block sequence dashes and indentation levels. */
function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (const c of text) {
    if (c === '[' || c === '{') max = Math.max(max, ++depth);
    else if (c === ']' || c === '}') depth--;
  }
  const indents: number[] = [0];
  for (const line of text.split('\n')) {
    const content = line.trimStart();
    if (content === '' || content.startsWith('#')) continue;
    const indent = line.length - content.length;
    while (indents.length > 1 && indents[indents.length - 1]! > indent) indents.pop();
    if (indent > indents[indents.length - 1]!) indents.push(indent);
    const dashes = /^(-\s+)+/.exec(content)?.[0].replace(/\s/g, '').length ?? 0;
    max = Math.max(max, indents.length + dashes);
  }
  return max;
}

function position(opts: DecodeOptions, line: number, column: number) {
  return opts.filename !== undefined ? { filename: opts.filename, line, column } : { line, column };
}

/** True when eemeli produced a document that libyaml would not (a stream of only `...` markers). */
function isPhantom(doc: Document.Parsed): boolean {
  const c = doc.contents;
  return (
    !doc.directives.docStart &&
    isScalar(c) &&
    c.source === '' &&
    c.anchor === undefined &&
    c.tag === undefined &&
    (c as Scalar).type === 'PLAIN'
  );
}

function parse(text: string, lc: LineCounter): Document.Parsed[] {
  const docs = parseAllDocuments(text, {
    lineCounter: lc,
    schema: 'failsafe',
    merge: false,
    uniqueKeys: false,
    version: '1.2',
    prettyErrors: false,
  });
  return Array.isArray(docs) ? docs : [];
}

function decodeDoc(
  doc: Document.Parsed,
  text: string,
  lc: LineCounter,
  opts: DecodeOptions,
  index: number,
  intoMap = false,
): GoValue {
  // eemeli/yaml also tries to resolve known tags; helmfire resolves them itself, so only
  // unusable tag handles count.
  const errors = doc.errors.filter(
    (e) =>
      e.code !== 'TAG_RESOLVE_FAILED' ||
      /^(Not a valid tag|Verbatim tags|The .* tag has no suffix|Could not resolve tag|URIError)/.test(
        e.message,
      ),
  );
  if (errors.length > 0) {
    doc.errors.splice(0, doc.errors.length, ...errors);
    throw docError(doc, text, lc, opts, index);
  }
  const d = new DocDecoder(lc, text);
  const where = (n: ParsedNode | null | undefined) => {
    const p = lc.linePos(n?.range[0] ?? 0);
    return position(opts, p.line, p.col);
  };
  const root = doc.contents as ParsedNode | null;
  let value: GoValue;
  try {
    d.link(root);
    value = intoMap ? d.decodeStringMap(root) : d.decode(root);
  } catch (e) {
    if (e instanceof Fail) throw new YamlError(`yaml: ${e.message}`, where(root), index);
    throw e;
  }
  if (d.terrors.length > 0) {
    const line = Number(/^line (\d+)/.exec(d.terrors[0]!)?.[1] ?? '1');
    throw new YamlError(
      `yaml: unmarshal errors:\n  ${d.terrors.join('\n  ')}`,
      position(opts, line, 1),
      index,
    );
  }
  return value;
}

/** One decoded document and where its parts came from. */
export interface YamlDocument {
  readonly value: GoValue;
  /** 0-based index of the document in the stream. */
  readonly index: number;
  /**
   * Where the node at `path` (map keys and sequence indexes from the document
   * root) starts; with `key: true`, where the map key itself starts.
   */
  positionOf(path: readonly (string | number)[], key?: boolean): YamlPosition | undefined;
}

function nodePosition(
  doc: Document.Parsed,
  lc: LineCounter,
  opts: DecodeOptions,
  path: readonly (string | number)[],
  key: boolean,
): YamlPosition | undefined {
  let node: unknown = doc.contents;
  let keyNode: unknown;
  for (const step of path) {
    while (isAlias(node)) node = (node as Alias).resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isScalar(p.key) && String(p.key.source ?? p.key.value) === String(step),
      );
      if (!pair) return undefined;
      keyNode = pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number') {
      node = node.items[step];
      keyNode = undefined;
    } else return undefined;
  }
  const target = (key ? keyNode : node) as ParsedNode | undefined;
  if (!target?.range) return undefined;
  const p = lc.linePos(target.range[0]);
  return position(opts, p.line, p.col);
}

/** Every document of the stream, as yaml.v3's Decoder returns them one by one, with positions. Throws YamlError. */
export function decodeYamlDocuments(text: string, opts: DecodeOptions = {}): YamlDocument[] {
  tooDeep(text, opts);
  const lc = new LineCounter();
  const docs = parse(text, lc);
  const out: YamlDocument[] = [];
  docs.forEach((doc, index) => {
    if (
      isPhantom(doc) &&
      docs.length === 1 &&
      !/\S/.test(text.replace(/^\.\.\.\s*$/gm, '').replace(/#.*$/gm, ''))
    ) {
      return;
    }
    const value = decodeDoc(doc, text, lc, opts, index);
    out.push({ value, index, positionOf: (path, key = false) => nodePosition(doc, lc, opts, path, key) });
  });
  return out;
}

/** Every document of the stream, as yaml.v3's Decoder returns them one by one. Throws YamlError. */
export function decodeYaml(text: string, opts: DecodeOptions = {}): GoValue[] {
  return decodeYamlDocuments(text, opts).map((d) => d.value);
}

/** yaml.Unmarshal into interface{}: the first document only (nil for an empty stream). */
export function unmarshalYaml(text: string, opts: DecodeOptions = {}): GoValue {
  tooDeep(text, opts);
  const lc = new LineCounter();
  const docs = parse(text, lc);
  const first = docs[0];
  if (!first) return null;
  if (isPhantom(first) && !/\S/.test(text.replace(/^\.\.\.\s*$/gm, '').replace(/#.*$/gm, ''))) return null;
  return decodeDoc(first, text, lc, opts, 0);
}

/**
 * yaml.Unmarshal into a map[string]interface{} (how helmfile reads values
 * files): the first document; its keys are read as strings (`1: x` gives key
 * "1"); a document that is not a mapping is yaml.v3's
 * `cannot unmarshal !!seq into map[string]interface {}`; nil for an empty stream.
 */
export function unmarshalYamlMap(text: string, opts: DecodeOptions = {}): Map<GoValue, GoValue> | null {
  tooDeep(text, opts);
  const lc = new LineCounter();
  const docs = parse(text, lc);
  const first = docs[0];
  if (!first) return null;
  if (isPhantom(first) && !/\S/.test(text.replace(/^\.\.\.\s*$/gm, '').replace(/#.*$/gm, ''))) return null;
  return decodeDoc(first, text, lc, opts, 0, true) as Map<GoValue, GoValue> | null;
}
