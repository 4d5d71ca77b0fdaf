import {
  buildAndList,
  ENVS,
  type GeneratedCase,
  NAMES,
  NAMESPACES,
  parts,
  pickChart,
  TIERS,
} from '../model.js';
import type { Rng } from '../rng.js';
import { emit, type Y } from '../yaml-emit.js';

/**
 * Sub-helmfiles: `helmfiles:` entries as bare paths, globs and maps with
 * `values:` (inline and files) and `selectors:`/`selectorsInherited`;
 * children with and without the parent's environments.
 */
export function subhelmfilesCase(rng: Rng, id: string): GeneratedCase {
  const files: Record<string, string> = {};
  const envs = ['default', ...rng.sample(ENVS, rng.range(0, 2))];
  const entries: Y[] = [];
  const children = rng.range(1, 3);
  const useGlob = rng.chance(0.25);
  for (let i = 0; i < children; i++) {
    const ext = rng.chance(0.7) ? '.yaml.gotmpl' : '.yaml';
    const path = `sub/child${i}${ext}`;
    const declaresEnvs = rng.chance(0.6);
    const passesValues = ext === '.yaml.gotmpl' && rng.chance(0.7);
    const header: Record<string, Y> = {};
    if (declaresEnvs) {
      const childEnvs: Record<string, Y> = {};
      for (const e of rng.sample(envs, rng.range(1, envs.length)))
        childEnvs[e] = { values: [{ childEnv: e }] };
      childEnvs.default ??= { values: [{ childEnv: 'default' }] };
      header.environments = childEnvs;
    }
    if (passesValues) header.values = [{ team: 'child-default', tier: rng.pick(TIERS) }];
    const rels = rng.sample(NAMES, rng.range(1, 3)).map((n) => {
      const { chart, version } = pickChart(rng, 1);
      return [
        `- name: c${i}-${n}`,
        `  namespace: ${rng.pick(NAMESPACES)}`,
        `  chart: ${chart}`,
        ...(version ? [`  version: ${version}`] : []),
        '  labels:',
        `    tier: ${ext === '.yaml.gotmpl' && passesValues ? '{{ .Values.tier }}' : rng.pick(TIERS)}`,
        `    child: "${i}"`,
        ...(ext === '.yaml.gotmpl'
          ? [
              '  values:',
              '  - env: {{ .Environment.Name }}',
              ...(passesValues ? ['    team: {{ .Values.team }}'] : []),
              ...(declaresEnvs ? ['    childEnv: {{ .Values | get "childEnv" "none" }}'] : []),
            ]
          : []),
      ].join('\n');
    });
    const relText = `releases:\n${rels.join('\n')}\n`;
    files[path] = Object.keys(header).length > 0 ? parts(header, relText) : relText;
    if (useGlob) continue;
    if (rng.chance(0.3)) entries.push(path);
    else {
      const entry: Record<string, Y> = { path };
      if (passesValues) {
        const v: Y[] = [{ team: `team-${i}`, tier: rng.pick(TIERS) }];
        if (rng.chance(0.4)) {
          files[`sub/values${i}.yaml`] = emit({ team: `file-team-${i}` });
          v.push(`sub/values${i}.yaml`);
        }
        entry.values = v;
      }
      if (rng.chance(0.35)) entry.selectors = [`tier=${rng.pick(TIERS)}`];
      else if (rng.chance(0.2)) entry.selectorsInherited = true;
      entries.push(entry);
    }
  }
  if (useGlob) entries.push('sub/*.yaml*');
  const envBlock: Record<string, Y> = {};
  for (const e of envs) envBlock[e] = { values: [{ parentEnv: e }] };
  const docs: (Y | string)[] = [{ environments: envBlock }, { helmfiles: entries }];
  if (rng.chance(0.6)) {
    const own = rng.sample(NAMES, rng.range(1, 2)).map((n) => {
      const { chart } = pickChart(rng);
      return `- name: parent-${n}\n  namespace: ${rng.pick(NAMESPACES)}\n  chart: ${chart}\n  labels:\n    tier: ${rng.pick(TIERS)}\n  values:\n  - parentEnv: {{ .Values.parentEnv }}`;
    });
    docs.push(`releases:\n${own.join('\n')}\n`);
  }
  const main = 'helmfile.yaml.gotmpl';
  files[main] = parts(...docs);
  const runs: string[][] = [];
  for (const e of envs) runs.push(...buildAndList(...(e === 'default' ? [] : ['-e', e])));
  runs.push(['-l', `tier=${rng.pick(TIERS)}`, 'list', '--output', 'json']);
  return { id, area: 'subhelmfiles', main, files, runs: runs.slice(0, 7) };
}
