import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import { applyEnv, type BadInputCase, loadCases, normalise } from '../fixtures/state/bad-input/cases.js';

/**
 * The bad-input corpus (test/fixtures/state/bad-input/<category>/<case>/):
 * each state is run through the command line in-process and must print
 * exactly the recorded message (which names the file and position or the
 * release and field, says what was expected, and suggests the likely fix)
 * and exit with the recorded code.
 */

const cases = loadCases();
const saved = { ...process.env };

afterEach(() => {
  process.env = { ...saved };
});

async function run(c: BadInputCase) {
  // Cases that read the environment (sops keys) get exactly what case.json gives them.
  applyEnv(process.env, c);
  let stderr = '';
  const code = await runCli(c.argv, {
    out: () => {},
    err: (s) => {
      stderr += s;
    },
    color: false,
  });
  return { code, stderr: normalise(stderr, c) };
}

it('has at least 60 cases in at least 10 categories', () => {
  expect(cases.length).toBeGreaterThanOrEqual(60);
  expect(new Set(cases.map((c) => c.category)).size).toBeGreaterThanOrEqual(10);
});

for (const category of [...new Set(cases.map((c) => c.category))]) {
  describe(`bad input: ${category}`, () => {
    for (const c of cases.filter((x) => x.category === category)) {
      it(`${c.id}: helmfire ${c.argv.map((a) => normalise(a, c)).join(' ')}`, async () => {
        const got = await run(c);
        expect(got.stderr).toBe(readFileSync(c.expectedFile, 'utf8'));
        expect(got.code).toBe(c.exit);
      });
    }
  });
}
