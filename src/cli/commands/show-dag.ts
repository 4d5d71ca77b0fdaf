import { type Command, Option } from 'commander';
import type { CliIO } from '../io.js';
import { checkMatched, stateOptions } from './build.js';

export function registerShowDag(program: Command, io: CliIO): void {
  program
    .command('show-dag')
    .description('print the order releases run in: GROUP RELEASE DEPENDENCIES, one table per state file')
    .addOption(new Option('--output <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (opts: { output: 'table' | 'json' }, cmd: Command) => {
      // Loaded on use: a command's code costs start-up time only when it runs.
      const { formatDagJson, formatDagTable, showDag } = await import('../../api/show-dag.js');
      const options = stateOptions(cmd, io);
      const tables = await showDag(options);
      const releases = tables.reduce((n, t) => n + t.rows.length, 0);
      checkMatched(cmd, io, releases, options, options.environment ?? 'default');
      if (releases > 0) io.out(opts.output === 'json' ? formatDagJson(tables) : formatDagTable(tables));
    });
}
