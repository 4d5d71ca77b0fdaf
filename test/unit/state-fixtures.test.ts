import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';

/**
 * End-to-end replay of the state fixture cases: every `helmfire build`/`list`
 * run must print exactly what the real helmfile printed (recorded in
 * `test/fixtures/state/cases/<case>/expected.json` by
 * `test/fixtures/state/record.ts`) and fail exactly when helmfile failed.
 */

const casesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'state', 'cases');

interface Recorded {
  readonly args: string[];
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The state file helmfile finds by default in `dir`, named explicitly so no working directory is needed. */
function defaultFile(dir: string): string {
  for (const f of ['helmfile.yaml', 'helmfile.yaml.gotmpl', 'helmfile.d'])
    if (existsSync(join(dir, f))) return join(dir, f);
  throw new Error(`no state file in ${dir}`);
}

async function run(dir: string, args: readonly string[]) {
  let stdout = '';
  let stderr = '';
  // Name the state file by absolute path instead of changing the working directory.
  const argv = args.includes('-f')
    ? args.map((a, i) => (args[i - 1] === '-f' ? join(dir, a) : a))
    : ['-f', defaultFile(dir), ...args];
  const code = await runCli(argv, {
    out: (s) => {
      stdout += s;
    },
    err: (s) => {
      stderr += s;
    },
    color: false,
  });
  return { code, stdout: stdout.replaceAll(dir, '$CASE'), stderr };
}

for (const name of readdirSync(casesDir).sort()) {
  const dir = join(casesDir, name);
  const recorded = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Recorded[];
  describe(`state fixture ${name}`, () => {
    for (const want of recorded) {
      it(`helmfire ${want.args.join(' ')} prints what helmfile prints`, async () => {
        const got = await run(dir, want.args);
        expect(got.stdout).toBe(want.stdout);
        expect(got.code === 0).toBe(want.code === 0);
      });
    }
  });
}
