import { type Command, CommanderError } from 'commander';
import { localClusterDown, localClusterStatus, localClusterUp } from '../../api/local-cluster.js';
import { EXIT } from '../exit-codes.js';
import { type CliIO, lines } from '../io.js';

export function registerCluster(program: Command, io: CliIO): void {
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
}
