import type { Command } from 'commander';
import { globalOptions } from '../global-options.js';
import type { CliIO } from '../io.js';
import { addNeedsFlags, type CommonHelmFlags, collect, helmRunOptions, parseCount } from './helm-options.js';
import { tolerateNoMatch } from './template.js';

export function registerLint(program: Command, io: CliIO): void {
  const cmd = program
    .command('lint')
    .description("run helm lint on every selected release's chart with the release's values")
    .option('--args <args>', 'pass args to helm lint')
    .option('--set <k=v>', 'additional values for every release (helm --set; repeatable)', collect)
    .option('--values <file>', 'additional values file for every release (repeatable)', collect)
    .option('--concurrency <n>', 'helm processes at once (0: twice the CPU count)', parseCount, 0)
    .option('--skip-cleanup', 'accepted for compatibility (helmfire always removes its temporary files)');
  addNeedsFlags(cmd).action(async (opts: CommonHelmFlags, c: Command) => {
    // Loaded on use: a command's code costs start-up time only when it runs.
    const { lintReleases } = await import('../../api/lint.js');
    await tolerateNoMatch(c, io, async () => {
      await lintReleases({
        ...helmRunOptions(c, io, opts),
        // As helmfile prints helm's output: followed by a newline when there is any.
        // With --enable-live-output helm's output was shown while it ran.
        onOutput: (r) => {
          if (r.output && !globalOptions(c).enableLiveOutput) io.out(`${r.output}\n`);
        },
      });
    });
  });
}
