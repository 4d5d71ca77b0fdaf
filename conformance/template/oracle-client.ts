/**
 * Drives the Go template oracle: builds it when missing (build-oracle.sh caches
 * the binary outside the work tree) and runs cases through its batch mode.
 */

import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Case, Outcome } from './case.js';
import { goStringFromBytes } from './go-bytes.js';

const HERE = dirname(fileURLToPath(import.meta.url));

export class OracleError extends Error {
  override readonly name = 'OracleError';
}

/** Build the oracle if needed; returns the binary's path. */
export function ensureOracle(): string {
  const res = spawnSync('bash', [join(HERE, 'build-oracle.sh')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (res.error || res.status !== 0) {
    throw new OracleError(
      `building the template oracle failed (${res.error?.message ?? `exit ${res.status}`})`,
    );
  }
  return res.stdout.trim();
}

/**
 * The environment the oracle runs in: PATH only, local time zone UTC, and the
 * switch that disables helmfile's insecure functions when asked. helmfire's
 * side of the comparison runs with the same time zone.
 */
export function oracleEnv(insecureDisabled: boolean): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', TZ: 'UTC' };
  if (insecureDisabled) env.HELMFILE_DISABLE_INSECURE_FEATURES = 'true';
  return env;
}

interface WireResponse {
  id: string;
  output: string;
  error?: string;
  phase?: string;
  badUtf8?: boolean;
  /** The exact bytes of output and error (base64) when they are not valid UTF-8. */
  outputBytes?: string;
  errorBytes?: string;
  panic?: boolean;
}

/** The request line for a case. */
export function requestLine(c: Case): string {
  return JSON.stringify({ id: c.id, ...c.input });
}

function runOnce(
  bin: string,
  cases: Case[],
  insecureDisabled: boolean,
  got: Map<string, Outcome>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['batch'], {
      env: oracleEnv(insecureDisabled),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.on('error', reject);
    // A fatal Go error (e.g. a stack overflow printing a self-referencing
    // map) prints a huge trace: keep its first line only.
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => {
      if (stderr.length < 4096) stderr += b.toString();
    });
    const rl = createInterface({ input: child.stdout });
    rl.on('line', (line) => {
      const r = JSON.parse(line) as WireResponse;
      const o: Outcome = { output: r.output, error: r.error ?? '' };
      if (r.outputBytes !== undefined) o.output = goStringFromBytes(Buffer.from(r.outputBytes, 'base64'));
      if (r.errorBytes !== undefined) o.error = goStringFromBytes(Buffer.from(r.errorBytes, 'base64'));
      if (r.phase) o.phase = r.phase;
      if (r.badUtf8) o.badUtf8 = true;
      if (r.panic) o.panic = true;
      got.set(r.id, o);
    });
    child.stdin.on('error', () => {
      /* the oracle exited early (timeout); the remaining cases are re-sent */
    });
    child.on('close', (code) => {
      if (code !== 0 && stderr) console.error(`oracle exited (${code}): ${stderr.split('\n')[0]}`);
      resolve();
    });
    for (const c of cases) child.stdin.write(`${requestLine(c)}\n`);
    child.stdin.end();
  });
}

/** Run cases through the oracle; every case gets an outcome. */
export async function runOracle(
  cases: Case[],
  opts: { bin?: string; onProgress?: (done: number) => void } = {},
): Promise<Map<string, Outcome>> {
  const bin = opts.bin ?? ensureOracle();
  const got = new Map<string, Outcome>();
  for (const insecure of [false, true]) {
    let todo = cases.filter((c) => (c.insecureDisabled ?? false) === insecure);
    while (todo.length > 0) {
      const before = got.size;
      await runOnce(bin, todo, insecure, got);
      opts.onProgress?.(got.size);
      const rest = todo.filter((c) => !got.has(c.id));
      if (rest.length === todo.length || got.size === before) {
        // No progress: the oracle died on the first case itself.
        const first = rest[0]!;
        got.set(first.id, { output: '', error: 'oracle: crashed', phase: 'exec', panic: true });
        todo = rest.slice(1);
      } else {
        todo = rest;
      }
    }
  }
  return got;
}

export interface OracleBench {
  cases: number;
  skipped: number;
  iterations: number;
  seconds: number;
  /** Seconds each case took for all its iterations, by case id. */
  perCase: Record<string, number>;
}

/** The oracle's bench mode: parse each case once, then execute it `iterations` times in a row. */
export function benchOracle(bin: string, cases: Case[], iterations: number): OracleBench {
  const res = spawnSync(bin, ['bench', '-n', String(iterations)], {
    input: cases.map((c) => `${requestLine(c)}\n`).join(''),
    env: oracleEnv(false),
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (res.error || res.status !== 0)
    throw new OracleError(`oracle bench failed: ${res.stderr || res.error?.message}`);
  return JSON.parse(res.stdout) as OracleBench;
}
