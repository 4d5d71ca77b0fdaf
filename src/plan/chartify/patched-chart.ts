/**
 * The chart a release with `strategicMergePatches:`/`jsonPatches:` is
 * rendered and deployed from, as chartify builds it for helmfile: the
 * release is rendered (`helm template` with its own values and flags, CRDs
 * included), the patches applied, and the result written as a chart of the
 * original's name and version whose single template,
 * `templates/patched_resources.yaml`, prints the patched documents (hooks
 * keep their annotations, so they stay hooks). Documents from `crds/`
 * directories go to the generated chart's `crds/`, keeping helm's CRD
 * handling. The documents are read with `.Files.Get`, never evaluated as a
 * template, so `{{` inside them is kept. Keys are printed sorted, as
 * kustomize prints them, and in YAML 1.1 as helm and Kubernetes read it
 * (the string `yes` stays quoted).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { isCrdSource, splitRendered } from '../../substitute/generated-chart.js';
import { type JsonPatchSpec, PatchError, type Plain, patchDocuments } from './patches.js';

/** The generated chart's Chart.yaml: the original's metadata without dependencies (rendered in already). */
export function patchedChartYaml(chartYaml: string): string {
  const meta = (parse(chartYaml) ?? {}) as Record<string, unknown>;
  const { dependencies: _d, ...rest } = meta;
  const annotations = { ...((rest.annotations as Record<string, string> | undefined) ?? {}) };
  annotations['helmfire.io/generated'] = 'rendered with strategicMergePatches/jsonPatches';
  return stringify({ ...rest, apiVersion: 'v2', annotations });
}

const dump = (docs: readonly Plain[]) =>
  docs.map((d) => `---\n${stringify(d, { version: '1.1', sortMapEntries: true, lineWidth: 0 })}`).join('');

function parseDocs(release: string, text: string, source: string | undefined): Plain[] {
  const out: Plain[] = [];
  for (const d of parseAllDocuments(text, { version: '1.1' })) {
    if (d.errors.length > 0) {
      throw new PatchError(release, `rendered ${source ?? 'document'} is not YAML: ${d.errors[0]?.message}`);
    }
    const v = d.toJS() as Plain;
    if (v !== null && v !== undefined) out.push(v);
  }
  return out;
}

/** The patched documents of a rendered release: `[crds, rest]`, each as a YAML stream. */
export function patchRendered(
  release: string,
  rendered: string,
  strategicMergePatches: readonly unknown[],
  jsonPatches: readonly JsonPatchSpec[],
): { crds: string; resources: string } {
  const crdFlags: boolean[] = [];
  const docs: Plain[] = [];
  for (const r of splitRendered(rendered)) {
    for (const d of parseDocs(release, r.text, r.source)) {
      docs.push(d);
      crdFlags.push(isCrdSource(r.source));
    }
  }
  // Patches see every document; afterwards a CRD stays a CRD by identity.
  const key = (d: Plain) => {
    const o = (d ?? {}) as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } };
    return `${String(o.apiVersion)}|${String(o.kind)}|${String(o.metadata?.name)}`;
  };
  const crdKeys = new Set(docs.filter((_, i) => crdFlags[i]).map(key));
  const patched = patchDocuments(release, docs, strategicMergePatches, jsonPatches);
  return {
    crds: dump(patched.filter((d) => crdKeys.has(key(d)))),
    resources: dump(patched.filter((d) => !crdKeys.has(key(d)))),
  };
}

/** Writes the generated chart under `dir` from the original chart directory and its rendered output. */
export function writePatchedChart(
  dir: string,
  release: string,
  chartDir: string,
  rendered: string,
  strategicMergePatches: readonly unknown[],
  jsonPatches: readonly JsonPatchSpec[],
): void {
  const { crds, resources } = patchRendered(release, rendered, strategicMergePatches, jsonPatches);
  mkdirSync(join(dir, 'templates'), { recursive: true });
  mkdirSync(join(dir, 'files'), { recursive: true });
  writeFileSync(
    join(dir, 'Chart.yaml'),
    patchedChartYaml(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')),
  );
  writeFileSync(join(dir, 'files', 'patched_resources.yaml'), resources);
  writeFileSync(
    join(dir, 'templates', 'patched_resources.yaml'),
    '{{ .Files.Get "files/patched_resources.yaml" }}\n',
  );
  if (crds) {
    mkdirSync(join(dir, 'crds'), { recursive: true });
    writeFileSync(join(dir, 'crds', 'crds.yaml'), crds);
  }
}
