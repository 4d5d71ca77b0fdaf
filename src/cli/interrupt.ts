/**
 * Ctrl-C and SIGTERM for commands that can stop cleanly. A command that runs
 * helm takes an `interruptSignal()`; the first signal aborts it (helm
 * processes are stopped, the summary says what was done) and the process
 * then exits 130/143. A second signal, or one while no such command runs,
 * exits at once. Only the process edge (main.ts) delivers signals here.
 */

const active = new Set<AbortController>();
let received: NodeJS.Signals | undefined;

/** An AbortSignal raised by the first Ctrl-C / SIGTERM; `release` it when the command is done. */
export function interruptSignal(): { readonly signal: AbortSignal; release(): void } {
  const ac = new AbortController();
  active.add(ac);
  return { signal: ac.signal, release: () => active.delete(ac) };
}

/**
 * Delivers a signal: true when a running command was asked to stop and will
 * finish by itself; false when the process should exit now.
 */
export function deliverInterrupt(sig: NodeJS.Signals): boolean {
  if (received !== undefined || active.size === 0) return false;
  received = sig;
  for (const ac of active) ac.abort(new Error(`interrupted by ${sig}`));
  return true;
}

/** The signal that stopped the command, if any. */
export function interruptedBy(): NodeJS.Signals | undefined {
  return received;
}
