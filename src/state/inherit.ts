import { ReleaseError } from './errors.js';
import { mergeStruct } from './merge.js';
import { type FieldKind, releaseSchema } from './schema.js';
import type { InheritSpec, ReleaseSpec } from './spec.js';
import { didYouMean } from './suggest.js';

/**
 * Release templates (`templates:` + `inherit:`/`defaultInherit:`), resolved
 * exactly as helmfile resolves them — including a side effect users can
 * observe: helmfile merges templates with mergo, and a pointer field
 * (`timeout`, `wait`, `installed`, … — every optional scalar of a release)
 * taken from a template keeps pointing at the template's own value, so a later
 * template or the release's own setting written over it changes the template
 * itself for every release after it (and in `build`'s `templates:`). Those
 * fields are modelled as shared cells here; `onLeak` reports each such change.
 */

class Cell {
  constructor(
    public value: unknown,
    /** The template that owns this storage, when it is a template's. */
    readonly owner?: string,
  ) {}
}

type Boxed = Record<string, unknown>;

export type LeakReporter = (leak: {
  template: string;
  field: string;
  from: unknown;
  to: unknown;
  release: string;
}) => void;

const POINTER_FIELDS = (Object.entries(releaseSchema.fields) as Array<[string, { kind: FieldKind }]>)
  .filter(([, d]) => d.kind.k === 'ptr' || d.kind.k === 'ptrStruct')
  .map(([k, d]) => [k, d.kind.k === 'ptrStruct'] as const);

const EXCEPTABLE = [
  'labels',
  'values',
  'valuesTemplate',
  'setTemplate',
  'set',
  'setString',
  'secrets',
] as const;

function box(spec: ReleaseSpec, owner?: string): Boxed {
  const out: Boxed = { ...spec };
  for (const [k, isStruct] of POINTER_FIELDS) {
    const v = out[k];
    if (v !== undefined) out[k] = new Cell(isStruct ? { ...(v as object) } : v, owner);
  }
  return out;
}

function unbox(b: Boxed): ReleaseSpec {
  const out: Boxed = { ...b };
  for (const [k, isStruct] of POINTER_FIELDS) {
    const c = out[k];
    if (c instanceof Cell) out[k] = isStruct ? { ...(c.value as object) } : c.value;
  }
  return out as ReleaseSpec;
}

const isEmpty = (v: unknown) => v === undefined || v === '' || v === false || v === 0;

class CyclicInheritance extends Error {}

/** The templates of one state file, shared (and possibly changed) by its releases in order. */
export class TemplateStore {
  private readonly boxed: Record<string, Boxed> = {};

  constructor(
    templates: Readonly<Record<string, ReleaseSpec>>,
    private readonly onLeak?: LeakReporter,
  ) {
    for (const [name, t] of Object.entries(templates)) this.boxed[name] = box(t, name);
  }

  /** The templates as they are now (what `build` prints after all releases are resolved). */
  templates(): Record<string, ReleaseSpec> {
    return Object.fromEntries(Object.entries(this.boxed).map(([n, b]) => [n, unbox(b)]));
  }

  /** The release with its templates merged in: template fields first, its own on top, lists appended. */
  resolve(release: ReleaseSpec): ReleaseSpec {
    try {
      return unbox(this.inherit(box(release), release.name ?? '', []));
    } catch (err) {
      if (err instanceof CyclicInheritance) {
        throw new ReleaseError(
          release.name ?? '',
          `unable to load release ${JSON.stringify(release.name ?? '')} with template: ${err.message}`,
        );
      }
      throw err;
    }
  }

