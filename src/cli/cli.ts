import { Command, CommanderError, Option } from 'commander';
import { localClusterDown, localClusterStatus, localClusterUp } from '../api/local-cluster.js';
import { VERSION } from '../version.js';
import { describeError, EXIT } from './exit-codes.js';
import { type CliIO, lines } from './io.js';

/**
 * The command line: parses arguments and calls the programmatic API
 * (src/api). It prints and picks exit codes; it holds no logic of its own.
 */

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** helmfile's global flags, accepted before or after the subcommand. */
function addGlobalOptions(cmd: Command): Command {
  return cmd
    .option(
      '-f, --file <path>',
      'state file, directory or glob (default: helmfile.yaml, helmfile.yaml.gotmpl, helmfile.d/)',
    )
    .option('-e, --environment <name>', 'environment to use', 'default')
    .option(
      '-l, --selector <k=v,...>',
      'only releases matching these labels (repeatable: OR across flags)',
      collect,
    )
    .option('-n, --namespace <ns>', 'namespace to use for releases without one')
    .option('--kube-context <name>', 'kubeconfig context to use')
    .option('--kubeconfig <path>', 'kubeconfig file to use')
    .option('--state-values-set <k=v>', 'set state values (repeatable)', collect)
    .option('--state-values-set-string <k=v>', 'set state values as strings (repeatable)', collect)
    .option('--state-values-file <path>', 'state values file (repeatable)', collect)
    .option('--helm-binary <path>', 'helm binary to use', 'helm')
    .option('--skip-deps', 'do not build chart dependencies')
    .option('--allow-no-matching-release', 'do not fail when no release matches the selector')
    .addOption(
      new Option('--log-level <level>', 'log level')
        .choices(['debug', 'info', 'warn', 'error'])
        .default('info'),
    )
    .option('--debug', 'debug output')
    .option('--color', 'force colored output')
    .option('--no-color', 'no colored output')
    .option('-q, --quiet', 'less output');
}

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

  program
    .command('version')
    .description('print the version')
    .option('-o, --output <format>', 'output format: text or json', 'text')
    .action((opts: { output: string }) => {
      if (opts.output === 'json') lines(io, JSON.stringify({ version: VERSION }));
      else lines(io, `helmfire ${VERSION}`);
    });

  const cluster = program
    .command('cluster')
    .description(
      'the embedded local Kubernetes cluster: a real control plane on loopback, for trying helmfire',
    );
  cluster
    .command('up')
    .description('start the local cluster (idempotent); prints the kubeconfig path as its last line')
    .option('--name <name>', 'cluster name', 'default')
    .action(async (opts: { name: string }) => {
      const r = await localClusterUp({ name: opts.name, log: (l) => io.err(`  ${l}\n`) });
      io.err(
        r.reused ? 'local cluster already running\n' : `local cluster started in ${r.seconds.toFixed(1)}s\n`,
      );
      io.err(`  API server: ${r.server}\n  use it:     export KUBECONFIG=${r.kubeconfig}\n`);
      lines(io, r.kubeconfig);
    });
  cluster
    .command('down')
    .description('stop the local cluster and remove its data')
    .option('--name <name>', 'cluster name', 'default')
    .action(async (opts: { name: string }) => {
      lines(
        io,
        (await localClusterDown({ name: opts.name })) ? 'local cluster stopped' : 'no local cluster running',
      );
    });
  cluster
    .command('status')
    .description('tell whether the local cluster runs and is ready (exit 1 when not)')
    .option('--name <name>', 'cluster name', 'default')
    .option('-o, --output <format>', 'output format: text or json', 'text')
    .action(async (opts: { name: string; output: string }) => {
      const s = await localClusterStatus({ name: opts.name });
      if (opts.output === 'json')
        lines(io, JSON.stringify(s ?? { running: false, ready: false, components: [] }));
      else if (!s) lines(io, 'local cluster: not running');
      else {
        lines(io, `local cluster: ${s.ready ? 'ready' : s.running ? 'running, not ready' : 'broken'}`);
        lines(io, `  API server:  ${s.server}`, `  kubeconfig:  ${s.kubeconfig}`);
        for (const c of s.components) {
          lines(io, `  ${c.name.padEnd(24)} ${c.running ? 'running' : 'stopped'}  pid ${c.pid ?? '-'}`);
        }
      }
      if (!s?.ready) throw new CommanderError(EXIT.error, 'helmfire.notReady', '');
    });

  return program;
}

/** Runs one command line (`argv` without node and script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (err) {
    const { message, exitCode } = describeError(err);
    if (message) io.err(`Error: ${message}\n`);
    return exitCode;
  }
}
