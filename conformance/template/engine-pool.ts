/**
 * Renders cases with helmfire's engine in a child process, so that a case
 * that hangs or crashes the engine is detected (and reported as such) instead
 * of stopping the run.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Case, Outcome } from './case.js';

const WORKER = join(dirname(fileURLToPath(import.meta.url)), 'engine-worker.ts');

export interface PoolResult {
  outcomes: Map<string, Outcome>;
  /** Engine parts that could not be loaded (with the import error). */
  missing: string[];
  /** Ids of cases on which the engine hung (no answer within the time limit). */
  hangs: string[];
}

function runWorker(
  cases: Case[],
  timeoutMs: number,
  got: Map<string, Outcome>,
  onReady: (missing: string[]) => void,
): Promise<'done' | 'hang' | 'died'> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, WORKER], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, TZ: 'UTC' },
    });
    let timer: NodeJS.Timeout | undefined;
    let hung = false;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        hung = true;
        child.kill('SIGKILL');
      }, timeoutMs);
    };
    const rl = createInterface({ input: child.stdout });
    rl.on('line', (line) => {
      const msg = JSON.parse(line) as { ready?: boolean; missing?: string[]; id?: string; outcome?: Outcome };
      if (msg.ready) {
        onReady(msg.missing ?? []);
        for (const c of cases)
          child.stdin.write(
            `${JSON.stringify({ id: c.id, input: c.input, insecureDisabled: c.insecureDisabled })}\n`,
          );
        child.stdin.end();
      } else if (msg.id !== undefined && msg.outcome) {
        got.set(msg.id, msg.outcome);
      }
      arm();
    });
    child.stdin.on('error', () => {
      /* the worker was killed; remaining cases are re-sent */
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(hung ? 'hang' : code === 0 ? 'done' : 'died');
    });
    arm();
  });
}

export async function renderWithHelmfire(
  cases: Case[],
  opts: { timeoutMs?: number; onProgress?: (done: number) => void } = {},
): Promise<PoolResult> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const outcomes = new Map<string, Outcome>();
  const hangs: string[] = [];
  let missing: string[] = [];
  let todo = cases;
  while (todo.length > 0) {
    const before = outcomes.size;
    const how = await runWorker(todo, timeoutMs, outcomes, (m) => {
      missing = m;
    });
    opts.onProgress?.(outcomes.size);
    const rest = todo.filter((c) => !outcomes.has(c.id));
    if (rest.length === 0) break;
    const first = rest[0]!;
    if (how === 'died' && outcomes.size === before) {
      // The worker cannot even start: report every remaining case once.
      for (const c of rest)
        outcomes.set(c.id, { output: '', error: "helmfire's engine process died", panic: true });
      break;
    }
    if (how === 'hang') {
      hangs.push(first.id);
      outcomes.set(first.id, {
        output: '',
        error: 'helmfire hung (no answer within the time limit)',
        panic: true,
      });
    } else {
      outcomes.set(first.id, {
        output: '',
        error: `helmfire's engine process ${how} on this case`,
        panic: true,
      });
    }
    todo = rest.slice(1);
  }
  return { outcomes, missing, hangs };
}
