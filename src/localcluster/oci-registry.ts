import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isolatedHelmEnv, runHelm } from './chart-repo.js';
import { freePort, isAlive, stopProcess } from './processes.js';

/**
 * A real OCI registry on 127.0.0.1: distribution (Debian's `docker-registry`),
 * plain HTTP, filesystem storage in a work directory, no auth, no proxying.
 * `scripts/tools/ensure-apt.sh` installs it.
 */

export class OciRegistryError extends Error {
  override readonly name = 'OciRegistryError';
  constructor(
    readonly code: 'BINARY_MISSING' | 'START_FAILED' | 'START_TIMEOUT' | 'PUSH_FAILED',
    message: string,
  ) {
    super(message);
  }
}

export const DEFAULT_REGISTRY_BIN = '/usr/bin/docker-registry';

export interface OciRegistryOptions {
  /** Storage, config, log and pid file live here; created if missing. */
  readonly workDir: string;
  /** The distribution binary; defaults to Debian's. */
  readonly binary?: string;
  /** Listen on this port instead of a free one. */
  readonly port?: number;
  /** How long to wait for `GET /v2/` to answer; default 20 s. */
  readonly startTimeoutMs?: number;
}

export interface OciRegistry {
  /** `127.0.0.1:PORT`, as in `oci://127.0.0.1:PORT/charts`. */
  readonly host: string;
  readonly pid: number;
  readonly logFile: string;
  /** Stops the registry (SIGTERM, then SIGKILL) and waits until the process is gone. */
  stop(): Promise<void>;
}

const PID_FILE = 'registry.pid';

/** Starts the registry and resolves once `GET /v2/` answers 200. */
export async function startOciRegistry(opts: OciRegistryOptions): Promise<OciRegistry> {
  const binary = opts.binary ?? DEFAULT_REGISTRY_BIN;
  if (!existsSync(binary)) {
    throw new OciRegistryError(
      'BINARY_MISSING',
      `the OCI registry (${binary}) is not installed; run \`bash scripts/tools/ensure-apt.sh\` as root (Debian package docker-registry)`,
    );
  }
  const workDir = resolve(opts.workDir);
  await mkdir(join(workDir, 'storage'), { recursive: true });
  await stopStaleOciRegistry(workDir);

  // A free port can be taken by someone else before the registry binds it: try a few.
  const attempts = opts.port === undefined ? 3 : 1;
  for (let attempt = 1; ; attempt++) {
    const port = opts.port ?? (await freePort());
    try {
      return await startOn(binary, workDir, port, opts.startTimeoutMs ?? 20_000);
    } catch (err) {
      const busy = err instanceof OciRegistryError && /address already in use/.test(err.message);
      if (!busy || attempt >= attempts) throw err;
    }
  }
}

/** The registry's configuration: every setting stated, nothing taken from the environment. */
export function registryConfig(storageDir: string, port: number, httpSecret: string): string {
  return [
    'version: 0.1',
    'log:',
    '  level: warn',
    '  formatter: text',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${JSON.stringify(storageDir)}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    `  secret: ${httpSecret}`,
    '  headers:',
    '    X-Content-Type-Options: [nosniff]',
    'health:',
    '  storagedriver:',
    '    enabled: false',
    '',
  ].join('\n');
}

async function startOn(
  binary: string,
  workDir: string,
  port: number,
  timeoutMs: number,
): Promise<OciRegistry> {
  const host = `127.0.0.1:${port}`;
  const configFile = join(workDir, 'config.yml');
  const logFile = join(workDir, 'registry.log');
  await writeFile(
    configFile,
    registryConfig(join(workDir, 'storage'), port, randomBytes(16).toString('hex')),
  );
  await writeFile(logFile, '');

  const fd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(binary, ['serve', configFile], { env: registryEnv(), stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
  const pid = child.pid;
  if (pid === undefined) {
    throw new OciRegistryError('START_FAILED', `could not start ${binary}`);
  }
  // Never outlive this process: on exit (normal or by an uncaught error) the registry goes too.
  const killOnExit = () => {
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  };
  process.on('exit', killOnExit);
  child.unref();
  await writeFile(join(workDir, PID_FILE), String(pid));
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });

  const stop = async () => {
    process.off('exit', killOnExit);
    await stopProcess(pid, 5_000);
    await rm(join(workDir, PID_FILE), { force: true });
  };

  const deadline = Date.now() + timeoutMs;
  while (!(await answers(host))) {
    if (exited || Date.now() > deadline) {
      await stop();
      const log = (await readFile(logFile, 'utf8').catch(() => '')).trim().split('\n').slice(-5).join('\n');
      const what = exited ? 'exited during start-up' : `did not answer GET /v2/ within ${timeoutMs / 1000}s`;
      throw new OciRegistryError(
        exited ? 'START_FAILED' : 'START_TIMEOUT',
        `OCI registry on ${host} ${what} (log ${logFile})${log ? `:\n${log}` : ''}`,
      );
    }
    await sleep(50);
  }
  return { host, pid, logFile, stop };
}

/** The caller's environment less REGISTRY_* (distribution reads those as config overrides) and OTEL_*. */
function registryEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('REGISTRY_') && !key.startsWith('OTEL_')) env[key] = value;
  }
  return env;
}

function answers(host: string): Promise<boolean> {
  return new Promise((done) => {
    const req = get(`http://${host}/v2/`, { timeout: 1_000 }, (res) => {
      res.resume();
      done(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => done(false));
  });
}

/**
 * Stops a registry that an earlier, killed run left behind in `workDir`
 * (found by its pid file, and only if that process still serves this
 * directory's config).
 */
export async function stopStaleOciRegistry(workDir: string): Promise<void> {
  const pidFile = join(resolve(workDir), PID_FILE);
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    let cmdline: string[] = [];
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      // gone meanwhile, or not ours to read
    }
    if (cmdline.includes(join(resolve(workDir), 'config.yml'))) await stopProcess(pid, 5_000);
  }
  await rm(pidFile, { force: true });
}

export interface PushedChart {
  /** `oci://HOST/charts/NAME:VERSION` */
  readonly ref: string;
  readonly digest: string;
}

/**
 * `helm push <tgz> oci://HOST/charts --plain-http` (`repository` replaces
 * `charts`). Without `env`, helm runs with fresh homes of its own, so the
 * user's helm and registry configuration is neither read nor written.
 */
export async function pushChart(
  host: string,
  tgz: string,
  helmBin: string,
  opts: { readonly env?: NodeJS.ProcessEnv; readonly repository?: string } = {},
): Promise<PushedChart> {
  const repository = opts.repository ?? 'charts';
  const home = opts.env ? undefined : await mkdtemp(join(tmpdir(), 'helmfire-push-'));
  const env = opts.env ?? isolatedHelmEnv(home as string);
  let out: string;
  try {
    out = await runHelm(helmBin, ['push', tgz, `oci://${host}/${repository}`, '--plain-http'], env);
  } catch (err) {
    throw new OciRegistryError('PUSH_FAILED', (err as Error).message);
  } finally {
    if (home) await rm(home, { recursive: true, force: true });
  }
  const pushed = /Pushed:\s*(\S+)/.exec(out)?.[1];
  const digest = /Digest:\s*(sha256:[0-9a-f]{64})/.exec(out)?.[1];
  if (!pushed || !digest) {
    throw new OciRegistryError('PUSH_FAILED', `helm push ${tgz}: unexpected output: ${out.trim()}`);
  }
  return { ref: `oci://${pushed}`, digest };
}
