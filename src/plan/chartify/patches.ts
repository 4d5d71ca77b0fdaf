/**
 * A release's `strategicMergePatches:` and `jsonPatches:` applied to its
 * rendered documents, as helmfile hands them to kustomize through chartify:
 * a strategic merge patch changes the document with the same apiVersion,
 * kind, metadata.name (and metadata.namespace when the patch names one);
 * a JSON patch (RFC 6902 operations) changes every document its `target`
 * (group, version, kind, name, namespace) selects. Pure: no files, no helm.
 */
import { HelmfireError } from '../../errors.js';
import { GoNumber } from '../../template/value.js';

export type Plain = null | boolean | number | string | Plain[] | { [k: string]: Plain };
type Obj = { [k: string]: Plain };

/** A patch cannot be applied (bad shape, no matching document, failed `test`…). */
export class PatchError extends HelmfireError {
  override readonly name = 'PatchError';
  constructor(release: string, message: string) {
    super('PATCH', `release "${release}": ${message}`);
  }
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A state value (Go maps as `Map`, big integers) as plain JSON-like data. */
export function toPlain(v: unknown): Plain {
  if (v === undefined || v === null) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(toPlain);
  if (v instanceof Map) {
    const o: Obj = {};
    for (const [k, x] of v) o[String(k)] = toPlain(x);
    return o;
  }
  if (typeof v === 'object') {
    if (v instanceof GoNumber) return Number(v.value);
    const o: Obj = {};
    for (const [k, x] of Object.entries(v)) o[k] = toPlain(x);
    return o;
  }
  return String(v);
}

/** List fields merged by a key (the Kubernetes patch merge keys of the well-known types). */
const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  imagePullSecrets: 'name',
};

/** A container's ports merge by `containerPort`, a Service's by `port`. */
const portsKey = (items: readonly Plain[]) =>
  items.some((p) => isObj(p) && 'containerPort' in p) ? 'containerPort' : 'port';

const clone = <T extends Plain>(v: T): T => structuredClone(v);

/** Strategic merge of `patch` into `base` (neither is changed); `null` deletes a key. */
export function strategicMerge(base: unknown, patch: unknown): Plain {
  if (!isObj(patch)) return clone(patch as Plain);
  if (patch.$patch === 'delete') return null;
  if (patch.$patch === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return stripDirectives(rest);
  }
  const out: Obj = isObj(base) ? clone(base as Obj) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch') continue;
    if (v === null) {
      delete out[k];
      continue;
    }
    const cur = out[k];
    if (Array.isArray(v)) {
      const key = k === 'ports' ? portsKey(v) : MERGE_KEYS[k];
      out[k] = key && Array.isArray(cur) ? mergeList(cur, v, key) : stripDirectives(v);
    } else if (isObj(v)) {
      const merged = strategicMerge(cur ?? null, v);
      if (merged === null) delete out[k];
      else out[k] = merged;
    } else out[k] = v;
  }
  return out;
}

function stripDirectives(v: Plain): Plain {
  if (Array.isArray(v)) return v.filter((x) => !(isObj(x) && x.$patch)).map(stripDirectives);
  if (!isObj(v)) return v;
  const o: Obj = {};
  for (const [k, x] of Object.entries(v)) if (k !== '$patch' && x !== null) o[k] = stripDirectives(x);
  return o;
}

/** A list of objects merged by `key`: matching items merged, new ones appended, `$patch: delete` removes. */
function mergeList(base: Plain[], patch: Plain[], key: string): Plain[] {
  if (patch.some((p) => isObj(p) && p.$patch === 'replace')) {
    return patch.filter((p) => !(isObj(p) && p.$patch === 'replace')).map(stripDirectives);
  }
  const out = base.map((b) => clone(b));
  for (const p of patch) {
    if (!isObj(p) || !(key in p)) {
      out.push(stripDirectives(p));
      continue;
    }
    const i = out.findIndex((b) => isObj(b) && b[key] === p[key]);
    if (p.$patch === 'delete') {
      if (i >= 0) out.splice(i, 1);
      continue;
    }
    if (i >= 0) out[i] = strategicMerge(out[i] ?? null, p) ?? {};
    else out.push(stripDirectives(p));
  }
  return out;
}

