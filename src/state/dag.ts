import { NeedsError } from './errors.js';
import { closest } from './suggest.js';

/**
 * Release ids, `needs` normalisation and the dependency plan.
 *
 * A release id is `[kubeContext/][namespace/]name`, with `ctx//name` when the
 * namespace is empty but the context is not (so `ctx//a` and `ns/a` never
 * collide). A `needs` entry is completed with the needing release's namespace
 * and context: `b` → `ns/b`, `other/b` keeps its namespace, `ctx/ns/b` is
 * taken as written.
 *
 * The plan groups releases by dependency depth: every release of group N only
 * needs releases of groups before N; groups run one after another, releases
 * inside a group in parallel; inside a group, definition order is kept.
 */

export interface ReleaseKey {
  readonly name: string;
  readonly namespace: string;
  readonly kubeContext: string;
}

export function releaseId(r: ReleaseKey): string {
  let id = '';
  if (r.kubeContext !== '') id += `${r.kubeContext}/`;
  if (r.namespace !== '') id += `${r.namespace}/`;
  if (r.kubeContext !== '' && r.namespace === '') id += '/';
  return id + r.name;
}

/** One `needs` entry in id form, relative to the needing release. */
export function normalizeNeed(need: string, of: { namespace: string; kubeContext: string }): string {
  const parts = need.split('/');
  const name = parts[parts.length - 1]!;
  const ns = parts.length > 1 ? parts[parts.length - 2]! : of.namespace;
  const ctx = parts.length > 2 ? parts.slice(0, -2).join('/') : of.kubeContext;
  const out: string[] = [];
  if (ctx !== '') out.push(ctx);
  if (ctx !== '' || ns !== '') out.push(ns);
  out.push(name);
  return out.join('/');
}

export interface PlanNode {
  readonly id: string;
  /** Normalised ids of the releases this one needs. */
  readonly needs: readonly string[];
}

export interface PlanOptions {
  /** Ids of the selected releases; absent = all. */
  readonly selected?: readonly string[];
  /** Add releases the selected ones need (transitively) to the plan (`--include-needs`). */
  readonly includeNeeds?: boolean;
  /** Leave needed releases that are not selected out of the plan (`--skip-needs`). */
  readonly skipNeeds?: boolean;
  /** Reverse group order (delete/destroy). */
  readonly reverse?: boolean;
}

function quoteList(names: readonly string[]): string {
  const q = names.map((n) => JSON.stringify(n));
  if (q.length < 3) return q.join(' and ');
  return `${q.slice(0, -1).join(', ')}, and ${q[q.length - 1]}`;
}

/**
 * Orders releases into groups of ids. Throws NeedsError for a need that names
 * no release, for a cycle (naming the releases in it), and for a selected
 * release needing one that is not selected when neither `includeNeeds` nor
 * `skipNeeds` is set.
 */
