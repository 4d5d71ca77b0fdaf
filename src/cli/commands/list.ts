import { type Command, Option } from 'commander';
import { formatList, listReleases } from '../../api/state.js';
import type { CliIO } from '../io.js';
import { checkMatched, stateOptions } from './build.js';

export function registerList(program: Command, io: CliIO): void {
  program
    .command('list')
    .description('list the releases of the state: NAME NAMESPACE ENABLED INSTALLED LABELS CHART VERSION')
    .addOption(new Option('--output <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--skip-charts', 'do not prepare charts (helmfire never needs to for list)')
    .option('--keep-temp-dir', 'keep temporary files (accepted for compatibility)')
    .action(async (opts: { output: 'table' | 'json' }, cmd: Command) => {
      const options = stateOptions(cmd, io);
      const { rows, state } = await listReleases(options);
      checkMatched(cmd, io, rows.length, options, state.environment);
      if (rows.length > 0) io.out(formatList(rows, opts.output));
    });
}
