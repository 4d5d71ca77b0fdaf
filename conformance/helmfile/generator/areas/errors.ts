import type { GeneratedCase } from '../model.js';
import { NAMES, NAMESPACES } from '../model.js';
import type { Rng } from '../rng.js';

/**
 * States helmfile rejects: only the failure is compared (both must fail),
 * never the wording.
 */
const broken: readonly ((name: string, ns: string) => { main: string; text: string; args: string[] })[] = [
  // strict decoding: unknown release key
  (n, ns) => ({
    main: 'helmfile.yaml',
    text: `releases:\n- name: ${n}\n  namespace: ${ns}\n  chart: stable/x\n  colour: blue\n`,
    args: ['build'],
  }),
  // unknown top-level key
  (n) => ({ main: 'helmfile.yaml', text: `relases:\n- name: ${n}\n  chart: stable/x\n`, args: ['build'] }),
  // environments and releases in the same part
  (n) => ({
    main: 'helmfile.yaml.gotmpl',
    text: `environments:\n  default: {}\nreleases:\n- name: ${n}\n  chart: stable/x\n`,
    args: ['build'],
  }),
  // an environment that is not declared
  (n) => ({
    main: 'helmfile.yaml.gotmpl',
    text: `environments:\n  dev: {}\n---\nreleases:\n- name: ${n}\n  chart: stable/x\n`,
    args: ['-e', 'nope', 'build'],
  }),
  // a missing key under missingkey=error
  (n) => ({
    main: 'helmfile.yaml.gotmpl',
    text: `releases:\n- name: ${n}\n  chart: {{ .Values.chartName }}\n`,
    args: ['build'],
  }),
  // a template that does not parse
  (n) => ({
    main: 'helmfile.yaml.gotmpl',
    text: `releases:\n- name: ${n}{{ if }}\n  chart: stable/x\n`,
    args: ['build'],
  }),
  // YAML that does not parse
  (n) => ({
    main: 'helmfile.yaml',
    text: `releases:\n- name: ${n}\n  chart: [unclosed\n`,
    args: ['list', '--output', 'json'],
  }),
  // a release without chart
  (n, ns) => ({
    main: 'helmfile.yaml',
    text: `releases:\n- name: ${n}\n  namespace: ${ns}\n`,
    args: ['list', '--output', 'json'],
  }),
  // inherit from an unknown template
  (n) => ({
    main: 'helmfile.yaml',
    text: `releases:\n- name: ${n}\n  chart: stable/x\n  inherit:\n  - template: ghost\n`,
    args: ['build'],
  }),
  // a required value that is absent
  (n) => ({
    main: 'helmfile.yaml.gotmpl',
    text: `releases:\n- name: ${n}\n  chart: {{ required "chart is required" .Values.chart }}\n`,
    args: ['build'],
  }),
  // a missing values file under the default handler
  (n) => ({
    main: 'helmfile.yaml.gotmpl',
    text: `environments:\n  default:\n    values:\n    - absent.yaml\n---\nreleases:\n- name: ${n}\n  chart: stable/x\n`,
    args: ['build'],
  }),
  // a condition that is neither a bool nor a.b.enabled
  (n) => ({
    main: 'helmfile.yaml',
    text: `releases:\n- name: ${n}\n  chart: stable/x\n  condition: enabled\n`,
    args: ['list', '--output', 'json'],
  }),
];

export function errorsCase(rng: Rng, id: string): GeneratedCase {
  const make = rng.pick(broken);
  const { main, text, args } = make(rng.pick(NAMES), rng.pick(NAMESPACES));
  return { id, area: 'errors', main, files: { [main]: text }, runs: [args] };
}
