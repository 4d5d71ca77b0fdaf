/**
 * Child process that renders cases with helmfire's engine: JSON lines
 * `{id, input, insecureDisabled?}` on stdin, `{id, outcome}` on stdout. The first line written is
 * `{ready: true, missing: [...]}`. Run by engine-pool.ts, which watches it for
 * hangs.
 */
import { createInterface } from 'node:readline';
import type { CaseInput } from './case.js';
import { loadEngine } from './engine.js';

const engine = await loadEngine();
process.stdout.write(`${JSON.stringify({ ready: true, missing: engine.missing })}\n`);
const rl = createInterface({ input: process.stdin });
for await (const line of rl) {
  if (!line.trim()) continue;
  const { id, input, insecureDisabled } = JSON.parse(line) as {
    id: string;
    input: CaseInput;
    insecureDisabled?: boolean;
  };
  const outcome = engine.render(input, { insecureDisabled: insecureDisabled === true });
  process.stdout.write(`${JSON.stringify({ id, outcome })}\n`);
}
