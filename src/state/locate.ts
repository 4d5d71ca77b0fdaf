import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  type Pair,
  parseAllDocuments,
  type YAMLMap,
} from 'yaml';

/**
 * Finds where a path of a decoded document is in its YAML text, using the
 * `yaml` package's syntax tree: line and column of a key or value, and the
 * literal text of a scalar (yaml.v3 gives a `string` field a scalar's text as
 * written, e.g. `version: 1.10` is "1.10", not the float 1.1).
 * Aliases and merge keys (`<<: *anchor`) are followed like yaml.v3 does.
 */

export type PathSegment = string | number;

export interface Position {
  readonly line: number;
  readonly column: number;
}

/** `releases[0].labels.tier` */
export function formatPath(path: readonly PathSegment[]): string {
  let s = '';
  for (const seg of path) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else s += s === '' ? seg : `.${seg}`;
  }
  return s;
}

export class YamlLocator {
  private docs?: Document[];
  private readonly lines = new LineCounter();

  constructor(private readonly text: string) {}

  private documents(): Document[] {
    if (!this.docs) {
      try {
        const parsed = parseAllDocuments(this.text, {
          lineCounter: this.lines,
          merge: false,
          uniqueKeys: false,
          strict: false,
        });
        this.docs = Array.isArray(parsed) ? parsed : [];
      } catch {
        this.docs = [];
      }
    }
    return this.docs;
  }

  private pos(offset: number): Position {
    const p = this.lines.linePos(offset);
    return { line: p.line, column: p.col };
  }

  private deref(node: unknown, doc: Document): Node | undefined {
    let n = node as Node | null | undefined;
    for (let i = 0; n && isAlias(n) && i < 100; i++) n = n.resolve(doc) as Node | undefined;
    return n ?? undefined;
  }

  private findPair(map: YAMLMap, key: string, doc: Document, depth = 0): Pair | undefined {
    const merges: Node[] = [];
    for (const pair of map.items) {
      const k = pair.key as Node | null;
      if (isScalar(k) && k.type === 'PLAIN' && k.source === '<<') {
        merges.push(pair.value as Node);
        continue;
      }
      if (isScalar(k) && String(k.value ?? '') === key) return pair;
    }
    if (depth > 20) return undefined;
    for (const m of merges) {
      const target = this.deref(m, doc);
      const sources = isSeq(target) ? target.items.map((i) => this.deref(i, doc)) : [target];
      for (const src of sources) {
        if (isMap(src)) {
          const hit = this.findPair(src, key, doc, depth + 1);
          if (hit) return hit;
        }
      }
    }
    return undefined;
  }

  /** The pair (for a map key) or node at `path` in document `docIndex`. */
  private walk(docIndex: number, path: readonly PathSegment[]): { node?: Node; pair?: Pair } | undefined {
    const doc = this.documents()[docIndex];
    if (!doc) return undefined;
    let node = this.deref(doc.contents, doc);
    let pair: Pair | undefined;
    for (const seg of path) {
      if (!node) return undefined;
      if (typeof seg === 'number') {
        if (!isSeq(node)) return undefined;
        node = this.deref(node.items[seg], doc);
        pair = undefined;
      } else {
        if (!isMap(node)) return undefined;
        pair = this.findPair(node, seg, doc);
        if (!pair) return undefined;
        node = this.deref(pair.value, doc);
      }
    }
    return { ...(node ? { node } : {}), ...(pair ? { pair } : {}) };
  }

  /** Position of the key of the last path segment (or of the value for list items / the root). */
  keyPosition(docIndex: number, path: readonly PathSegment[]): Position | undefined {
    const hit = this.walk(docIndex, path);
    const k = hit?.pair?.key as Node | undefined;
    if (k?.range) return this.pos(k.range[0]);
    if (hit?.node?.range) return this.pos(hit.node.range[0]);
    return undefined;
  }

  /** Position of the value at `path`. */
  valuePosition(docIndex: number, path: readonly PathSegment[]): Position | undefined {
    const hit = this.walk(docIndex, path);
    if (hit?.node?.range) return this.pos(hit.node.range[0]);
    const k = hit?.pair?.key as Node | undefined;
    return k?.range ? this.pos(k.range[0]) : undefined;
  }

  /** The scalar at `path` as written (plain scalars only; undefined otherwise). */
  rawScalar(docIndex: number, path: readonly PathSegment[]): string | undefined {
    const node = this.walk(docIndex, path)?.node;
    if (isScalar(node) && typeof node.source === 'string') return node.source;
    return undefined;
  }

  /** The text of the key at `path`, as written (for map keys that are not plain strings). */
  rawKeys(docIndex: number, path: readonly PathSegment[]): Map<string, string> {
    const out = new Map<string, string>();
    const node = this.walk(docIndex, path)?.node;
    if (!isMap(node)) return out;
    for (const pair of node.items) {
      const k = pair.key as Node | null;
      if (isScalar(k) && typeof k.source === 'string') out.set(String(k.value ?? ''), k.source);
    }
    return out;
  }
}
