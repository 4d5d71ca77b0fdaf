import { ENVS, type GeneratedCase, NAMESPACES, parts, pickChart, REGIONS, TEAMS } from '../model.js';
import type { Rng } from '../rng.js';
import { emit, type Y } from '../yaml-emit.js';

/**
 * Templating in state files: `range` generating releases, `if` on the
 * environment, variables, Sprig and helmfile functions (`get`, `getOrNil`,
 * `hasKey`, `tpl`, `readFile`, `include` from `_*.tpl`, `toYaml`, string and
 * list functions), `.Namespace` from `-n`, `--state-values-set`.
 */
export function templatingCase(rng: Rng, id: string): GeneratedCase {
  const files: Record<string, string> = {};
  const envs = rng.sample(ENVS, rng.range(1, 2));
  const services = rng.sample(['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'], rng.range(1, 4));
  const envBlock: Record<string, Y> = { default: { values: [{ envKind: 'none' }] } };
  for (const e of envs)
    envBlock[e] = { values: [{ envKind: e === 'prod' ? 'production' : 'nonprod', size: rng.range(1, 4) }] };
  const head: Record<string, Y> = {
    values: [
      {
        services,
        owner: rng.pick(TEAMS),
        region: rng.pick(REGIONS),
        ports: { http: 8080, metrics: rng.range(9000, 9100) },
        ...(rng.chance(0.5) ? { optional: { flag: rng.chance(0.5) } } : {}),
      },
    ],
    environments: envBlock,
  };
  const useInclude = rng.chance(0.4);
  if (useInclude) {
    files['_helpers.tpl'] =
      '{{ define "svc.fullname" }}{{ .owner }}-{{ .name }}{{ end }}\n{{ define "svc.labels" }}owner: {{ .owner }}\nkind: generated{{ end }}\n';
  }
  const useReadFile = rng.chance(0.3);
  if (useReadFile) files['motd.txt'] = `hello from ${rng.pick(TEAMS)}\n`;
  const { chart } = pickChart(rng);
  const fn = rng.pick([
    '{{ $svc | upper }}',
    '{{ printf "%s-%d" $svc $i }}',
    '{{ $svc | replace "a" "4" }}',
    '{{ $svc | trunc 3 }}',
    '{{ list $svc "x" | join "_" }}',
    '{{ $svc | sha256sum | trunc 8 }}',
    '{{ $svc | b64enc }}',
    '{{ $svc | title }}',
    '{{ $svc | quote }}',
  ]);
  const lines = [
    '{{ $owner := .Values.owner }}',
    'releases:',
    '{{- range $i, $svc := .Values.services }}',
    `- name: {{ $svc }}{{ if gt $i 0 }}-{{ $i }}{{ end }}`,
    `  namespace: {{ $.Namespace | default "${rng.pick(NAMESPACES)}" }}`,
    `  chart: ${chart}`,
    '  labels:',
    '    index: "{{ $i }}"',
    `    env: {{ $.Environment.Name }}`,
    '  values:',
    `  - computed: ${fn}`,
    '    owner: {{ $owner }}',
    '    kind: {{ $.Values.envKind }}',
    '    port: {{ $.Values.ports.http | add 1 }}',
    '    optional: {{ $.Values | getOrNil "optional.flag" | toJson }}',
    '    hasOptional: {{ hasKey $.Values "optional" }}',
    `    tplOut: {{ tpl "{{ .region }}-{{ .owner }}" $.Values | quote }}`,
    ...(useInclude
      ? [
          `    fullname: {{ include "svc.fullname" (dict "owner" $owner "name" $svc) }}`,
          '    labels:',
          `      {{- include "svc.labels" (dict "owner" $owner) | nindent 6 }}`,
        ]
      : []),
    ...(useReadFile ? ['    motd: {{ readFile "motd.txt" | trim | quote }}'] : []),
    ...(rng.chance(0.4) ? ['    ports:', '      {{- $.Values.ports | toYaml | nindent 6 }}'] : []),
    ...(rng.chance(0.3) ? [`    sorted: {{ $.Values.services | sortAlpha | join "," }}`] : []),
    ...(rng.chance(0.3) ? [`    semver: {{ semverCompare ">=1.2.0" "1.${rng.range(0, 4)}.0" }}`] : []),
    '{{- end }}',
    `{{- if eq .Environment.Name "${envs[0]}" }}`,
    `- name: only-in-${envs[0]}`,
    `  chart: ${chart}`,
    `  namespace: {{ .Values | get "extraNs" "extras" }}`,
    '{{- end }}',
    '',
  ];
  const main = 'helmfile.yaml.gotmpl';
  files[main] = parts(emit(head), lines.join('\n'));
  const runs: string[][] = [
    ['build'],
    ['list', '--output', 'json'],
    ['-e', envs[0] ?? 'default', 'build'],
    ['-e', envs[0] ?? 'default', 'list', '--output', 'json'],
    ['-n', rng.pick(NAMESPACES), 'build'],
    ['--state-values-set', `owner=cli-owner,extraNs=from-cli`, '-e', envs[0] ?? 'default', 'build'],
  ];
  return { id, area: 'templating', main, files, runs: rng.sample(runs, rng.range(3, 5)) };
}
