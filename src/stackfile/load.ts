import { posix } from 'node:path';
import { DEFAULT_ENVIRONMENT } from '../state/environment.js';
import { HostFileNotFound, type StateHost } from '../state/host.js';
import { type LoadStateOptions, StateLoader } from '../state/loader.js';
import type { DesiredState } from '../state/model.js';
import type { TemplateRenderer } from '../state/render.js';
import type { ReleaseSetSpec } from '../state/spec.js';
import { closest } from '../state/suggest.js';
import {
  applyOverlays,
  mergeStackfiles,
  type OverlayPart,
  type StackPart,
  withoutIgnored,
} from './compose.js';
import { type Declarations, readDeclarations } from './declarations.js';
import { decodeOverlay, decodeStackfile } from './decode.js';
import { parseDotenv } from './dotenv.js';
import { StackfileError } from './errors.js';
import { type DeclaredVariable, expandVariables, VariableError, VariableScope } from './expand.js';
import { substituteVariables } from './substitute.js';
import { helmfileText, toHelmfileSpec } from './translate.js';

/**
 * Loading helmstack stackfiles into helmfire's desired state: the stackfiles
 * (and the environment's overlays) are read, `${…}` substituted, decoded,
 * merged and turned into the helmfile state file that means the same, which
 * the state engine then loads in place of the stackfile (same path, same
 * directory). So every command sees exactly what it would for that helmfile.
 */

export interface TranslatedStack {
  /** The path the state is loaded under: the first stackfile's. */
  readonly file: string;
  readonly environment: string;
  /** The equivalent helmfile state. */
  readonly spec: ReleaseSetSpec;
  /** …as the text the state engine loads. */
  readonly text: string;
  /** Overlay files applied, in order. */
  readonly overlays: readonly string[];
}

function read(host: StateHost, path: string, what: string, from?: string): string {
  try {
    return host.readFile(path);
  } catch (err) {
    if (err instanceof HostFileNotFound) {
      throw new StackfileError(
        'STACKFILE_NOT_FOUND',
        `${what} ${path} does not exist${from ? ` (listed in ${from})` : ''}`,
      );
    }
    throw err;
  }
}

function dotenvOf(host: StateHost, dirs: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const dir of new Set(dirs)) {
    const f = posix.join(dir, '.env');
    if (host.stat(f) !== 'file') continue;
    for (const [k, v] of parseDotenv(read(host, f, '.env file'), f)) out.set(k, v);
  }
  return out;
}

const declared = (decls: readonly Declarations[]) => {
  const out = new Map<string, DeclaredVariable>();
  for (const d of decls) for (const [k, v] of d.variables) out.set(k, v);
  return out;
};

interface Source {
  readonly file: string;
  readonly dir: string;
  readonly decl: Declarations;
}

/**
 * The environment's overlay files, in order: for each stackfile, env/NAME.yaml
 * beside it (helmstack's convention), then those it lists. Overlay paths see
 * the stackfiles' variables, .env and the environment (not the overlays' own,
 * which are not read yet). An environment with neither is an error.
 */
function findOverlays(
  host: StateHost,
  sources: readonly Source[],
  environment: string,
  scope: VariableScope,
): { file: string; dir: string }[] {
  const found: { file: string; dir: string }[] = [];
  const add = (file: string, dir: string) => {
    if (!found.some((o) => o.file === file)) found.push({ file, dir });
  };
  let defined = environment === DEFAULT_ENVIRONMENT;
  for (const s of sources) {
    const conventional = posix.join(s.dir, 'env', `${environment}.yaml`);
    if (host.stat(conventional) === 'file') {
      add(conventional, s.dir);
      defined = true;
    }
    const listed = s.decl.overlays.get(environment);
    if (listed === undefined) continue;
    defined = true;
    for (const entry of listed) {
      let path: string;
      try {
        path = expandVariables(entry, scope.lookup);
      } catch (err) {
        if (!(err instanceof VariableError)) throw err;
        throw new StackfileError(
          'STACKFILE_VARIABLE',
          `environments.${environment}.overlay: ${err.message}`,
          {
            file: s.file,
          },
        );
      }
      const abs = posix.isAbsolute(path) ? path : posix.join(s.dir, path);
      if (host.stat(abs) !== 'file') {
        throw new StackfileError(
          'STACKFILE_NOT_FOUND',
          `overlay ${path} of environment "${environment}" does not exist`,
          {
            file: s.file,
          },
        );
      }
      add(abs, s.dir);
    }
  }
  if (!defined) {
    const known = [...new Set(sources.flatMap((s) => s.decl.environments))];
    const names = sources.map((s) => posix.basename(s.file)).join(', ');
    throw new StackfileError(
      'STACKFILE_ENVIRONMENT',
      `environment "${environment}" is not defined: no environments.${environment} in ${names} and no env/${environment}.yaml beside ${sources.length > 1 ? 'them' : 'it'}${known.length > 0 ? ` (defined: ${known.join(', ')})` : ''}` +
        (closest(environment, known) ? `; did you mean "${closest(environment, known)}"?` : ''),
      { file: sources[0]!.file },
    );
  }
  return found;
}

