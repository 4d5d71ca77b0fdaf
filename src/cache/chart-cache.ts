import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type HelmInfo, type PullInputs, pullArgs, runHelm } from '../helm/index.js';
import { chartDirDigest } from '../plan/index.js';
import { ChartCacheError } from './errors.js';
import { incomingName, privateDir, publishDir } from './store.js';

/**
 * helmfire's chart cache: every remote chart (repository or OCI) is pulled
 * at most once per chart and version, unpacked, and kept under
 * `<cache>/charts/<name>-<version>-<key>/`, keyed by where it comes from
 * (repository URL or OCI reference) and its exact version. Later runs use
 * the unpacked copy without asking helm or the network anything.
 *
 * A version that is not exact (empty, a range such as `~1.2`) may resolve
 * to a newer chart at any time, so such charts are pulled once per run into
 * the run's own directory and never kept.
 */

/** A remote chart as a release refers to it. */
export interface RemoteChart {
  /** What `helm pull` gets: `repo/chart` or `oci://host/path/chart`. */
  readonly ref: string;
  readonly version?: string;
  /** The repository's URL for `repo/chart` (absent: a repository helmfire does not know, never kept). */
  readonly repoUrl?: string;
  /** Transport and verification flags of the pull. */
  readonly pull?: Omit<PullInputs, 'chart' | 'version' | 'destination' | 'untar'>;
}

/** An unpacked chart ready for helm. */
export interface LocalChart {
  /** Directory holding `Chart.yaml`. */
  readonly dir: string;
  /** Content digest of that directory (sha256 over every file's path and bytes). */
  readonly digest: string;
  /** Came out of the cache without pulling in this run. */
  readonly hit: boolean;
}

interface EntryMeta {
  readonly ref: string;
  readonly version: string;
  readonly repoUrl?: string;
  readonly digest: string;
  readonly pulledAt: string;
}

const EXACT = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** A version constraint that names exactly one chart version (or an OCI digest). */
export function isExactVersion(version: string | undefined): boolean {
  if (!version) return false;
  const [v, digest] = version.split('@');
  if (digest?.startsWith('sha256:')) return true;
  return EXACT.test(v ?? '');
}

/** The chart's name: the last path segment of the reference, without an OCI tag or digest. */
export function chartName(ref: string): string {
  const noDigest = ref.split('@')[0] ?? ref;
  const last = noDigest.slice(noDigest.lastIndexOf('/') + 1);
  if (ref.startsWith('oci://')) {
    const colon = last.indexOf(':');
    return colon >= 0 ? last.slice(0, colon) : last;
  }
  return last;
}

/**
 * The OCI reference's own pinned version (`…/chart:1.2.3` or `…@sha256:…`),
 * which helm uses when no `version:` is given.
 */
