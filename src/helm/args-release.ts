import {
  atLeast,
  type Connection,
  cascadeFlags,
  connectionFlags,
  forceFlags,
  type HelmTarget,
  namespaceFlags,
  type ReleaseRef,
  type ReleaseTarget,
  serverSideFlags,
  timeoutFlags,
  waitFlag,
} from './args.js';
import { HelmUnsupportedError } from './args-errors.js';
import type { EffectiveOptions } from './options.js';

export interface UninstallFlags {
  /** Keep the release record (status `uninstalled`); `helm rollback` can bring it back. */
  readonly keepHistory?: boolean;
  readonly dryRun?: boolean;
}

/**
 * `helm uninstall`: the release's `cascade` (helm ≥ 3.12.1), and with
 * `deleteWait` a `--wait` plus `--timeout <deleteTimeout>s` (helm 4:
 * `--wait=watcher`).
 */
export function uninstallArgs(
  opts: Pick<
    EffectiveOptions,
    'kubeContext' | 'cascade' | 'deleteWait' | 'deleteTimeout' | 'trackMode' | 'extraArgs'
  >,
  target: ReleaseTarget,
  helm: HelmTarget,
  flags: UninstallFlags = {},
): string[] {
  const args = ['uninstall', target.name];
  args.push(...connectionFlags({ kubeContext: opts.kubeContext, kubeconfig: target.kubeconfig }));
  args.push(...cascadeFlags(opts.cascade, helm));
  if (opts.deleteWait) {
    args.push(waitFlag(helm, opts.trackMode));
    args.push(...timeoutFlags(opts.deleteTimeout));
  }
  if (flags.keepHistory) args.push('--keep-history');
  if (flags.dryRun) args.push('--dry-run');
  args.push(...namespaceFlags(target.namespace));
  args.push(...opts.extraArgs);
  return args;
}

export interface TestFlags {
  /** Dump the test pods' logs. */
  readonly logs?: boolean;
  /** Seconds; default the release's `timeout`. */
  readonly timeout?: number;
  /** `--filter name=…` / `!name=…` (repeatable). */
  readonly filter?: readonly string[];
}

/**
 * `helm test`. helmfile also appends the chart transport flags
 * (`--plain-http`, `--insecure-skip-tls-verify`) here, which `helm test`
 * rejects; helmfire leaves them out.
 */
export function testArgs(
  opts: Pick<EffectiveOptions, 'kubeContext' | 'timeout' | 'extraArgs'>,
  target: ReleaseTarget,
  flags: TestFlags = {},
): string[] {
  const args = ['test', target.name, ...namespaceFlags(target.namespace)];
  if (flags.logs) args.push('--logs');
  args.push(...timeoutFlags(flags.timeout ?? opts.timeout));
  for (const f of flags.filter ?? []) args.push('--filter', f);
  args.push(...connectionFlags({ kubeContext: opts.kubeContext, kubeconfig: target.kubeconfig }));
  args.push(...opts.extraArgs);
  return args;
}

/**
 * `helm rollback NAME [REVISION]` with the release's own wait, timeout,
 * cleanup, force and history settings (helmfile never rolls back; the
 * reconciler does, to recover a release left pending). Without a revision
 * helm rolls back to the previous one.
 */
export function rollbackArgs(
  opts: EffectiveOptions,
  target: ReleaseTarget,
  helm: HelmTarget,
  revision?: number,
): string[] {
  const args = ['rollback', target.name];
  if (revision !== undefined) args.push(String(revision));
  args.push(...namespaceFlags(target.namespace));
  args.push(...connectionFlags({ kubeContext: opts.kubeContext, kubeconfig: target.kubeconfig }));
  if (opts.wait) args.push(waitFlag(helm, opts.trackMode));
  if (opts.waitForJobs && opts.trackMode !== 'kubedog') args.push('--wait-for-jobs');
  args.push(...timeoutFlags(opts.timeout));
  args.push(...forceFlags(opts, helm));
  if (opts.cleanupOnFail) args.push('--cleanup-on-fail');
  args.push(...serverSideFlags(opts, helm));
  args.push('--history-max', String(opts.historyMax));
  args.push(...opts.extraArgs);
  return args;
}

export type OutputFormat = 'json' | 'yaml' | 'table';

