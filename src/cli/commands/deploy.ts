import { type Command, CommanderError } from 'commander';
import { apply, type DeployOptions, destroy, diff, sync } from '../../api/deploy.js';
import type { HelmRunOptions } from '../../api/run-context.js';
import { watch } from '../../api/watch.js';
import { renderReleaseDiff, summarize } from '../../diff/index.js';
import { DEFAULT_DEBOUNCE_MS } from '../../watch/debounce.js';
import { formatWatchEvent, formatWatchSummary, watchEventJson } from '../../watch/format.js';
import { imagesPrinter, progressPrinter, renderSummary } from '../deploy-output.js';
import { EXIT } from '../exit-codes.js';
import { globalHelmOverrides, globalOptions, liveOutputOption } from '../global-options.js';
import { hookPrinter, lockWaitPrinter } from '../hook-output.js';
import { interruptSignal } from '../interrupt.js';
import { type CliIO, lines } from '../io.js';
import { stateOptions } from './build.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export interface RunFlags {
  concurrency: string;
  set?: string[];
  values?: string[];
  args?: string;
  wait?: boolean;
  waitForJobs?: boolean;
  timeout?: string;
  includeNeeds?: boolean;
  includeTransitiveNeeds?: boolean;
  skipNeeds?: boolean;
  detailedExitcode?: boolean;
  output: string;
  context?: string;
  showSecrets?: boolean;
  lockTimeout?: string;
  watch?: boolean;
  debounce?: string;
}

/** Flags every helm-running command shares (helmfile's names). */
function runFlags(cmd: Command): Command {
  return cmd
    .option('--concurrency <n>', 'releases helm works on at once (0 = unlimited)', '0')
    .option('--set <k=v>', 'set a value on every release (repeatable)', collect)
    .option('--values <file>', 'values file for every release (repeatable)', collect)
    .option('--args <args>', 'extra arguments passed to helm')
    .option('--include-needs', 'also act on the releases the selected ones need')
    .option('--include-transitive-needs', 'also act on everything the selected releases need, transitively')
    .option(
      '--skip-needs',
      'do not act on needed releases that are not selected (default unless --include-needs)',
    )
    .option('-o, --output <format>', 'output: text or json', 'text');
}

export function helmRunOptions(cmd: Command, io: CliIO, f: RunFlags, signal: AbortSignal): HelmRunOptions {
  const g = globalOptions(cmd);
  return {
    ...stateOptions(cmd, io),
    ...(g.kubeconfig ? { kubeconfig: g.kubeconfig } : {}),
    ...(g.allowNoMatchingRelease ? { allowNoMatchingRelease: true } : {}),
    ...(g.skipDeps ? { skipDeps: true } : {}),
    concurrency: Number(f.concurrency) || 0,
    ...(f.set ? { set: f.set } : {}),
    ...(f.values ? { values: f.values } : {}),
    ...(f.includeNeeds ? { includeNeeds: true } : {}),
    ...(f.includeTransitiveNeeds ? { includeTransitiveNeeds: true } : {}),
    ...(f.skipNeeds ? { skipNeeds: true } : {}),
    cli: {
      ...globalHelmOverrides(g),
      ...(f.args ? { args: f.args } : {}),
      ...(f.wait ? { wait: true } : {}),
      ...(f.waitForJobs ? { waitForJobs: true } : {}),
      ...(f.timeout ? { timeout: Number(f.timeout) } : {}),
    },
    signal,
  };
}

