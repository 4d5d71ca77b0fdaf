import type { FieldChange } from './types.js';

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Lists of objects that Kubernetes merges by a key: matched by that key, not by position. */
const MERGE_KEYS = ['name', 'containerPort', 'mountPath', 'devicePath', 'ip', 'topologyKey', 'port'];

function mergeKey(a: Json[], b: Json[]): string | undefined {
  const all = [...a, ...b];
  if (all.length === 0 || !all.every(isObject)) return undefined;
  return MERGE_KEYS.find((k) => {
    const seen = new Set<unknown>();
    for (const side of [a, b]) {
      seen.clear();
      for (const item of side as Record<string, Json>[]) {
        const v = item[k];
        if (v === undefined || seen.has(v)) return false;
        seen.add(v);
      }
    }
    return true;
  });
}

function join(path: string, seg: string): string {
  if (!path) return seg;
  return seg.startsWith('[') ? `${path}${seg}` : `${path}.${seg}`;
}

function segment(key: string): string {
  return /^[A-Za-z_][\w-]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
}

/**
 * The field-level difference between two JSON values: every leaf added,
 * removed or changed, with its path. Lists of named items (containers, env,
 * ports, volumes) are compared item by item by name.
 */
export function compareFields(before: Json, after: Json, path = ''): FieldChange[] {
  if (isObject(before) && isObject(after)) {
    const out: FieldChange[] = [];
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const k of [...keys].sort()) {
      const p = join(path, segment(k));
      if (!(k in after)) out.push({ path: p, op: 'removed', before: before[k] });
      else if (!(k in before)) out.push({ path: p, op: 'added', after: after[k] });
      else out.push(...compareFields(before[k], after[k], p));
    }
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const mk = mergeKey(before, after);
    const out: FieldChange[] = [];
    if (mk) {
      const b = new Map((before as Record<string, Json>[]).map((i) => [i[mk], i]));
      const a = new Map((after as Record<string, Json>[]).map((i) => [i[mk], i]));
      for (const [id, item] of b) {
        const p = `${path}[${mk}=${String(id)}]`;
        if (!a.has(id)) out.push({ path: p, op: 'removed', before: item });
        else out.push(...compareFields(item, a.get(id), p));
      }
      for (const [id, item] of a) {
        if (!b.has(id)) out.push({ path: `${path}[${mk}=${String(id)}]`, op: 'added', after: item });
      }
      return out;
    }
    const n = Math.max(before.length, after.length);
    for (let i = 0; i < n; i++) {
      const p = `${path}[${i}]`;
      if (i >= after.length) out.push({ path: p, op: 'removed', before: before[i] });
      else if (i >= before.length) out.push({ path: p, op: 'added', after: after[i] });
      else out.push(...compareFields(before[i], after[i], p));
    }
    return out;
  }
  if (sameScalar(before, after)) return [];
  return [{ path, op: 'changed', before, after }];
}

function sameScalar(a: Json, b: Json): boolean {
  if (a === b) return true;
  // an empty map or list and an absent one are the same to the API server
  const empty = (v: Json) =>
    v === null || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);
  if (empty(a) && empty(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}
