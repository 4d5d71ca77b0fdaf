import type { HelmCommand, HelmTarget } from './args.js';
import { versionFlags } from './args.js';

/** A `repositories[]` entry (helmfile's names). */
export interface RepositoryInputs {
  readonly name: string;
  readonly url: string;
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
  readonly username?: string;
  readonly password?: string;
  readonly passCredentials?: boolean;
  readonly skipTLSVerify?: boolean;
  readonly plainHttp?: boolean;
  readonly registryConfig?: string;
  readonly verify?: boolean;
  readonly keyring?: string;
}

/**
 * `helm repo add NAME URL --force-update …`. The password goes to helm's
 * stdin (`--password-stdin`), never into argv; credentials are passed only
 * when both user name and password are known, as helmfile does.
 */
export function repoAddArgs(repo: RepositoryInputs, opts: { forceUpdate?: boolean } = {}): HelmCommand {
  const args = ['repo', 'add', repo.name, repo.url];
  if (opts.forceUpdate !== false) args.push('--force-update');
  if (repo.certFile && repo.keyFile) args.push('--cert-file', repo.certFile, '--key-file', repo.keyFile);
  if (repo.caFile) args.push('--ca-file', repo.caFile);
  if (repo.passCredentials) args.push('--pass-credentials');
  if (repo.skipTLSVerify) args.push('--insecure-skip-tls-verify');
  if (repo.username && repo.password) {
    args.push('--username', repo.username, '--password-stdin');
    return { args, input: `${repo.password}\n` };
  }
  return { args };
}

/**
 * `helm registry login HOST` for an OCI repository, password on stdin.
 * Undefined when there are no credentials (helmfile skips the login then).
 * `plainHttp` adds `--plain-http` (helmfile omits it, and login to an HTTP
 * registry then fails).
 */
export function registryLoginArgs(
  host: string,
  repo: Omit<RepositoryInputs, 'name' | 'url'>,
): HelmCommand | undefined {
  if (!repo.username || !repo.password) return undefined;
  const args = ['registry', 'login', host];
  if (repo.certFile && repo.keyFile) args.push('--cert-file', repo.certFile, '--key-file', repo.keyFile);
  if (repo.caFile) args.push('--ca-file', repo.caFile);
  if (repo.skipTLSVerify) args.push('--insecure');
  if (repo.plainHttp) args.push('--plain-http');
  args.push('--username', repo.username, '--password-stdin');
  return { args, input: `${repo.password}\n` };
}

export interface PullInputs {
  /** `oci://host/path/chart` (a `:tag` is split off into the version) or `repo/chart`. */
  readonly chart: string;
  readonly version?: string;
  readonly devel?: boolean;
  /** Directory the chart is written to. */
  readonly destination: string;
  /** Unpack the archive (default true). */
  readonly untar?: boolean;
  readonly plainHttp?: boolean;
  readonly insecureSkipTLSVerify?: boolean;
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
  readonly verify?: boolean;
  readonly keyring?: string;
  readonly registryConfig?: string;
}

/**
 * `helm pull CHART --destination DIR --untar …` (helmfile pulls OCI charts
 * this way before using them). A tag in the OCI reference
 * (`oci://host/chart:1.2.3`) becomes `--version`; a digest
 * (`…@sha256:…`) stays in the reference and no `--version` is passed.
 */
export function pullArgs(p: PullInputs): string[] {
  let chart = p.chart;
  let version = p.version;
  if (chart.startsWith('oci://')) {
    const at = chart.indexOf('@');
    const digest = at >= 0 ? chart.slice(at) : '';
    const ref = at >= 0 ? chart.slice(0, at) : chart;
    const colon = ref.lastIndexOf(':');
    if (colon > ref.lastIndexOf('/')) {
      version ??= ref.slice(colon + 1);
      chart = ref.slice(0, colon) + digest;
    }
    if (digest) version = undefined;
  }
  const args = ['pull', chart, '--destination', p.destination];
  if (p.untar !== false) args.push('--untar');
  args.push(...versionFlags(version, p.devel === true));
  if (p.plainHttp) args.push('--plain-http');
  else {
    if (p.insecureSkipTLSVerify) args.push('--insecure-skip-tls-verify');
    if (p.caFile) args.push('--ca-file', p.caFile);
    if (p.certFile && p.keyFile) args.push('--cert-file', p.certFile, '--key-file', p.keyFile);
  }
  if (p.verify) args.push('--verify');
  if (p.keyring) args.push('--keyring', p.keyring);
  if (p.registryConfig) args.push('--registry-config', p.registryConfig);
  return args;
}

