/**
 * The normalisation helmfile's snapshot harness applies to a run's combined
 * output before comparing it with the golden file, in the same order.
 */

export interface SnapshotNormalisation {
  /** The harness working directory (the dir holding `testdata/`). */
  readonly wd: string;
  /** The per-case HELMFILE_CACHE_HOME. */
  readonly helmfileCacheHome: string;
  /** The OCI registry port, when the case uses the registry. */
  readonly registryPort?: number;
  /** Chart repository ports served elsewhere than the case files say: actual → expected. */
  readonly movedPorts?: ReadonlyMap<number, number>;
}

const gitChartPath = /chart=.*git\.ref=.*\/charts\/.*/g;
const helmShortVersion = /v\d+\.\d+\.\d+\+[a-z0-9]+/g;
const ociDigest = /Digest: sha256:[0-9a-f]*/g;

export function normaliseSnapshotOutput(output: string, n: SnapshotNormalisation): string {
  let s = output;
  for (const [actual, expected] of n.movedPorts ?? []) {
    s = s.replaceAll(`localhost:${actual}`, `localhost:${expected}`);
  }
  s = s.replaceAll(`chart=${n.wd}`, 'chart=$WD');
  s = s.replace(gitChartPath, 'chart=$GoGetterPath');
  s = s.replace(helmShortVersion, '$HelmVersion');
  if (n.registryPort !== undefined) {
    s = s.replaceAll(`localhost:${n.registryPort}`, 'localhost:$REGISTRY_PORT');
    s = s.replaceAll(`oci__localhost_${n.registryPort}`, 'oci__localhost_$REGISTRY_PORT');
    s = s.replace(ociDigest, 'Digest: sha256:$DIGEST');
  }
  s = s.replaceAll(n.helmfileCacheHome, '$HELMFILE_CACHE_HOME');
  return s.replaceAll(n.wd, '__workingdir__');
}
