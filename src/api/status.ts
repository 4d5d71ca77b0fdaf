import type { K8sObject } from '../diff/types.js';
import { type HealthStatus, healthOf, serviceHealth, worst } from '../health/index.js';
import {
  getManifestArgs,
  HelmError,
  type HelmInfo,
  observeRelease,
  parseManifest,
  runHelm,
} from '../helm/index.js';
import type { ResolvedRelease } from '../state/model.js';
import type { ChartSubstitution, ImageSubstitution, Substitutions } from '../substitute/index.js';
import { KubeClients } from './release-render.js';
import { HelmRun, type HelmRunOptions } from './run-context.js';
import { chartUses } from './substitutions.js';

export interface ObjectStatus {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly health: HealthStatus;
  readonly message?: string;
}

export interface ReleaseStatusReport {
  readonly release: string;
  readonly namespace: string;
  /** helm's status of the latest revision (`absent` when not installed). */
  readonly helmStatus: string;
  readonly revision?: number;
  readonly chart?: string;
  readonly updated?: string;
  /** The least healthy object's health (`Missing` when the release is not installed). */
  readonly health: HealthStatus;
  readonly objects: readonly ObjectStatus[];
}

/** The project's live substitutions (`helmfire chart`, `helmfire image`) as a run applies them. */
export interface SubstitutionStatus {
  /** Each chart substitution with the ids of the selected releases that deploy from its directory. */
  readonly charts: readonly (ChartSubstitution & { readonly releases: readonly string[] })[];
  readonly images: readonly ImageSubstitution[];
}

export interface StatusReport {
  readonly releases: readonly ReleaseStatusReport[];
  readonly substitutions: SubstitutionStatus;
}

/** The substitution set with, for each chart substitution, the releases it applies to. */
export function substitutionStatus(
  subs: Substitutions,
  releases: readonly { readonly id: string; readonly chart: string; readonly version: string }[],
): SubstitutionStatus {
  return {
    charts: chartUses(subs, releases).map((u) => ({ ...u.substitution, releases: u.releases })),
    images: subs.images,
  };
}

/** `helmfire status`: per release, helm's record and the health of each of its live objects. */
export async function status(options: HelmRunOptions): Promise<ReleaseStatusReport[]> {
  return [...(await statusReport(options)).releases];
}

/** `helmfire status` with the live substitutions the selected releases are deployed with. */
export async function statusReport(options: HelmRunOptions): Promise<StatusReport> {
  const run = await HelmRun.open(options);
  try {
    const kube = new KubeClients(options.kubeconfig, run.env);
    const releases = run.desired.releases;
    const limit = options.concurrency && options.concurrency > 0 ? options.concurrency : 8;
    const out: ReleaseStatusReport[] = new Array(releases.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(limit, releases.length) }, async () => {
        while (next < releases.length) {
          const i = next++;
          out[i] = await releaseStatus(releases[i] as ResolvedRelease, run.helm, run.env, kube, options);
        }
      }),
    );
    return { releases: out, substitutions: substitutionStatus(run.substitutions, releases) };
  } finally {
    run.close();
  }
}

async function releaseStatus(
  r: ResolvedRelease,
  helm: HelmInfo,
  env: NodeJS.ProcessEnv,
  kube: KubeClients,
  options: HelmRunOptions,
): Promise<ReleaseStatusReport> {
  const ref = {
    name: r.name,
    namespace: r.namespace,
    ...(r.kubeContext ? { kubeContext: r.kubeContext } : {}),
    ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}),
  };
  const seen = await observeRelease(helm, { ...ref, env });
  if (!seen.exists || seen.status === 'uninstalled') {
    return {
      release: r.name,
      namespace: r.namespace,
      helmStatus: seen.exists ? seen.status : 'absent',
      health: 'Missing',
      objects: [],
    };
  }
  let manifest: K8sObject[] = [];
  try {
    manifest = parseManifest(
      (await runHelm(helm.path, getManifestArgs(ref), { env, release: r.name })).stdout,
      r.name,
    );
  } catch (err) {
    if (!(err instanceof HelmError)) throw err;
  }
  const client = kube.for(r.kubeContext || undefined);
  const objects = await Promise.all(
    manifest.map(async (o): Promise<ObjectStatus> => {
      const namespace = o.metadata.namespace ?? r.namespace;
      const namespaced = await client.isNamespaced(o.apiVersion, o.kind);
      const live = (await client.get({
        apiVersion: o.apiVersion,
        kind: o.kind,
        name: o.metadata.name,
        ...(namespaced === false ? {} : { namespace }),
      })) as K8sObject | undefined;
      let h = healthOf(live);
      if (live && o.kind === 'Service' && o.apiVersion === 'v1') {
        h = serviceHealth(live, await readyEndpoints(client, namespace, o.metadata.name));
      }
      return {
        kind: o.kind,
        name: o.metadata.name,
        namespace: namespaced === false ? '' : namespace,
        health: h.status,
        ...(h.message ? { message: h.message } : {}),
      };
    }),
  );
  return {
    release: r.name,
    namespace: r.namespace,
    helmStatus: seen.status,
    revision: seen.revision,
    chart: `${seen.chart}-${seen.chartVersion}`,
    updated: seen.updated,
    health:
      seen.status === 'failed'
        ? worst(['Degraded', ...objects.map((o) => o.health)])
        : worst(objects.map((o) => o.health)),
    objects,
  };
}

async function readyEndpoints(
  client: ReturnType<KubeClients['for']>,
  namespace: string,
  service: string,
): Promise<number | undefined> {
  try {
    const slices = (await client.list('discovery.k8s.io/v1', 'EndpointSlice', {
      namespace,
      labelSelector: `kubernetes.io/service-name=${service}`,
    })) as { endpoints?: { conditions?: { ready?: boolean } }[] }[];
    return slices.flatMap((s) => s.endpoints ?? []).filter((e) => e.conditions?.ready !== false).length;
  } catch {
    return undefined;
  }
}
