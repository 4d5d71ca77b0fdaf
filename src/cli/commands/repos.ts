import { type Command, Option } from 'commander';
import type { CliIO } from '../io.js';
import { stateOptions } from './build.js';
import { progress } from './helm-options.js';

export function registerRepos(program: Command, io: CliIO): void {
  program
    .command('repos')
    .description('add the repositories of the state to helm (and log in to OCI registries with credentials)')
    .option('--args <args>', 'pass args to helm')
    .addOption(new Option('--output <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (opts: { args?: string; output: 'text' | 'json' }, cmd: Command) => {
      // Loaded on use: a command's code costs start-up time only when it runs.
      const { addRepos } = await import('../../api/repos.js');
      const json = opts.output === 'json';
      const repos = await addRepos({
        ...stateOptions(cmd, io),
        ...(opts.args ? { args: opts.args } : {}),
        log: progress(cmd, io),
      });
      if (json) {
        io.out(
          `${JSON.stringify(
            repos.map(({ output: _, ...r }) => r),
            null,
            2,
          )}\n`,
        );
        return;
      }
      for (const r of repos) if (r.output) io.out(r.output.endsWith('\n') ? r.output : `${r.output}\n`);
    });
}
