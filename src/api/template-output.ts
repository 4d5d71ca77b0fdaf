import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { environmentStruct, TemplateStruct } from '../state/environment.js';
import type { ResolvedRelease, ResolvedState } from '../state/model.js';
import { renderTemplate } from '../template/index.js';
import { type GoValue, withGoType } from '../template/value.js';

/**
 * Where `template --output-dir` puts a release's manifests, and how they
 * are written: one file per chart template, as `helm template --output-dir`
 * writes them (`<dir>/<chart>/templates/<file>.yaml`, each document with
 * its `# Source:` header).
 */

/** helmfile's default `--output-dir-template`. */
export const DEFAULT_OUTPUT_DIR_TEMPLATE =
  '{{ .OutputDir }}/{{ .State.BaseName }}-{{ .State.AbsPathSHA1 }}-{{ .Release.Name}}';

/** helmfile's default `write-values --output-file-template`. */
export const DEFAULT_OUTPUT_FILE_TEMPLATE =
  '{{ .State.BaseName }}-{{ .State.AbsPathSHA1 }}/{{ .Release.Name}}.yaml';

/** helmfile's default `fetch --output-dir-template`. */
export const DEFAULT_FETCH_OUTPUT_DIR_TEMPLATE =
  '{{ .OutputDir }}{{ if .Release.Namespace }}/{{ .Release.Namespace }}{{ end }}{{ if .Release.KubeContext }}/{{ .Release.KubeContext }}{{ end }}/{{ .Release.Name }}/{{ .ChartName }}/{{ or .Release.Version "latest" }}';

function stateStruct(state: ResolvedState): TemplateStruct {
  const path = basename(state.file);
  return new TemplateStruct('state', [
    ['BaseName', path.slice(0, path.length - extname(path).length)],
    ['Path', path],
    ['AbsPath', state.file],
    ['AbsPathSHA1', createHash('sha1').update(state.file).digest('hex').slice(0, 8)],
  ]);
}

/** `.Release` of the output templates: helmfile's ReleaseSpec fields users reach for. */
export function releaseSpecStruct(release: ResolvedRelease): TemplateStruct {
  const labels = withGoType(new Map<GoValue, GoValue>(Object.entries(release.labels)), 'map[string]string');
  return new TemplateStruct('state.ReleaseSpec', [
    ['Chart', release.chart],
    ['Directory', release.spec.directory ?? ''],
    ['Version', release.version],
    ['Name', release.name],
    ['Namespace', release.namespace],
    ['Labels', labels],
    ['KubeContext', release.kubeContext],
    ['Installed', release.installed],
  ]);
}

function render(kind: string, text: string, data: TemplateStruct): string {
  try {
    return renderTemplate(kind, text, data);
  } catch (err) {
    throw new UsageError(`--${kind}: ${(err as Error).message}`);
  }
}

/** The directory `template --output-dir[-template]` writes the release to (relative paths against the state's directory). */
export function templateOutputDir(
  state: ResolvedState,
  release: ResolvedRelease,
  outputDir: string,
  template = '',
): string {
  const data = new TemplateStruct('', [
    ['OutputDir', outputDir],
    ['State', stateStruct(state)],
    ['Release', releaseSpecStruct(release)],
    ['Environment', environmentStruct(state.environment)],
  ]);
  const dir = render('output-dir-template', template || DEFAULT_OUTPUT_DIR_TEMPLATE, data);
  return isAbsolute(dir) ? dir : resolve(state.baseDir, dir);
}

/** The file `write-values` writes the release's merged values to. */
export function valuesOutputFile(state: ResolvedState, release: ResolvedRelease, template = ''): string {
  const data = new TemplateStruct('', [
    ['State', stateStruct(state)],
    ['Release', releaseSpecStruct(release)],
    ['Environment', environmentStruct(state.environment)],
  ]);
  const file = render('output-file-template', template || DEFAULT_OUTPUT_FILE_TEMPLATE, data);
  return isAbsolute(file) ? file : resolve(state.baseDir, file);
}

/** The directory `fetch` puts the release's chart in. */
export function fetchOutputDir(
  state: ResolvedState,
  release: ResolvedRelease,
  outputDir: string,
  chartName: string,
  template = '',
): string {
  const data = new TemplateStruct('', [
    ['ChartName', chartName],
    ['OutputDir', outputDir],
    ['Release', releaseSpecStruct(release)],
    ['Environment', environmentStruct(state.environment)],
  ]);
  const dir = render('output-dir-template', template || DEFAULT_FETCH_OUTPUT_DIR_TEMPLATE, data);
  return isAbsolute(dir) ? dir : resolve(state.baseDir, dir);
}

/** One document of `helm template` output with the chart file it came from. */
export interface RenderedDocument {
  /** `# Source:` path, e.g. `webapp/templates/service.yaml`. */
  readonly source: string;
  readonly body: string;
}

const SOURCE = '# Source: ';

/** Splits `helm template` output into its documents (text before the first `# Source:` header is dropped). */
export function splitRendered(text: string): RenderedDocument[] {
  const lines = text.split('\n');
  const out: RenderedDocument[] = [];
  let current: { source: string; body: string[] } | undefined;
  const flush = () => {
    if (!current) return;
    while (current.body.length > 0 && current.body[current.body.length - 1] === '') current.body.pop();
    out.push({ source: current.source, body: current.body.join('\n') });
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const next = lines[i + 1];
    if (line === '---' && next?.startsWith(SOURCE)) {
      flush();
      current = { source: next.slice(SOURCE.length), body: [] };
      i++;
      continue;
    }
    current?.body.push(line);
  }
  flush();
  return out;
}

/**
 * Writes a release's rendered output below `dir` as helm's `--output-dir`
 * does: one file per source template, every document with its header.
 * Output without `# Source:` headers (a helm 3 post-renderer's) goes to
 * `templates/<release>.yaml`. Returns the files written, in order.
 */
export function writeRendered(dir: string, release: string, text: string): string[] {
  const docs = splitRendered(text);
  const written: string[] = [];
  if (docs.length === 0) {
    if (text.trim() === '') return written;
    const file = join(dir, 'templates', `${release}.yaml`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
    return [file];
  }
  const seen = new Set<string>();
  for (const d of docs) {
    const file = join(dir, d.source);
    const chunk = `---\n${SOURCE}${d.source}\n${d.body}\n`;
    if (seen.has(file)) appendFileSync(file, chunk);
    else {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, chunk);
      seen.add(file);
      written.push(file);
    }
  }
  return written;
}
