import {
  buildAndList,
  type GeneratedCase,
  NAMES,
  NAMESPACES,
  pickChart,
  releaseScalar,
  releaseTpl,
} from '../model.js';
import type { Rng } from '../rng.js';

/**
 * `needs`: by bare name, `namespace/name` and `context/namespace/name`,
 * templated (`{{`{{ .Release.Namespace }}`}}/db`), across namespaces and
 * kube contexts; selections with `--include-needs` / `--skip-needs`.
 */
export function needsCase(rng: Rng, id: string): GeneratedCase {
  const count = rng.range(2, 6);
  const rels = rng.sample(NAMES, count).map((name) => ({
    name,
    ns: rng.chance(0.8) ? rng.pick(NAMESPACES) : '',
    ctx: rng.chance(0.15) ? rng.pick(['ctx-a', 'ctx-b']) : '',
  }));
  const text: string[] = [];
  rels.forEach((r, i) => {
    const { chart, version } = pickChart(rng);
    const lines = [`- name: ${r.name}`];
    if (r.ns) lines.push(`  namespace: ${r.ns}`);
    if (r.ctx) lines.push(`  kubeContext: ${r.ctx}`);
    lines.push(`  chart: ${chart}`, ...(version ? [`  version: ${version}`] : []));
    lines.push('  labels:', `    layer: "${i}"`);
    // Only earlier releases are needed, so the graph has no cycle.
    const earlier = rels.slice(0, i);
    if (earlier.length > 0 && rng.chance(0.75)) {
      lines.push('  needs:');
      for (const dep of rng.sample(earlier, rng.range(1, Math.min(3, earlier.length)))) {
        const form = rng.int(4);
        if (form === 0 && dep.ns === r.ns && dep.ctx === r.ctx) lines.push(`  - ${dep.name}`);
        else if (form === 1 && dep.ctx === r.ctx && dep.ns === r.ns && dep.ns)
          lines.push(`  - ${releaseScalar(releaseTpl('.Release.Namespace'), `/${dep.name}`)}`);
        else if (dep.ctx) lines.push(`  - ${dep.ctx}/${dep.ns}/${dep.name}`);
        else lines.push(`  - ${dep.ns}/${dep.name}`);
      }
    }
    text.push(lines.join('\n'));
  });
  const main = 'helmfile.yaml.gotmpl';
  const pickName = rng.pick(rels).name;
  const files = { [main]: `releases:\n${text.join('\n')}\n` };
  const runs = [
    ...buildAndList(),
    ['-l', `name=${pickName}`, 'list', '--output', 'json'],
    ['-l', `name=${pickName}`, 'build'],
  ];
  return { id, area: 'needs', main, files, runs };
}
