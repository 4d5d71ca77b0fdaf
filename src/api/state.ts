import { posix } from 'node:path';
import { decryptSopsFile } from '../secrets/index.js';
import { findStackfiles, loadStackfiles } from '../stackfile/index.js';
import { buildDocument } from '../state/build-output.js';
import { embedValues } from '../state/embed.js';
import { NoMatchingReleaseError } from '../state/errors.js';
import type { StateHost } from '../state/host.js';
import { formatListJson, formatListTable, type ListRow, listRows } from '../state/list-output.js';
import { type LoadStateOptions, StateLoader } from '../state/loader.js';
import type { DesiredState } from '../state/model.js';
import { nodeHost } from '../state/node-host.js';
import { defaultRenderer, type TemplateRenderer } from '../state/render.js';
import type { ReleaseSpec } from '../state/spec.js';

/**
 * Programmatic API of the state engine: load the desired state, print it as
 * `helmfile build` does, list its releases as `helmfile list` does.
 */

export interface StateOptions extends LoadStateOptions {
  /** Working directory (default: the process's). */
  readonly cwd?: string;
  /** Environment variables (default: the process's). */
  readonly env?: NodeJS.ProcessEnv;
  /** Where warnings go (missing optional files, deprecated forms, needs on uninstalled releases). */
  readonly warn?: (message: string) => void;
  /** Replace the file system/environment entirely (tests, embedding). */
  readonly host?: StateHost;
  readonly renderer?: TemplateRenderer;
  /** Several `-f`: stackfiles merged in order (helmfile state takes one `file`). */
  readonly files?: readonly string[];
}

function hostFor(options: StateOptions): StateHost {
  if (options.host) return options.host;
  const env = options.env ?? process.env;
  return nodeHost({
    ...(options.cwd ? { cwd: options.cwd } : {}),
    env,
    decryptFile: async (path) => (await decryptSopsFile(path, { env })).text,
    ...(options.warn ? { warn: options.warn } : {}),
  });
}

/**
 * Loads the state files `options` names into the desired state. Does not fail
 * when no release matches the selectors (`releases` is then empty); use
 * `requireReleases` for helmfile's behaviour.
 */
export async function loadState(options: StateOptions = {}): Promise<DesiredState> {
  return loadDesired(hostFor(options), options.renderer, options);
}

/** helmfile state, or helmstack stackfiles when `-f`/the directory names them (src/stackfile). */
function loadDesired(
  host: StateHost,
  renderer: TemplateRenderer | undefined,
  options: StateOptions,
): Promise<DesiredState> {
  const stackfiles = findStackfiles(host, options);
  if (stackfiles) return loadStackfiles(host, stackfiles, { ...options, ...(renderer ? { renderer } : {}) });
  return new StateLoader(host, renderer ? { renderer } : {}).load(options);
}

/** helmfile's rule: no release matching the selectors in any state file is an error. */
export function requireReleases(state: DesiredState, selectors: readonly string[] = []): void {
  if (state.releases.length === 0) throw new NoMatchingReleaseError(selectors, state.environment);
}

export interface BuildResult {
  /** The text `helmfile build` prints: one `---` block per state file. */
  readonly text: string;
  readonly state: DesiredState;
}

/** `helmfile build [--embed-values]`. */
export async function buildState(
  options: StateOptions & { readonly embedValues?: boolean } = {},
): Promise<BuildResult> {
  const host = hostFor(options);
  const renderer = options.renderer ?? defaultRenderer(host);
  const state = await loadDesired(host, renderer, options);
  const blocks = state.states.map((s) => {
    let spec = s.spec;
    if (options.embedValues) {
      const r = renderer;
      const releases: ReleaseSpec[] = s.releases.map((rel) => {
        const out: ReleaseSpec = { ...rel.spec };
        if (rel.spec.values) out.values = embedValues(host, r, s, rel, rel.spec.values);
        if (rel.spec.secrets) out.secrets = embedValues(host, r, s, rel, rel.spec.secrets);
        return out;
      });
      spec = { ...spec, releases };
    }
    // helmfile prints paths relative to the state file's directory, except for
    // the files of a directory (helmfile.d), which it loads by absolute path.
    const relative = s.origin !== 'multiple';
    if (relative && spec.helmfiles) {
      spec = {
        ...spec,
        helmfiles: spec.helmfiles.map((h) => ({ ...h, path: posix.relative(s.baseDir, h.path ?? '') })),
      };
    }
    return buildDocument(s.file, spec, relative ? posix.basename(s.file) : s.file, s.values);
  });
  return { text: blocks.join(''), state };
}

export interface ListResult {
  readonly rows: readonly ListRow[];
  readonly state: DesiredState;
}

/** `helmfile list`: the selected releases of every state, sorted by namespace and name. */
export async function listReleases(options: StateOptions = {}): Promise<ListResult> {
  const state = await loadState(options);
  return { rows: listRows(state.releases), state };
}

/** The text `helmfile list` prints (`table` or `json`). */
export function formatList(rows: readonly ListRow[], output: 'table' | 'json' = 'table'): string {
  return output === 'json' ? formatListJson(rows) : formatListTable(rows);
}
