import type { Command } from 'commander';
import { VERSION } from '../../version.js';
import { type CliIO, lines } from '../io.js';

export function registerVersion(program: Command, io: CliIO): void {
  program
    .command('version')
    .description('print the version')
    .option('-o, --output <format>', 'output format: text or json', 'text')
    .action((opts: { output: string }) => {
      if (opts.output === 'json') lines(io, JSON.stringify({ version: VERSION }));
      else lines(io, `helmfire ${VERSION}`);
    });
}