const meta = (d: Plain): Obj => (isObj(d) && isObj(d.metadata) ? d.metadata : {});

/** The document a strategic merge patch applies to: same apiVersion, kind, name (and namespace when given). */
function smpMatches(doc: Plain, patch: Obj): boolean {
  if (!isObj(doc)) return false;
  const pm = meta(patch);
  const dm = meta(doc);
  return (
    doc.apiVersion === patch.apiVersion &&
    doc.kind === patch.kind &&
    dm.name === pm.name &&
    (pm.namespace === undefined || pm.namespace === null || (dm.namespace ?? null) === pm.namespace)
  );
}

/** A `jsonPatches:` entry: the documents it selects and the RFC 6902 operations. */
export interface JsonPatchSpec {
  readonly target: Readonly<Record<string, string>>;
  readonly patch: readonly Plain[];
}

function targetMatches(doc: Plain, target: Readonly<Record<string, string>>): boolean {
  if (!isObj(doc)) return false;
  const av = typeof doc.apiVersion === 'string' ? doc.apiVersion : '';
  const slash = av.indexOf('/');
  const group = slash >= 0 ? av.slice(0, slash) : '';
  const version = slash >= 0 ? av.slice(slash + 1) : av;
  const m = meta(doc);
  const eq = (want: string | undefined, got: unknown) =>
    want === undefined || want === '' || new RegExp(`^(?:${want})$`).test(String(got ?? ''));
  return (
    eq(target.group, group) &&
    eq(target.version, version) &&
    eq(target.kind, doc.kind) &&
    eq(target.name, m.name) &&
    eq(target.namespace, m.namespace)
  );
}

const unescapeToken = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new Error(`path "${path}" does not start with "/"`);
  return path.slice(1).split('/').map(unescapeToken);
}

