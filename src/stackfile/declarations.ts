import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
} from 'yaml';
import { StackfileError } from './errors.js';
import type { DeclaredVariable } from './expand.js';

/**
 * What has to be known before `${…}` can be substituted in a stackfile: its
 * `variables:` (as written, unexpanded) and, per environment, the overlay
 * files it lists. Read from the YAML syntax tree so that values keep their
 * text (`1.10`) and whether they were quoted.
 */
export interface Declarations {
  readonly variables: ReadonlyMap<string, DeclaredVariable>;
  /** Environment name → overlay entries as written (`overlay:` and `overlays:` together). */
  readonly overlays: ReadonlyMap<string, readonly string[]>;
  /** Every environment name under `environments:`. */
  readonly environments: readonly string[];
}

const EMPTY: Declarations = { variables: new Map(), overlays: new Map(), environments: [] };

/** The root map of the first document, or undefined when the text is not a YAML map (decoding reports it). */
function root(text: string): { doc: Document; lines: LineCounter; node: Node } | undefined {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, merge: true, uniqueKeys: false, strict: false });
  if (!Array.isArray(docs)) return undefined;
  const doc = docs[0];
  if (!doc || doc.errors.length > 0) return undefined;
  const node = deref(doc.contents, doc);
  return node && isMap(node) ? { doc, lines, node } : undefined;
}

function deref(node: unknown, doc: Document): Node | undefined {
  let n = node as Node | null | undefined;
  for (let i = 0; n && isAlias(n) && i < 100; i++) n = n.resolve(doc) as Node | undefined;
  return n ?? undefined;
}

function entries(node: Node | undefined, doc: Document): [string, Node | undefined, Node][] {
  if (!node || !isMap(node)) return [];
  return node.items.flatMap((p) => {
    const k = p.key as Node;
    if (!isScalar(k)) return [];
    return [
      [String(k.value), deref(p.value, doc), (p.value as Node | null) ?? k] as [
        string,
        Node | undefined,
        Node,
      ],
    ];
  });
}

function get(node: Node | undefined, key: string, doc: Document): Node | undefined {
  return entries(node, doc).find(([k]) => k === key)?.[1];
}

/** A scalar's text as written for plain scalars, its value otherwise. */
function scalarText(node: Node): string {
  if (!isScalar(node)) return '';
  if (node.type === 'PLAIN' && typeof node.source === 'string') return node.source;
  return node.value === null ? '' : String(node.value);
}

/** Reads the declarations of a stackfile (`kind: 'stackfile'`) or an overlay (variables only). */
export function readDeclarations(text: string, file: string, kind: 'stackfile' | 'overlay'): Declarations {
  const r = root(text);
  if (!r) return EMPTY;
  const { doc, lines, node } = r;
  const where = (n: Node) => {
    const p = n.range ? lines.linePos(n.range[0]) : undefined;
    return { file, ...(p ? { line: p.line, column: p.col } : {}) };
  };
  const variables = new Map<string, DeclaredVariable>();
  const vars = get(node, 'variables', doc);
  if (vars && !(isScalar(vars) && vars.value === null)) {
    if (!isMap(vars))
      throw new StackfileError(
        'STACKFILE_INVALID',
        'variables: expected a map of names to values',
        where(vars),
      );
    for (const [name, value, at] of entries(vars, doc)) {
      if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) {
        throw new StackfileError(
          'STACKFILE_INVALID',
          `variables.${name}: a variable name is letters, digits, "_" and "." (not first: a digit or ".")`,
          where(at),
        );
      }
      if (value && !isScalar(value)) {
        throw new StackfileError(
          'STACKFILE_INVALID',
          `variables.${name}: expected a string, number or boolean, got a ${isSeq(value) ? 'list' : 'map'}`,
          where(value),
        );
      }
      variables.set(name, {
        text: value ? scalarText(value) : '',
        plain: !value || (isScalar(value) && value.type === 'PLAIN'),
        file,
      });
    }
  }
  if (kind === 'overlay') return { variables, overlays: new Map(), environments: [] };

  const overlays = new Map<string, string[]>();
  const environments: string[] = [];
  for (const [env, spec] of entries(get(node, 'environments', doc), doc)) {
    environments.push(env);
    const list: string[] = [];
    for (const key of ['overlay', 'overlays']) {
      const o = get(spec, key, doc);
      if (!o || (isScalar(o) && o.value === null)) continue;
      if (isScalar(o)) list.push(scalarText(o));
      else if (isSeq(o)) {
        for (const item of o.items) {
          const n = deref(item, doc);
          if (!n || !isScalar(n)) {
            throw new StackfileError(
              'STACKFILE_INVALID',
              `environments.${env}.${key}: expected a list of overlay file paths`,
              where(n ?? o),
            );
          }
          list.push(scalarText(n));
        }
      } else {
        throw new StackfileError(
          'STACKFILE_INVALID',
          `environments.${env}.${key}: expected a list of overlay file paths`,
          where(o),
        );
      }
    }
    overlays.set(env, list);
  }
  return { variables, overlays, environments };
}

/**
 * Whether the text uses what only a stackfile has (so a file of any name is
 * taken for one): `variables:`, `environments.*.overlay(s)`, a release's
 * `set:` written as a map or `ignore:`, `helmDefaults.helmBinary`. A helmfile
 * state file would be rejected by helmfile for any of these.
 */
export function looksLikeStackfile(text: string): boolean {
  const r = root(text);
  if (!r) return false;
  const { doc, node } = r;
  if (get(node, 'variables', doc) !== undefined) return true;
  if (get(get(node, 'helmDefaults', doc), 'helmBinary', doc) !== undefined) return true;
  for (const [, spec] of entries(get(node, 'environments', doc), doc)) {
    if (get(spec, 'overlay', doc) !== undefined || get(spec, 'overlays', doc) !== undefined) return true;
  }
  const releases = get(node, 'releases', doc);
  if (releases && isSeq(releases)) {
    for (const item of releases.items) {
      const rel = deref(item, doc);
      if (get(rel, 'ignore', doc) !== undefined) return true;
      const set = get(rel, 'set', doc);
      if (set && isMap(set)) return true;
    }
  }
  return false;
}
