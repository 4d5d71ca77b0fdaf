import { type HelmInfo, registryLoginArgs, repoAddArgs, runHelm } from '../helm/index.js';
import type { Repository } from '../state/model.js';

/**
 * Makes the state's repositories known to helm once per run, all at once:
 * `helm repo add --force-update` for chart repositories (which also fetches
 * their index), `helm registry login` for OCI registries with credentials.
 * Only repositories some release uses are added.
 */
export async function syncRepositories(
  repositories: readonly Repository[],
  used: ReadonlySet<string>,
  helm: HelmInfo,
  env?: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<string[]> {
  const added: string[] = [];
  await Promise.all(
    repositories
      .filter((r) => used.has(r.name))
      .map(async (r) => {
        if (r.oci) {
          const host = r.url.replace(/^oci:\/\//, '').split('/')[0] ?? r.url;
          const login = registryLoginArgs(host, r);
          if (!login) return;
          await runHelm(helm.path, login.args, {
            env,
            signal,
            ...(login.input ? { input: login.input } : {}),
          });
        } else {
          const cmd = repoAddArgs(r);
          await runHelm(helm.path, cmd.args, { env, signal, ...(cmd.input ? { input: cmd.input } : {}) });
        }
        added.push(r.name);
      }),
  );
  return added.sort();
}
