import {
  buildAndList,
  type GeneratedCase,
  LOCAL_CHART,
  NAMES,
  NAMESPACES,
  parts,
  REPO_CHARTS,
  releaseScalar,
  releaseTpl,
  TEAMS,
  TIERS,
} from '../model.js';
import type { Rng } from '../rng.js';

/**
 * Release templates: `templates:` used through `inherit:` (with `except:`),
 * through YAML anchors and `<<:` merge keys, and through `defaultInherit`;
 * template fields that are release templates themselves
 * (`{{`{{ .Release.Name }}`}}`), `valuesTemplate` reading `.Release.Labels`.
 */
export function templatesCase(rng: Rng, id: string): GeneratedCase {
  const files: Record<string, string> = {};
  const useAnchors = rng.chance(0.35);
  const tplNames = rng.sample(['base', 'web', 'data', 'secure', 'monitored'], rng.range(1, 3));
  const tplText: string[] = [];
  const withChart = new Set<string>();
  for (const t of tplNames) {
    const fields: string[] = [];
    if (rng.chance(0.7)) withChart.add(t);
    if (rng.chance(0.7))
      fields.push(
        `    namespace: ${rng.chance(0.3) ? releaseScalar(releaseTpl('.Release.Labels.team')) : rng.pick(NAMESPACES)}`,
      );
    if (withChart.has(t)) fields.push(`    chart: ${rng.chance(0.5) ? LOCAL_CHART : rng.pick(REPO_CHARTS)}`);
    if (rng.chance(0.3)) fields.push(`    version: 1.${rng.range(0, 9)}.0`);
    if (rng.chance(0.5)) fields.push('    labels:', `      template: ${t}`, `      tier: ${rng.pick(TIERS)}`);
    if (rng.chance(0.6))
      fields.push(
        '    values:',
        `    - fromTemplate: ${t}`,
        `      releaseName: ${releaseScalar(releaseTpl('.Release.Name'))}`,
      );
    if (rng.chance(0.4))
      fields.push(
        '    valuesTemplate:',
        `    - nameInTemplate: ${releaseScalar(releaseTpl('.Release.Name'))}`,
        `      team: ${releaseScalar(releaseTpl('.Release.Labels.team | default "none"'))}`,
      );
    if (rng.chance(0.3)) fields.push(`    installed: ${rng.chance(0.8)}`);
    if (rng.chance(0.3)) fields.push(`    timeout: ${rng.pick([60, 300])}`, `    wait: ${rng.chance(0.5)}`);
    if (rng.chance(0.2)) fields.push('    missingFileHandler: Warn');
    if (fields.length === 0) fields.push(`    namespace: ${rng.pick(NAMESPACES)}`);
    tplText.push(`  ${t}:${useAnchors ? ` &${t}` : ''}`, ...fields);
  }
  const defaultInherit = !useAnchors && rng.chance(0.2) ? tplNames[0] : undefined;
  const rels: string[] = [];
  for (const n of rng.sample(NAMES, rng.range(1, 4))) {
    const lines = [`- name: ${n}`];
    let used = rng.sample(tplNames, rng.range(1, tplNames.length));
    if (useAnchors) {
      used = used.slice(0, 1);
      lines.push(`  <<: *${used[0]}`);
    } else if (rng.chance(0.85)) {
      lines.push('  inherit:');
      for (const t of used) {
        lines.push(`  - template: ${t}`);
        if (rng.chance(0.3)) {
          const except = rng.sample(
            ['values', 'labels', 'valuesTemplate', 'set', 'setTemplate'],
            rng.range(1, 2),
          );
          lines.push('    except:', ...except.map((e) => `    - ${e}`));
        }
      }
    } else used = [];
    if (defaultInherit) used.push(defaultInherit);
    // Releases must end up with a chart: give one when their templates may not.
    if (rng.chance(0.5) || !used.some((t) => withChart.has(t)))
      lines.push(`  chart: ${rng.pick(REPO_CHARTS)}`);
    lines.push('  labels:', `    team: ${rng.pick(TEAMS)}`);
    if (rng.chance(0.4)) lines.push(`    tier: ${rng.pick(TIERS)}`);
    if (rng.chance(0.4)) lines.push('  values:', `  - own: ${n}`);
    if (rng.chance(0.3)) lines.push(`  namespace: ${rng.pick(NAMESPACES)}`);
    rels.push(lines.join('\n'));
  }
  const head = `templates:\n${tplText.join('\n')}\n${defaultInherit ? `defaultInherit: ${defaultInherit}\n` : ''}`;
  const main = rng.chance(0.8) ? 'helmfile.yaml.gotmpl' : 'helmfile.yaml';
  const body = `releases:\n${rels.join('\n')}\n`;
  // The templates may share the part with the releases or come in a part before them
  // (anchors only work inside one YAML document).
  files[main] = useAnchors || rng.chance(0.5) ? `${head}${body}` : parts(head, body);
  if (main === 'helmfile.yaml') files[main] = files[main]!.replace(/\{\{`(\{\{.*?\}\})`\}\}/g, '$1');
  return { id, area: 'templates', main, files, runs: buildAndList() };
}
