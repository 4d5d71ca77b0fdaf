/**
 * Decode YAML text into Go values exactly as yaml.v3 decodes into an
 * `interface{}`: eemeli/yaml parses (with positions), and the typing, anchors,
 * merge keys, duplicate-key checks and errors follow yaml.v3's decoder.
 */
import {
  type Alias,
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  type ParsedNode,
  parseAllDocuments,
  type Scalar,
} from 'yaml';
import { GoTime } from '../template/sprig/gotime.js';
import { GoNumber, type GoValue, taggedGoType, withGoType } from '../template/value.js';
import { goSyntaxError, YamlError, type YamlPosition } from './errors.js';
import { goQuote } from './gostr.js';
import {
  BINARY_TAG,
  decodeBase64Std,
  implicitTag,
  MAP_TAG,
  MERGE_TAG,
  NULL_TAG,
  ResolveError,
  resolveScalar,
  SEQ_TAG,
  STR_TAG,
  shortTag,
} from './resolve.js';

export interface DecodeOptions {
  /** Shown in error positions. */
  readonly filename?: string;
}

type Kind = 'scalar' | 'map' | 'seq' | 'alias';

/** yaml.v3's Node view of an eemeli node: kind, tag (short, after the parser's defaulting), value, line. */
interface NodeInfo {
  kind: Kind;
  tag: string;
  /** Scalar text, or anchor name for aliases, '' for collections. */
  value: string;
  /** True for quoted and block scalars. */
  styled: boolean;
  line: number;
  column: number;
}

const GENERAL_MAP = 'map[interface {}]interface {}';

class Fail extends Error {}

/** A value yaml.v3 could not decode (it reported a type error): left out of its sequence or map. */
const FAILED = Symbol('failed');
type Decoded = GoValue | typeof FAILED;

/** Decoding state for one document (yaml.v3's decoder). */
class DocDecoder {
  private readonly anchors = new Map<string, ParsedNode>();
  /** Alias node → the node its anchor named when it was parsed. */
  private readonly targets = new Map<Alias, ParsedNode>();
  private readonly active = new Set<Alias>();
  readonly terrors: string[] = [];
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;
  private mergedFields: Map<GoValue, true> | undefined;

  private readonly infoCache = new Map<Node, NodeInfo>();

  constructor(
    private readonly lc: LineCounter,
    private readonly source: string,
  ) {}

