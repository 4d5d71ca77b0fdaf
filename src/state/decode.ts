import { GoNumber, GoStruct, type GoValue } from '../template/value.js';
import type { SchemaIssue, SourceLocation } from './errors.js';
import { formatPath, type PathSegment, type YamlLocator } from './locate.js';
import {
  type FieldDef,
  type FieldKind,
  fieldNames,
  fieldOf,
  inheritSchema,
  type StructSchema,
  subHelmfileSchema,
} from './schema.js';
import type { InheritSpec, SubHelmfileSpec } from './spec.js';
import { didYouMean } from './suggest.js';

/**
 * Strict decoding of a YAML document (already decoded to Go values) into the
 * spec structs, as helmfile's yaml.v3 decoder with KnownFields does: unknown
 * keys and values of the wrong type are errors, all collected; scalars are
 * converted the way yaml.v3 converts them into typed Go fields (a string field
 * takes any scalar's text, a bool field also takes yes/no/on/off, an int field
 * takes a float and truncates it, null leaves the zero value).
 */

export interface DecodeContext {
  /** File name used in messages. */
  readonly file: string;
  readonly part?: number;
  readonly rendered?: boolean;
  /** Index of the document within the part. */
  readonly docIndex: number;
  readonly locator: YamlLocator;
  /** Lines before this part in the file (0 for rendered parts, whose positions are in the rendered text). */
  readonly lineOffset: number;
  readonly warn?: (message: string) => void;
}

class Decoder {
  readonly issues: SchemaIssue[] = [];
  constructor(
    private readonly ctx: DecodeContext,
    private readonly root: GoValue,
  ) {}

  location(path: readonly PathSegment[], which: 'key' | 'value'): SourceLocation {
    const pos =
      which === 'key'
        ? this.ctx.locator.keyPosition(this.ctx.docIndex, path)
        : this.ctx.locator.valuePosition(this.ctx.docIndex, path);
    return {
      file: this.ctx.file,
      ...(pos ? { line: pos.line + this.ctx.lineOffset, column: pos.column } : {}),
      ...(this.ctx.rendered ? { rendered: true, part: this.ctx.part ?? 0 } : {}),
    };
  }

  issue(path: readonly PathSegment[], message: string, which: 'key' | 'value', hint?: string): void {
    this.issues.push({
      path: formatPath(path) + this.owner(path),
      message,
      location: this.location(path, which),
      ...(hint ? { hint } : {}),
    });
  }

  /** ` (release "web")` for a path inside a named release or template. */
  owner(path: readonly PathSegment[]): string {
    const [top, index] = path;
    if (top === 'releases' && typeof index === 'number' && this.root instanceof Map) {
      const list = this.root.get('releases');
      const rel = Array.isArray(list) ? list[index] : undefined;
      const name = rel instanceof Map ? rel.get('name') : undefined;
      if (typeof name === 'string' && name !== '') return ` (release ${JSON.stringify(name)})`;
    }
    if (top === 'templates' && typeof index === 'string' && path.length > 2)
      return ` (template ${JSON.stringify(index)})`;
    return '';
  }

  typeError(path: readonly PathSegment[], expected: string, got: GoValue): void {
    this.issue(path, `expected ${expected}, got ${describe(got)}`, 'value', typeHint(expected, got));
  }

