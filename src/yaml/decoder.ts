/**
 * yaml.v3's decoder over one document parsed by eemeli/yaml: anchors resolved
 * as the parser resolves them, scalar typing, mappings (string or general
 * keys), merge keys, duplicate-key and type errors, the alias-expansion guard.
 */
import {
  type Alias,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  type ParsedNode,
  type Scalar,
} from 'yaml';
import { GoTime } from '../template/sprig/gotime.js';
import { GoNumber, type GoValue, taggedGoType, withGoType } from '../template/value.js';
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

export class Fail extends Error {}

/** A value yaml.v3 could not decode (it reported a type error): left out of its sequence or map. */
const FAILED = Symbol('failed');
type Decoded = GoValue | typeof FAILED;

/** Decoding state for one document (yaml.v3's decoder). */
export class DocDecoder {
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
      if (s.type !== 'BLOCK_LITERAL' && s.type !== 'BLOCK_FOLDED' && /[\u2028\u2029]/.test(value)) {
        // libyaml reads LS and PS as line breaks it keeps, trimming the blanks around them.
        value = value.replace(/[ \t]*([\u2028\u2029])[ \t]*/g, '$1');
      }
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

  /** Decode into a `map[string]interface {}` (yaml.Unmarshal into a map): keys read as strings. */
  decodeStringMap(node: ParsedNode | null | undefined): GoValue {
    if (!node) return null;
    if (isAlias(node)) {
      if (this.active.has(node)) throw new Fail(`anchor '${node.source}' value contains itself`);
      this.active.add(node);
      this.aliasDepth++;
      try {
        return this.decodeStringMap(this.targets.get(node));
      } finally {
        this.aliasDepth--;
        this.active.delete(node);
      }
    }
    const i = this.info(node);
    if (isMap(node)) {
      const items = node.items as { key: ParsedNode | null; value: ParsedNode | null }[];
      if (this.duplicateKeys(items)) return null;
      const out = new Map<GoValue, GoValue>();
      this.fill(items, out);
      return out;
    }
    if (i.kind === 'scalar' && this.decode(node) === null) return null;
    const value =
      i.kind === 'scalar'
        ? ` \`${Buffer.byteLength(i.value) > 10 ? `${truncateBytes(i.value, 7)}...` : i.value}\``
        : '';
    this.terrors.push(`line ${i.line}: cannot unmarshal ${i.tag}${value} into map[string]interface {}`);
    return null;
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

/** The first n UTF-8 bytes of s (a cut character becomes U+FFFD, as helmfire strings hold no broken UTF-8). */
function truncateBytes(s: string, n: number): string {
  return new TextDecoder().decode(Buffer.from(s, 'utf8').subarray(0, n));
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
