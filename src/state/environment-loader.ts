import { loadValuesEntries, type ValuesContext } from './env-values.js';
import type { Environment } from './environment.js';
import { StateError, UnsupportedFeatureError, ValuesFileError } from './errors.js';
import { resolveFiles } from './files.js';
import { castKeysToStrings, mergeMaps, type ValueMap } from './maputil.js';
import { mergoMergeMaps } from './merge.js';
import type { ReleaseSetSpec } from './spec.js';
import { decodeYamlDocument } from './yaml-io.js';

/**
 * The environment of one loaded part (helmfile's `LoadEnvValues`): the
 * selected environment's `secrets:` (decrypted, winning over values) and
 * `values:`, layered over the environment handed in from earlier parts,
 * bases or the parent helmfile (`ctx`), plus this part's top-level `values:`
 * as defaults.
 */
export async function loadEnvironment(
  vctx: ValuesContext,
  spec: ReleaseSetSpec,
  envName: string,
  ctx: Environment | undefined,
): Promise<Environment> {
  const envSpec = spec.environments?.[envName];
  let values: ValueMap = new Map();
  if (envSpec) {
    let secretVals: ValueMap = new Map();
    const handler = envSpec.missingFileHandler ?? spec.missingFileHandler ?? 'Error';
    for (const [i, entry] of (envSpec.secrets ?? []).entries()) {
      const files = resolveFiles(
        vctx.host,
        vctx.baseDir,
        handler,
        'environment values',
        entry,
        vctx.stateFile,
        `${vctx.stateFile}: environments.${envName}.secrets[${i}]`,
      );
      for (const f of files ?? [])
        secretVals = mergoMergeMaps(
          secretVals,
          await decryptValues(vctx, f, `${vctx.stateFile}: environments.${envName}.secrets[${i}]`),
          OVERRIDE,
        );
    }
    values = loadValuesEntries(vctx, envSpec.values ?? [], {
      missingFileHandler: envSpec.missingFileHandler,
      env: ctx,
      envName,
      mergeStrategy: envSpec.mergeStrategy,
      source: `${vctx.stateFile}: environments.${envName}.values`,
    });
    values = mergoMergeMaps(values, secretVals, OVERRIDE);
  }
  let env: Environment = {
    name: envName,
    kubeContext: envSpec?.kubeContext ?? '',
    values,
    defaults: new Map(),
    cliOverrides: new Map(),
  };
  if (ctx) {
    env = {
      name: ctx.name !== '' ? ctx.name : env.name,
      kubeContext: ctx.kubeContext !== '' ? ctx.kubeContext : env.kubeContext,
      values: mergeMaps(ctx.values, env.values),
      defaults: mergeMaps(ctx.defaults, new Map()),
      cliOverrides: mergeMaps(new Map(), ctx.cliOverrides, 'merge'),
    };
  }
  const defaults = loadValuesEntries(vctx, spec.values ?? [], {
    env: ctx,
    envName,
    source: `${vctx.stateFile}: values`,
  });
  return { ...env, defaults: mergoMergeMaps(env.defaults, defaults, OVERRIDE) };
}

const OVERRIDE = { override: true, appendSlice: false } as const;

async function decryptValues(vctx: ValuesContext, file: string, source: string): Promise<ValueMap> {
  if (file.endsWith('.hcl')) {
    throw new UnsupportedFeatureError(
      `HCL values files are not supported yet: "${file}"; convert it to YAML`,
    );
  }
  if (!vctx.host.decryptFile) {
    throw new UnsupportedFeatureError(
      `environment secrets file "${file}": secrets decryption is not available here`,
    );
  }
  let text: string;
  try {
    text = await vctx.host.decryptFile(file);
  } catch (err) {
    if (err instanceof StateError) throw err;
    // The secrets error names the file first; said once here, after the entry that lists it.
    const detail = (err as Error).message;
    const own = detail.startsWith(`${file}: `)
      ? detail.slice(file.length + 2)
      : detail.startsWith(`${file} `)
        ? `it ${detail.slice(file.length + 1)}`
        : detail;
    throw new ValuesFileError(
      `${source}: failed to decrypt environment secrets file "${file}": ${own}`,
      undefined,
      {
        cause: err,
      },
    );
  }
  try {
    return castKeysToStrings(decodeYamlDocument(text, file));
  } catch (err) {
    if (err instanceof StateError) throw err;
    throw new ValuesFileError(
      `failed to load environment secrets file "${file}": ${(err as Error).message}`,
      undefined,
      {
        cause: err,
      },
    );
  }
}
