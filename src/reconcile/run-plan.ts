import type { ReleaseId, ReleaseResult } from './types.js';

export interface PlanOptions {
  /** Releases run at once inside a group; 0 = no limit (helmfile's default). */
  readonly concurrency?: number;
  /** Run groups last-to-first, and hold back a release whose dependents failed (destroy). */
  readonly reverse?: boolean;
  readonly signal?: AbortSignal;
}

/**
 * Runs releases in the order of the `needs` DAG: groups one after another,
 * releases inside a group in parallel. A release whose needs failed (or,
 * in reverse, whose dependents failed) is skipped with the reason; every
 * release that does not depend on a failure still runs.
 */
export async function runPlan(
  groups: readonly (readonly ReleaseId[])[],
  needs: ReadonlyMap<ReleaseId, readonly ReleaseId[]>,
  run: (id: ReleaseId) => Promise<ReleaseResult>,
  opts: PlanOptions = {},
): Promise<ReleaseResult[]> {
  const order = opts.reverse ? [...groups].reverse() : groups;
  const blockers = opts.reverse ? invert(needs) : needs;
  const results = new Map<ReleaseId, ReleaseResult>();
  const out: ReleaseResult[] = [];

  for (const group of order) {
    const tasks = group.map((id) => async (): Promise<ReleaseResult> => {
      if (opts.signal?.aborted) return skipped(id, 'interrupted before it started');
      const failed = (blockers.get(id) ?? []).filter((b) => {
        const r = results.get(b);
        return r !== undefined && (r.outcome === 'failed' || r.outcome === 'skipped');
      });
      if (failed.length > 0) {
        const rel = opts.reverse ? 'is needed by' : 'needs';
        return skipped(id, `${rel} ${failed.map((f) => `"${f}"`).join(', ')}, which did not succeed`);
      }
      return run(id);
    });
    const groupResults = await limit(tasks, opts.concurrency ?? 0);
    for (const r of groupResults) {
      results.set(r.id, r);
      out.push(r);
    }
  }
  return out;
}

function skipped(id: ReleaseId, error: string): ReleaseResult {
  return { id, outcome: 'skipped', steps: [], seconds: 0, error };
}

function invert(needs: ReadonlyMap<ReleaseId, readonly ReleaseId[]>): Map<ReleaseId, ReleaseId[]> {
  const out = new Map<ReleaseId, ReleaseId[]>();
  for (const [id, deps] of needs) {
    for (const d of deps) out.set(d, [...(out.get(d) ?? []), id]);
  }
  return out;
}

async function limit<T>(tasks: readonly (() => Promise<T>)[], n: number): Promise<T[]> {
  const width = n > 0 ? Math.min(n, tasks.length) : tasks.length;
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await (tasks[i] as () => Promise<T>)();
      }
    }),
  );
  return out;
}
