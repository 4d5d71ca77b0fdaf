import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import { addNeedsFlags, type CommonHelmFlags, helmRunOptions, parseCount } from './helm-options.js';
import { tolerateNoMatch } from './template.js';

export function registerFetch(program: Command, io: CliIO): void {
  const cmd = program
    .command('fetch')
    .description(
      "fetch every selected release's chart (into helmfire's chart cache, and copies under --output-dir)",
    )
    .option('--output-dir <dir>', 'directory to copy the charts to (default: only fill the chart cache)')
    .option(
      '--output-dir-template <tpl>',
      'Go template of each chart directory: {{ .OutputDir }}, {{ .ChartName }}, {{ .Release.* }}, {{ .Environment.* }}',
    )
    .option('--concurrency <n>', 'helm processes at once (0: twice the CPU count)', parseCount, 0);
  addNeedsFlags(cmd).action(
    async (opts: CommonHelmFlags & { outputDir?: string; outputDirTemplate?: string }, c: Command) => {
      // Loaded on use: a command's code costs start-up time only when it runs.
      const { fetchCharts } = await import('../../api/fetch.js');
      await tolerateNoMatch(c, io, async () => {
        await fetchCharts({
          ...helmRunOptions(c, io, opts),
          ...(opts.outputDir ? { outputDir: opts.outputDir } : {}),
          ...(opts.outputDirTemplate ? { outputDirTemplate: opts.outputDirTemplate } : {}),
        });
      });
    },
  );
}
