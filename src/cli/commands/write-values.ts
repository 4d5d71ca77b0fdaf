import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import { addNeedsFlags, type CommonHelmFlags, collect, helmRunOptions, parseCount } from './helm-options.js';
import { tolerateNoMatch } from './template.js';

export function registerWriteValues(program: Command, io: CliIO): void {
  const cmd = program
    .command('write-values')
    .description("write each selected release's merged values to a file")
    .option('--set <k=v>', 'accepted for compatibility (helmfile ignores it here too)', collect)
    .option('--values <file>', 'additional values file merged last (repeatable)', collect)
    .option(
      '--output-file-template <tpl>',
      'Go template of the output file (default {{ .State.BaseName }}-{{ .State.AbsPathSHA1 }}/{{ .Release.Name}}.yaml)',
    )
    .option('--concurrency <n>', 'accepted for compatibility', parseCount, 0)
    .option('--skip-cleanup', 'accepted for compatibility');
  addNeedsFlags(cmd).action(async (opts: CommonHelmFlags & { outputFileTemplate?: string }, c: Command) => {
    // Loaded on use: a command's code costs start-up time only when it runs.
    const { writeValues } = await import('../../api/write-values.js');
    await tolerateNoMatch(c, io, async () => {
      const { set: _ignored, ...flags } = opts;
      await writeValues({
        ...helmRunOptions(c, io, flags),
        ...(opts.outputFileTemplate ? { outputFileTemplate: opts.outputFileTemplate } : {}),
      });
    });
  });
}
