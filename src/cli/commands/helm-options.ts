import type { Command } from 'commander';
import type { HelmRunOptions } from '../../api/helm-run.js';
import type { CliHelmOverrides } from '../../helm/index.js';
import { globalHelmOverrides, globalOptions, liveOutputOption } from '../global-options.js';
import type { CliIO } from '../io.js';
import { stateOptions } from './build.js';

/**
 * Flags and option plumbing shared by the commands that run helm on the
 * state's releases without deploying them (template, lint, write-values,
 * fetch, deps, repos).
 */

export const collect = (value: string, previous: string[] = []) => [...previous, value];

export function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`not a count: "${value}"`);
  return n;
}

/** `--flag`, `--flag=true`, `--flag=false` (cobra's booleans). */
export function parseBool(value: string | undefined): boolean {
  return value === undefined || !/^(false|0|no)$/i.test(value);
}

/** The options every such command shares; commands add their own flags. */
export interface CommonHelmFlags {
  args?: string;
  set?: string[];
  values?: string[];
  concurrency?: number;
  skipNeeds?: boolean;
  includeNeeds?: boolean;
  includeTransitiveNeeds?: boolean;
}

/** `--skip-needs`, `--include-needs`, `--include-transitive-needs` (helmfile's needs flags). */
export function addNeedsFlags(cmd: Command): Command {
  return cmd
    .option(
      '--skip-needs [bool]',
      'leave out releases the selected ones need (default true unless --include-needs)',
      parseBool,
    )
    .option('--include-needs', 'also run the releases the selected ones need')
    .option('--include-transitive-needs', 'also run the needs of needs');
}

/** Is the user asking for quiet output (`-q`, or a log level above info)? */
export function isQuiet(cmd: Command): boolean {
  const g = globalOptions(cmd);
  return g.quiet === true || g.logLevel === 'warn' || g.logLevel === 'error';
}

/** Progress lines to stderr, unless quiet. */
export function progress(cmd: Command, io: CliIO): (line: string) => void {
  return isQuiet(cmd) ? () => {} : (line) => io.err(`${line}\n`);
}

/** The run options of the global flags plus the shared command flags. */
export function helmRunOptions(
  cmd: Command,
  io: CliIO,
  flags: CommonHelmFlags,
  cli: CliHelmOverrides = {},
): HelmRunOptions {
  const g = globalOptions(cmd);
  const overrides: CliHelmOverrides = {
    ...globalHelmOverrides(g),
    ...(flags.args ? { args: flags.args } : {}),
    ...cli,
  };
  return {
    ...stateOptions(cmd, io),
    ...(g.kubeconfig ? { kubeconfig: g.kubeconfig } : {}),
    ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}),
    ...(flags.includeNeeds ? { includeNeeds: true } : {}),
    ...(flags.includeTransitiveNeeds ? { includeTransitiveNeeds: true } : {}),
    ...(flags.skipNeeds !== undefined ? { skipNeeds: flags.skipNeeds } : {}),
    ...(flags.set?.length ? { set: flags.set } : {}),
    ...(flags.values?.length ? { values: flags.values } : {}),
    cli: overrides,
    allowNoMatchingRelease: g.allowNoMatchingRelease === true,
    ...(g.skipDeps ? { skipDeps: true } : {}),
    ...(g.skipRefresh ? { skipRefresh: true } : {}),
    log: progress(cmd, io),
    ...liveOutputOption(g, io),
  };
}
