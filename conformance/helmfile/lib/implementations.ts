import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execToFiles } from './exec.js';
import { repoRoot } from './paths.js';

/**
 * An implementation of helmfile's command line that the conformance runner
 * can drive: the real helmfile, or helmfire.
 */
export interface Implementation {
  readonly name: string;
  run(spec: RunSpec): Promise<RunOutcome>;
}

export interface RunSpec {
  /** helmfile-style arguments, e.g. `['-f', 'helmfile.yaml', 'build']`. */
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
}

export type RunOutcome =
  | {
      readonly kind: 'ran';
      readonly code: number | null;
      readonly timedOut: boolean;
      /** Everything printed (stdout and stderr). */
      readonly output: string;
      /**
       * The text that carries the data: helmfire's stdout (its logs go to
       * stderr, as helmfile's do); for the reference, stdout and stderr
       * combined, as its golden files are.
       */
      readonly documents: string;
      readonly ms: number;
    }
  /** The implementation cannot run this at all yet (never counted as passed). */
  | { readonly kind: 'unsupported'; readonly reason: string };

const subcommands = new Set([
  'apply',
  'build',
  'cache',
  'deps',
  'destroy',
  'diff',
  'fetch',
  'lint',
  'list',
  'repos',
  'show-dag',
  'status',
  'sync',
  'template',
  'test',
  'write-values',
]);

/** Global flags that take the next argument as their value. */
const flagsWithValue = new Set([
  '-f',
  '--file',
  '-e',
  '--environment',
  '-l',
  '--selector',
  '-n',
  '--namespace',
  '-c',
  '--chart',
  '-b',
  '--helm-binary',
  '-k',
  '--kustomize-binary',
  '--kube-context',
  '--kubeconfig',
  '--state-values-set',
  '--state-values-set-string',
  '--state-values-file',
  '--log-level',
  '--output',
  '-o',
]);

/** The subcommand in a helmfile argument list: the first bare word that is not a flag's value. */
export function subcommandOf(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (flagsWithValue.has(a)) i++;
    else if (subcommands.has(a)) return a;
  }
  return undefined;
}

export function helmfileImplementation(bin: string): Implementation {
  return {
    name: 'helmfile',
    async run(spec) {
      return { kind: 'ran', ...(await execToFiles(bin, spec.args, spec, 'combined')) };
    },
  };
}

const unknownCommand = /unknown command|unknown option|too many arguments/i;

/** Why helmfire could not run a command line at all (a command or option it lacks), if that is what happened. */
export function unsupportedReason(
  args: readonly string[],
  code: number | null,
  output: string,
): string | undefined {
  if (code === 0 || !unknownCommand.test(output)) return undefined;
  const cmd = subcommandOf(args) ?? args.join(' ');
  const first = output.trim().split('\n')[0] ?? '';
  return `helmfire cannot run \`${cmd}\` this way yet (${first.slice(0, 120)})`;
}

/**
 * helmfire through its command line (`node bin/helmfire.js`, which needs
 * `npm run build`): one node process per command. A command or option
 * helmfire does not have yet is reported as unsupported, with the reason.
 */
export function helmfireImplementation(root = repoRoot): Implementation {
  const entry = join(root, 'bin', 'helmfire.js');
  const built = join(root, 'dist', 'cli', 'main.js');
  return {
    name: 'helmfire',
    async run(spec) {
      if (!existsSync(built)) return { kind: 'unsupported', reason: 'helmfire is not built (npm run build)' };
      const res = await execToFiles(process.execPath, [entry, ...spec.args], spec, 'split');
      const reason = unsupportedReason(spec.args, res.code, res.output);
      return reason ? { kind: 'unsupported', reason } : { kind: 'ran', ...res };
    },
  };
}
