// A long-lived helmfire process for the conformance runner: it loads the built
// CLI once and runs one command line after another, each in its own working
// directory and environment, as `node bin/helmfire.js` would. Requests come on
// stdin and answers go to fd 3 (JSON lines), so nothing helmfire prints can
// be mistaken for the protocol.
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

interface Request {
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Record<string, string>;
}

type RunCli = (
  argv: readonly string[],
  io: { out(s: string): void; err(s: string): void; color: boolean },
) => Promise<number>;

const cliModule = process.argv[2];
if (!cliModule) throw new Error('usage: helmfire-worker.ts <path of dist/cli/cli.js>');
const { runCli } = (await import(pathToFileURL(cliModule).href)) as { runCli: RunCli };
const ANSWERS = 3;

for await (const line of createInterface({ input: process.stdin })) {
  const req = JSON.parse(line) as Request;
  let stdout = '';
  let stderr = '';
  let code: number;
  try {
    process.chdir(req.cwd);
    for (const k of Object.keys(process.env)) delete process.env[k];
    Object.assign(process.env, req.env);
    code = await runCli(req.args, {
      out: (s) => {
        stdout += s;
      },
      err: (s) => {
        stderr += s;
      },
      color: false,
    });
  } catch (err) {
    stderr += `worker: ${(err as Error).stack ?? String(err)}\n`;
    code = 70;
  }
  writeSync(ANSWERS, `${JSON.stringify({ code, stdout, stderr })}\n`);
}