/** `helm status NAME` (optionally a past revision, as JSON). */
export function statusArgs(
  ref: ReleaseRef,
  opts: { output?: OutputFormat; revision?: number } = {},
): string[] {
  const args = ['status', ref.name, ...namespaceFlags(ref.namespace), ...connectionFlags(ref)];
  if (opts.output) args.push('--output', opts.output);
  if (opts.revision !== undefined) args.push('--revision', String(opts.revision));
  return args;
}

/** `helm get manifest NAME`: the rendered objects helm stored for the revision. */
export function getManifestArgs(ref: ReleaseRef, revision?: number): string[] {
  const args = ['get', 'manifest', ref.name, ...namespaceFlags(ref.namespace), ...connectionFlags(ref)];
  if (revision !== undefined) args.push('--revision', String(revision));
  return args;
}

/** `helm get metadata NAME --output json`: chart, versions, status, revision, deployedAt (helm 4: labels too). */
export function getMetadataArgs(ref: ReleaseRef): string[] {
  return [
    'get',
    'metadata',
    ref.name,
    ...namespaceFlags(ref.namespace),
    ...connectionFlags(ref),
    '--output',
    'json',
  ];
}

/**
 * The latest revision's record as lines: name, namespace, revision, status,
 * chart name, chart version, app version, deployed-at (RFC 3339), then one
 * `key=value` line per label. helm 3 prints release labels nowhere else (its
 * release JSON omits them), but `helm get all --template` executes a Go
 * template over the stored release, labels included — one call for all of
 * it. (helm 4 has the same command, but `helm get metadata` says it all.)
 */
export const RECORD_TEMPLATE = [
  '{{.Release.Name}}',
  '{{.Release.Namespace}}',
  '{{.Release.Version}}',
  '{{.Release.Info.Status}}',
  '{{.Release.Chart.Metadata.Name}}',
  '{{.Release.Chart.Metadata.Version}}',
  '{{.Release.Chart.Metadata.AppVersion}}',
  '{{.Release.Info.LastDeployed.Format "2006-01-02T15:04:05Z07:00"}}',
  '{{range $k, $v := .Release.Labels}}{{$k}}={{$v}}{{"\\n"}}{{end}}',
].join('\n');

export function getRecordArgs(ref: ReleaseRef): string[] {
  return [
    'get',
    'all',
    ref.name,
    ...namespaceFlags(ref.namespace),
    ...connectionFlags(ref),
    '--template',
    RECORD_TEMPLATE,
  ];
}

/** `helm history NAME --output json` (at most `max` revisions, newest last). */
export function historyArgs(ref: ReleaseRef, max?: number): string[] {
  const args = [
    'history',
    ref.name,
    ...namespaceFlags(ref.namespace),
    ...connectionFlags(ref),
    '--output',
    'json',
  ];
  if (max !== undefined) args.push('--max', String(max));
  return args;
}

export type ListState = 'deployed' | 'failed' | 'pending' | 'superseded' | 'uninstalled' | 'uninstalling';

export interface ListFlags extends Connection {
  /** Perl-style regex on release names. */
  readonly filter?: string;
  /** Namespace to list; ignored with `allNamespaces`. */
  readonly namespace?: string;
  readonly allNamespaces?: boolean;
  /** Label selector on the release records (`k=v,k2!=v2`). */
  readonly selector?: string;
  /**
   * Which states to show. Absent: every state. (helm 3 shows only deployed
   * and failed releases unless told `--all`; helm 4 shows all by default and
   * has no `--all`.)
   */
  readonly states?: readonly ListState[];
  readonly max?: number;
}

/** `helm list --output json`, the same listing on both majors. */
export function listArgs(helm: HelmTarget, flags: ListFlags = {}): string[] {
  const args = ['list'];
  if (flags.filter) args.push('--filter', flags.filter);
  if (flags.allNamespaces) args.push('--all-namespaces');
  else args.push(...namespaceFlags(flags.namespace));
  if (flags.selector) {
    if (!atLeast(helm, '3.13.0')) {
      throw new HelmUnsupportedError(
        'selector',
        3,
        `helm list --selector needs helm 3.13 or later (have ${helm.version})`,
      );
    }
    args.push('--selector', flags.selector);
  }
  if (flags.states && flags.states.length > 0) for (const s of flags.states) args.push(`--${s}`);
  else if (helm.major === 3) args.push('--all');
  if (flags.max !== undefined) args.push('--max', String(flags.max));
  args.push(...connectionFlags(flags), '--output', 'json');
  return args;
}
