import { runCli } from '../../src/cli/cli.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `helmfire <args>` as a user types it, run in-process, its output captured without color. */
export async function helmfire(args: readonly string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...args], {
    out: (s) => {
      stdout += s;
    },
    err: (s) => {
      stderr += s;
    },
    color: false,
  });
  return { code, stdout, stderr };
}
