import { type PlanOptions, planGroups } from './dag.js';
import type { ResolvedRelease, ResolvedState } from './model.js';

/**
 * The dependency plan of one state: groups of releases to run one group
 * after another (releases inside a group may run in parallel). By default the
 * state's selected and enabled releases are planned; releases they need that are not
 * selected make it fail unless `includeNeeds` or `skipNeeds` is set.
 */
export function planState(
  state: ResolvedState,
  opts: Omit<PlanOptions, 'selected'> & { selected?: readonly ResolvedRelease[] } = {},
): ResolvedRelease[][] {
  const chosen = new Set(opts.selected ?? state.releases.filter((r) => r.enabled));
  const selected = [...chosen].map((r) => r.id);
  const byId = new Map<string, ResolvedRelease[]>();
  for (const r of state.allReleases) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  return planGroups(state.dag, { ...opts, selected }).map((ids) =>
    ids.flatMap((id) => {
      const rs = byId.get(id) ?? [];
      // Duplicate ids (one selected among several definitions) keep the selected one.
      const picked = rs.filter((r) => chosen.has(r));
      return picked.length > 0 ? picked : rs;
    }),
  );
}
