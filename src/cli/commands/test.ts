import { type Command, CommanderError } from 'commander';
import { type TestedRelease, type TestResult, test } from '../../api/test.js';
import { EXIT } from '../exit-codes.js';
import { globalHelmOverrides, globalOptions } from '../global-options.js';
import { hookPrinter } from '../hook-output.js';
import { interruptSignal } from '../interrupt.js';
import { type CliIO, lines } from '../io.js';
import { stateOptions } from './build.js';

interface TestFlags {
  concurrency: string;
  cleanup?: boolean;
  logs?: boolean;
  timeout?: string;
  args?: string;
  includeNeeds?: boolean;
  includeTransitiveNeeds?: boolean;
  skipNeeds?: boolean;
  output: string;
}

export function registerTest(program: Command, io: CliIO): void {
  program
    .command('test')
    .description('run `helm test` for every selected release, in needs order')
    .option('--cleanup', 'delete the test pods and jobs after the tests')
    .option('--logs', "print the test pods' logs")
    .option('--timeout <seconds>', "time to wait for each release's tests (default: the release's timeout)")
    .option('--concurrency <n>', 'releases tested at once (0 = unlimited)', '0')
    .option('--args <args>', 'extra arguments passed to helm test')
    .option('--include-needs', 'also test the releases the selected ones need')
    .option('--include-transitive-needs', 'also test everything the selected releases need, transitively')
    .option('--skip-needs', 'do not test needed releases that are not selected (default)')
    .option('-o, --output <format>', 'output: text or json', 'text')
    .action(async (f: TestFlags, c: Command) => {
      const g = globalOptions(c);
      const quiet = g.quiet === true || f.output === 'json';
      const interrupt = interruptSignal();
      let result: TestResult;
      try {
        result = await test({
          ...stateOptions(c, io),
          ...(g.kubeconfig ? { kubeconfig: g.kubeconfig } : {}),
          ...(g.allowNoMatchingRelease ? { allowNoMatchingRelease: true } : {}),
          concurrency: Number(f.concurrency) || 0,
          ...(f.includeNeeds ? { includeNeeds: true } : {}),
          ...(f.includeTransitiveNeeds ? { includeTransitiveNeeds: true } : {}),
          ...(f.skipNeeds ? { skipNeeds: true } : {}),
          cli: {
            ...globalHelmOverrides(g),
            ...(f.args ? { args: f.args } : {}),
          },
          ...(f.cleanup ? { cleanup: true } : {}),
          ...(f.logs ? { logs: true } : {}),
          ...(f.timeout !== undefined ? { timeout: Number(f.timeout) } : {}),
          signal: interrupt.signal,
          onHook: hookPrinter(io, quiet),
          onWarning: (m) => io.err(`${m}\n`),
          ...(quiet ? {} : { onRelease: (r: TestedRelease) => io.err(progressLine(io, r, f.logs === true)) }),
        });
      } finally {
        interrupt.release();
      }
      if (f.output === 'json') lines(io, JSON.stringify(result, null, 2));
      else {
        io.out(renderTestSummary(io, result));
        for (const e of result.errors) io.err(`Error: ${e}\n`);
      }
      if (result.failed) throw new CommanderError(EXIT.error, 'helmfire.failed', '');
    });
}

/** One line per release as its tests end; helm's report too with --logs. */
function progressLine(io: CliIO, r: TestedRelease, logs: boolean): string {
  const c = tint(io);
  const mark =
    r.outcome === 'passed'
      ? `${c.green}passed${c.reset}`
      : r.outcome === 'failed'
        ? `${c.red}FAILED${c.reset}`
        : 'skipped';
  const cleaned = r.cleaned ? ` (${r.cleaned} test object(s) deleted)` : '';
  const report = logs && r.output.trim() ? `${r.output.trimEnd()}\n` : '';
  return `  ${r.id}: tests ${mark} in ${r.seconds.toFixed(1)}s${cleaned}\n${report}`;
}

/** The summary table, then each failure in full. */
export function renderTestSummary(io: CliIO, result: TestResult): string {
  const c = tint(io);
  const rows = [['RELEASE', 'NAMESPACE', 'RESULT', 'DURATION']];
  for (const r of result.releases) rows.push([r.name, r.namespace, r.outcome, `${r.seconds.toFixed(1)}s`]);
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  const table = rows.map((row, ri) => {
    const text = row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
    if (ri === 0) return text;
    return row[2] === 'failed' ? `${c.red}${text}${c.reset}` : text;
  });
  const failures = result.releases
    .filter((r) => r.outcome !== 'passed' && r.error && r.error !== 'installed: false')
    .map((r) => `\n${c.red}release "${r.name}" (${r.namespace}) ${r.outcome}:${c.reset}\n${r.error}`);
  const count = (o: string) => result.releases.filter((r) => r.outcome === o).length;
  const footer = `\ntest: ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped in ${result.seconds.toFixed(1)}s`;
  return `${table.join('\n')}\n${failures.join('\n')}${footer}\n`;
}

function tint(io: CliIO) {
  return io.color
    ? { red: '\x1b[31m', green: '\x1b[32m', reset: '\x1b[0m' }
    : { red: '', green: '', reset: '' };
}
