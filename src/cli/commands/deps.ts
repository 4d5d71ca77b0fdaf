import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import { helmRunOptions, parseCount } from './helm-options.js';

export function registerDeps(program: Command, io: CliIO): void {
  program
    .command('deps')
    .description("update local charts' dependencies and write the state's lock file of chart versions")
    .option('--args <args>', 'pass args to helm')
    .option('--skip-repos', 'do not add the repositories first')
    .option(
      '--concurrency <n>',
      'accepted for compatibility (dependency updates run one at a time)',
      parseCount,
      0,
    )
    .action(async (opts: { args?: string; skipRepos?: boolean }, c: Command) => {
      // Loaded on use: a command's code costs start-up time only when it runs.
      const { updateDeps } = await import('../../api/deps.js');
      const { lockFiles } = await updateDeps({
        ...helmRunOptions(c, io, { ...(opts.args ? { args: opts.args } : {}) }),
        ...(opts.skipRepos ? { skipRepos: true } : {}),
      });
      for (const l of lockFiles)
        io.err(`Wrote ${l.file} (${l.charts.length} chart${l.charts.length === 1 ? '' : 's'})\n`);
    });
}
