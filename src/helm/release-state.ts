import { HelmfireError } from '../errors.js';
import type { HelmTarget, ReleaseRef } from './args.js';
import { getMetadataArgs, getRecordArgs, historyArgs, listArgs } from './args-release.js';
import { HelmError } from './errors.js';
import { runHelm } from './exec.js';
import { formatLabels, HELM_SYSTEM_LABELS } from './labels.js';

/** helm's release statuses (`release.Status`); `unknown` is helm's own catch-all. */
export type ReleaseStatus =
  | 'deployed'
  | 'failed'
  | 'pending-install'
  | 'pending-upgrade'
  | 'pending-rollback'
  | 'uninstalling'
  | 'uninstalled'
  | 'superseded'
  | 'unknown';

const STATUSES: ReadonlySet<string> = new Set<ReleaseStatus>([
  'deployed',
  'failed',
  'pending-install',
  'pending-upgrade',
  'pending-rollback',
  'uninstalling',
  'uninstalled',
  'superseded',
  'unknown',
]);

/** A status helm is still working on (or a helm that died left behind): no other helm operation may start. */
export function isPending(status: ReleaseStatus): boolean {
  return status.startsWith('pending-') || status === 'uninstalling';
}

/** The latest revision of a release as helm recorded it. */
export interface ReleaseRecord {
  readonly name: string;
  readonly namespace: string;
  readonly status: ReleaseStatus;
  readonly revision: number;
  /** Chart name and version (`Chart.yaml`'s). */
  readonly chart: string;
  readonly chartVersion: string;
  readonly appVersion: string;
  /** When this revision was deployed (helm's `LastDeployed`), RFC 3339. */
  readonly updated: string;
  /** The release's user labels (`--labels`), when asked for. */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * What helm knows of a release. `exists` means helm holds a record — also
 * for `uninstalled` (uninstalled with `--keep-history`), which
 * `upgrade --install` installs afresh.
 */
export type ReleaseObservation = { readonly exists: false } | ({ readonly exists: true } & ReleaseRecord);

/** The helm binary to ask: a `HelmInfo` from `detectHelm` fits. */
export interface HelmBinary extends HelmTarget {
  readonly path: string;
}

export interface QueryOptions extends ReleaseRef {
  /** Environment of the helm process (kubeconfig, helm homes). */
  readonly env?: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
}

/** helm's `driver.ErrReleaseNotFound`, the same text in helm 3 and helm 4. */
function isNotFound(err: unknown): boolean {
  return err instanceof HelmError && /release: not found/.test(err.stderr);
}

async function run(helm: HelmBinary, args: string[], q: QueryOptions): Promise<string> {
  const res = await runHelm(helm.path, args, { env: q.env, signal: q.signal, release: q.name });
  return res.stdout;
}

interface MetadataJson {
  name?: string;
  chart?: string;
  version?: string;
  appVersion?: string;
  namespace?: string;
  revision?: number;
  status?: string;
  deployedAt?: string;
  labels?: Record<string, string>;
}

/**
 * The latest revision of a release, from one helm call: `helm get metadata
 * -o json` on helm 4, `helm get all --template` on helm 3 (whose metadata
 * lacks the labels). `labels: true` includes the release's user labels.
 */
export async function observeRelease(
  helm: HelmBinary,
  q: QueryOptions & { readonly labels?: boolean },
): Promise<ReleaseObservation> {
  const found = await readRecord(helm, q);
  if (!found) return { exists: false };
  if (q.labels) return { exists: true, ...found };
  const { labels: _omit, ...record } = found;
  return { exists: true, ...record };
}

/** The latest revision's record with its labels, or undefined when helm has no such release. */
async function readRecord(
  helm: HelmBinary,
  q: QueryOptions,
): Promise<(ReleaseRecord & { labels: Record<string, string> }) | undefined> {
  try {
    if (helm.major === 4) {
      const m = parseJson<MetadataJson>(await run(helm, getMetadataArgs(q), q), 'helm get metadata');
      return {
        name: m.name ?? q.name,
        namespace: m.namespace ?? q.namespace ?? '',
        status: toStatus(m.status),
        revision: m.revision ?? 0,
        chart: m.chart ?? '',
        chartVersion: m.version ?? '',
        appVersion: m.appVersion ?? '',
        updated: m.deployedAt ?? '',
        labels: userLabels(m.labels),
      };
    }
    return parseRecordLines(await run(helm, getRecordArgs(q), q));
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** The output of `RECORD_TEMPLATE`: eight fixed lines, then `key=value` label lines. */
export function parseRecordLines(out: string): ReleaseRecord & { labels: Record<string, string> } {
  const lines = out.split('\n');
  if (lines.length < 8 || !/^\d+$/.test(lines[2] ?? ''))
    throw new HelmOutputError('helm get all --template', out);
  const [name, namespace, revision, status, chart, chartVersion, appVersion, updated] = lines as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const labels: Record<string, string> = {};
  for (const line of lines.slice(8)) {
    const eq = line.indexOf('=');
    if (eq > 0) labels[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return {
    name,
    namespace,
    status: toStatus(status),
    revision: Number(revision),
    chart,
    chartVersion,
    appVersion,
    updated,
    labels: userLabels(labels),
  };
}

/** One revision in `helm history`. */
export interface HistoryEntry {
  readonly revision: number;
  readonly status: ReleaseStatus;
  /** helm's `name-version` string. */
  readonly chart: string;
  readonly appVersion: string;
  readonly updated: string;
  readonly description: string;
}

interface HistoryJson {
  revision?: number;
  updated?: string;
  status?: string;
  chart?: string;
  app_version?: string;
  description?: string;
}

/** The release's revisions, oldest first (`[]` when there is no such release). */
export async function releaseHistory(
  helm: HelmBinary,
  q: QueryOptions & { readonly max?: number },
): Promise<HistoryEntry[]> {
  let out: string;
  try {
    out = await run(helm, historyArgs(q, q.max), q);
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
  const rows = parseJson<HistoryJson[] | null>(out, 'helm history') ?? [];
  return rows.map((r) => ({
    revision: r.revision ?? 0,
    status: toStatus(r.status),
    chart: r.chart ?? '',
    appVersion: r.app_version ?? '',
    updated: r.updated ?? '',
    description: r.description ?? '',
  }));
}

/**
 * The newest revision that once reached `deployed` (now `deployed` or
 * `superseded`), below `before` when given: what to roll back to when the
 * latest revision is stuck pending or failed.
 */
export function lastDeployedRevision(history: readonly HistoryEntry[], before?: number): number | undefined {
  let best: number | undefined;
  for (const h of history) {
    if (before !== undefined && h.revision >= before) continue;
    if (h.status !== 'deployed' && h.status !== 'superseded') continue;
    if (best === undefined || h.revision > best) best = h.revision;
  }
  return best;
}

/**
 * The user labels of the release's latest revision, or undefined when there
 * is no such release (helm's own storage labels left out).
 */
export async function readReleaseLabels(
  helm: HelmBinary,
  q: QueryOptions,
): Promise<Record<string, string> | undefined> {
  return (await readRecord(helm, q))?.labels;
}

/**
 * Whether the release's latest revision carries all these labels, asked
 * with `helm list --selector` (helm ≥ 3.13): one call that does not load the
 * release's manifest.
 */
export async function releaseHasLabels(
  helm: HelmBinary,
  q: QueryOptions,
  labels: Readonly<Record<string, string>>,
): Promise<boolean> {
  const args = listArgs(helm, {
    filter: `^${q.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
    namespace: q.namespace,
    selector: formatLabels(labels),
    kubeContext: q.kubeContext,
    kubeconfig: q.kubeconfig,
  });
  const rows = parseJson<{ name?: string }[] | null>(await run(helm, args, q), 'helm list') ?? [];
  return rows.some((r) => r.name === q.name);
}

/** helm hands back its storage labels (`owner`, `status`, …) with the user's: keep the user's. */
function userLabels(labels: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels ?? {})) if (!HELM_SYSTEM_LABELS.has(k)) out[k] = v;
  return out;
}

function toStatus(s: string | undefined): ReleaseStatus {
  return s !== undefined && STATUSES.has(s) ? (s as ReleaseStatus) : 'unknown';
}

/** helm answered, but not with what helmfire can read. */
export class HelmOutputError extends HelmfireError {
  override readonly name = 'HelmOutputError';
  constructor(what: string, output: string) {
    super('HELM_OUTPUT', `${what} printed something that is not the expected JSON: ${output.slice(0, 200)}`);
  }
}

function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new HelmOutputError(what, text);
  }
}
