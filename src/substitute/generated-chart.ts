/**
 * Image substitution on helm 3, whose post-renderers never see chart hooks:
 * the release is rendered (`helm template` with its exact values and flags),
 * the images substituted in every document — hooks included — and the result
 * deployed as a generated chart of the same name and version whose one
 * template prints the rendered documents unchanged (hook annotations and all).
 *
 * The rendered text goes into a chart file read with `.Files.Get`, never into
 * a template, so `{{` in it (a ConfigMap holding a template) is not evaluated.
 * CRDs from the chart's `crds/` directories go into the generated chart's
 * `crds/`, keeping helm's CRD handling (installed first, never upgraded).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { type ImageChange, substituteManifestImages } from './manifests.js';
import type { ImageSubstitution } from './types.js';

/** One document of a rendered stream, with the template it came from (`# Source:`). */
export interface RenderedDocument {
  readonly source?: string;
  readonly text: string;
}

/** Splits helm's rendered output at its `---` lines; empty documents dropped. */
export function splitRendered(text: string): RenderedDocument[] {
  const out: RenderedDocument[] = [];
  for (const part of text.split(/^---[ \t]*$/m)) {
    const body = part.replace(/^\r?\n/, '');
    if (body.trim() === '') continue;
    const m = /^#\s*Source:\s*(.+?)\s*$/m.exec(body);
    out.push({ ...(m?.[1] ? { source: m[1] } : {}), text: body.endsWith('\n') ? body : `${body}\n` });
  }
  return out;
}

/** A document from a `crds/` directory of the chart or one of its subcharts. */
export const isCrdSource = (source: string | undefined) =>
  source !== undefined && /^[^/]+\/(?:charts\/[^/]+\/)*crds\//.test(source);

const join3 = (docs: readonly RenderedDocument[]) => docs.map((d) => `---\n${d.text}`).join('');

export interface GeneratedChart {
  readonly dir: string;
  /** What the substitution changed (empty: the chart can be deployed as it is). */
  readonly changes: readonly ImageChange[];
}

/** Chart.yaml of the generated chart: the original's metadata without dependencies (already rendered in). */
export function generatedChartYaml(showChart: string): string {
  const meta = (parse(showChart) ?? {}) as Record<string, unknown>;
  if (typeof meta.name !== 'string' || meta.version === undefined)
    throw new Error(`chart metadata without name or version: ${showChart.slice(0, 120)}`);
  const { dependencies: _d, ...rest } = meta;
  const annotations = { ...((rest.annotations as Record<string, string> | undefined) ?? {}) };
  annotations['helmfire.io/generated'] = 'rendered with image substitutions';
  return stringify({ ...rest, apiVersion: 'v2', annotations });
}

/**
 * Writes the generated chart for `rendered` (the release's `helm template`
 * output with CRDs included) under `dir`; `showChart` is `helm show chart`
 * of the original.
 */
export function writeGeneratedChart(
  dir: string,
  rendered: string,
  showChart: string,
  images: readonly Pick<ImageSubstitution, 'from' | 'to'>[],
): GeneratedChart {
  const docs = splitRendered(rendered);
  const crds = docs.filter((d) => isCrdSource(d.source));
  const rest = docs.filter((d) => !isCrdSource(d.source));
  const { text, changes } = substituteManifestImages(join3(rest), images);
  mkdirSync(join(dir, 'templates'), { recursive: true });
  mkdirSync(join(dir, 'rendered'), { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), generatedChartYaml(showChart));
  writeFileSync(join(dir, 'rendered', 'manifests.yaml'), text);
  writeFileSync(join(dir, 'templates', 'rendered.yaml'), '{{ .Files.Get "rendered/manifests.yaml" }}\n');
  if (crds.length > 0) {
    mkdirSync(join(dir, 'crds'), { recursive: true });
    writeFileSync(join(dir, 'crds', 'crds.yaml'), join3(crds));
  }
  return { dir, changes };
}