/** Reads, merges and translates `files` (absolute paths) for `environment`. */
export function translateStackfiles(
  host: StateHost,
  files: readonly string[],
  environment: string,
  warn?: (m: string) => void,
): TranslatedStack {
  const baseDir = posix.dirname(files[0]!);
  const sources = files.map((file) => {
    const text = read(host, file, 'stackfile');
    return { file, dir: posix.dirname(file), text, decl: readDeclarations(text, file, 'stackfile') };
  });
  const env = (name: string) => host.env(name);
  const dotenv = dotenvOf(
    host,
    sources.map((s) => s.dir),
  );
  const stackScope = new VariableScope(env, dotenv, declared(sources.map((s) => s.decl)));

  const overlayFiles = findOverlays(host, sources, environment, stackScope);

  const overlays = overlayFiles.map((o) => {
    const text = read(host, o.file, 'overlay');
    return { ...o, text, decl: readDeclarations(text, o.file, 'overlay') };
  });
  const scope = new VariableScope(env, dotenv, declared([...sources, ...overlays].map((x) => x.decl)));

  const parts: StackPart[] = sources.map((s) => ({
    file: s.file,
    dir: s.dir,
    decoded: decodeStackfile(substituteVariables(s.text, s.file, scope.lookup, scope.names()), s.file, warn),
  }));
  const overlayParts: OverlayPart[] = overlays.map((o) => ({
    file: o.file,
    dir: o.dir,
    decoded: decodeOverlay(substituteVariables(o.text, o.file, scope.lookup, scope.names()), o.file, warn),
  }));

  const stack = withoutIgnored(applyOverlays(mergeStackfiles(parts, baseDir), overlayParts, baseDir, warn));
  let variables: ReturnType<VariableScope['values']>;
  try {
    variables = scope.values();
  } catch (err) {
    if (err instanceof VariableError)
      throw new StackfileError('STACKFILE_VARIABLE', err.message, { file: files[0]! });
    throw err;
  }
  const environments = [
    ...new Set([
      ...sources.flatMap((s) => s.decl.environments),
      ...(environment !== DEFAULT_ENVIRONMENT ? [environment] : []),
    ]),
  ];
  const spec = toHelmfileSpec(stack, { environments, variables });
  return {
    file: files[0]!,
    environment,
    spec,
    text: helmfileText(spec),
    overlays: overlayFiles.map((o) => o.file),
  };
}

/** `host` with the state file at `file` reading as `text` (and never rendered as a template). */
export function withStateText(host: StateHost, file: string, text: string): StateHost {
  const h: StateHost = {
    cwd: host.cwd,
    readFile: (p) => (p === file ? text : host.readFile(p)),
    stat: (p) => host.stat(p),
    readDir: (p) => host.readDir(p),
    env: (name) => (name === 'HELMFILE_RENDER_YAML' ? undefined : host.env(name)),
  };
  if (host.decryptFile) h.decryptFile = (p) => host.decryptFile!(p);
  if (host.warn) h.warn = (m) => host.warn!(m);
  if (host.helmfileHost) h.helmfileHost = (dir) => host.helmfileHost!(dir);
  return h;
}

/**
 * Loads stackfiles (absolute paths, merged in order) into the desired state,
 * as the state engine loads the equivalent helmfile: `-e`, `-l`, `-n`,
 * `--state-values-set` and the rest of `opts` work as they do for helmfile
 * state.
 */
export async function loadStackfiles(
  host: StateHost,
  files: readonly string[],
  opts: LoadStateOptions & { readonly renderer?: TemplateRenderer } = {},
): Promise<DesiredState> {
  const environment = opts.environment || host.env('HELMFILE_ENVIRONMENT') || DEFAULT_ENVIRONMENT;
  const t = translateStackfiles(host, files, environment, host.warn ? (m) => host.warn!(m) : undefined);
  const { renderer, ...load } = opts;
  const loader = new StateLoader(withStateText(host, t.file, t.text), renderer ? { renderer } : {});
  return loader.load({ ...load, file: t.file, environment });
}
