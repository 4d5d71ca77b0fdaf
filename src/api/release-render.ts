import { diffRelease, type DiffOptions as PureDiffOptions, type ReleaseDiff } from '../diff/index.js';
import type { K8sObject } from '../diff/types.js';
import {
  asAppliedByHelm,
  getManifestArgs,
  HelmError,
  type HelmInfo,
  isHook,
  parseManifest,
  runHelm,
  templateArgs,
} from '../helm/index.js';
import { clusterLiveSource, KubeClient } from '../kube/index.js';
import type { PreparedRelease } from '../plan/index.js';
import { substituteManifestImages } from '../substitute/manifests.js';

/** What a release would deploy now: `helm template` with its values and options, hooks left out, as helm applies it. */
export async function renderDesired(
  r: PreparedRelease,
  helm: HelmInfo,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<K8sObject[]> {
  const args = templateArgs(r.options, r.chart, helm);
  const out = await runHelm(helm.path, args, { env, signal, release: r.name });
  // What gets deployed: the live image substitutions applied.
  const stdout = r.images?.length ? substituteManifestImages(out.stdout, r.images).text : out.stdout;
  return parseManifest(stdout, `release "${r.name}"`)
    .filter((o) => !isHook(o))
    .map((o) => asAppliedByHelm(o, r.name, r.namespace));
}

/** The manifest of the deployed release; undefined when it is not installed. */
export async function renderDeployed(
  r: PreparedRelease,
  helm: HelmInfo,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<K8sObject[] | undefined> {
  const ref = {
    name: r.name,
    namespace: r.namespace,
    ...(r.options.kubeContext ? { kubeContext: r.options.kubeContext } : {}),
    ...(r.chart.kubeconfig ? { kubeconfig: r.chart.kubeconfig } : {}),
  };
  try {
    const { stdout } = await runHelm(helm.path, getManifestArgs(ref), { env, signal, release: r.name });
    return parseManifest(stdout, `release "${r.name}"`).map((o) => asAppliedByHelm(o, r.name, r.namespace));
  } catch (err) {
    if (err instanceof HelmError && /release: not found/.test(err.stderr)) return undefined;
    throw err;
  }
}

/** One cluster client per kube context of a run. */
export class KubeClients {
  private readonly clients = new Map<string, KubeClient>();
  constructor(
    private readonly kubeconfig: string | undefined,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  for(context: string | undefined): KubeClient {
    const key = context ?? '';
    let c = this.clients.get(key);
    if (!c) {
      c = KubeClient.connect(
        { ...(this.kubeconfig ? { kubeconfig: this.kubeconfig } : {}), ...(context ? { context } : {}) },
        this.env,
      );
      this.clients.set(key, c);
    }
    return c;
  }
}

/** The live diff of one release: desired render vs the cluster, with the deployed manifest for deletions and drift. */
export async function diffPrepared(
  r: PreparedRelease,
  helm: HelmInfo,
  env: NodeJS.ProcessEnv,
  kube: KubeClients,
  opts: PureDiffOptions & { signal?: AbortSignal } = {},
): Promise<ReleaseDiff> {
  const [desired, deployed] = await Promise.all([
    r.installed ? renderDesired(r, helm, env, opts.signal) : Promise.resolve([]),
    renderDeployed(r, helm, env, opts.signal),
  ]);
  return diffRelease(
    { release: r.name, namespace: r.namespace, desired, ...(deployed ? { deployed } : {}) },
    clusterLiveSource(kube.for(r.options.kubeContext)),
    opts,
  );
}