function ociPin(ref: string): string | undefined {
  if (!ref.startsWith('oci://')) return undefined;
  const at = ref.indexOf('@');
  if (at >= 0) return ref.slice(at + 1);
  const last = ref.slice(ref.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  return colon >= 0 ? last.slice(colon + 1) : undefined;
}

/**
 * The directory name of a chart in the persistent cache, or undefined when
 * the chart must not be kept across runs (inexact version, unknown repository).
 */
export function chartCacheKey(c: RemoteChart): string | undefined {
  const version = c.version || ociPin(c.ref);
  if (!isExactVersion(version)) return undefined;
  let source: string;
  if (c.ref.startsWith('oci://')) source = c.ref.replace(/[:@][^/]*$/, '');
  else if (c.repoUrl) source = `${c.repoUrl.replace(/\/+$/, '')}/${chartName(c.ref)}`;
  else return undefined;
  const hash = createHash('sha256')
    .update(`${source}\0${version}\0${c.pull?.devel ? 'devel' : ''}`)
    .digest('hex')
    .slice(0, 16);
  const safe = (s: string) => s.replace(/[^0-9A-Za-z._-]/g, '_');
  return `${safe(chartName(c.ref))}-${safe(version!.split('@')[0] ?? '')}-${hash}`;
}

export interface ChartCacheOptions {
  /** Persistent root (`<cache>/charts`). */
  readonly root: string;
  /** This run's private directory, for charts that are not kept. */
  readonly runDir: string;
  readonly helm: HelmInfo;
  readonly env?: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
  /** Called (and awaited) before the first pull of a chart, e.g. to add its repository. */
  readonly beforePull?: (c: RemoteChart) => Promise<void>;
  /** Called when a chart is pulled (for progress output and counting). */
  readonly onPull?: (c: RemoteChart) => void;
}

export class ChartCache {
  private readonly inRun = new Map<string, Promise<LocalChart>>();
  /** Charts pulled by this instance. */
  pulls = 0;

  constructor(private readonly o: ChartCacheOptions) {}

  /** The cached chart, if it is in the persistent cache already (no helm, no network). */
  lookup(c: RemoteChart): LocalChart | undefined {
    const key = chartCacheKey(c);
    if (!key) return undefined;
    return readEntry(join(this.o.root, key), true);
  }

  /** The chart unpacked on disk: from the cache, else pulled once (concurrent callers share the pull). */
  get(c: RemoteChart): Promise<LocalChart> {
    const key = chartCacheKey(c);
    const runKey = key ?? `run:${c.ref}\0${c.version ?? ''}\0${c.repoUrl ?? ''}`;
    let p = this.inRun.get(runKey);
    if (!p) {
      p = this.fetch(c, key);
      this.inRun.set(runKey, p);
      p.catch(() => this.inRun.delete(runKey));
    }
    return p;
  }

  private async fetch(c: RemoteChart, key: string | undefined): Promise<LocalChart> {
    if (key) {
      const hit = readEntry(join(this.o.root, key), true);
      if (hit) return hit;
    }
    await this.o.beforePull?.(c);
    this.o.onPull?.(c);
    const parent = key ? privateDir(this.o.root) : privateDir(join(this.o.runDir, 'charts'));
    const target = join(
      parent,
      key ??
        createHash('sha256')
          .update(`${c.ref}\0${c.version ?? ''}`)
          .digest('hex')
          .slice(0, 16),
    );
    // A directory without a readable entry is debris (entries are renamed into place complete).
    if (key && existsSync(target) && !readEntry(target, false))
      rmSync(target, { recursive: true, force: true });
    const incoming = incomingName(target);
    mkdirSync(join(incoming, 'pull'), { recursive: true, mode: 0o700 });
    try {
      await runHelm(
        this.o.helm.path,
        pullArgs({
          ...c.pull,
          chart: c.ref,
          ...(c.version ? { version: c.version } : {}),
          destination: join(incoming, 'pull'),
        }),
        { ...(this.o.env ? { env: this.o.env } : {}), ...(this.o.signal ? { signal: this.o.signal } : {}) },
      );
      this.pulls++;
      const unpacked = readdirSync(join(incoming, 'pull')).filter((n) =>
        existsSync(join(incoming, 'pull', n, 'Chart.yaml')),
      );
      if (unpacked.length !== 1) {
        throw new ChartCacheError(
          `helm pull ${c.ref}: expected one chart directory, found ${unpacked.length}`,
        );
      }
      renameSync(join(incoming, 'pull', unpacked[0]!), join(incoming, 'chart'));
      rmSync(join(incoming, 'pull'), { recursive: true, force: true });
      const meta: EntryMeta = {
        ref: c.ref,
        version: c.version ?? '',
        ...(c.repoUrl ? { repoUrl: c.repoUrl } : {}),
        digest: chartDirDigest(join(incoming, 'chart')),
        pulledAt: new Date().toISOString(),
      };
      writeFileSync(join(incoming, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`, { mode: 0o600 });
      publishDir(incoming, target);
    } catch (err) {
      rmSync(incoming, { recursive: true, force: true });
      throw err;
    }
    const entry = readEntry(target, false);
    if (!entry) throw new ChartCacheError(`chart cache entry ${target} is unreadable`);
    return entry;
  }
}

function readEntry(dir: string, hit: boolean): LocalChart | undefined {
  let meta: EntryMeta;
  try {
    meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as EntryMeta;
  } catch {
    return undefined;
  }
  if (typeof meta.digest !== 'string' || !existsSync(join(dir, 'chart', 'Chart.yaml'))) return undefined;
  return { dir: join(dir, 'chart'), digest: meta.digest, hit };
}
