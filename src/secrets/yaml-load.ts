/**
 * Reads YAML into a sops tree: ordered mappings, comments kept as items in
 * the order sops sees them, and scalars typed by the rules of the YAML
 * library sops uses (so `0755` is the integer 493 and `2024-01-02` a time).
 */
import { CST, Parser, parseAllDocuments } from 'yaml';
import { Branch, Comment, GoFloat, GoInt, GoTime, type Item, type Value } from './tree.js';
import { resolvePlain } from './yaml-scalar.js';

/** Malformed input, or a construct sops itself rejects. The message never quotes values. */
export class YamlLoadError extends Error {
  override readonly name = 'YamlLoadError';
}

type Token = CST.Token;
type SourceToken = CST.SourceToken;
type BlockMap = CST.BlockMap;
type BlockSequence = CST.BlockSequence;
type FlowCollection = CST.FlowCollection;

interface Props {
  anchor?: string;
  tag?: string;
}

function commentText(t: SourceToken): string {
  return t.source.slice(1);
}

/** Comments of a token list, split at the first line break (same line vs following lines). */
function splitComments(tokens: readonly SourceToken[] | undefined): { sameLine: string[]; below: string[] } {
  const sameLine: string[] = [];
  const below: string[] = [];
  let broke = false;
  for (const t of tokens ?? []) {
    if (t.type === 'newline') broke = true;
    else if (t.type === 'comment') (broke ? below : sameLine).push(commentText(t));
  }
  return { sameLine, below };
}

function allComments(tokens: readonly SourceToken[] | undefined): string[] {
  return (tokens ?? []).filter((t) => t.type === 'comment').map(commentText);
}

function propsOf(tokens: readonly SourceToken[] | undefined): Props {
  const p: Props = {};
  for (const t of tokens ?? []) {
    if (t.type === 'anchor') p.anchor = t.source.slice(1);
    else if (t.type === 'tag') p.tag = t.source;
  }
  return p;
}

function clone(v: Value): Value {
  if (v instanceof Branch) return new Branch(v.items.map((i) => ({ key: i.key, value: clone(i.value) })));
  if (Array.isArray(v)) return v.map(clone);
  return v;
}

function normaliseTag(tag: string | undefined): string | undefined {
  if (tag === undefined || tag === '!') return tag;
  if (tag.startsWith('tag:yaml.org,2002:')) return '!!' + tag.slice('tag:yaml.org,2002:'.length);
  if (tag.startsWith('!<tag:yaml.org,2002:') && tag.endsWith('>'))
    return '!!' + tag.slice('!<tag:yaml.org,2002:'.length, -1);
  return tag;
}

/** A trailing comment indented less than the collection it was parsed into: it belongs further out. */
interface Escaped {
  text: string;
  column: number;
}

class Loader {
  private readonly anchors = new Map<string, Value>();

  constructor(private readonly src: string) {}

  private column(t: SourceToken): number {
    return t.offset - (this.src.lastIndexOf('\n', t.offset - 1) + 1);
  }

  /**
   * Splits the comments of trailing comment-only items: those indented at
   * least `indent` stay in the collection, the rest (and all after them) go up.
   */
  private trailing(tokens: readonly SourceToken[], indent: number, up: Escaped[]): string[] {
    const keep: string[] = [];
    for (const t of tokens) {
      if (t.type !== 'comment') continue;
      const column = this.column(t);
      if (up.length > 0 || column < indent) up.push({ text: commentText(t), column });
      else keep.push(commentText(t));
    }
    return keep;
  }

  /** Places comments escaped from a nested collection: here if indented enough, else further up. */
  private settle(escaped: Escaped[], indent: number, up: Escaped[], place: (c: string) => void): void {
    for (const e of escaped) {
      if (up.length > 0 || e.column < indent) up.push(e);
      else place(e.text);
    }
  }

  document(doc: CST.Document, leading: string[]): Branch {
    const items: Item[] = leading.map((c) => ({ key: new Comment(c), value: null }));
    for (const c of allComments(doc.start)) items.push({ key: new Comment(c), value: null });
    const props = propsOf(doc.start);
    const v = doc.value;
    if (v) {
      if (v.type === 'block-map' || (v.type === 'flow-collection' && v.start.source === '{')) {
        const up: Escaped[] = [];
        const branch = v.type === 'block-map' ? this.blockMap(v, [], up) : this.flow(v);
        for (const e of up) (branch as Branch).items.push({ key: new Comment(e.text), value: null });
        if (!(branch instanceof Branch)) throw new YamlLoadError('expected a mapping');
        if (props.anchor) this.anchors.set(props.anchor, branch);
        items.push(...branch.items);
      } else if (v.type === 'block-seq' || v.type === 'flow-collection') {
        throw new YamlLoadError('YAML documents that are sequences are not supported');
      } else if (v.type === 'alias') {
        const target = this.anchors.get(v.source.slice(1));
        if (!(target instanceof Branch)) throw new YamlLoadError('a document must be a mapping');
        items.push(...(clone(target) as Branch).items);
      } else {
        const scalar = this.scalar(v, props);
        if (scalar !== null) throw new YamlLoadError('YAML documents that are values are not supported');
        for (const c of allComments((v as { end?: SourceToken[] }).end))
          items.push({ key: new Comment(c), value: null });
      }
    }
    for (const c of allComments(doc.end)) items.push({ key: new Comment(c), value: null });
    return new Branch(items);
  }

