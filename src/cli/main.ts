import { runCli } from './cli.js';
import { EXIT } from './exit-codes.js';
import { deliverInterrupt, interruptedBy } from './interrupt.js';

/** The process edge: the only module that reads argv, writes to the terminal and sets the exit code. */
export async function main(): Promise<void> {
  const io = {
    out: (s: string) => void process.stdout.write(s),
    err: (s: string) => void process.stderr.write(s),
    color: process.stdout.isTTY === true && !process.env.NO_COLOR,
  };
  const exitCodeOf = (sig: NodeJS.Signals) => (sig === 'SIGTERM' ? EXIT.sigterm : EXIT.sigint);
  // The first signal stops a running deploy cleanly (its helm processes end, the summary is printed);
  // a second one, or one with nothing to stop, exits at once.
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      if (!deliverInterrupt(sig)) process.exit(exitCodeOf(sig));
      else process.stderr.write(`\n${sig === 'SIGINT' ? 'Ctrl-C' : sig}: stopping (again to exit at once)\n`);
    });
  }
  const code = await runCli(process.argv.slice(2), io);
  const sig = interruptedBy();
  process.exitCode = sig ? exitCodeOf(sig) : code;
}