/** Flags `helm dependency build` accepts, own and global; `true` = takes a value. */
const DEPENDENCY_BUILD_FLAGS: ReadonlyMap<string, boolean> = new Map([
  ['--ca-file', true],
  ['--cert-file', true],
  ['--key-file', true],
  ['--keyring', true],
  ['--password', true],
  ['--username', true],
  ['--insecure-skip-tls-verify', false],
  ['--plain-http', false],
  ['--skip-refresh', false],
  ['--verify', false],
  ['--burst-limit', true],
  ['--debug', false],
  ['--kube-apiserver', true],
  ['--kube-as-group', true],
  ['--kube-as-user', true],
  ['--kube-ca-file', true],
  ['--kube-context', true],
  ['--kube-insecure-skip-tls-verify', false],
  ['--kube-tls-server-name', true],
  ['--kube-token', true],
  ['--kubeconfig', true],
  ['--namespace', true],
  ['-n', true],
  ['--qps', true],
  ['--registry-config', true],
  ['--repository-cache', true],
  ['--repository-config', true],
]);

/** helm 4-only global flags. */
const HELM4_GLOBALS: ReadonlyMap<string, boolean> = new Map([
  ['--content-cache', true],
  ['--color', true],
  ['--colour', true],
]);

export interface DependencyBuildFlags {
  readonly skipRefresh?: boolean;
  readonly verify?: boolean;
  readonly keyring?: string;
  readonly plainHttp?: boolean;
  readonly insecureSkipTLSVerify?: boolean;
  /**
   * helmfile's global `--oci-plain-http`: adds `--plain-http` with helm 4
   * only, as helmfile does for `dependency build` and `dependency update`.
   */
  readonly ociPlainHttp?: boolean;
  /**
   * `--args` meant for install/template: only the flags `dependency build`
   * knows survive, each with its value (helmfile filters the same way).
   */
  readonly extraArgs?: readonly string[];
}

/** `helm dependency build CHART_DIR` for a local chart. */
export function dependencyBuildArgs(
  chartDir: string,
  helm: HelmTarget,
  flags: DependencyBuildFlags = {},
): string[] {
  const args = ['dependency', 'build', chartDir];
  if (flags.skipRefresh) args.push('--skip-refresh');
  if (flags.verify) args.push('--verify');
  if (flags.keyring) args.push('--keyring', flags.keyring);
  if (flags.plainHttp || (flags.ociPlainHttp && helm.major === 4)) args.push('--plain-http');
  else if (flags.insecureSkipTLSVerify) args.push('--insecure-skip-tls-verify');
  args.push(...keepKnownFlags(flags.extraArgs ?? [], helm));
  return args;
}

function keepKnownFlags(extra: readonly string[], helm: HelmTarget): string[] {
  const out: string[] = [];
  for (let i = 0; i < extra.length; i++) {
    const a = extra[i] as string;
    if (!a.startsWith('-')) continue;
    const eq = a.indexOf('=');
    const flag = eq >= 0 ? a.slice(0, eq) : a;
    const takesValue =
      DEPENDENCY_BUILD_FLAGS.get(flag) ?? (helm.major === 4 ? HELM4_GLOBALS.get(flag) : undefined);
    if (takesValue === undefined) {
      // An unknown flag's separate value word is skipped with it.
      if (eq < 0 && extra[i + 1] !== undefined && !(extra[i + 1] as string).startsWith('-')) i++;
      continue;
    }
    out.push(a);
    if (takesValue && eq < 0 && extra[i + 1] !== undefined) out.push(extra[++i] as string);
  }
  return out;
}
