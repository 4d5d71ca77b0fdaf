import {
  type ChartInputs,
  chartDownloadFlags,
  connectionFlags,
  type HelmTarget,
  namespaceAndValuesFlags,
  postRendererFlags,
  refuseAdopt,
  versionFlags,
} from './args.js';
import type { EffectiveOptions } from './options.js';

/** Command-line switches of `helmfire template` that go straight to `helm template`. */
export interface TemplateFlags {
  /** `--show-only` templates (repeatable). */
  readonly showOnly?: readonly string[];
  readonly outputDir?: string;
  /** `--validate`: check against the cluster (needs one). */
  readonly validate?: boolean;
  readonly includeCRDs?: boolean;
  readonly noHooks?: boolean;
  readonly skipTests?: boolean;
}

/**
 * `helm template` for a release, in helmfile's flag order: chart version,
 * DNS, post-renderer, `--api-versions`/`--kube-version` (release or state),
 * transport, `--show-only`, schema validation, the kube context (for
 * `lookup` with `--dry-run=server` in templateArgs), templateArgs, values,
 * then the command line's switches and `--args`.
 */
export function templateArgs(
  opts: EffectiveOptions,
  inputs: ChartInputs,
  helm: HelmTarget,
  flags: TemplateFlags = {},
): string[] {
  refuseAdopt(opts, helm);
  const args = ['template', inputs.name, inputs.chart];
  args.push(...versionFlags(inputs.version, opts.devel));
  if (opts.enableDNS) args.push('--enable-dns');
  const pr = postRendererFlags(opts, helm);
  args.push(...pr.renderer, ...pr.args);
  for (const a of opts.apiVersions) args.push('--api-versions', a);
  if (opts.kubeVersion) args.push('--kube-version', opts.kubeVersion);
  args.push(...chartDownloadFlags(opts));
  for (const s of flags.showOnly ?? []) if (s) args.push('--show-only', s);
  if (opts.skipSchemaValidation) args.push('--skip-schema-validation');
  args.push(...connectionFlags({ kubeContext: opts.kubeContext, kubeconfig: inputs.kubeconfig }));
  args.push(...opts.templateArgs);
  args.push(...namespaceAndValuesFlags(inputs));
  if (flags.outputDir) args.push('--output-dir', flags.outputDir);
  if (flags.validate) args.push('--validate');
  if (flags.includeCRDs) args.push('--include-crds');
  if (flags.noHooks) args.push('--no-hooks');
  if (flags.skipTests) args.push('--skip-tests');
  args.push(...opts.extraArgs);
  return args;
}
