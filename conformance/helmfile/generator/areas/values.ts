import {
  buildAndList,
  type GeneratedCase,
  NAMES,
  NAMESPACES,
  parts,
  pickChart,
  randomValues,
  releaseScalar,
  releaseTpl,
} from '../model.js';
import type { Rng } from '../rng.js';
import { emit, type Y } from '../yaml-emit.js';

/**
 * Release values: inline maps, values files (plain and `.gotmpl`), `set`
 * (value, values list), `setString`, `valuesTemplate` and `setTemplate`
 * reading `.Release` and `.Values`, state values spliced with `toYaml`.
 */
export function valuesCase(rng: Rng, id: string): GeneratedCase {
  const files: Record<string, string> = {};
  const image = { repo: 'example/app', tag: `1.${rng.range(0, 9)}.${rng.range(0, 9)}` };
  const state = { ...randomValues(rng, 1), image };
  const head: Record<string, Y> = { values: [state] };
  const rels: string[] = [];
  for (const n of rng.sample(NAMES, rng.range(1, 4))) {
    const { chart, version } = pickChart(rng);
    const lines = [`- name: ${n}`, `  namespace: ${rng.pick(NAMESPACES)}`, `  chart: ${chart}`];
    if (version) lines.push(`  version: ${version}`);
    lines.push('  labels:', `    app: ${n}`);
    const values: string[] = [];
    if (rng.chance(0.6))
      values.push(`  - ${emit(randomValues(rng, 1)).trimEnd().split('\n').join('\n    ')}`);
    if (rng.chance(0.5))
      values.push(
        '  - image:',
        '      tag: {{ .Values.image.tag }}',
        '      repository: {{ .Values.image.repo | quote }}',
      );
    if (rng.chance(0.3)) values.push('  - fromState:', '      {{- .Values | toYaml | nindent 6 }}');
    if (rng.chance(0.4)) {
      const f = `values/${n}.yaml`;
      files[f] = emit(randomValues(rng));
      values.push(`  - ${f}`);
    }
    if (rng.chance(0.3)) {
      const f = `values/${n}.yaml.gotmpl`;
      files[f] =
        'name: {{ .Release.Name }}\nnamespace: {{ .Release.Namespace }}\ntag: {{ .Values.image.tag }}\n';
      values.push(`  - ${f}`);
    }
    if (values.length > 0) lines.push('  values:', ...values);
    if (rng.chance(0.4)) {
      lines.push('  set:');
      lines.push(`  - name: replicaCount`, `    value: ${rng.range(1, 5)}`);
      if (rng.chance(0.5))
        lines.push('  - name: nodeSelector.zone', `    value: {{ .Values | get "region" "zone-a" | quote }}`);
      if (rng.chance(0.4))
        lines.push('  - name: hosts', '    values:', '    - a.example.test', '    - b.example.test');
    }
    if (rng.chance(0.3))
      lines.push('  setString:', '  - name: build.id', `    value: "00${rng.range(100, 999)}"`);
    if (rng.chance(0.4)) {
      lines.push(
        '  valuesTemplate:',
        `  - releaseName: ${releaseScalar(releaseTpl('.Release.Name'))}`,
        `    releaseNamespace: ${releaseScalar(releaseTpl('.Release.Namespace'))}`,
        `    app: ${releaseScalar(releaseTpl('.Release.Labels.app'))}`,
        `    tag: ${releaseScalar(releaseTpl('.Values.image.tag'))}`,
      );
    }
    if (rng.chance(0.25)) {
      lines.push(
        '  setTemplate:',
        '  - name: fullName',
        `    value: ${releaseScalar(releaseTpl('.Release.Namespace'), '-', releaseTpl('.Release.Name'))}`,
      );
    }
    rels.push(lines.join('\n'));
  }
  const main = 'helmfile.yaml.gotmpl';
  files[main] = parts(head, `releases:\n${rels.join('\n')}\n`);
  const runs = [
    ...buildAndList(),
    ['--state-values-set', `image.tag=9.9.${rng.range(0, 9)}`, 'build'],
    ...(rng.chance(0.3) ? [['build', '--embed-values']] : []),
  ];
  return { id, area: 'values', main, files, runs };
}
