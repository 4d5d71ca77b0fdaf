import { decodeDocument } from '../state/decode.js';
import { StateSchemaError, StateYamlError } from '../state/errors.js';
import { type PathSegment, YamlLocator } from '../state/locate.js';
import type { ValueMap } from '../state/maputil.js';
import { releaseSchema, releaseSetSchema, type StructSchema } from '../state/schema.js';
import type { ReleaseSetSpec, ReleaseSpec } from '../state/spec.js';
import type { GoValue } from '../template/value.js';
import { decodeYamlDocuments, unmarshalYaml, YamlError } from '../yaml/index.js';
import { StackfileError } from './errors.js';

/**
 * Strict decoding of a stackfile and of an overlay (after `${…}`
 * substitution). The keys only helmstack has (`variables`, a release's `set:`
 * map and `ignore`, `helmDefaults.helmBinary`, `environments.*.overlay`) are
 * taken out first; everything else is decoded with the state engine's schema,
 * so a release takes every helmfile release key, with helmfile's types and
 * its messages (unknown key with a did-you-mean, wrong type) pointing at the
 * stackfile's lines.
 */

/** A release of a stackfile, or an overlay's changes to one. */
export interface StackRelease {
  /** helmfile's release fields (only those written). */
  readonly spec: ReleaseSpec;
  /** helmstack's `set:` map: values given after the release's values files. */
  readonly set?: ValueMap;
  /** helmstack's `ignore: true`: the release is left out. */
  readonly ignore?: boolean;
}

export interface DecodedStackfile {
  /** Top-level settings other than `releases` (environments without their overlay lists). */
  readonly spec: ReleaseSetSpec;
  readonly releases: readonly StackRelease[];
  /** helmstack's place for the helm binary: `helmDefaults.helmBinary`. */
  readonly helmBinary?: string;
}

export interface DecodedOverlay {
  /** Release name (or `namespace/name`) → changes, in file order. */
  readonly releases: ReadonlyMap<string, StackRelease>;
}

interface OverlaySpec {
  releases?: Record<string, ReleaseSpec>;
  variables?: Record<string, string>;
}

const overlaySchema: StructSchema<OverlaySpec> = {
  goType: 'stackfile.Overlay',
  noun: 'overlay',
  fields: {
    releases: { kind: { k: 'map', of: releaseSchema }, omitempty: true },
    variables: { kind: { k: 'labels' }, omitempty: true },
  },
};

/** Keys of helmfile state a stackfile cannot have: they load other state files. */
const NOT_IN_STACKFILES = ['bases', 'helmfiles'];

class Doc {
  readonly locator: YamlLocator;
  readonly value: GoValue;

