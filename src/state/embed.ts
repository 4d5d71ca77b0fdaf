import { posix } from 'node:path';
import type { GoValue } from '../template/value.js';
import { readValuesFile } from './env-values.js';
import { releaseTemplateData } from './environment.js';
import { ValuesFileError } from './errors.js';
import { resolveFiles } from './files.js';
import type { StateHost } from './host.js';
import type { ResolvedRelease, ResolvedState } from './model.js';
import type { TemplateRenderer } from './render.js';

/**
 * `build --embed-values`: a release's values (or secrets) entries with every
 * file replaced by its content — `.gotmpl` files rendered with the release's
 * template data — as helmfile's `LoadYAMLForEmbedding` does. Secrets files are
 * embedded as they are on disk (not decrypted), as in helmfile.
 */
export function embedValues(
  host: StateHost,
  renderer: TemplateRenderer,
  state: ResolvedState,
  release: ResolvedRelease,
  entries: readonly GoValue[],
): GoValue[] {
  const out: GoValue[] = [];
  const prefix = release.spec.valuesPathPrefix ?? '';
  const field = entries === release.spec.secrets ? 'secrets' : 'values';
  for (const [i, v] of entries.entries()) {
    if (typeof v !== 'string') {
      out.push(v);
      continue;
    }
    const files = resolveFiles(
      host,
      state.baseDir,
      release.spec.missingFileHandler,
      'values',
      prefix + v,
      state.file,
      `${state.file}: release "${release.name}": ${field}[${i}]`,
    );
    if (!files) continue;
    if (files.length > 1) {
      throw new ValuesFileError(
        `glob patterns in release values and secrets is not supported yet. please submit a feature request if necessary (release "${release.name}": "${v}" matches ${files.length} files)`,
      );
    }
    const data = () =>
      releaseTemplateData(
        state.environment,
        state.values,
        {
          name: release.name,
          namespace: release.namespace,
          labels: release.spec.labels ?? {},
          chart: release.chart,
          chartVersion: release.version,
          kubeContext: release.kubeContext,
        },
        state.overrides,
      );
    const doc = readValuesFile(
      { host, renderer, baseDir: posix.dirname(files[0]!), stateFile: state.file },
      files[0]!,
      data,
      'values',
    );
    out.push(doc instanceof Map ? doc : new Map());
  }
  return out;
}
