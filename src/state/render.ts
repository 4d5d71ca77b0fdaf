import { posix } from 'node:path';
import { type HelmfileHost, HelmfileRenderer, HostError } from '../template/helmfile/index.js';
import type { TemplateSet } from '../template/template.js';
import type { GoValue } from '../template/value.js';
import { HostFileNotFound, type StateHost } from './host.js';

/**
 * How the state engine renders Go templates: helmfile's setup (Sprig plus
 * helmfile's functions, `include` of `_*.tpl` helpers beside the file,
 * `missingkey=error`). Injected so tests and embedders can swap it.
 */
export interface TemplateRenderer {
  /**
   * Renders `text` with `data` as dot. `baseDir` is where `_*.tpl` helpers and
   * relative paths of file functions resolve; `name` appears in error messages.
   * Throws an Error whose message is Go's error text.
   */
  render(text: string, data: GoValue, opts: { readonly baseDir: string; readonly name: string }): string;
}

/** The template functions' view of a state host (a host without `exec` makes `exec` fail). */
export function helmfileHostOf(host: StateHost, baseDir: string): HelmfileHost {
  if (host.helmfileHost) return host.helmfileHost(baseDir);
  const abs = (p: string) => (posix.isAbsolute(p) ? p : posix.join(baseDir, p));
  return {
    baseDir,
    readFile(path) {
      try {
        return host.readFile(abs(path));
      } catch (err) {
        if (err instanceof HostFileNotFound)
          throw new HostError(`open ${path}: no such file or directory`, true);
        throw err;
      }
    },
    readDir(path) {
      const dir = abs(path);
      if (host.stat(dir) !== 'dir') throw new HostError(`open ${path}: no such file or directory`, true);
      return host
        .readDir(dir)
        .sort()
        .map((name) => {
          const isDir = host.stat(posix.join(dir, name)) === 'dir';
          return { name, isDir, typeBits: isDir ? 2 ** 31 : 0 };
        });
    },
    stat(path) {
      const kind = host.stat(abs(path));
      return kind === undefined ? undefined : { isDir: kind === 'dir' };
    },
    exec(req) {
      throw new HostError(`exec: "${req.command}": running commands is not available here`);
    },
    env: (name) => host.env(name),
  };
}

/** A host whose directory listings are read once (helper lookup lists the directory on every render). */
function cachingReadDir(h: HelmfileHost): HelmfileHost {
  const dirs = new Map<string, ReturnType<HelmfileHost['readDir']>>();
  return {
    baseDir: h.baseDir,
    readFile: (p) => h.readFile(p),
    readDir(p) {
      let hit = dirs.get(p);
      if (!hit) {
        hit = h.readDir(p);
        dirs.set(p, hit);
      }
      return hit;
    },
    stat: (p) => h.stat(p),
    exec: (r) => h.exec(r),
    env: (n) => h.env(n),
  };
}

/**
 * The default renderer: helmfile's template functions over the host, one
 * renderer per directory. Make one per load: directory listings are cached.
 */
export function defaultRenderer(host: StateHost): TemplateRenderer {
  const renderers = new Map<string, { renderer: HelmfileRenderer; parsed: Map<string, TemplateSet> }>();
  return {
    render(text, data, opts) {
      let r = renderers.get(opts.baseDir);
      if (!r) {
        const renderer = new HelmfileRenderer({ host: cachingReadDir(helmfileHostOf(host, opts.baseDir)) });
        r = { renderer, parsed: new Map() };
        renderers.set(opts.baseDir, r);
      }
      // The same text is rendered again and again (release templating renders
      // each release's fields once per round, and releases share templates):
      // it is parsed once, with the helpers, and executed afresh each time —
      // an execution keeps no state in the set, so the output is the same as
      // parsing anew (functions such as `exec` or `randAlpha` still run every time).
      let set = r.parsed.get(text);
      if (!set) {
        set = r.renderer.newTemplate().parse(text);
        if (text.length <= PARSED_TEXT_MAX) r.parsed.set(text, set);
      }
      return set.execute(data);
    },
  };
}

/** Texts longer than this (whole state files, rendered once) are not kept parsed. */
const PARSED_TEXT_MAX = 16_384;
