import { GoNumber, type GoValue } from '../template/value.js';
import type { FieldKind, StructSchema } from './schema.js';
import { inheritSchema, releaseSetSchema, subHelmfileSchema } from './schema.js';
import type { ReleaseSetSpec } from './spec.js';
import { encodeYamlDocument } from './yaml-io.js';

/**
 * `build`: the merged state of each file as helmfile prints it — its state
 * struct marshalled by yaml.v3 (indent 2): fields in struct order, `omitempty`
 * fields left out when zero, Go maps with sorted keys — preceded by a
 * `---` / `#  Source: FILE` header.
 */

type Node =
  | { readonly t: 'struct'; readonly fields: ReadonlyArray<readonly [string, Node]> }
  | { readonly t: 'map'; readonly entries: ReadonlyArray<readonly [string, Node]> }
  | { readonly t: 'seq'; readonly items: readonly Node[] }
  | { readonly t: 'leaf'; readonly value: GoValue };

function isZero(kind: FieldKind, v: unknown): boolean {
  if (v === undefined || v === null) return true;
  switch (kind.k) {
    case 'scalar':
      return v === '' || v === false || v === 0;
    case 'ptr':
      return false;
    case 'struct':
      return structIsZero(kind.of, v as Record<string, unknown>);
    case 'ptrStruct':
      return false;
    case 'labels':
    case 'map':
      return Object.keys(v as object).length === 0;
    default:
      return (v as unknown[]).length === 0;
  }
}

function structIsZero(schema: StructSchema, rec: Record<string, unknown>): boolean {
  return Object.entries(schema.fields as Record<string, { kind: FieldKind }>).every(([k, def]) =>
    isZero(def.kind, rec[k]),
  );
}

function scalarLeaf(t: string, v: unknown): GoValue {
  switch (t) {
    case 'string':
    case 'duration':
      return (v as string | undefined) ?? '';
    case 'bool':
      return (v as boolean | undefined) ?? false;
    case 'int':
      return BigInt(Math.trunc((v as number | undefined) ?? 0));
    default:
      return new GoNumber('float32', (v as number | undefined) ?? 0);
  }
}

function fieldNode(kind: FieldKind, v: unknown): Node {
  switch (kind.k) {
    case 'scalar':
      return { t: 'leaf', value: scalarLeaf(kind.t, v) };
    case 'ptr':
      return { t: 'leaf', value: v === undefined ? null : scalarLeaf(kind.t, v) };
    case 'strings':
    case 'anys':
    case 'defaultInherit':
      return { t: 'leaf', value: ((v as GoValue[] | undefined) ?? []).slice() };
    case 'labels':
      return { t: 'leaf', value: new Map(Object.entries((v as Record<string, string> | undefined) ?? {})) };
    case 'struct':
      return structNode(kind.of, (v as Record<string, unknown> | undefined) ?? {});
    case 'ptrStruct':
      return v === undefined ? { t: 'leaf', value: null } : structNode(kind.of, v as Record<string, unknown>);
    case 'list':
      return {
        t: 'seq',
        items: ((v as Record<string, unknown>[] | undefined) ?? []).map((i) => structNode(kind.of, i)),
      };
    case 'inherits':
      return {
        t: 'seq',
        items: ((v as Record<string, unknown>[] | undefined) ?? []).map((i) =>
          structNode(inheritSchema as StructSchema, i),
        ),
      };
    case 'helmfiles':
      return {
        t: 'seq',
        items: ((v as Record<string, unknown>[] | undefined) ?? []).map((i) =>
          structNode(subHelmfileSchema, i),
        ),
      };
    case 'map': {
      const rec = (v as Record<string, Record<string, unknown>> | undefined) ?? {};
      const keys = Object.keys(rec).sort();
      return { t: 'map', entries: keys.map((k) => [k, structNode(kind.of, rec[k] ?? {})] as const) };
    }
  }
}