  /** A scalar's text as yaml.v3 hands it to a string field. */
  scalarText(path: readonly PathSegment[], v: GoValue): string {
    if (typeof v === 'string') return v;
    const raw = this.ctx.locator.rawScalar(this.ctx.docIndex, path);
    if (raw !== undefined) return raw;
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'number') return String(v);
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (v instanceof GoNumber) return String(v.value);
    if (v instanceof GoStruct) return v.stringer?.() ?? String(v);
    return String(v);
  }

  scalar(path: readonly PathSegment[], t: FieldKind & { k: 'scalar' | 'ptr' }, v: GoValue): unknown {
    if (isCollection(v)) {
      this.typeError(path, expectedOf(t), v);
      return undefined;
    }
    switch (t.t) {
      case 'string':
        return this.scalarText(path, v);
      case 'bool':
        if (typeof v === 'boolean') return v;
        if (typeof v === 'string') {
          if (/^(y|Y|yes|Yes|YES|on|On|ON)$/.test(v)) return true;
          if (/^(n|N|no|No|NO|off|Off|OFF)$/.test(v)) return false;
        }
        this.typeError(path, expectedOf(t), v);
        return undefined;
      case 'int': {
        const n = toInt(v);
        if (n === undefined) this.typeError(path, expectedOf(t), v);
        return n;
      }
      case 'float32':
        if (typeof v === 'bigint' || typeof v === 'number') return Math.fround(Number(v));
        if (v instanceof GoNumber) return Math.fround(Number(v.value));
        this.typeError(path, expectedOf(t), v);
        return undefined;
      case 'duration':
        if (typeof v === 'string' && /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))+$|^0$/.test(v)) return v;
        this.typeError(path, expectedOf(t), v);
        return undefined;
    }
  }

  field(path: readonly PathSegment[], def: FieldDef, v: GoValue): unknown {
    const kind = def.kind;
    if (v === null || v === undefined) return nullValueOf(kind);
    switch (kind.k) {
      case 'scalar':
      case 'ptr':
        return this.scalar(path, kind, v);
      case 'strings':
        if (!Array.isArray(v)) {
          this.typeError(path, 'a list of strings', v);
          return undefined;
        }
        return this.stringList(path, v);
      case 'anys':
        if (!Array.isArray(v)) {
          this.typeError(path, 'a list', v);
          return undefined;
        }
        return [...v];
      case 'labels':
        return this.labels(path, v);
      case 'struct':
      case 'ptrStruct':
        return this.struct(path, kind.of, v);
      case 'list':
        if (!Array.isArray(v)) {
          this.typeError(path, `a list of ${kind.of.noun} entries`, v);
          return undefined;
        }
        return v.flatMap((item, i) =>
          item === null || item === undefined ? [] : [this.struct([...path, i], kind.of, item) ?? {}],
        );
      case 'map':
        if (!(v instanceof Map)) {
          this.typeError(path, `a map of ${kind.of.noun} names to settings`, v);
          return undefined;
        }
        return this.structMap(path, kind.of, v);
      case 'inherits':
        return this.inherits(path, v);
      case 'defaultInherit':
        return this.defaultInherit(path, v);
      case 'helmfiles':
        return this.helmfiles(path, v);
    }
  }

  stringList(path: readonly PathSegment[], v: GoValue[]): string[] {
    const out: string[] = [];
    v.forEach((item, i) => {
      if (item === null || item === undefined) return;
      const s = this.scalar([...path, i], { k: 'scalar', t: 'string' }, item);
      if (typeof s === 'string') out.push(s);
    });
    return out;
  }

  labels(path: readonly PathSegment[], v: GoValue): Record<string, string> | undefined {
    if (!(v instanceof Map)) {
      this.typeError(path, 'a map of strings', v);
      return undefined;
    }
    const out: Record<string, string> = {};
    for (const [k, val] of v) {
      const key = this.keyText(path, k);
      if (val === null || val === undefined) out[key] = '';
      else {
        const s = this.scalar([...path, key], { k: 'scalar', t: 'string' }, val);
        if (typeof s === 'string') out[key] = s;
      }
    }
    return out;
  }

  keyText(path: readonly PathSegment[], k: GoValue): string {
    if (typeof k === 'string') return k;
    const raws = this.ctx.locator.rawKeys(this.ctx.docIndex, path);
    const s = String(k);
    return raws.get(s) ?? s;
  }

  struct(
    path: readonly PathSegment[],
    schema: StructSchema,
    v: GoValue,
  ): Record<string, unknown> | undefined {
    if (!(v instanceof Map)) {
      this.typeError(path, `a map of ${schema.noun} settings`, v);
      return undefined;
    }
    const out: Record<string, unknown> = {};
    for (const [k, val] of v) {
      const key = this.keyText(path, k);
      const def = fieldOf(schema, key);
      if (!def) {
        if (schema.goType === 'state.HelmState' && (key === 'filepath' || key === 'renderedvalues')) continue;
        const where = schema.goType === 'state.HelmState' ? 'top-level key' : `${schema.noun} key`;
        this.issue([...path, key], `unknown ${where} "${key}"`, 'key', didYouMean(key, fieldNames(schema)));
        continue;
      }
      const decoded = this.field([...path, key], def, val);
      if (decoded !== undefined) out[key] = decoded;
    }
    return out;
  }

  structMap(
    path: readonly PathSegment[],
    schema: StructSchema,
    v: Map<GoValue, GoValue>,
  ): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, val] of v) {
      const key = this.keyText(path, k);
      out[key] = val === null || val === undefined ? {} : (this.struct([...path, key], schema, val) ?? {});
    }
    return out;
  }

  inherits(path: readonly PathSegment[], v: GoValue): InheritSpec[] | undefined {
    const schema = inheritSchema as StructSchema;
    if (v instanceof Map) {
      const one = this.struct(path, schema, v) as InheritSpec | undefined;
      this.ctx.warn?.(
        `${formatPath(path)}: a single map under "inherit" is deprecated; wrap it into a list: [{template: ${one?.template ?? ''}}]`,
      );
      return one ? [one] : undefined;
    }
    if (!Array.isArray(v)) {
      this.typeError(path, 'a list of {template, except} entries', v);
      return undefined;
    }
    return v.flatMap((item, i) =>
      item === null || item === undefined
        ? []
        : [(this.struct([...path, i], schema, item) ?? {}) as InheritSpec],
    );
  }

  defaultInherit(path: readonly PathSegment[], v: GoValue): string[] | undefined {
    let names: string[];
    if (Array.isArray(v)) names = this.stringList(path, v);
    else if (!isCollection(v)) names = [this.scalarText(path, v)];
    else {
      this.typeError(path, 'a template name or a list of template names', v);
      return undefined;
    }
    const out = names.map((n) => n.trim()).filter((n) => n !== '');
    return out.length > 0 ? out : undefined;
  }

  helmfiles(path: readonly PathSegment[], v: GoValue): SubHelmfileSpec[] | undefined {
    if (!Array.isArray(v)) {
      this.typeError(path, 'a list of sub-helmfile paths or {path, selectors, values} entries', v);
      return undefined;
    }
    const out: SubHelmfileSpec[] = [];
    v.forEach((item, i) => {
      const p = [...path, i];
      let spec: SubHelmfileSpec = {};
      if (typeof item === 'string') spec = { path: item };
      else if (item instanceof Map) spec = (this.struct(p, subHelmfileSchema, item) ?? {}) as SubHelmfileSpec;
      else if (item !== null && item !== undefined) spec = { path: this.scalarText(p, item) };
      if (spec.selectors !== undefined && !spec.path) {
        this.issue(p, `found 'selectors' definition without path: [${spec.selectors.join(' ')}]`, 'value');
      }
      if (spec.selectorsInherited && (spec.selectors?.length ?? 0) > 0) {
        this.issue(
          p,
          `you cannot use 'SelectorsInherited: true' along with and explicit selector for path: ${spec.path ?? ''}`,
          'value',
        );
      }
      if ((spec.inherits?.length ?? 0) > 0 && !spec.path) {
        this.issue(p, `found 'inherits' definition without path: [${spec.inherits!.join(' ')}]`, 'value');
      }
      for (const key of spec.inherits ?? []) {
        if (!ALLOWED_INHERITS.includes(key)) {
          this.issue(
            p,
            `invalid inherits entry "${key}" for path "${spec.path ?? ''}": allowed values are [${ALLOWED_INHERITS.join(' ')}]`,
            'value',
            didYouMean(key, ALLOWED_INHERITS),
          );
        }
      }
      out.push(spec);
    });
    return out;
  }
}

