import { type GeneratedCase, NAMES, NAMESPACES, pickChart, TEAMS, TIERS } from '../model.js';
import type { Rng } from '../rng.js';

/**
 * Labels and selectors: `labels`, `commonLabels`, the implicit `name`,
 * `namespace` and `chart` labels; `-l` with `=` and `!=`, AND inside one
 * flag, OR across flags; selections that match nothing.
 */
export function selectorsCase(rng: Rng, id: string): GeneratedCase {
  const rels = rng.sample(NAMES, rng.range(2, 6)).map((name) => ({
    name,
    ns: rng.pick(NAMESPACES),
    tier: rng.pick(TIERS),
    team: rng.chance(0.7) ? rng.pick(TEAMS) : undefined,
    ...pickChart(rng),
  }));
  const common = rng.chance(0.4) ? { managed: 'yes', stack: rng.pick(['core', 'edge']) } : undefined;
  const lines: string[] = [];
  if (common) lines.push('commonLabels:', ...Object.entries(common).map(([k, v]) => `  ${k}: ${v}`));
  lines.push('releases:');
  for (const r of rels) {
    lines.push(`- name: ${r.name}`, `  namespace: ${r.ns}`, `  chart: ${r.chart}`);
    if (r.version) lines.push(`  version: ${r.version}`);
    lines.push('  labels:', `    tier: ${r.tier}`);
    if (r.team) lines.push(`    team: ${r.team}`);
  }
  const any = rng.pick(rels);
  const selectors: string[][] = [
    ['-l', `tier=${any.tier}`],
    ['-l', `tier!=${any.tier}`],
    ['-l', `tier=${any.tier},team=${any.team ?? 'nobody'}`],
    ['-l', `name=${any.name}`, '-l', `namespace=${rng.pick(NAMESPACES)}`],
    ['-l', `chart=${any.chart.split('/').pop()}`],
    ['-l', `team=${rng.pick(TEAMS)}`, '-l', `tier=${rng.pick(TIERS)}`],
    ['-l', 'tier=nowhere'],
    ['-l', 'tier=nowhere', '--allow-no-matching-release'],
    ...(common ? [['-l', `stack=${common.stack}`]] : []),
  ];
  const runs: string[][] = [['list', '--output', 'json']];
  for (const sel of rng.sample(selectors, rng.range(2, 4))) {
    runs.push([...sel, 'list', '--output', 'json']);
    if (rng.chance(0.4)) runs.push([...sel, 'build']);
  }
  const main = rng.chance(0.5) ? 'helmfile.yaml' : 'helmfile.yaml.gotmpl';
  return { id, area: 'selectors', main, files: { [main]: `${lines.join('\n')}\n` }, runs };
}