export function planGroups(nodes: readonly PlanNode[], opts: PlanOptions = {}): string[][] {
  const index = new Map<string, number>();
  const dependents = new Map<string, Set<string>>();
  const inputs = new Map<string, number>();
  nodes.forEach((n, i) => {
    index.set(n.id, i);
    if (!dependents.has(n.id)) dependents.set(n.id, new Set());
  });
  for (const n of nodes) {
    for (const need of n.needs) {
      let set = dependents.get(need);
      if (!set) {
        set = new Set();
        dependents.set(need, set);
      }
      if (!set.has(n.id)) {
        set.add(n.id);
        inputs.set(n.id, (inputs.get(n.id) ?? 0) + 1);
      }
    }
  }
  for (const n of nodes) {
    for (const need of n.needs) {
      if (index.has(need)) continue;
      const who = nodes.filter((m) => m.needs.includes(need)).map((m) => m.id);
      const name = need.split('/').pop()!;
      throw new NeedsError(
        `release(s) ${who.map((w) => JSON.stringify(w)).join(', ')} depend(s) on an undefined release ${JSON.stringify(need)}. ` +
          `Perhaps you made a typo in "needs" or forgot defining a release named ${JSON.stringify(name)} with appropriate "namespace" and "kubeContext"?` +
          needsHint(need, name, [...index.keys()]),
      );
    }
  }

  // Kahn's algorithm by levels.
  const ids = [...index.keys()];
  const remaining = new Map(ids.map((id) => [id, inputs.get(id) ?? 0]));
  const levels: string[][] = [];
  let current = ids.filter((id) => remaining.get(id) === 0);
  const done = new Set<string>();
  while (current.length > 0) {
    levels.push(current);
    const next: string[] = [];
    for (const id of current) {
      done.add(id);
      for (const d of dependents.get(id) ?? []) {
        const left = remaining.get(d)! - 1;
        remaining.set(d, left);
        if (left === 0) next.push(d);
      }
    }
    current = next;
  }
  if (done.size < ids.length)
    throw new NeedsError(
      cycleMessage(
        ids.filter((id) => !done.has(id)),
        dependents,
      ),
    );

  // Restrict to the selection, from the deepest level up so that needs of needs are found.
  let only: Set<string> | undefined = opts.selected ? new Set(opts.selected) : undefined;
  const groups: string[][] = [];
  for (let k = levels.length - 1; k >= 0; k--) {
    const included: string[] = [];
    for (const id of levels[k]!) {
      if (!only || only.has(id)) {
        included.push(id);
        continue;
      }
      if (opts.skipNeeds) continue;
      const neededBy = [...(dependents.get(id) ?? [])].filter((d) => only!.has(d)).sort();
      if (neededBy.length === 0) continue;
      if (!opts.includeNeeds) {
        const name = id.split('/').pop()!;
        throw new NeedsError(
          `release ${quoteList(neededBy)} ${neededBy.length === 1 ? 'depends' : 'depend'} on ${JSON.stringify(id)} which does not match the selectors. ` +
            `Please add a selector like "--selector name=${name}", or indicate whether to skip (--skip-needs) or include (--include-needs) these dependencies`,
        );
      }
      only = new Set([...only, id]);
      included.push(id);
    }
    if (included.length > 0) groups.unshift(included.sort((a, b) => index.get(a)! - index.get(b)!));
  }
  return opts.reverse ? groups.reverse() : groups;
}

/** `cycle detected: a -> b -> a`, following "is needed by" edges, plus the same in words. */
function cycleMessage(stuck: string[], dependents: Map<string, Set<string>>): string {
  const inStuck = new Set(stuck);
  for (const start of [...stuck].sort()) {
    const path: string[] = [];
    const onPath = new Map<string, number>();
    const visit = (id: string): string[] | undefined => {
      if (onPath.has(id)) return [...path.slice(onPath.get(id)!), id];
      onPath.set(id, path.length);
      path.push(id);
      for (const d of [...(dependents.get(id) ?? [])].filter((x) => inStuck.has(x)).sort()) {
        const hit = visit(d);
        if (hit) return hit;
      }
      path.pop();
      onPath.delete(id);
      return undefined;
    };
    const cycle = visit(start);
    if (cycle) {
      const words = cycle.slice(1).map((id, i) => `${JSON.stringify(id)} needs ${JSON.stringify(cycle[i]!)}`);
      return `cycle detected: ${cycle.join(' -> ')} (${words.join(', ')}); remove one of these needs`;
    }
  }
  return `cycle detected among releases ${stuck.map((s) => JSON.stringify(s)).join(', ')}`;
}

/** What an undefined need most likely meant: the same name elsewhere (namespace/context), or a similar name. */
function needsHint(need: string, name: string, ids: readonly string[]): string {
  const sameName = ids.filter((id) => id.split('/').pop() === name && id !== need);
  if (sameName.length > 0)
    return ` A release named ${JSON.stringify(name)} exists as ${sameName.map((id) => JSON.stringify(id)).join(', ')}: write ${sameName.length > 1 ? 'one of them' : 'that'} in "needs".`;
  const byName = new Map(ids.map((id) => [id.split('/').pop()!, id]));
  const near = closest(name, byName.keys());
  return near ? ` Did you mean ${JSON.stringify(byName.get(near))}?` : '';
}