  /** The first alias (in document order, before `limit`) whose anchor is not defined before it. */
  firstUnknownAlias(
    node: ParsedNode | null | undefined,
    limit: number,
    seen = new Set<string>(),
  ): string | undefined {
    if (!node || node.range[0] > limit) return undefined;
    if (isAlias(node)) return seen.has(node.source) ? undefined : node.source;
    if (node.anchor) seen.add(node.anchor);
    const children: (ParsedNode | null)[] = isMap(node)
      ? node.items.flatMap((p) => [p.key as ParsedNode | null, p.value as ParsedNode | null])
      : isSeq(node)
        ? (node.items as (ParsedNode | null)[])
        : [];
    for (const c of children) {
      const hit = this.firstUnknownAlias(c, limit, seen);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }

  /** Walk in document order recording anchors, resolving aliases the way the parser does. */
  link(node: ParsedNode | null | undefined): void {
    if (!node) return;
    const name = isAlias(node) ? node.source : node.anchor;
    if (name !== undefined) this.checkAnchorName(name, node);
    if (isAlias(node)) {
      const target = this.anchors.get(node.source);
      if (!target) throw new Fail(`unknown anchor '${node.source}' referenced`);
      this.targets.set(node, target);
      return;
    }
    if (node.anchor) this.anchors.set(node.anchor, node);
    if (isMap(node)) {
      for (const pair of node.items) {
        this.link(pair.key as ParsedNode | null);
        this.link(pair.value as ParsedNode | null);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) this.link(item as ParsedNode | null);
    }
  }

  /** libyaml reads anchor names as [0-9A-Za-z_-]+ and wants a blank or an indicator right after. */
  private checkAnchorName(name: string, node: ParsedNode): void {
    const bad = /[^0-9A-Za-z_-]/.exec(name);
    if (bad && !'?:,]}%@`'.includes(bad[0])) {
      const line0 = this.lc.linePos(node.range[0]).line - 1;
      const where = line0 === 0 ? '' : `line ${line0 + 1}: `;
      throw new Fail(`${where}did not find expected alphabetic or numeric character`);
    }
  }

  info(node: ParsedNode): NodeInfo {
    let i = this.infoCache.get(node);
    if (i) return i;
    const pos = this.lc.linePos(node.range[0]);
    const explicit = node.tag !== undefined && node.tag !== '!' ? shortTag(node.tag) : '';
    if (isAlias(node)) {
      i = { kind: 'alias', tag: '', value: node.source, styled: false, line: pos.line, column: pos.col };
    } else if (isMap(node) || isSeq(node)) {
      const kind = isMap(node) ? 'map' : 'seq';
      i = {
        kind,
        tag: explicit || (kind === 'map' ? MAP_TAG : SEQ_TAG),
        value: '',
        styled: false,
        line: pos.line,
        column: pos.col,
      };
    } else {
      const s = node as Scalar;
      let value = typeof s.source === 'string' ? s.source : '';
      if ((s.type === 'BLOCK_LITERAL' || s.type === 'BLOCK_FOLDED') && value.endsWith('\n')) {
        // libyaml keeps no final line break when the input ends right after the last content line.
        const raw = this.source.slice(node.range[0], node.range[1]);
        const lastContent = raw.search(/[^\s]\s*$/);
        if (
          lastContent >= 0 &&
          !/[\r\n]/.test(raw.slice(lastContent)) &&
          node.range[1] >= this.source.length
        ) {
          value = value.slice(0, -1);
        }
      }
      const styled = s.type !== undefined && s.type !== 'PLAIN';
      let tag = explicit;
      if (tag === '') tag = styled ? STR_TAG : value === '<<' ? MERGE_TAG : implicitTag(value);
      i = { kind: 'scalar', tag, value, styled, line: pos.line, column: pos.col };
    }
    this.infoCache.set(node, i);
    return i;
  }

  /** Node.ShortTag(). */
  private shortTagOf(node: ParsedNode): string {
    const i = this.info(node);
    if (i.kind === 'alias') return this.shortTagOf(this.targets.get(node as Alias)!);
    return i.tag;
  }

  /** Decode a node; a mapping with repeated keys decodes to FAILED (yaml.v3 drops it). */
  decode(node: ParsedNode | null | undefined): GoValue {
    const v = this.decodeOrFail(node);
    return v === FAILED ? null : v;
  }

  private decodeOrFail(node: ParsedNode | null | undefined): Decoded {
    if (!node) return null;
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (
      this.aliasCount > 100 &&
      this.decodeCount > 1000 &&
      this.aliasCount / this.decodeCount > aliasRatio(this.decodeCount)
    ) {
      throw new Fail('document contains excessive aliasing');
    }
    if (isAlias(node)) return this.alias(node);
    if (isMap(node))
      return this.mapping(node.items as { key: ParsedNode | null; value: ParsedNode | null }[]);
    if (isSeq(node)) {
      const out: GoValue[] = [];
      for (const n of node.items as (ParsedNode | null)[]) {
        const v = this.decodeOrFail(n);
        if (v !== FAILED) out.push(v);
      }
      return out;
    }
    return this.scalar(node as Scalar & ParsedNode);
  }

  private alias(node: Alias): Decoded {
    if (this.active.has(node)) throw new Fail(`anchor '${node.source}' value contains itself`);
    this.active.add(node);
    this.aliasDepth++;
    try {
      return this.decodeOrFail(this.targets.get(node));
    } finally {
      this.aliasDepth--;
      this.active.delete(node);
    }
  }

  private scalar(node: Scalar & ParsedNode): GoValue {
    const i = this.info(node);
    if (i.tag === STR_TAG) return i.value;
    let tag: string;
    let value: GoValue;
    try {
      [tag, value] = resolveScalar(i.tag, i.value);
    } catch (e) {
      if (e instanceof ResolveError) throw new Fail(e.message);
      throw e;
    }
    if (tag === BINARY_TAG) {
      const bytes = decodeBase64Std(i.value);
      if (!bytes) throw new Fail('!!binary value contains invalid base64 data');
      return new TextDecoder().decode(bytes);
    }
    return value;
  }

  private mapping(items: { key: ParsedNode | null; value: ParsedNode | null }[]): Decoded {
    if (this.duplicateKeys(items)) return FAILED;
    const out = new Map<GoValue, GoValue>();
    const stringMap = items.every((p) => {
      const t = p.key ? this.shortTagOf(p.key) : NULL_TAG;
      return t === STR_TAG || t === MERGE_TAG;
    });
    if (!stringMap) withGoType(out, GENERAL_MAP);
    this.fill(items, out);
    return out;
  }

  /** yaml.v3 reports every repeated key (same kind and same text) of a mapping. */
  private duplicateKeys(items: { key: ParsedNode | null }[]): boolean {
    const before = this.terrors.length;
    const keys = items.map((p) => (p.key ? this.info(p.key) : undefined));
    for (let a = 0; a < keys.length; a++) {
      for (let b = a + 1; b < keys.length; b++) {
        const ka = keys[a];
        const kb = keys[b];
        const sameKind = (ka?.kind ?? 'scalar') === (kb?.kind ?? 'scalar');
        if (sameKind && (ka?.value ?? '') === (kb?.value ?? '')) {
          const lineB = kb?.line ?? ka?.line ?? 0;
          this.terrors.push(
            `line ${lineB}: mapping key ${goQuote(kb?.value ?? '')} already defined at line ${ka?.line ?? lineB}`,
          );
        }
      }
    }
    return this.terrors.length > before;
  }

  /** Decode pairs into `out` (a fresh map, or the map a merge fills), then apply the merge key. */
  private fill(
    items: { key: ParsedNode | null; value: ParsedNode | null }[],
    out: Map<GoValue, GoValue>,
  ): void {
    const stringKeys = !isGeneral(out);
    const merged = this.mergedFields;
    this.mergedFields = undefined;
    let mergeNode: ParsedNode | null | undefined;
    for (const { key, value } of items) {
      if (key && this.isMergeKey(key)) {
        mergeNode = value;
        continue;
      }
      const k = stringKeys ? this.stringKey(key) : this.decodeOrFail(key);
      if (k === undefined || k === FAILED) continue;
      if (merged) {
        if (merged.has(k)) continue;
        merged.set(k, true);
      }
      if (k instanceof Map || Array.isArray(k)) {
        throw new Fail(`invalid map key: ${goSyntax(k)}`);
      }
      const v = this.decodeOrFail(value);
      if (v !== FAILED) out.set(k, v);
    }
    this.mergedFields = merged;
    if (mergeNode !== undefined) this.merge(items, mergeNode, out);
  }

  /** A key decoded into a `string` (the map being filled is a map[string]…): the scalar's text. */
  private stringKey(key: ParsedNode | null): GoValue {
    if (!key) return undefined;
    let n: ParsedNode = key;
    while (isAlias(n)) n = this.targets.get(n)!;
    const i = this.info(n);
    if (i.kind !== 'scalar') {
      this.terrors.push(`line ${i.line}: cannot unmarshal ${i.tag} into string`);
      return undefined;
    }
    const v = this.decode(key);
    if (v === null) return undefined;
    if (i.tag === BINARY_TAG) return v;
    return i.value;
  }

  private isMergeKey(key: ParsedNode): boolean {
    if (!isScalar(key)) return false;
    const i = this.info(key);
    return i.value === '<<' && !i.styled && (key.tag === undefined || key.tag === '!' || i.tag === MERGE_TAG);
  }

  private merge(
    parentItems: { key: ParsedNode | null }[],
    merge: ParsedNode | null,
    out: Map<GoValue, GoValue>,
  ): void {
    const saved = this.mergedFields;
    if (!saved) {
      this.mergedFields = new Map();
      for (const { key } of parentItems) {
        const k = this.decode(key);
        if (k !== undefined) this.mergedFields.set(k, true);
      }
    }
    const wantMap = () => new Fail('map merge requires map or sequence of maps as the value');
    const mergeOne = (n: ParsedNode) => {
      let target = n;
      while (isAlias(target)) target = this.targets.get(target)!;
      if (!isMap(target)) throw wantMap();
      if (isAlias(n)) {
        this.alias_into(n, out);
      } else {
        this.fillFromMap(target, out);
      }
    };
    if (!merge) throw wantMap();
    if (isMap(merge) || isAlias(merge)) mergeOne(merge);
    else if (isSeq(merge)) {
      for (const item of merge.items as (ParsedNode | null)[]) {
        if (!item) throw wantMap();
        mergeOne(item);
      }
    } else throw wantMap();
    this.mergedFields = saved;
  }

  /** Decode an aliased mapping into an existing map (merge through an alias). */
  private alias_into(node: Alias, out: Map<GoValue, GoValue>): void {
    if (this.active.has(node)) throw new Fail(`anchor '${node.source}' value contains itself`);
    this.active.add(node);
    this.aliasDepth++;
    try {
      this.decodeCount++;
      const target = this.targets.get(node)!;
      if (isAlias(target)) this.alias_into(target, out);
      else this.fillFromMap(target, out);
    } finally {
      this.aliasDepth--;
      this.active.delete(node);
    }
  }

  private fillFromMap(node: ParsedNode, out: Map<GoValue, GoValue>): void {
    if (!isMap(node)) throw new Fail('map merge requires map or sequence of maps as the value');
    this.decodeCount++;
    const items = node.items as { key: ParsedNode | null; value: ParsedNode | null }[];
    if (this.duplicateKeys(items)) return;
    this.fill(items, out);
  }
}

function isGeneral(m: Map<GoValue, GoValue>): boolean {
  return taggedGoType(m) === GENERAL_MAP;
}

function aliasRatio(decodeCount: number): number {
  const low = 400000;
  const high = 4000000;
  if (decodeCount <= low) return 0.99;
  if (decodeCount >= high) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - low) / (high - low));
}

/** `%#v` of a decoded collection (for "invalid map key" messages). */
function goSyntax(v: GoValue): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return String(v);
  if (v instanceof GoNumber) return `0x${v.value.toString(16)}`;
  if (v instanceof GoTime) return `time.Date(...)`;
  if (Array.isArray(v)) return `[]interface {}{${v.map((e) => goSyntaxIface(e)).join(', ')}}`;
  if (v instanceof Map) {
    const t = taggedGoType(v) ?? 'map[string]interface {}';
    return `${t}{${[...v].map(([k, e]) => `${goSyntaxIface(k)}:${goSyntaxIface(e)}`).join(', ')}}`;
  }
  return String(v);
}

function goSyntaxIface(v: GoValue): string {
  if (v === null) return 'interface {}(nil)';
  return goSyntax(v);
}

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
    value = d.decode(root);
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
