import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
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

async function run(c: BadInputCase) {
  // Cases that read the environment (sops keys) get exactly what case.json gives them, for this run only.
  const saved = Object.fromEntries(Object.keys(c.env).map((k) => [k, process.env[k]]));
  applyEnv(process.env, c);
  let stderr = '';
  try {
    const code = await runCli(c.argv, {
      out: () => {},
      err: (s) => {
        stderr += s;
      },
      color: false,
    });
    return { code, stderr: normalise(stderr, c) };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
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