function structNode(schema: StructSchema, rec: Record<string, unknown>): Node {
  const fields: Array<readonly [string, Node]> = [];
  for (const [key, def] of Object.entries(
    schema.fields as Record<string, { kind: FieldKind; omitempty: boolean }>,
  )) {
    const v = rec[key];
    if (def.omitempty && isZero(def.kind, v)) continue;
    fields.push([key, fieldNode(def.kind, v)]);
  }
  return { t: 'struct', fields };
}

function keyText(k: string): string {
  return encodeYamlDocument(new Map([[k, null]])).replace(/: null\n$/, '');
}

function indentLines(text: string, indent: string): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? l : indent + l))
    .join('\n');
}

function isEmptyNode(n: Node): boolean {
  return (
    (n.t === 'struct' && n.fields.length === 0) ||
    (n.t === 'map' && n.entries.length === 0) ||
    (n.t === 'seq' && n.items.length === 0)
  );
}

/**
 * `key: scalar` as yaml.v3 prints it, remembered: a large state repeats the
 * same fields and values (`chart: …`, `wait: true`) on every release.
 */
const scalarFields = new Map<string, string>();
const SCALAR_FIELDS_MAX = 50_000;

function scalarFieldText(key: string, value: GoValue, indent: string): string {
  const t = typeof value;
  if (value !== null && t !== 'string' && t !== 'boolean' && t !== 'bigint')
    return indentLines(encodeYamlDocument(new Map([[key, value]])), indent);
  const id = `${indent}\u0000${key}\u0000${t}\u0000${String(value)}`;
  let text = scalarFields.get(id);
  if (text === undefined) {
    text = indentLines(encodeYamlDocument(new Map([[key, value]])), indent);
    if (scalarFields.size < SCALAR_FIELDS_MAX) scalarFields.set(id, text);
  }
  return text;
}

/** `key: value` lines for one field at `indent`. */
function emitField(key: string, n: Node, indent: string): string {
  if (n.t === 'leaf') return scalarFieldText(key, n.value, indent);
  const k = `${indent}${keyText(key)}:`;
  if (isEmptyNode(n)) return `${k} ${n.t === 'seq' ? '[]' : '{}'}\n`;
  return `${k}\n${emitBlock(n, `${indent}  `)}`;
}

function emitBlock(n: Node, indent: string): string {
  switch (n.t) {
    case 'struct':
      return n.fields.map(([k, v]) => emitField(k, v, indent)).join('');
    case 'map':
      return n.entries.map(([k, v]) => emitField(k, v, indent)).join('');
    case 'seq':
      return n.items
        .map((item) => {
          if (item.t === 'leaf') return indentLines(encodeYamlDocument([item.value]), indent);
          if (isEmptyNode(item)) return `${indent}- ${item.t === 'seq' ? '[]' : '{}'}\n`;
          const body = emitBlock(item, `${indent}  `);
          return `${indent}- ${body.slice(indent.length + 2)}`;
        })
        .join('');
    case 'leaf':
      return indentLines(encodeYamlDocument(n.value), indent);
  }
}

/** The YAML helmfile's `build` prints for one state (without the header). */
export function stateToYaml(spec: ReleaseSetSpec, filePath: string, renderedValues: GoValue): string {
  const body = structNode(releaseSetSchema, spec as Record<string, unknown>);
  const fields: Array<readonly [string, Node]> = [
    ['filepath', { t: 'leaf', value: filePath }],
    ...(body.t === 'struct' ? body.fields : []),
    ['renderedvalues', { t: 'leaf', value: renderedValues }],
  ];
  return emitBlock({ t: 'struct', fields }, '');
}

/** One state's block of `build` output: `---`, `#  Source: FILE`, a blank line, the YAML. */
export function buildDocument(
  sourceFile: string,
  spec: ReleaseSetSpec,
  filePath: string,
  renderedValues: GoValue,
): string {
  return `---\n#  Source: ${sourceFile}\n\n${stateToYaml(spec, filePath, renderedValues)}`;
}