export function registerDeploy(program: Command, io: CliIO): void {
  for (const [name, fn, description] of [
    ['sync', sync, 'install or upgrade every selected release (a new revision each), in needs order'],
    [
      'apply',
      apply,
      'upgrade only releases whose inputs changed or whose live objects drifted; uninstall installed: false',
    ],
    ['destroy', destroy, 'uninstall every selected release, dependents first'],
  ] as const) {
    const cmd = runFlags(program.command(name).description(description)).option(
      '--lock-timeout <seconds>',
      'wait this long for another helmfire run on the same state and kube context (default: fail at once)',
      '0',
    );
    if (name !== 'destroy') {
      cmd
        .option('--wait', 'wait until resources are ready')
        .option('--wait-for-jobs', 'wait until Jobs are complete')
        .option('--timeout <seconds>', 'time to wait for each helm operation')
        .option('--detailed-exitcode', 'exit 2 when something was changed')
        .option(
          '--watch',
          'after the run, keep watching the files the state depends on (state, values, secrets, local charts, substitutions) and apply exactly the releases an edit changes; Ctrl-C to stop',
        )
        .option(
          '--debounce <ms>',
          'with --watch: quiet time after the last change before it is applied',
          String(DEFAULT_DEBOUNCE_MS),
        );
    }
    cmd.action(async (f: RunFlags, c: Command) => {
      const g = globalOptions(c);
      if (f.watch && name !== 'destroy') return watchCommand(name, f, c, io);
      const quiet = g.quiet === true || f.output === 'json';
      const lockTimeout = Number(f.lockTimeout ?? 0) || 0;
      const interrupt = interruptSignal();
      const options: DeployOptions = {
        ...helmRunOptions(c, io, f, interrupt.signal),
        onEvent: progressPrinter(io, quiet),
        onImages: imagesPrinter(io, quiet),
        onHook: hookPrinter(io, quiet),
        onWarning: (m) => io.err(`${m}\n`),
        // helm's output goes to stdout as helmfile's does, but never into `-o json`.
        ...liveOutputOption(g, io, f.output === 'json'),
        lockTimeout,
        lockCommand: ['helmfire', name, ...(g.file ?? []).flatMap((f) => ['-f', f])].join(' '),
        onLockWait: lockWaitPrinter(io, lockTimeout),
      };
      let result: Awaited<ReturnType<typeof fn>>;
      try {
        result = await fn(options);
      } finally {
        interrupt.release();
      }
      if (f.output === 'json') lines(io, JSON.stringify(result, null, 2));
      else {
        io.out(renderSummary(io, result));
        for (const e of result.errors) io.err(`Error: ${e}\n`);
        if (result.interrupted) {
          const open = result.releases.filter((r) => r.outcome === 'failed' || r.outcome === 'skipped');
          io.err(`interrupted: ${open.length} release(s) not finished; run again to complete\n`);
        }
      }
      if (result.failed) throw new CommanderError(EXIT.error, 'helmfire.failed', '');
      if (f.detailedExitcode && result.changed)
        throw new CommanderError(EXIT.changes, 'helmfire.changes', '');
    });
  }

  runFlags(program.command('diff').description('show what sync would change, compared with the LIVE cluster'))
    .option('--context <n>', 'lines of context around each change (default: whole objects)', '-1')
    .option('--show-secrets', 'show the values of Secret data (hidden by default)')
    .option('--suppress-secrets', 'hide the values of Secret data (the default)')
    .option('--detailed-exitcode', 'exit 2 when there are changes')
    .action(async (f: RunFlags, c: Command) => {
      const interrupt = interruptSignal();
      let result: Awaited<ReturnType<typeof diff>>;
      try {
        result = await diff({
          ...helmRunOptions(c, io, f, interrupt.signal),
          ...(f.showSecrets ? { showSecrets: true } : {}),
          onHook: hookPrinter(io, globalOptions(c).quiet === true || f.output === 'json'),
          onWarning: (m) => io.err(`${m}\n`),
        });
      } finally {
        interrupt.release();
      }
      if (f.output === 'json') lines(io, JSON.stringify(result, null, 2));
      else {
        for (const r of result.releases) {
          const text = renderReleaseDiff(r, { context: Number(f.context ?? -1), color: io.color });
          if (text) io.out(text);
        }
        for (const r of result.releases) {
          const n = summarize(r);
          io.err(
            `${r.release} (${r.namespace}): ${n.add} to add, ${n.change} to change, ${n.remove} to remove${n.errors ? `, ${n.errors} not compared` : ''}\n`,
          );
        }
      }
      if (f.detailedExitcode && result.changed)
        throw new CommanderError(EXIT.changes, 'helmfire.changes', '');
    });
}

/**
 * `sync --watch` / `apply --watch`: the first run prints as usual, then one
 * line per change (one JSON object per line with `--output json`) until
 * Ctrl-C, which stops a running helm and prints the summary (exit 130).
 */
async function watchCommand(mode: 'sync' | 'apply', f: RunFlags, c: Command, io: CliIO): Promise<void> {
  const g = globalOptions(c);
  const json = f.output === 'json';
  const quiet = g.quiet === true || json;
  const debounceMs = Number(f.debounce);
  if (!Number.isFinite(debounceMs) || debounceMs < 0) {
    io.err(`Error: --debounce: expected a number of milliseconds, found "${f.debounce}"\n`);
    throw new CommanderError(EXIT.usage, 'helmfire.usage', '');
  }
  const interrupt = interruptSignal();
  const progress = progressPrinter(io, quiet);
  let first = true;
  const session = watch({
    ...helmRunOptions(c, io, f, interrupt.signal),
    mode,
    debounceMs,
    onReconcile: (e) => {
      if (first) progress(e);
    },
    onHook: hookPrinter(io, quiet),
    onImages: imagesPrinter(io, quiet),
    onWarning: (m) => io.err(`${m}\n`),
    ...liveOutputOption(g, io, json),
    lockCommand: ['helmfire', mode, '--watch', ...(g.file ?? []).flatMap((x) => ['-f', x])].join(' '),
    onEvent: (e) => {
      const at = new Date();
      if (json) io.out(watchEventJson(e, at));
      else if (e.kind === 'initial' && e.deploy) {
        io.out(renderSummary(io, e.deploy));
        for (const err of e.deploy.errors) io.err(`Error: ${err}\n`);
      } else io.out(formatWatchEvent(e, at));
    },
  });
  try {
    await session.ready;
    first = false;
    if (!interrupt.signal.aborted && !quiet) {
      const w = session.watching();
      io.err(`watching ${w.files} files in ${w.directories} directories (Ctrl-C to stop)\n`);
    }
    io.err(formatWatchSummary(await session.done));
  } finally {
    interrupt.release();
  }
}