  private blockMap(map: BlockMap, leading: string[], up: Escaped[]): Branch {
    const items: Item[] = leading.map((c) => ({ key: new Comment(c), value: null }));
    const place = (c: string) => items.push({ key: new Comment(c), value: null });
    for (const it of map.items) {
      if (!it.key && !it.value && !it.sep) {
        for (const c of this.trailing(it.start, map.indent, up)) place(c);
        continue;
      }
      for (const c of allComments(it.start)) place(c);
      const key = this.key(it.key);
      const mergeKey = isMergeKey(it.key, it.start);
      const sep = splitComments(it.sep);
      for (const c of sep.sameLine) items.push({ key: new Comment(c), value: null });
      const props = propsOf(it.sep);
      const value = it.value;
      if (value && isCollection(value)) {
        const escaped: Escaped[] = [];
        const v = this.collection(value, sep.below, props, escaped);
        if (mergeKey) checkMergeValue(v);
        items.push({ key, value: v });
        this.settle(escaped, map.indent, up, place);
      } else {
        for (const c of sep.below) items.push({ key: new Comment(c), value: null });
        const v = value ? this.scalarish(value, props) : this.emptyValue(props);
        if (mergeKey) checkMergeValue(v);
        for (const c of value ? trailingComments(value) : [])
          items.push({ key: new Comment(c, true), value: null });
        items.push({ key, value: v });
      }
    }
    return new Branch(items);
  }

  private blockSeq(seq: BlockSequence, leading: string[], up: Escaped[]): Value[] {
    const out: Value[] = leading.map((c) => new Comment(c));
    const place = (c: string) => out.push(new Comment(c));
    for (const it of seq.items) {
      const hasIndicator = it.start.some((t) => t.type === 'seq-item-ind');
      if (!hasIndicator && !it.value) {
        for (const c of this.trailing(it.start, seq.indent, up)) place(c);
        continue;
      }
      for (const c of allComments(it.start)) place(c);
      const props = propsOf(it.start);
      const value = it.value;
      if (value && isCollection(value)) {
        const escaped: Escaped[] = [];
        out.push(this.collection(value, [], props, escaped));
        this.settle(escaped, seq.indent, up, place);
      } else {
        const v = value ? this.scalarish(value, props) : this.emptyValue(props);
        for (const c of value ? trailingComments(value) : []) out.push(new Comment(c, true));
        out.push(v);
      }
    }
    return out;
  }

  private collection(
    tok: BlockMap | BlockSequence | FlowCollection,
    leading: string[],
    props: Props,
    up: Escaped[] = [],
  ): Value {
    let v: Value;
    if (tok.type === 'block-map') v = this.blockMap(tok, leading, up);
    else if (tok.type === 'block-seq') v = this.blockSeq(tok, leading, up);
    else {
      v = this.flow(tok);
      const lead = leading.map((c) => new Comment(c));
      if (v instanceof Branch) v.items.unshift(...lead.map((c) => ({ key: c, value: null })));
      else v.unshift(...lead);
    }
    if (props.anchor) this.anchors.set(props.anchor, v);
    return v;
  }

  private flow(tok: FlowCollection): Branch | Value[] {
    const isMap = tok.start.source === '{';
    const items: Item[] = [];
    const list: Value[] = [];
    for (const it of tok.items) {
      const value = it.value;
      const props = propsOf(it.sep ?? it.start);
      let v: Value;
      if (value && isCollection(value)) v = this.collection(value, [], props);
      else v = value ? this.scalarish(value, props) : this.emptyValue(props);
      if (isMap) {
        if (!it.key && !value && !it.sep) continue;
        items.push({ key: this.key(it.key), value: v });
      } else if (it.key || it.sep?.some((t) => t.type === 'map-value-ind')) {
        // `[a: 1]` is a list holding a one-pair mapping
        list.push(new Branch([{ key: this.key(it.key), value: v }]));
      } else if (value) {
        list.push(v);
      }
    }
    return isMap ? new Branch(items) : list;
  }

  private key(tok: Token | null | undefined): string {
    if (!tok) throw new YamlLoadError('a mapping has an empty key, which sops does not support');
    if (isCollection(tok))
      throw new YamlLoadError('a mapping has a non-scalar key, which sops does not support');
    const v = this.scalarish(tok, {});
    if (typeof v !== 'string') {
      throw new YamlLoadError(
        'a mapping has a non-string key (number, boolean, null or time); sops only supports string keys',
      );
    }
    return v;
  }

  private emptyValue(props: Props): Value {
    const tag = normaliseTag(props.tag);
    const v: Value = tag === '!!str' ? '' : null;
    if (props.anchor) this.anchors.set(props.anchor, v);
    return v;
  }

