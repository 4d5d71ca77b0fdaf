import { type Command, CommanderError } from 'commander';
import { apply, type DeployOptions, destroy, diff, sync } from '../../api/deploy.js';
import type { HelmRunOptions } from '../../api/run-context.js';
import { renderReleaseDiff, summarize } from '../../diff/index.js';
import { progressPrinter, renderSummary } from '../deploy-output.js';
import { EXIT } from '../exit-codes.js';
import { globalOptions } from '../global-options.js';
import { type CliIO, lines } from '../io.js';
import { stateOptions } from './build.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

interface RunFlags {
  concurrency: string;
  set?: string[];
  values?: string[];
  args?: string;
  wait?: boolean;
  waitForJobs?: boolean;
  timeout?: string;
  includeNeeds?: boolean;
  includeTransitiveNeeds?: boolean;
  skipNeeds?: boolean;
  detailedExitcode?: boolean;
  output: string;
  context?: string;
  showSecrets?: boolean;
}

/** Flags every helm-running command shares (helmfile's names). */
function runFlags(cmd: Command): Command {
  return cmd
    .option('--concurrency <n>', 'releases helm works on at once (0 = unlimited)', '0')
    .option('--set <k=v>', 'set a value on every release (repeatable)', collect)
    .option('--values <file>', 'values file for every release (repeatable)', collect)
    .option('--args <args>', 'extra arguments passed to helm')
    .option('--include-needs', 'also act on the releases the selected ones need')
    .option('--include-transitive-needs', 'also act on everything the selected releases need, transitively')
    .option(
      '--skip-needs',
      'do not act on needed releases that are not selected (default unless --include-needs)',
    )
    .option('-o, --output <format>', 'output: text or json', 'text');
}

function helmRunOptions(cmd: Command, io: CliIO, f: RunFlags, signal: AbortSignal): HelmRunOptions {
  const g = globalOptions(cmd);
  return {
    ...stateOptions(cmd, io),
    ...(g.kubeconfig ? { kubeconfig: g.kubeconfig } : {}),
    ...(g.allowNoMatchingRelease ? { allowNoMatchingRelease: true } : {}),
    concurrency: Number(f.concurrency) || 0,
    ...(f.set ? { set: f.set } : {}),
    ...(f.values ? { values: f.values } : {}),
    ...(f.includeNeeds ? { includeNeeds: true } : {}),
    ...(f.includeTransitiveNeeds ? { includeTransitiveNeeds: true } : {}),
    ...(f.skipNeeds ? { skipNeeds: true } : {}),
    cli: {
      ...(g.kubeContext ? { kubeContext: g.kubeContext } : {}),
      ...(f.args ? { args: f.args } : {}),
      ...(f.wait ? { wait: true } : {}),
      ...(f.waitForJobs ? { waitForJobs: true } : {}),
      ...(f.timeout ? { timeout: Number(f.timeout) } : {}),
    },
    signal,
  };
}

/** An AbortSignal raised by Ctrl-C / SIGTERM, so running helm processes are stopped cleanly. */
function interruptSignal(): AbortSignal {
  const ac = new AbortController();
  const stop = () => ac.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return ac.signal;
}

export function registerDeploy(program: Command, io: CliIO): void {
  for (const [name, fn, description] of [
    ['sync', sync, 'install or upgrade every selected release (a new revision each), in needs order'],
    [
      'apply',
      apply,
      'upgrade only releases whose inputs changed or whose live objects drifted; uninstall installed: false',
    ],
    ['destroy', destroy, 'uninstall every selected release, dependents first'],
  ] as const) {
    const cmd = runFlags(program.command(name).description(description));
    if (name !== 'destroy') {
      cmd
        .option('--wait', 'wait until resources are ready')
        .option('--wait-for-jobs', 'wait until Jobs are complete')
        .option('--timeout <seconds>', 'time to wait for each helm operation')
        .option('--detailed-exitcode', 'exit 2 when something was changed');
    }
    cmd.action(async (f: RunFlags, c: Command) => {
      const g = globalOptions(c);
      const options: DeployOptions = {
        ...helmRunOptions(c, io, f, interruptSignal()),
        onEvent: progressPrinter(io, g.quiet === true || f.output === 'json'),
      };
      const result = await fn(options);
      if (f.output === 'json') lines(io, JSON.stringify(result, null, 2));
      else io.out(renderSummary(io, result));
      if (result.failed) throw new CommanderError(EXIT.error, 'helmfire.failed', '');
      if (f.detailedExitcode && result.changed)
        throw new CommanderError(EXIT.changes, 'helmfire.changes', '');
    });
  }

  runFlags(program.command('diff').description('show what sync would change, compared with the LIVE cluster'))
    .option('--context <n>', 'lines of context around each change (default: whole objects)', '-1')
    .option('--show-secrets', 'show the values of Secret data (hidden by default)')
    .option('--suppress-secrets', 'hide the values of Secret data (the default)')
    .option('--detailed-exitcode', 'exit 2 when there are changes')
    .action(async (f: RunFlags, c: Command) => {
      const result = await diff({
        ...helmRunOptions(c, io, f, interruptSignal()),
        ...(f.showSecrets ? { showSecrets: true } : {}),
      });
      if (f.output === 'json') lines(io, JSON.stringify(result, null, 2));
      else {
        for (const r of result.releases) {
          const text = renderReleaseDiff(r, { context: Number(f.context ?? -1), color: io.color });
          if (text) io.out(text);
        }
        for (const r of result.releases) {
          const n = summarize(r);
          io.err(
            `${r.release} (${r.namespace}): ${n.add} to add, ${n.change} to change, ${n.remove} to remove${n.errors ? `, ${n.errors} not compared` : ''}\n`,
          );
        }
      }
      if (f.detailedExitcode && result.changed)
        throw new CommanderError(EXIT.changes, 'helmfire.changes', '');
    });
}
