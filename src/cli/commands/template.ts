import type { Command } from 'commander';
import { NoMatchingReleaseError } from '../../state/errors.js';
import { globalOptions } from '../global-options.js';
import type { CliIO } from '../io.js';
import {
  addNeedsFlags,
  type CommonHelmFlags,
  collect,
  helmRunOptions,
  parseCount,
  progress,
} from './helm-options.js';

interface TemplateFlags extends CommonHelmFlags {
  outputDir?: string;
  outputDirTemplate?: string;
  validate?: boolean;
  includeCrds?: boolean;
  skipTests?: boolean;
  hooks?: boolean;
  postRenderer?: string;
  postRendererArgs?: string[];
  skipSchemaValidation?: boolean;
  kubeVersion?: string;
  showOnly?: string[];
  templateArgs?: string;
  renderCache?: boolean;
  skipCleanup?: boolean;
}

/** With --allow-no-matching-release, no match is a message, not an error. */
export async function tolerateNoMatch(cmd: Command, io: CliIO, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof NoMatchingReleaseError && globalOptions(cmd).allowNoMatchingRelease) {
      io.err(`${err.message}\n`);
      return;
    }
    throw err;
  }
}

export function registerTemplate(program: Command, io: CliIO): void {
  const cmd = program
    .command('template')
    .description('render the manifests of every selected release with helm template (cached)')
    .option('--args <args>', 'pass args to helm template')
    .option('--set <k=v>', 'additional values for every release (helm --set; repeatable)', collect)
    .option('--values <file>', 'additional values file for every release (repeatable)', collect)
    .option('--output-dir <dir>', 'write the manifests to files under this directory instead of stdout')
    .option(
      '--output-dir-template <tpl>',
      'Go template of each release directory: {{ .OutputDir }}, {{ .State.* }}, {{ .Release.* }}, {{ .Environment.* }}',
    )
    .option('--concurrency <n>', 'helm processes at once (0: twice the CPU count)', parseCount, 0)
    .option('--validate', 'validate the manifests against the cluster (never cached)')
    .option('--include-crds', 'include CRDs in the output')
    .option('--skip-tests', 'leave out test hooks')
    .option('--no-hooks', 'leave out hooks')
    .option('--post-renderer <cmd>', 'post-renderer for helm template (output not cached)')
    .option('--post-renderer-args <arg>', 'argument of the post-renderer (repeatable)', collect)
    .option('--skip-schema-validation', 'do not validate values against the chart schema')
    .option('--kube-version <v>', 'Kubernetes version for .Capabilities (overrides kubeVersion)')
    .option('--show-only <template>', 'only the manifests of this chart template (repeatable)', collect)
    .option('--template-args <args>', 'extra args for helm template (replaces helmDefaults.templateArgs)')
    .option('--skip-cleanup', 'accepted for compatibility (helmfire always removes its temporary files)')
    .option('--no-render-cache', 'render every release with helm, ignoring cached output');
  addNeedsFlags(cmd).action(async (opts: TemplateFlags, c: Command) => {
    // Loaded on use: a command's code costs start-up time only when it runs.
    const { templateReleases } = await import('../../api/template.js');
    await tolerateNoMatch(c, io, async () => {
      const log = progress(c, io);
      const { stats } = await templateReleases({
        ...helmRunOptions(c, io, opts, {
          ...(opts.kubeVersion ? { kubeVersion: opts.kubeVersion } : {}),
          ...(opts.templateArgs ? { templateArgs: opts.templateArgs } : {}),
          ...(opts.postRenderer ? { postRenderer: opts.postRenderer } : {}),
          ...(opts.postRendererArgs?.length ? { postRendererArgs: opts.postRendererArgs } : {}),
          ...(opts.skipSchemaValidation ? { skipSchemaValidation: true } : {}),
        }),
        ...(opts.outputDir ? { outputDir: opts.outputDir } : {}),
        ...(opts.outputDirTemplate ? { outputDirTemplate: opts.outputDirTemplate } : {}),
        ...(opts.validate ? { validate: true } : {}),
        ...(opts.includeCrds ? { includeCRDs: true } : {}),
        ...(opts.skipTests ? { skipTests: true } : {}),
        ...(opts.hooks === false ? { noHooks: true } : {}),
        ...(opts.showOnly?.length ? { showOnly: opts.showOnly } : {}),
        renderCache: opts.renderCache !== false,
        onOutput: (r) => {
          if (r.warnings) io.err(r.warnings.endsWith('\n') ? r.warnings : `${r.warnings}\n`);
          if (r.files) for (const f of r.files) log(`wrote ${f}`);
          // As helmfile prints helm's output: followed by a newline when there is any.
          else if (r.manifest) io.out(`${r.manifest}\n`);
        },
      });
      log(
        `Templated ${stats.releases} release${stats.releases === 1 ? '' : 's'} in ${stats.seconds.toFixed(2)}s: ` +
          `${stats.rendered} rendered by helm, ${stats.cached} from the render cache, ` +
          `${stats.chartsPulled} chart${stats.chartsPulled === 1 ? '' : 's'} pulled, ` +
          `${stats.dependencyBuilds} dependency build${stats.dependencyBuilds === 1 ? '' : 's'}`,
      );
    });
  });
}