  private scalarish(tok: Token, props: Props): Value {
    if (tok.type === 'alias') {
      const name = tok.source.slice(1);
      const target = this.anchors.get(name);
      if (target === undefined) throw new YamlLoadError(`unknown anchor "${name}" referenced`);
      return clone(target);
    }
    const v = this.scalar(tok, props);
    if (props.anchor) this.anchors.set(props.anchor, v);
    return v;
  }

  private scalar(tok: Token, props: Props): Value {
    const r = CST.resolveAsScalar(tok, true, (offset, code) => {
      throw new YamlLoadError(`${code} at line ${this.src.slice(0, offset).split('\n').length}`);
    });
    if (!r) throw new YamlLoadError(`unexpected ${tok.type} token`);
    if (
      r.type !== 'BLOCK_LITERAL' &&
      r.type !== 'BLOCK_FOLDED' &&
      RAW_BREAK.test((tok as { source?: string }).source ?? '')
    ) {
      // NEL, LS and PS break a line in the reader sops uses: kept as they are, the indentation around them dropped
      r.value = r.value.replace(/[ \t]*([\u0085\u2028\u2029])[ \t]*/g, '$1');
    }
    const tag = normaliseTag(props.tag);
    if (tag === '!!binary') {
      return Buffer.from(r.value.replace(/\s+/g, ''), 'base64').toString('utf8');
    }
    if (tag === '!!str' || (r.type !== 'PLAIN' && (tag === undefined || tag === '!'))) return r.value;
    if (tag !== undefined && !['!!null', '!!bool', '!!int', '!!float', '!!timestamp'].includes(tag)) {
      return r.value; // an application tag: the library hands the text through
    }
    if (r.type === 'PLAIN' && tag === '!') return r.value;
    return typedScalar(r.value, tag);
  }
}

/** A plain `<<` (or one tagged !!merge) is a merge key to the reader sops uses. */
function isMergeKey(tok: Token | null | undefined, start: readonly SourceToken[]): boolean {
  if (!tok) return false;
  const tagged = start.some((t) => t.type === 'tag' && normaliseTag(t.source) === '!!merge');
  return tagged || (tok.type === 'scalar' && tok.source === '<<');
}

function checkMergeValue(v: Value): void {
  const ok =
    v instanceof Branch || (Array.isArray(v) && v.every((x) => x instanceof Branch || x instanceof Comment));
  if (!ok) throw new YamlLoadError('map merge requires map or sequence of maps as the value');
}

const RAW_BREAK = /[\u0085\u2028\u2029]/;

function typedScalar(text: string, tag: string | undefined): Value {
  const res = resolvePlain(text);
  const want = tag?.slice(2);
  if (want && want !== res.tag && !(want === 'float' && res.tag === 'int')) {
    throw new YamlLoadError(`a value tagged ${tag} cannot be read as one`);
  }
  switch (res.tag) {
    case 'null':
      return null;
    case 'bool':
      return res.value;
    case 'int':
      return want === 'float' ? new GoFloat(Number(res.value)) : new GoInt(res.value);
    case 'uint':
      throw new YamlLoadError('an integer is larger than a signed 64-bit value, which sops cannot handle');
    case 'float':
      return new GoFloat(res.value);
    case 'timestamp':
      return new GoTime(res.text);
    default:
      return text;
  }
}

function isCollection(tok: Token): tok is BlockMap | BlockSequence | FlowCollection {
  return tok.type === 'block-map' || tok.type === 'block-seq' || tok.type === 'flow-collection';
}

/** Comments written on the same line after a scalar value (or in a block scalar's header). */
function trailingComments(tok: Token): string[] {
  if (tok.type === 'block-scalar') return allComments(tok.props as SourceToken[]);
  if ('end' in tok) return allComments(tok.end as SourceToken[] | undefined);
  return [];
}

/** Parses YAML text into one tree branch per document, the way sops reads a YAML file. */
export function loadYaml(text: string): Branch[] {
  const docs = parseAllDocuments(text, { uniqueKeys: true, version: '1.2' });
  const list = Array.isArray(docs) ? docs : [docs];
  for (const d of list) {
    const err = d.errors[0];
    if (err) throw new YamlLoadError(`${err.code} at line ${err.linePos?.[0]?.line ?? '?'}`);
  }
  const loader = new Loader(text);
  const out: Branch[] = [];
  let leading: string[] = [];
  for (const tok of new Parser().parse(text)) {
    if (tok.type === 'comment') leading.push(commentText(tok));
    else if (tok.type === 'document') {
      out.push(loader.document(tok, leading));
      leading = [];
    } else if (tok.type === 'error') {
      throw new YamlLoadError(`syntax error at line ${text.slice(0, tok.offset).split('\n').length}`);
    }
  }
  if (leading.length > 0 && out.length > 0) {
    const last = out[out.length - 1]!;
    for (const c of leading) last.items.push({ key: new Comment(c), value: null });
  }
  return out;
}
