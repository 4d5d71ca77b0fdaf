import { collectArgs, detectHelm, registryLoginArgs, repoAddArgs, runHelm } from '../helm/index.js';
import type { Repository } from '../state/model.js';
import { loadState, type StateOptions } from './state.js';

/**
 * `helmfire repos`: adds every repository of the state to helm
 * (`helm repo add --force-update`, which also fetches its index) and logs in
 * to OCI registries that have credentials, all at once.
 */

export interface ReposOptions extends StateOptions {
  /** `--args`: extra helm arguments for every command. */
  readonly args?: string;
  readonly signal?: AbortSignal;
  readonly log?: (line: string) => void;
}

export interface RepoOutcome {
  readonly name: string;
  readonly url: string;
  readonly oci: boolean;
  /** `added` (repo add), `logged-in` (registry login), `skipped` (OCI without credentials: nothing to do). */
  readonly action: 'added' | 'logged-in' | 'skipped';
  /** What helm printed. */
  readonly output: string;
}

export async function addRepos(options: ReposOptions = {}): Promise<RepoOutcome[]> {
  const env = options.env ?? process.env;
  const desired = await loadState(options);
  const fromState = desired.states.find((s) => s.helmBinary && s.helmBinary !== 'helm')?.helmBinary;
  const helm = await detectHelm(
    options.helmBinary && options.helmBinary !== 'helm' ? options.helmBinary : (fromState ?? 'helm'),
  );
  const extra = options.args ? collectArgs(options.args) : [];
  const log = options.log ?? (() => {});
  const run = (args: readonly string[], input?: string) =>
    runHelm(helm.path, [...args, ...extra], {
      env,
      ...(input !== undefined ? { input } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  return Promise.all(
    desired.repositories.map(async (r: Repository): Promise<RepoOutcome> => {
      const base = { name: r.name, url: r.url, oci: r.oci };
      if (r.oci) {
        const host = r.url.replace(/^oci:\/\//, '').split('/')[0] ?? r.url;
        const login = registryLoginArgs(host, r);
        if (!login) return { ...base, action: 'skipped', output: '' };
        log(`Logging in to registry ${host}`);
        const out = await run(login.args, login.input);
        return { ...base, action: 'logged-in', output: out.stdout };
      }
      log(`Adding repo ${r.name} ${r.url}`);
      const cmd = repoAddArgs(r);
      const out = await run(cmd.args, cmd.input);
      return { ...base, action: 'added', output: out.stdout };
    }),
  );
}
