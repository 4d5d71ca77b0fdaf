import type { HookReport } from '../hooks/index.js';
import type { LockOwner } from '../lock/index.js';
import type { CliIO } from './io.js';

/**
 * Hooks on stderr: one line per hook run naming the release (or the state
 * file for global hooks); the output of `showlogs: true` hooks as helmfile
 * prints it (`hook[EVENT] logs | …`), and always the output of a failed one.
 */
export function hookPrinter(io: CliIO, quiet: boolean): (r: HookReport) => void {
  const red = io.color ? '\x1b[31m' : '';
  const dim = io.color ? '\x1b[2m' : '';
  const reset = io.color ? '\x1b[0m' : '';
  return (r) => {
    const who = r.release ? r.release.id : `global (${r.stateFile})`;
    const cmd = [r.command, ...r.args].join(' ');
    if (r.ok) {
      if (!quiet)
        io.err(
          `${dim}  ${who}: ${r.event} hook[${r.hook}] \`${cmd}\` done in ${r.seconds.toFixed(1)}s${reset}\n`,
        );
    } else {
      io.err(`${red}  ${who}: ${r.event} hook[${r.hook}] \`${cmd}\` FAILED: ${r.error ?? ''}${reset}\n`);
    }
    const out = r.output.replace(/\n$/, '');
    if (out && (r.showlogs || !r.ok)) {
      io.err(
        `${out
          .split('\n')
          .map((l) => `hook[${r.event}] logs | ${l}`)
          .join('\n')}\n`,
      );
    }
  };
}

/** Said once when another run holds the lock and this one waits (`--lock-timeout`). */
export function lockWaitPrinter(io: CliIO, timeout: number): (o: LockOwner) => void {
  return (o) =>
    io.err(
      `waiting up to ${timeout}s for another helmfire run to finish: pid ${o.pid}, \`${o.command}\`, started ${o.startedAt}\n`,
    );
}
