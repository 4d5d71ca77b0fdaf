import { type Command, Option } from 'commander';

/** helmfile's global flags, as helmfire's root command parses them (before or after the subcommand). */
export interface GlobalOptions {
  /** `-f`, once per flag (several: stackfiles merged in order). */
  file?: string[];
  environment: string;
  selector?: string[];
  namespace?: string;
  kubeContext?: string;
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
