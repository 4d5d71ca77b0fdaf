import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generatedChartYaml, isCrdSource, splitRendered, writeGeneratedChart } from './generated-chart.js';

const rendered = `---
# Source: app/crds/widgets.yaml
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
---
# Source: app/charts/sub/crds/gadgets.yaml
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gadgets.example.com
---
# Source: app/templates/cm.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  tpl: "{{ .Values.x }}"
---
# Source: app/templates/job.yaml
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  annotations:
    "helm.sh/hook": pre-install
spec:
  template:
    spec:
      containers:
        - name: m
          image: postgres:15
`;

const showChart = `apiVersion: v2
name: app
version: 1.2.3
appVersion: "15"
description: an app
dependencies:
  - name: sub
    version: 0.1.0
    repository: file://../sub
`;

describe('generated chart', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('splits helm output into documents with their sources', () => {
    const docs = splitRendered(rendered);
    expect(docs.map((d) => d.source)).toEqual([
      'app/crds/widgets.yaml',
      'app/charts/sub/crds/gadgets.yaml',
      'app/templates/cm.yaml',
      'app/templates/job.yaml',
    ]);
    expect(docs.map((d) => isCrdSource(d.source))).toEqual([true, true, false, false]);
    expect(isCrdSource('app/templates/crds/x.yaml')).toBe(false);
  });

  it('keeps the chart metadata, without dependencies (rendered in already)', () => {
    const meta = parse(generatedChartYaml(showChart));
    expect(meta).toMatchObject({ apiVersion: 'v2', name: 'app', version: '1.2.3', appVersion: '15' });
    expect(meta.dependencies).toBeUndefined();
    expect(() => generatedChartYaml('description: x\n')).toThrow(/without name or version/);
  });

  it('writes the substituted documents as a file its one template prints, CRDs into crds/', () => {
    dir = mkdtempSync(join(tmpdir(), 'gen-chart-'));
    const g = writeGeneratedChart(dir, rendered, showChart, [{ from: 'postgres', to: 'reg:5000/pg:dev' }]);
    expect(g.changes.map((c) => [c.kind, c.name, c.hook, c.to])).toEqual([
      ['Job', 'migrate', true, 'reg:5000/pg:dev'],
    ]);
    expect(readdirSync(dir).sort()).toEqual(['Chart.yaml', 'crds', 'rendered', 'templates']);
    expect(readFileSync(join(dir, 'templates', 'rendered.yaml'), 'utf8')).toBe(
      '{{ .Files.Get "rendered/manifests.yaml" }}\n',
    );
    const body = readFileSync(join(dir, 'rendered', 'manifests.yaml'), 'utf8');
    expect(body).toContain('tpl: "{{ .Values.x }}"');
    expect(body).toContain('"helm.sh/hook": pre-install');
    expect(body).toContain('image: reg:5000/pg:dev');
    expect(body).not.toContain('CustomResourceDefinition');
    const crds = readFileSync(join(dir, 'crds', 'crds.yaml'), 'utf8');
    expect(crds.match(/kind: CustomResourceDefinition/g)).toHaveLength(2);
  });
});
