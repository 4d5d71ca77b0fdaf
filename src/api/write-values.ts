import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { HelmfireError } from '../errors.js';
import { mergoMergeMaps } from '../state/merge.js';
import type { GoValue } from '../template/value.js';
import { encodeYaml, unmarshalYaml } from '../yaml/index.js';
import { HelmfireRun, type HelmRunOptions } from './helm-run.js';
import { valuesOutputFile } from './template-output.js';

/**
 * `helmfire write-values`: each selected release's values — its `values:`
 * (templates rendered), its decrypted `secrets:`, then the command line's
 * `--values` — merged in that order (later keys win, maps merge, lists are
 * replaced) and written as one YAML file per release. No helm is run.
 */

export interface WriteValuesOptions extends HelmRunOptions {
  /** Go template of the output file: `{{ .State.* }}`, `{{ .Release.* }}`, `{{ .Environment.* }}`. */
  readonly outputFileTemplate?: string;
}

export interface WrittenValues {
  readonly name: string;
  readonly file: string;
}

export class ValuesFileError extends HelmfireError {
  override readonly name = 'ValuesFileError';
  constructor(message: string) {
    super('VALUES_FILE', message);
  }
}

/** Merges values files in order as helmfile's write-values does. */
export function mergeValuesFiles(files: readonly { path: string; text: string }[]): Map<GoValue, GoValue> {
  let merged = new Map<GoValue, GoValue>();
  for (const f of files) {
    let doc: GoValue;
    try {
      doc = unmarshalYaml(f.text, { filename: f.path });
    } catch (err) {
      throw new ValuesFileError(`unmarshalling yaml ${f.path}: ${(err as Error).message}`);
    }
    if (doc === null || doc === undefined) continue;
    if (!(doc instanceof Map)) throw new ValuesFileError(`${f.path}: values must be a map`);
    merged = mergoMergeMaps(merged, doc, { override: true, appendSlice: false });
  }
  return merged;
}

export async function writeValues(options: WriteValuesOptions): Promise<WrittenValues[]> {
  const run = await HelmfireRun.open(options);
  try {
    const log = options.log ?? (() => {});
    const releases = await run.prepare(run.planned(), { adhocDependencies: false });
    const out: WrittenValues[] = [];
    for (const r of releases) {
      const paths = [...(r.prepared.chart.valuesFiles ?? []), ...(r.prepared.chart.extraValuesFiles ?? [])];
      const files = paths.map((path) => {
        try {
          return { path, text: readFileSync(path, 'utf8') };
        } catch {
          throw new ValuesFileError(`release "${r.release.name}": values file ${path} does not exist`);
        }
      });
      const file = valuesOutputFile(r.state, r.release, options.outputFileTemplate);
      mkdirSync(dirname(file), { recursive: true });
      log(`Writing values file ${file}`);
      // Decrypted secrets end up in the file: then only the user may read it.
      writeFileSync(file, encodeYaml(mergeValuesFiles(files)), {
        mode: r.release.secrets.length > 0 ? 0o600 : 0o644,
      });
      out.push({ name: r.release.name, file });
    }
    return out;
  } finally {
    run.close();
  }
}
