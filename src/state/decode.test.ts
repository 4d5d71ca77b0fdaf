import { describe, expect, it } from 'vitest';
import { decodeDocument } from './decode.js';
import { formatSchemaIssue } from './errors.js';
import { YamlLocator } from './locate.js';
import { releaseSetSchema } from './schema.js';
import type { ReleaseSetSpec } from './spec.js';
import { decodeYamlDocuments } from './yaml-io.js';

function decode(text: string, lineOffset = 0) {
  const [doc] = decodeYamlDocuments(text, 'helmfile.yaml');
  return decodeDocument<ReleaseSetSpec>(doc ?? null, releaseSetSchema, {
    file: 'helmfile.yaml',
    docIndex: 0,
    locator: new YamlLocator(text),
    lineOffset,
  });
}

describe('strict decoding of state documents', () => {
  it('gives string fields the scalar as written (yaml.v3)', () => {
    const { value, issues } = decode(
      'releases:\n- name: a\n  chart: c\n  version: 1.10\n  labels:\n    n: 0x10\n    d: 2024-01-05\n    b: yes\n',
    );
    expect(issues).toEqual([]);
    expect(value.releases?.[0]?.version).toBe('1.10');
    expect(value.releases?.[0]?.labels).toEqual({ n: '0x10', d: '2024-01-05', b: 'yes' });
  });

  it('converts scalars of typed fields like yaml.v3: yes/no bools, truncated floats, null as nil', () => {
    const { value, issues } = decode(
      'releases:\n- name: a\n  wait: yes\n  atomic: off\n  timeout: 30.9\n  installed: null\n  needs: [x, null, y]\n',
    );
    expect(issues).toEqual([]);
    const r = value.releases?.[0];
    expect(r?.wait).toBe(true);
    expect(r?.atomic).toBe(false);
    expect(r?.timeout).toBe(30);
    expect(r?.installed).toBeUndefined();
    expect(r?.needs).toEqual(['x', 'y']);
  });

  it('keeps inline values as Go values (int vs float, nested maps)', () => {
    const { value } = decode(
      'releases:\n- name: a\n  values:\n  - replicas: 2\n    ratio: 1.5\n  - file.yaml\n',
    );
    const [inline, file] = value.releases?.[0]?.values ?? [];
    expect(inline).toEqual(
      new Map<unknown, unknown>([
        ['replicas', 2n],
        ['ratio', 1.5],
      ]),
    );
    expect(file).toBe('file.yaml');
  });

  it('reports unknown keys with their position, the owning release and a suggestion', () => {
    const { issues } = decode('releases:\n- name: web\n  chrat: x\n', 4);
    expect(issues.map(formatSchemaIssue)).toEqual([
      'helmfile.yaml:7:3: releases[0].chrat (release "web"): unknown release key "chrat"; did you mean "chart"?',
    ]);
  });

  it('reports every problem of the document: unknown top-level key and wrong types', () => {
    const { issues } = decode(
      'relases: []\nhelmDefaults:\n  timeout: "300"\n  wait: maybe\ncommonLabels: [a]\n',
    );
    expect(issues.map(formatSchemaIssue)).toEqual([
      'helmfile.yaml:1:1: relases: unknown top-level key "relases"; did you mean "releases"?',
      'helmfile.yaml:3:12: helmDefaults.timeout: expected an integer, got the string "300"; write it without quotes: 300',
      'helmfile.yaml:4:9: helmDefaults.wait: expected true or false, got the string "maybe"',
      'helmfile.yaml:5:15: commonLabels: expected a map of strings, got a list; write key: value pairs, not a list',
    ]);
  });

  it('follows merge keys when locating a problem', () => {
    const { issues } = decode(
      'templates:\n  t: &t\n    chart: x\n    nmae: y\nreleases:\n- <<: *t\n  name: a\n',
    );
    expect(issues.map((i) => i.path)).toEqual([
      'templates.t.nmae (template "t")',
      'releases[0].nmae (release "a")',
    ]);
    expect(issues[1]?.location?.line).toBe(4);
  });

  it('accepts the filepath and renderedvalues keys that build prints', () => {
    expect(decode('filepath: x.yaml\nrenderedvalues: {}\nreleases: []\n').issues).toEqual([]);
  });

  it('decodes helmfiles entries as paths or maps and validates them like helmfile', () => {
    const ok = decode(
      'helmfiles:\n- sub/a.yaml\n- path: sub/b.yaml\n  selectors: [tier=web]\n  values: [{a: 1}]\n',
    );
    expect(ok.issues).toEqual([]);
    expect(ok.value.helmfiles?.map((h) => h.path)).toEqual(['sub/a.yaml', 'sub/b.yaml']);
    expect(ok.value.helmfiles?.[1]?.selectors).toEqual(['tier=web']);
    const bad = decode(
      'helmfiles:\n- selectors: [a=b]\n- path: x.yaml\n  selectorsInherited: true\n  selectors: [a=b]\n- path: y.yaml\n  inherits: [repos]\n',
    );
    expect(bad.issues.map((i) => i.message)).toEqual([
      "found 'selectors' definition without path: [a=b]",
      "you cannot use 'SelectorsInherited: true' along with and explicit selector for path: x.yaml",
      'invalid inherits entry "repos" for path "y.yaml": allowed values are [repositories helmDefaults commonLabels apiVersions kubeVersion templates environments]',
    ]);
  });

  it('accepts defaultInherit as one name or a list, dropping blanks', () => {
    expect(decode('defaultInherit: base\n').value.defaultInherit).toEqual(['base']);
    expect(decode('defaultInherit: [" a ", "", b]\n').value.defaultInherit).toEqual(['a', 'b']);
  });

  it('rejects a document that is not a map', () => {
    expect(decode('- a\n- b\n').issues[0]?.message).toBe(
      'a state file must be a map of settings (releases:, environments:, …), got a list',
    );
  });
});
