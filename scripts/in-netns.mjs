#!/usr/bin/env node
// Runs a command inside a fresh network namespace that has only loopback, so
// the local control plane, chart repository and registry it starts can never
// reach (or be reached from) anything but this machine.
//   node scripts/in-netns.mjs vitest run ...
// Needs CAP_SYS_ADMIN (root). Without it, or with HELMFIRE_NO_NETNS=1, it
// runs the command as it is and says so: everything binds 127.0.0.1 anyway.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error('usage: in-netns.mjs COMMAND [ARGS...]');
  process.exit(2);
}
const local = join(root, 'node_modules', '.bin', cmd);
const bin = existsSync(local) ? local : cmd;

function canUnshare() {
  if (process.env.HELMFIRE_NO_NETNS === '1' || process.env.HELMFIRE_IN_NETNS === '1') return false;
  const probe = spawnSync('unshare', ['--net', '--', 'true'], { stdio: 'ignore' });
  return probe.status === 0;
}

let child;
if (canUnshare()) {
  const script = 'ip link set lo up && exec "$@"';
  child = spawn('unshare', ['--net', '--', 'sh', '-c', script, 'sh', bin, ...args], {
    stdio: 'inherit',
    env: { ...process.env, HELMFIRE_IN_NETNS: '1' },
  });
} else {
  if (process.env.HELMFIRE_IN_NETNS !== '1') {
    console.error('[in-netns] no network namespace (needs root); running on the host network, loopback only');
  }
  child = spawn(bin, args, { stdio: 'inherit' });
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal === 'SIGINT' ? 130 : 143);
});
