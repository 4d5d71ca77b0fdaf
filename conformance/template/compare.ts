/** Compares helmfire's outcome for a case with the oracle's. */
import type { Case, Outcome } from './case.js';
import { goStringBytes } from './go-bytes.js';

export interface Verdict {
  ok: boolean;
  /** Why not, in one line. */
  reason?: string;
}

/** Equal as Go bytes (a string holding raw bytes may be spelt in more than one way). */
function sameBytes(a: string, b: string): boolean {
  return a === b || goStringBytes(a).equals(goStringBytes(b));
}

function show(o: Outcome): string {
  const out = JSON.stringify(o.output);
  return o.error ? `output ${out}, error ${JSON.stringify(o.error)}` : `output ${out}`;
}

export function compareOutcome(c: Pick<Case, 'compare'>, oracle: Outcome, helmfire: Outcome): Verdict {
  if (helmfire.panic) return { ok: false, reason: `helmfire crashed: ${helmfire.error}` };
  if (!sameBytes(oracle.error, helmfire.error)) {
    return {
      ok: false,
      reason: `error differs: go ${JSON.stringify(oracle.error)}, helmfire ${JSON.stringify(helmfire.error)}`,
    };
  }
  const shape = c.compare?.shape;
  if (shape !== undefined && !oracle.error) {
    const re = new RegExp(`^(?:${shape})$`, 's');
    if (!re.test(oracle.output))
      return {
        ok: false,
        reason: `corpus: go output ${JSON.stringify(oracle.output)} does not match the shape`,
      };
    if (!re.test(helmfire.output))
      return { ok: false, reason: `shape: helmfire ${show(helmfire)} does not match /${shape}/` };
    return { ok: true };
  }
  if (!sameBytes(oracle.output, helmfire.output)) {
    return { ok: false, reason: `output differs: go ${show(oracle)}; helmfire ${show(helmfire)}` };
  }
  return { ok: true };
}
