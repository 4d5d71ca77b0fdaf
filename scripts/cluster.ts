// npm run cluster:up | cluster:down | cluster:status
// Manages the local control plane kept under helmfire's cache directory.
// `up` is idempotent and prints the kubeconfig path as its last line.
import {
  ensureLocalCluster,
  LocalCluster,
  LocalClusterError,
  localClusterDir,
  resolveToolchain,
} from '../src/localcluster/index.js';

async function main(cmd: string | undefined): Promise<number> {
  const dir = localClusterDir(process.env.HELMFIRE_CLUSTER_NAME ?? 'default');
  switch (cmd) {
    case 'up': {
      const t0 = Date.now();
      const { cluster, reused } = await ensureLocalCluster(dir, resolveToolchain(), {
        log: (l) => console.error(`  ${l}`),
      });
      const took = ((Date.now() - t0) / 1000).toFixed(1);
      console.error(reused ? 'local cluster already running' : `local cluster started in ${took}s`);
      console.error(`  API server: ${cluster.server}`);
      console.error(`  use it:     export KUBECONFIG=${cluster.kubeconfig}`);
      console.log(cluster.kubeconfig);
      return 0;
    }
    case 'down': {
      try {
        await (await LocalCluster.open(dir)).down();
        console.log('local cluster stopped');
      } catch (err) {
        if (!(err instanceof LocalClusterError && err.code === 'NOT_RUNNING')) throw err;
        console.log('no local cluster running');
      }
      return 0;
    }
    case 'status': {
      let cluster: LocalCluster;
      try {
        cluster = await LocalCluster.open(dir);
      } catch (err) {
        if (err instanceof LocalClusterError && err.code === 'NOT_RUNNING') {
          console.log('local cluster: not running');
          return 1;
        }
        throw err;
      }
      const s = await cluster.status();
      console.log(`local cluster: ${s.ready ? 'ready' : s.running ? 'running, not ready' : 'broken'}`);
      console.log(`  API server:  ${s.server}`);
      console.log(`  kubeconfig:  ${s.kubeconfig}`);
      for (const c of s.components) {
        console.log(`  ${c.name.padEnd(24)} ${c.running ? 'running' : 'stopped'}  pid ${c.pid ?? '-'}`);
      }
      return s.ready ? 0 : 1;
    }
    default:
      console.error('usage: cluster.ts up|down|status');
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  },
);
