import { buildAndList, type GeneratedCase, NAMES, NAMESPACES, parts, pickChart } from '../model.js';
import type { Rng } from '../rng.js';
import type { Y } from '../yaml-emit.js';
import { emit } from '../yaml-emit.js';

/**
 * `installed` (literal and templated) and `condition` (`a.enabled` looked up
 * in the state values, set per environment and from the command line).
 */
export function installedCase(rng: Rng, id: string): GeneratedCase {
  const names = rng.sample(NAMES, rng.range(2, 5));
  const flags: Record<string, Y> = {};
  for (const n of names) flags[n] = { enabled: rng.chance(0.6) };
  const envOff: Record<string, Y> = {};
  for (const n of rng.sample(names, 1)) envOff[n] = { enabled: false };
  const head: Record<string, Y> = {
    values: [{ ...flags, rollout: rng.chance(0.5) }],
    environments: { default: { values: [{}] }, canary: { values: [{ ...envOff, rollout: true }] } },
  };
  const rels = names.map((n) => {
    const { chart, version } = pickChart(rng);
    const lines = [`- name: ${n}`, `  namespace: ${rng.pick(NAMESPACES)}`, `  chart: ${chart}`];
    if (version) lines.push(`  version: ${version}`);
    const mode = rng.int(5);
    if (mode === 0) lines.push(`  installed: ${rng.chance(0.5)}`);
    else if (mode === 1) lines.push('  installed: {{ .Values.rollout }}');
    else if (mode === 2) lines.push(`  condition: ${n}.enabled`);
    else if (mode === 3) lines.push(`  condition: ${n}.enabled`, `  installed: {{ not .Values.rollout }}`);
    return lines.join('\n');
  });
  const main = 'helmfile.yaml.gotmpl';
  const runs = [
    ...buildAndList(),
    ...buildAndList('-e', 'canary'),
    ['--state-values-set', `${names[0]}.enabled=false,rollout=false`, 'list', '--output', 'json'],
  ];
  return {
    id,
    area: 'installed',
    main,
    files: { [main]: parts(emit(head), `releases:\n${rels.join('\n')}\n`) },
    runs,
  };
}