  constructor(
    readonly text: string,
    readonly file: string,
  ) {
    this.locator = new YamlLocator(text);
    let docs: GoValue[];
    try {
      docs = decodeYamlDocuments(text, { filename: file }).map((d) => d.value);
    } catch (err) {
      if (!(err instanceof YamlError)) throw err;
      const pos = err.position;
      // `${…}` unquoted in a flow collection is not YAML (`{` opens a map there).
      const hint = /[[{][^\n]*(?<!["'])\$\{/.test(text)
        ? // biome-ignore lint/suspicious/noTemplateCurlyInString: a stackfile reference, not a template
          ' (inside [ ] or { } write a reference in quotes: "${name}")'
        : '';
      throw new StateYamlError(
        err.goMessage + hint,
        { file, ...(pos ? { line: pos.line, column: pos.column } : {}) },
        {
          cause: err,
        },
      );
    }
    if (docs.length > 1) {
      throw new StackfileError('STACKFILE_INVALID', 'expected one YAML document, found several (---)', {
        file,
      });
    }
    this.value = docs[0] ?? null;
  }

  fail(path: readonly PathSegment[], message: string, which: 'key' | 'value' = 'value'): never {
    const pos = which === 'key' ? this.locator.keyPosition(0, path) : this.locator.valuePosition(0, path);
    throw new StackfileError('STACKFILE_INVALID', `${formatPath(path)}: ${message}`, {
      file: this.file,
      ...(pos ? { line: pos.line, column: pos.column } : {}),
    });
  }

  /** A scalar as the text a string field gets (yaml.v3: as written). */
  scalarText(path: readonly PathSegment[], v: GoValue): string {
    if (typeof v === 'string') return v;
    if (v instanceof Map || Array.isArray(v)) this.fail(path, 'expected a string');
    return this.locator.rawScalar(0, path) ?? String(v);
  }

  decode<T>(value: GoValue, schema: StructSchema<T>, warn?: (m: string) => void): T {
    const { value: out, issues } = decodeDocument(value, schema, {
      file: this.file,
      docIndex: 0,
      locator: this.locator,
      lineOffset: 0,
      ...(warn ? { warn } : {}),
    });
    if (issues.length > 0) throw new StateSchemaError(this.file, issues);
    return out;
  }
}

function formatPath(path: readonly PathSegment[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function without(m: Map<GoValue, GoValue>, ...keys: string[]): Map<GoValue, GoValue> {
  return new Map([...m].filter(([k]) => !keys.includes(String(k))));
}

/** Takes helmstack's `set:` map and `ignore:` out of a release map. */
function splitRelease(
  doc: Doc,
  path: readonly PathSegment[],
  m: Map<GoValue, GoValue>,
): { rest: Map<GoValue, GoValue>; set?: ValueMap; ignore?: boolean } {
  let rest = m;
  let set: ValueMap | undefined;
  let ignore: boolean | undefined;
  if (m.has('set')) {
    const v = m.get('set');
    if (v instanceof Map) set = v;
    else if (typeof v === 'string') {
      // helmstack also takes `set:` as a block of YAML text.
      let parsed: GoValue;
      try {
        parsed = unmarshalYaml(v);
      } catch (err) {
        doc.fail([...path, 'set'], `the text is not YAML: ${(err as Error).message}`);
      }
      if (parsed instanceof Map) set = parsed;
      else if (parsed !== null) doc.fail([...path, 'set'], 'the text is YAML but not a map of values');
    } else if (v !== null && v !== undefined && !Array.isArray(v)) {
      doc.fail([...path, 'set'], "expected a map of values (or helmfile's list of {name, value})");
    }
    // A list is helmfile's `set:` and is decoded with the release.
    if (!Array.isArray(v)) rest = without(rest, 'set');
  }
  if (m.has('ignore')) {
    const v = m.get('ignore');
    if (typeof v === 'boolean') ignore = v;
    else if (typeof v === 'string' && /^(y|Y|yes|Yes|YES|on|On|ON)$/.test(v)) ignore = true;
    else if (typeof v === 'string' && /^(n|N|no|No|NO|off|Off|OFF)$/.test(v)) ignore = false;
    else if (v !== null && v !== undefined) doc.fail([...path, 'ignore'], 'expected true or false');
    rest = without(rest, 'ignore');
  }
  return { rest, ...(set ? { set } : {}), ...(ignore !== undefined ? { ignore } : {}) };
}

/** Decodes a stackfile's (substituted) text. */
export function decodeStackfile(text: string, file: string, warn?: (m: string) => void): DecodedStackfile {
  const doc = new Doc(text, file);
  if (doc.value === null) return { spec: {}, releases: [] };
  const value = doc.value;
  if (!(value instanceof Map))
    return doc.fail([], 'a stackfile is a map of settings (releases:, environments:, …)');
  let root = value;
  for (const key of NOT_IN_STACKFILES) {
    if (root.has(key)) {
      doc.fail(
        [key],
        'not available in a stackfile (it loads other helmfile state files); use a helmfile for it',
        'key',
      );
    }
  }
  root = without(root, 'variables');

  let helmBinary: string | undefined;
  const defaults = root.get('helmDefaults');
  if (defaults instanceof Map && defaults.has('helmBinary')) {
    const v = defaults.get('helmBinary');
    if (v !== null && v !== undefined) helmBinary = doc.scalarText(['helmDefaults', 'helmBinary'], v);
    root.set('helmDefaults', without(defaults, 'helmBinary'));
  }

  const envs = root.get('environments');
  if (envs instanceof Map) {
    root.set(
      'environments',
      new Map([...envs].map(([k, v]) => [k, v instanceof Map ? without(v, 'overlay', 'overlays') : v])),
    );
  }

  const extras: { set?: ValueMap; ignore?: boolean }[] = [];
  const releases = root.get('releases');
  if (Array.isArray(releases)) {
    root.set(
      'releases',
      releases.map((r, i) => {
        if (!(r instanceof Map)) {
          extras.push({});
          return r;
        }
        const { rest, ...extra } = splitRelease(doc, ['releases', i], r);
        extras.push(extra);
        return rest;
      }),
    );
  }

  const spec = doc.decode(root, releaseSetSchema, warn);
  const { releases: specs = [], ...top } = spec;
  // The decoder drops null list items; they never had extras worth keeping.
  const kept = Array.isArray(releases)
    ? extras.filter((_, i) => releases[i] !== null && releases[i] !== undefined)
    : [];
  return {
    spec: top,
    releases: specs.map((s, i) => ({ spec: s, ...kept[i] })),
    ...(helmBinary !== undefined ? { helmBinary } : {}),
  };
}

/** Decodes an overlay's (substituted) text: `releases: {name: {version, set, ignore, …}}` and `variables:`. */
export function decodeOverlay(text: string, file: string, warn?: (m: string) => void): DecodedOverlay {
  const doc = new Doc(text, file);
  if (doc.value === null) return { releases: new Map() };
  const value = doc.value;
  if (!(value instanceof Map)) return doc.fail([], 'an overlay is a map (releases:, variables:)');
  const root = new Map(value);
  const extras = new Map<string, { set?: ValueMap; ignore?: boolean }>();
  const rels = root.get('releases');
  if (rels instanceof Map) {
    root.set(
      'releases',
      new Map<GoValue, GoValue>(
        [...rels].map(([k, v]): [GoValue, GoValue] => {
          if (!(v instanceof Map)) return [k, v];
          const { rest, ...extra } = splitRelease(doc, ['releases', String(k)], v);
          extras.set(String(k), extra);
          return [k, rest];
        }),
      ),
    );
  } else if (Array.isArray(rels)) {
    doc.fail(['releases'], 'an overlay lists releases by name: releases: {NAME: {version: …}}');
  }
  const spec = doc.decode(root, overlaySchema, warn);
  const out = new Map<string, StackRelease>();
  for (const [name, r] of Object.entries(spec.releases ?? {}))
    out.set(name, { spec: r, ...extras.get(name) });
  return { releases: out };
}
