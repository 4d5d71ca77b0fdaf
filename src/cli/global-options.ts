import { type Command, Option } from 'commander';
import type { HelmLiveSink } from '../helm/index.js';
import type { CliIO } from './io.js';

/** helmfile's global flags, as helmfire's root command parses them (before or after the subcommand). */
export interface GlobalOptions {
  /** `-f`, once per flag (several: stackfiles merged in order). */
  file?: string[];
  environment: string;
  selector?: string[];
  namespace?: string;
  kubeContext?: string;
  /** `-c/--chart`: the chart of every release (and `{{ .Chart }}` in templates). */
  chart?: string;
  kubeconfig?: string;
  stateValuesSet?: string[];
  stateValuesSetString?: string[];
  stateValuesFile?: string[];
  helmBinary: string;
  skipDeps?: boolean;
  skipRefresh?: boolean;
  allowNoMatchingRelease?: boolean;
  /** `--oci-plain-http`: plain HTTP to OCI registries (chart pulls, OCI charts, helm 4 dependency builds). */
  ociPlainHttp?: boolean;
  /** `--enable-live-output`: helm's stdout/stderr shown while helm runs, not after it finished. */
  enableLiveOutput?: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  debug?: boolean;
  color: boolean;
  quiet?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function addGlobalOptions(cmd: Command): Command {
  return cmd
    .option(
      '-f, --file <path>',
      'state file, directory or glob (default: helmfile.yaml, helmfile.yaml.gotmpl, helmfile.d/, else stackfile.yaml); repeat for several stackfiles',
      collect,
    )
    .option('-e, --environment <name>', 'environment to use', 'default')
    .option(
      '-l, --selector <k=v,...>',
      'only releases matching these labels (repeatable: OR across flags)',
      collect,
    )
    .option('-n, --namespace <ns>', 'namespace to use for releases without one')
    .option('--kube-context <name>', 'kubeconfig context to use')
    .option(
      '-c, --chart <chart>',
      'chart for every release instead of its own (also {{ .Chart }} in templates)',
    )
    .option('--kubeconfig <path>', 'kubeconfig file to use')
    .option('--state-values-set <k=v>', 'set state values (repeatable)', collect)
    .option('--state-values-set-string <k=v>', 'set state values as strings (repeatable)', collect)
    .option('--state-values-file <path>', 'state values file (repeatable)', collect)
    .option('-b, --helm-binary <path>', 'helm binary to use', 'helm')
    .option('--skip-deps', 'do not build chart dependencies')
    .option('--skip-refresh', 'do not refresh chart repositories')
    .option('--allow-no-matching-release', 'do not fail when no release matches the selector')
    .option(
      '--oci-plain-http',
      'use plain HTTP for OCI registries: pulls of OCI charts, and dependency builds with helm 4',
    )
    .option(
      '--enable-live-output',
      "show helm's stdout and stderr live, while helm runs, instead of after it finished (helm commands only, not hooks)",
    )
    .addOption(
      new Option('--log-level <level>', 'log level')
        .choices(['debug', 'info', 'warn', 'error'])
        .default('info'),
    )
    .option('--debug', 'debug output')
    .option('--color', 'force colored output')
    .option('--no-color', 'no colored output')
    .option('-q, --quiet', 'less output');
}

/** The global options of the root command, from any subcommand's action. */
export function globalOptions(cmd: Command): GlobalOptions {
  let root = cmd;
  while (root.parent) root = root.parent;
  return root.opts<GlobalOptions>();
}

/** The global flags that override helm settings of every release (`--kube-context`, `--oci-plain-http`). */
export function globalHelmOverrides(g: GlobalOptions): { kubeContext?: string; ociPlainHttp?: boolean } {
  return {
    ...(g.kubeContext ? { kubeContext: g.kubeContext } : {}),
    ...(g.ociPlainHttp ? { ociPlainHttp: true } : {}),
  };
}

/**
 * With `--enable-live-output`, where helm's output goes while helm runs:
 * its stdout to ours (to stderr instead when our stdout carries something
 * else, e.g. JSON: `stdoutToStderr`), its stderr to ours. The API's
 * `liveOutput` option; nothing without the flag.
 */
export function liveOutputOption(
  g: Pick<GlobalOptions, 'enableLiveOutput'>,
  io: Pick<CliIO, 'out' | 'err'>,
  stdoutToStderr = false,
): { liveOutput?: HelmLiveSink } {
  if (!g.enableLiveOutput) return {};
  return {
    liveOutput: (text, stream) => (stream === 'stdout' && !stdoutToStderr ? io.out(text) : io.err(text)),
  };
}

/**
 * helmfile (cobra) reads a subcommand's own flags also when they come before
 * the subcommand's name (`helmfile --concurrency=1 template`); commander
 * stops at the first option the root does not know. This moves the
 * subcommand's name to the front when such an option precedes it, so that
 * commander hands the option to the subcommand. The name is found as cobra
 * finds it: the first word that is neither an option nor the value of one,
 * where an unknown option written without `=` takes the next word as its value.
 */
export function subcommandFirst(argv: readonly string[], root: Command): string[] {
  const takesValue = new Map<string, boolean>();
  for (const o of root.options) {
    const takes = o.required || o.optional;
    if (o.long) takesValue.set(o.long, takes);
    if (o.short) takesValue.set(o.short, takes);
  }
  let unknownBefore = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') break;
    if (!a.startsWith('-') || a === '-') {
      return unknownBefore ? [a, ...argv.slice(0, i), ...argv.slice(i + 1)] : [...argv];
    }
    const eq = a.indexOf('=');
    if (eq > 0) {
      if (!takesValue.has(a.slice(0, eq))) unknownBefore = true;
      continue;
    }
    const known = takesValue.get(a) ?? (a.startsWith('--') ? undefined : takesValue.get(a.slice(0, 2)));
    if (known === undefined) {
      unknownBefore = true;
      i++;
    } else if (known && takesValue.has(a)) i++;
  }
  return [...argv];
}
