import {
  buildAndList,
  ENVS,
  type GeneratedCase,
  NAMES,
  NAMESPACES,
  parts,
  pickChart,
  REGIONS,
  REPOSITORIES,
  randomValues,
  TIERS,
} from '../model.js';
import type { Rng } from '../rng.js';
import { emit, type Y } from '../yaml-emit.js';

/**
 * Environments: values from inline maps, plain files and `.gotmpl` files,
 * top-level `values:` as defaults, missing files under a lenient handler,
 * `kubeContext`; releases read them through `.Values` and `.Environment`.
 */
export function environmentsCase(rng: Rng, id: string): GeneratedCase {
  const files: Record<string, string> = {};
  const named = rng.sample(ENVS, rng.range(1, 3));
  const envs = rng.chance(0.5) ? ['default', ...named] : named;
  const environments: Record<string, Y> = {};
  for (const env of envs) {
    // Every environment defines the keys the releases read directly.
    const core = { region: rng.pick(REGIONS), replicas: rng.range(1, 5), tier: rng.pick(TIERS) };
    const entries: Y[] = [];
    const coreAs = rng.pick(['inline', 'file', 'gotmpl'] as const);
    if (coreAs === 'inline') entries.push(core);
    else if (coreAs === 'file') {
      files[`environments/${env}.yaml`] = emit(core);
      entries.push(`environments/${env}.yaml`);
    } else {
      files[`environments/${env}.yaml.gotmpl`] = [
        `region: ${core.region}`,
        `replicas: {{ add ${core.replicas - 1} 1 }}`,
        `tier: {{ "${core.tier}" | lower }}`,
        'envName: {{ .Environment.Name }}',
        'shout: {{ .Environment.Name | upper | quote }}',
        ...(rng.chance(0.5) ? ['seenRegion: {{ .Values | get "region" "unset" }}'] : []),
        '',
      ].join('\n');
      entries.push(`environments/${env}.yaml.gotmpl`);
    }
    for (let i = rng.range(0, 2); i > 0; i--) {
      if (rng.chance(0.5)) entries.push(randomValues(rng));
      else {
        const f = `environments/${env}-extra${i}.yaml`;
        files[f] = emit(randomValues(rng));
        entries.push(f);
      }
    }
    const lenient = rng.chance(0.25);
    if (lenient) entries.push(`environments/${env}-absent.yaml`);
    environments[env] = {
      values: rng.chance(0.5) ? entries : rng.sample(entries, entries.length),
      ...(lenient ? { missingFileHandler: rng.pick(['Warn', 'Info', 'Debug']) } : {}),
      ...(rng.chance(0.2) ? { kubeContext: `ctx-${env}` } : {}),
    };
  }
  const header: Record<string, Y> = {};
  if (rng.chance(0.5))
    header.values = [{ region: 'defaults-region', owner: 'platform', ...randomValues(rng, 1) }];
  header.environments = environments;
  if (rng.chance(0.4)) header.repositories = REPOSITORIES;

  const releases: string[] = [];
  for (const name of rng.sample(NAMES, rng.range(1, 4))) {
    const { chart, version } = pickChart(rng);
    const ns = rng.chance(0.5) ? '{{ .Values.tier }}' : rng.pick(NAMESPACES);
    const nameExpr = rng.chance(0.3) ? `{{ .Environment.Name }}-${name}` : name;
    releases.push(
      [
        `- name: ${nameExpr}`,
        `  namespace: ${ns}`,
        `  chart: ${chart}`,
        ...(version ? [`  version: ${version}`] : []),
        '  labels:',
        '    env: {{ .Environment.Name }}',
        '    region: {{ .Values.region }}',
        '  values:',
        '  - replicaCount: {{ .Values.replicas }}',
        '    region: {{ .Values.region | quote }}',
        '    owner: {{ .Values | get "owner" "nobody" }}',
        ...(rng.chance(0.4) ? ['    everything:', '      {{- .Values | toYaml | nindent 6 }}'] : []),
        ...(rng.chance(0.3)
          ? ['    envValues:', '      {{- .Environment.Values | toYaml | nindent 6 }}']
          : []),
        ...(rng.chance(0.3) ? ['    context: {{ .Environment.KubeContext | default "none" | quote }}'] : []),
      ].join('\n'),
    );
  }
  const main = 'helmfile.yaml.gotmpl';
  files[main] = parts(header, `releases:\n${releases.join('\n')}\n`);
  const runs: string[][] = [];
  for (const env of envs) runs.push(...buildAndList(...(env === 'default' ? [] : ['-e', env])));
  const first = envs[0] === 'default' ? [] : ['-e', envs[0] ?? 'default'];
  runs.push([...first, '--state-values-set', `region=cli-region,replicas=${rng.range(6, 9)}`, 'build']);
  return { id, area: 'environments', main, files, runs: runs.slice(0, 7) };
}