  private inherit(r: Boxed, release: string, path: readonly string[]): Boxed {
    let merged: Boxed = {};
    const own = r as ReleaseSpec;
    for (const inh of (own.inherit ?? []) as InheritSpec[]) {
      const name = inh.template ?? '';
      if (name === '') return r;
      const chain = [...path, name];
      if (path.includes(name))
        throw new CyclicInheritance(`cyclic inheritance detected: ${chain.join('->')}`);
      const template = this.boxed[name];
      if (!template) {
        const hint = didYouMean(name, Object.keys(this.boxed));
        throw new ReleaseError(
          release,
          `release ${JSON.stringify(own.name ?? '')} tried to inherit inexistent release template ${JSON.stringify(name)}` +
            (hint ? ` (${hint})` : ''),
        );
      }
      let src: Boxed;
      try {
        src = { ...this.inherit(template, release, chain) };
      } catch (err) {
        if (err instanceof CyclicInheritance) throw err;
        throw new ReleaseError(
          release,
          `unable to load release template ${JSON.stringify(name)}: ${(err as Error).message}`,
          {
            cause: err,
          },
        );
      }
      for (const k of inh.except ?? []) {
        if (!(EXCEPTABLE as readonly string[]).includes(k)) {
          throw new ReleaseError(
            release,
            `${JSON.stringify(k)} is not allowed under \`inherit\`. Allowed values are "set", "setTemplate", "values", "valuesTemplate", "secrets", and "labels"`,
          );
        }
        if (k === 'labels') src.labels = {};
        else delete src[k];
      }
      merged = this.merge(merged, src, release);
    }
    merged = this.merge(merged, r, release);
    delete merged.inherit;
    return merged;
  }

  /** mergo.Merge(dst, src, WithAppendSlice, WithSliceDeepCopy): pointers alias, then write through. */
  private merge(dst: Boxed, src: Boxed, release: string): Boxed {
    const strip = (b: Boxed) => {
      const out = { ...b };
      for (const [k] of POINTER_FIELDS) delete out[k];
      return out as ReleaseSpec;
    };
    const out: Boxed = {
      ...mergeStruct(strip(dst), strip(src), releaseSchema, { override: true, appendSlice: true }),
    };
    for (const [k, isStruct] of POINTER_FIELDS) {
      const d = dst[k] as Cell | undefined;
      const s = src[k] as Cell | undefined;
      if (!s) {
        if (d) out[k] = d;
        continue;
      }
      if (!d) {
        out[k] = s;
        continue;
      }
      out[k] = d;
      if (isStruct) {
        const dv = d.value as Record<string, unknown>;
        for (const [f, v] of Object.entries(s.value as Record<string, unknown>)) {
          if (!isEmpty(v))
            this.write(
              d,
              () => dv[f],
              (x) => (dv[f] = x),
              v,
              `${k}.${f}`,
              release,
            );
        }
      } else if (!isEmpty(s.value)) {
        this.write(
          d,
          () => d.value,
          (x) => (d.value = x),
          s.value,
          k,
          release,
        );
      }
    }
    return out;
  }

  private write(
    cell: Cell,
    get: () => unknown,
    set: (v: unknown) => void,
    value: unknown,
    field: string,
    release: string,
  ): void {
    const from = get();
    if (from === value) return;
    set(value);
    if (cell.owner !== undefined) this.onLeak?.({ template: cell.owner, field, from, to: value, release });
  }
}

/** `defaultInherit` templates first (unless the release names them itself), then the release's own `inherit`. */
export function withDefaultInherit(
  defaults: readonly string[] | undefined,
  own: InheritSpec[] | undefined,
): InheritSpec[] | undefined {
  if (!defaults || defaults.length === 0) return own;
  const existing = new Set<string>();
  const filtered: InheritSpec[] = [];
  for (const inh of own ?? []) {
    const name = (inh.template ?? '').trim();
    if (name !== '') {
      existing.add(name);
      filtered.push(inh);
    }
  }
  const out: InheritSpec[] = [];
  for (const raw of defaults) {
    const name = raw.trim();
    if (name !== '' && !existing.has(name)) {
      out.push({ template: name });
      existing.add(name);
    }
  }
  return [...out, ...filtered];
}