function getAt(doc: Plain, parts: readonly string[]): Plain | undefined {
  let cur: Plain | undefined = doc;
  for (const p of parts) {
    if (Array.isArray(cur)) cur = cur[Number(p)];
    else if (isObj(cur)) cur = Object.hasOwn(cur, p) ? cur[p] : undefined;
    else return undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

function parentOf(doc: Plain, path: string): { parent: Plain; last: string } {
  const parts = pointer(path);
  const last = parts.pop();
  if (last === undefined) throw new Error('the root cannot be changed');
  const parent = getAt(doc, parts);
  if (parent === undefined || (!Array.isArray(parent) && !isObj(parent)))
    throw new Error(`path "${path}": parent not found`);
  return { parent, last };
}

function index(arr: Plain[], last: string, forAdd: boolean, path: string): number {
  if (forAdd && last === '-') return arr.length;
  const i = Number(last);
  if (!/^\d+$/.test(last) || i > arr.length || (!forAdd && i === arr.length))
    throw new Error(`path "${path}": index out of range`);
  return i;
}

function add(doc: Plain, path: string, value: Plain): Plain {
  if (path === '') return value;
  const { parent, last } = parentOf(doc, path);
  if (Array.isArray(parent)) parent.splice(index(parent, last, true, path), 0, value);
  else (parent as Obj)[last] = value;
  return doc;
}

function remove(doc: Plain, path: string): Plain {
  const { parent, last } = parentOf(doc, path);
  if (Array.isArray(parent)) parent.splice(index(parent, last, false, path), 1);
  else {
    if (!Object.hasOwn(parent as Obj, last)) throw new Error(`path "${path}" not found`);
    delete (parent as Obj)[last];
  }
  return doc;
}

function deepEqual(a: Plain | undefined, b: Plain | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Applies RFC 6902 operations to a copy of `doc`. */
export function applyJsonPatch(doc: unknown, ops: readonly unknown[]): Plain {
  let out = clone(doc as Plain);
  for (const raw of ops) {
    if (!isObj(raw)) throw new Error('an operation is not a map');
    const op = raw.op;
    const path = typeof raw.path === 'string' ? raw.path : undefined;
    if (path === undefined) throw new Error(`operation "${String(op)}" without "path"`);
    const from = typeof raw.from === 'string' ? raw.from : undefined;
    switch (op) {
      case 'add':
        out = add(out, path, clone(raw.value ?? null));
        break;
      case 'remove':
        out = remove(out, path);
        break;
      case 'replace':
        if (getAt(out, pointer(path)) === undefined) throw new Error(`path "${path}" not found`);
        out = path === '' ? clone(raw.value ?? null) : add(remove(out, path), path, clone(raw.value ?? null));
        break;
      case 'move':
      case 'copy': {
        if (from === undefined) throw new Error(`operation "${op}" without "from"`);
        const v = getAt(out, pointer(from));
        if (v === undefined) throw new Error(`from "${from}" not found`);
        if (op === 'move') out = remove(out, from);
        out = add(out, path, clone(v));
        break;
      }
      case 'test':
        if (!deepEqual(getAt(out, pointer(path)), raw.value ?? null))
          throw new Error(`test failed at "${path}"`);
        break;
      default:
        throw new Error(`unknown operation "${String(op)}"`);
    }
  }
  return out;
}

const TARGET_KEYS: readonly string[] = ['group', 'version', 'kind', 'name', 'namespace'];

/** Reads a release's `jsonPatches:` entries (`target` + inline `patch`). */
export function jsonPatchSpecs(release: string, entries: readonly unknown[]): JsonPatchSpec[] {
  return entries.map((e, i) => {
    const v = toPlain(e);
    if (!isObj(v) || !isObj(v.target) || !Array.isArray(v.patch)) {
      throw new PatchError(
        release,
        `jsonPatches entry ${i + 1}: expected a map with "target" (a map) and "patch" (a list of operations)`,
      );
    }
    const target: Record<string, string> = {};
    for (const [k, x] of Object.entries(v.target)) {
      if (!TARGET_KEYS.includes(k)) {
        throw new PatchError(
          release,
          `jsonPatches entry ${i + 1}: target "${k}" is not supported (expected ${TARGET_KEYS.join(', ')})`,
        );
      }
      if (x !== null) target[k] = String(x);
    }
    return { target, patch: v.patch };
  });
}

/**
 * Applies the release's patches to its rendered documents: JSON patches
 * first, then strategic merge patches (kustomize's order). A strategic
 * merge patch that matches no document is an error, as in kustomize.
 */
export function patchDocuments(
  release: string,
  docs: readonly unknown[],
  strategicMergePatches: readonly unknown[],
  jsonPatches: readonly JsonPatchSpec[],
): Plain[] {
  let out = docs.map((d) => clone(d as Plain));
  jsonPatches.forEach((jp, i) => {
    out = out.map((d) => {
      if (!targetMatches(d, jp.target)) return d;
      try {
        return applyJsonPatch(d, jp.patch);
      } catch (err) {
        throw new PatchError(release, `jsonPatches entry ${i + 1}: ${(err as Error).message}`);
      }
    });
  });
  strategicMergePatches.forEach((raw, i) => {
    const p = toPlain(raw);
    if (!isObj(p) || typeof p.kind !== 'string' || typeof meta(p).name !== 'string') {
      throw new PatchError(
        release,
        `strategicMergePatches entry ${i + 1}: expected a resource with "apiVersion", "kind" and "metadata.name"`,
      );
    }
    const at = out.findIndex((d) => smpMatches(d, p));
    if (at < 0) {
      throw new PatchError(
        release,
        `strategicMergePatches entry ${i + 1}: no rendered ${p.kind} "${String(meta(p).name)}" (apiVersion ${String(p.apiVersion)}) to patch`,
      );
    }
    const merged = strategicMerge(out[at] ?? null, p);
    if (merged === null) out.splice(at, 1);
    else out[at] = merged;
  });
  return out;
}
