import { Command } from 'commander';
import { VERSION } from '../version.js';
import { registerBuild } from './commands/build.js';
import { registerChart } from './commands/chart.js';
import { registerCluster } from './commands/cluster.js';
import { registerDeploy } from './commands/deploy.js';
import { registerDeps } from './commands/deps.js';
import { registerFetch } from './commands/fetch.js';
import { registerImage } from './commands/image.js';
import { registerLint } from './commands/lint.js';
import { registerList } from './commands/list.js';
import { registerRepos } from './commands/repos.js';
import { registerShowDag } from './commands/show-dag.js';
import { registerStatus } from './commands/status.js';
import { registerTemplate } from './commands/template.js';
import { registerTest } from './commands/test.js';
import { registerVersion } from './commands/version.js';
import { registerWriteValues } from './commands/write-values.js';
import { describeError, EXIT } from './exit-codes.js';
import { addGlobalOptions, subcommandFirst } from './global-options.js';
import type { CliIO } from './io.js';

/**
 * The command line: parses arguments and calls the programmatic API
 * (src/api). Each command lives in src/cli/commands/<name>.ts and only
 * parses, calls the API, and prints; it holds no logic of its own.
 */
export function buildProgram(io: CliIO): Command {
  const program = new Command('helmfire')
    .description(
      'Deploy many helm releases from one declarative state file (helmfile-compatible), with a fast dev loop and live drift detection.',
    )
    .version(VERSION, '-v, --version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError('(run `helmfire --help` for usage)');
  addGlobalOptions(program);
  for (const register of [
    registerVersion,
    registerCluster,
    registerBuild,
    registerList,
    registerDeploy,
    registerStatus,
    registerTemplate,
    registerLint,
    registerWriteValues,
    registerShowDag,
    registerDeps,
    registerRepos,
    registerFetch,
    registerTest,
    registerChart,
    registerImage,
  ])
    register(program, io);
  return program;
}

/** Runs one command line (`argv` without node and script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(subcommandFirst(argv, program), { from: 'user' });
    return EXIT.ok;
  } catch (err) {
    const { message, exitCode } = describeError(err);
    if (message) io.err(`Error: ${message}\n`);
    return exitCode;
  }
}
