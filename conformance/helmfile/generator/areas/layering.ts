import {
  buildAndList,
  ENVS,
  type GeneratedCase,
  NAMES,
  NAMESPACES,
  parts,
  pickChart,
  REPOSITORIES,
  randomValues,
} from '../model.js';
import type { Rng } from '../rng.js';
import { emit, raw, type Y } from '../yaml-emit.js';

/**
 * Layering: `bases:` (plain and `.gotmpl`, holding environments,
 * helmDefaults, repositories, releases) under a multi-part main file whose
 * later parts override scalars, add releases and read values of earlier parts.
 */
export function layeringCase(rng: Rng, id: string): GeneratedCase {
  const files: Record<string, string> = {};
  const envs = ['default', ...rng.sample(ENVS, rng.range(0, 2))];
  const bases: string[] = [];

  // Base 1: environments (always, so later parts can read .Values).
  const envBlock: Record<string, Y> = {};
  for (const env of envs)
    envBlock[env] = { values: [{ layer: `base-${env}`, size: rng.range(1, 9), ...randomValues(rng, 1) }] };
  const envBase = rng.chance(0.5) ? 'bases/environments.yaml' : 'bases/environments.yaml.gotmpl';
  files[envBase] = emit({ environments: envBlock });
  bases.push(envBase);

  // Base 2: defaults and repositories, sometimes releases of its own.
  if (rng.chance(0.7)) {
    const f = rng.chance(0.5) ? 'bases/defaults.yaml' : 'bases/defaults.yaml.gotmpl';
    const doc: Record<string, Y> = {
      helmDefaults: {
        wait: rng.chance(0.5),
        timeout: rng.pick([120, 300, 600]),
        createNamespace: rng.chance(0.5),
      },
    };
    if (rng.chance(0.6)) doc.repositories = REPOSITORIES;
    if (rng.chance(0.4)) doc.commonLabels = { layer: 'base', managed: 'helmfire' };
    const body = emit(doc);
    const baseReleases = rng.chance(0.4)
      ? `releases:\n- name: base-${rng.pick(NAMES)}\n  namespace: ${rng.pick(NAMESPACES)}\n  chart: ${rng.pick(['stable/nginx', 'myrepo/api'])}\n`
      : '';
    // Releases must not share a part with environments; defaults may.
    files[f] = baseReleases ? `${body}---\n${baseReleases}` : body;
    bases.push(f);
  }
  if (rng.chance(0.3)) {
    const f = 'bases/more-values.yaml.gotmpl';
    files[f] = emit({ values: [{ fromBase: true, baseEnv: raw('{{ .Environment.Name }}') }] });
    bases.push(f);
  }

  const head: Record<string, Y> = { bases: rng.chance(0.3) ? [...bases].reverse() : bases };
  if (rng.chance(0.5)) head.values = [{ layer: 'main-values', extra: randomValues(rng, 1) }];
  const docs: string[] = [emit(head)];
  if (rng.chance(0.6)) {
    docs.push(emit({ helmDefaults: { timeout: rng.pick([60, 900]), atomic: rng.chance(0.5) } }));
  }
  if (rng.chance(0.4)) docs.push('values:\n- derived: {{ .Values.layer }}-{{ .Values.size }}\n');
  const relBlock = (prefix: string) =>
    rng
      .sample(NAMES, rng.range(1, 3))
      .map((n) => {
        const { chart, version } = pickChart(rng);
        return [
          `- name: ${prefix}${n}`,
          `  namespace: ${rng.pick(NAMESPACES)}`,
          `  chart: ${chart}`,
          ...(version ? [`  version: ${version}`] : []),
          '  values:',
          '  - layer: {{ .Values.layer }}',
          '    size: {{ .Values.size }}',
          ...(rng.chance(0.4) ? ['    derived: {{ .Values | get "derived" "none" }}'] : []),
          ...(rng.chance(0.4) ? ['    fromBase: {{ .Values | get "fromBase" false }}'] : []),
        ].join('\n');
      })
      .join('\n');
  docs.push(`releases:\n${relBlock('')}\n`);
  // A later part with releases again (replaces or appends: whatever helmfile does).
  if (rng.chance(0.35)) docs.push(`releases:\n${relBlock('late-')}\n`);
  if (rng.chance(0.3)) docs.push(emit({ helmDefaults: { historyMax: rng.range(1, 20) } }));
  const main = 'helmfile.yaml.gotmpl';
  files[main] = parts(...docs);
  const runs = envs.flatMap((e) => buildAndList(...(e === 'default' ? [] : ['-e', e])));
  return { id, area: 'layering', main, files, runs: runs.slice(0, 6) };
}