/** What `helmfiles[].inherits` may name. */
export const ALLOWED_INHERITS = [
  'repositories',
  'helmDefaults',
  'commonLabels',
  'apiVersions',
  'kubeVersion',
  'templates',
  'environments',
];

function isCollection(v: GoValue): boolean {
  return v instanceof Map || Array.isArray(v);
}

function nullValueOf(kind: FieldKind): unknown {
  // yaml.v3: null leaves value types at zero, sets pointers/slices/maps to nil; a
  // null map entry of a struct map is the zero struct.
  return kind.k === 'map' ? {} : undefined;
}

function toInt(v: GoValue): number | undefined {
  const max = 2 ** 63;
  if (typeof v === 'bigint') return v >= -(2n ** 63n) && v < 2n ** 63n ? Number(v) : undefined;
  if (typeof v === 'number') return Number.isFinite(v) && v < max && v >= -max ? Math.trunc(v) : undefined;
  if (v instanceof GoNumber && typeof v.value === 'bigint')
    return v.value < 2n ** 63n ? Number(v.value) : undefined;
  return undefined;
}

function expectedOf(t: { t: string }): string {
  switch (t.t) {
    case 'string':
      return 'a string';
    case 'bool':
      return 'true or false';
    case 'int':
      return 'an integer';
    case 'float32':
      return 'a number';
    default:
      return 'a duration such as 30s';
  }
}

