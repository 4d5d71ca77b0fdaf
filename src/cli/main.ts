import { runCli } from './cli.js';
import { EXIT } from './exit-codes.js';

/** The process edge: the only module that reads argv, writes to the terminal and sets the exit code. */
export async function main(): Promise<void> {
  const io = {
    out: (s: string) => void process.stdout.write(s),
    err: (s: string) => void process.stderr.write(s),
    color: process.stdout.isTTY === true && !process.env.NO_COLOR,
  };
  process.once('SIGINT', () => process.exit(EXIT.sigint));
  process.once('SIGTERM', () => process.exit(EXIT.sigterm));
  process.exitCode = await runCli(process.argv.slice(2), io);
}
