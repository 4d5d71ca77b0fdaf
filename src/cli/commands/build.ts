import type { Command } from 'commander';
import { buildState, type StateOptions } from '../../api/state.js';
import { NoMatchingReleaseError } from '../../state/errors.js';
import { globalOptions } from '../global-options.js';
import type { CliIO } from '../io.js';

/** The state-loading options of the global flags (shared by every command that loads state). */
export function stateOptions(cmd: Command, io: CliIO): StateOptions {
  const g = globalOptions(cmd);
  let root = cmd;
  while (root.parent) root = root.parent;
  // `-e` defaults to "default"; an explicit HELMFILE_ENVIRONMENT wins over the default only.
  const envFromFlag = root.getOptionValueSource('environment') !== 'default';
  return {
    ...(g.file?.length ? { file: g.file[g.file.length - 1]! } : {}),
    ...(g.file && g.file.length > 1 ? { files: g.file } : {}),
    ...(envFromFlag ? { environment: g.environment } : {}),
    selectors: g.selector ?? [],
    ...(g.namespace ? { namespace: g.namespace } : {}),
    ...(g.kubeContext ? { kubeContext: g.kubeContext } : {}),
    ...(g.chart ? { chart: g.chart } : {}),
    stateValuesSet: g.stateValuesSet ?? [],
    stateValuesSetString: g.stateValuesSetString ?? [],
    stateValuesFile: g.stateValuesFile ?? [],
    helmBinary: g.helmBinary,
    warn: (m) => io.err(`${m}\n`),
  };
}

/** helmfile's no-match rule: an error, or only a message with --allow-no-matching-release. */
export function checkMatched(
  cmd: Command,
  io: CliIO,
  releases: number,
  opts: StateOptions,
  environment: string,
): void {
  if (releases > 0) return;
  const err = new NoMatchingReleaseError(opts.selectors ?? [], environment);
  if (globalOptions(cmd).allowNoMatchingRelease) {
    io.err(`${err.message}\n`);
    return;
  }
  throw err;
}

export function registerBuild(program: Command, io: CliIO): void {
  program
    .command('build')
    .description('print the merged state of every state file, as helmfile build does')
    .option('--embed-values', 'replace values and secrets files of releases with their content')
    .action(async (opts: { embedValues?: boolean }, cmd: Command) => {
      const options = stateOptions(cmd, io);
      const { text, state } = await buildState({ ...options, embedValues: opts.embedValues ?? false });
      io.out(text);
      checkMatched(cmd, io, state.releases.length, options, state.environment);
    });
}