/** How to write a value of the wrong shape as the field wants it, when that is clear. */
function typeHint(expected: string, got: GoValue): string | undefined {
  if (expected.startsWith('a list') && typeof got === 'string') {
    if (expected === 'a list of release entries' || expected.includes('settings')) return undefined;
    return `write it as a list: [${got}]`;
  }
  if (expected.startsWith('a list of release entries') && got instanceof Map)
    return 'write each release as a list item: "- name: …" with its settings below';
  if (expected.startsWith('a map')) {
    if (typeof got === 'string' && /^[^=\s]+=[^=]*$/.test(got)) {
      const [k, v] = got.split('=') as [string, string];
      return `write it as a map: {${k}: ${v}}`;
    }
    if (Array.isArray(got))
      return expected.includes('environment names')
        ? 'write each environment as "<name>:" with its settings below (for example "default: {}")'
        : 'write key: value pairs, not a list';
  }
  if (expected.startsWith('an integer') && typeof got === 'string' && /^-?\d+$/.test(got))
    return `write it without quotes: ${got}`;
  return undefined;
}

/** A value as a message shows it: `a map`, `a list`, `the string "x"`, `the number 3`, `true`, `null`. */
export function describe(v: GoValue): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof Map) return 'a map';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'bigint' || typeof v === 'number') return `the number ${String(v)}`;
  if (v instanceof GoNumber) return `the number ${String(v.value)}`;
  if (v instanceof GoStruct) return `a ${v.goType}`;
  return 'a value';
}

/** Decodes a whole document into `schema`; `issues` is empty when it is valid. */
export function decodeDocument<T>(
  value: GoValue,
  schema: StructSchema<T>,
  ctx: DecodeContext,
): { value: T; issues: SchemaIssue[] } {
  const d = new Decoder(ctx, value);
  if (value === null || value === undefined) return { value: {} as T, issues: [] };
  if (!(value instanceof Map)) {
    d.issue(
      [],
      `a state file must be a map of settings (releases:, environments:, …), got ${describe(value)}`,
      'value',
    );
    return { value: {} as T, issues: d.issues };
  }
  const out = d.struct([], schema as StructSchema, value) ?? {};
  return { value: out as T, issues: d.issues };
}
