/**
 * Rendering as helmfile's tmpl.Context does: a template named
 * `stringTemplate` with all of Sprig (its `get` renamed `sprigGet`), helmfile's
 * functions, `include` over the `_*.tpl` helpers beside the state file
 * (recursion guard at 1000 nested includes of one name) and `tpl`;
 * missingkey=error, or missingkey=zero with side effects stubbed out in the
 * first pass.
 */
import { join } from 'node:path';
import { TemplateError } from '../errors.js';
import { sprigFuncMap } from '../sprig/index.js';
import { TemplateSet } from '../template.js';
import { type FuncMap, GoError, type GoFunc, type GoValue, goFunc } from '../value.js';
import { helmfileFuncMap } from './funcs.js';
import { type HelmfileHost, HostError } from './host.js';
import { nodeHelmfileHost } from './node-host.js';

const RECURSION_MAX = 1000;

export interface HelmfileRenderOptions {
  /** Directory of the state file (default: the host's, else the working directory). */
  baseDir?: string;
  /** `error` (default) or `zero`; `zero` is helmfile's first pass. */
  missingKey?: 'error' | 'zero';
  /** helmfile's first pass (missingkey=zero, exec/readFile/… stubbed); implied by missingKey 'zero'. */
  firstPass?: boolean;
  host?: HelmfileHost;
}

const OVERFLOW_MARK = '\u0000helmfire: JavaScript stack exhausted in include\u0000';

/**
 * helmfile stops a template that includes itself at the 1002nd nested include
 * of one name; JavaScript's stack runs out earlier. When it does, the deepest
 * include reports a marker; the include above it learns from the engine's
 * wrapping of that marker the text one level adds, and reports the error Go
 * would have built after the remaining levels.
 */
function recursionError(e: unknown, name: string, level: number): unknown {
  const message = e instanceof Error ? e.message : '';
  if (message.includes(OVERFLOW_MARK) && !message.endsWith(OVERFLOW_MARK)) return e;
  if (e instanceof TemplateError && message.endsWith(OVERFLOW_MARK)) {
    const wrapper = message.slice(0, -OVERFLOW_MARK.length);
    const guard = `rendering template has a nested reference name: ${name}: unable to execute template`;
    return new GoError(wrapper.repeat(Math.max(RECURSION_MAX + 2 - level, 1)) + guard);
  }
  const overflow = e instanceof RangeError || (level > 50 && /exceeded maximum template depth/.test(message));
  return overflow ? new GoError(OVERFLOW_MARK) : e;
}

/** helmfile's tmpl.Context: renders texts with one base directory, host and pass. */
export class HelmfileRenderer {
  readonly host: HelmfileHost;
  readonly firstPass: boolean;
  private readonly base: FuncMap;

  constructor(options: HelmfileRenderOptions = {}) {
    this.host =
      options.host ?? nodeHelmfileHost(options.baseDir !== undefined ? { baseDir: options.baseDir } : {});
    this.firstPass = options.firstPass ?? options.missingKey === 'zero';
    // Sprig's env and expandenv read the same environment as helmfile's functions.
    const funcs = new Map<string, GoFunc>(sprigFuncMap({ getenv: (name) => this.host.env(name) }));
    const sprigGet = funcs.get('get');
    for (const [name, fn] of helmfileFuncMap(this.host, { firstPass: this.firstPass })) funcs.set(name, fn);
    if (sprigGet) funcs.set('sprigGet', { ...sprigGet, name: 'sprigGet' });
    this.base = funcs;
  }

  /** The `_*.tpl` files of the base directory, sorted by name: [path, content]. */
  private helpers(): [string, string][] {
    let names: string[];
    try {
      names = this.host
        .readDir(this.host.baseDir)
        .filter((e) => e.name.startsWith('_') && e.name.endsWith('.tpl'))
        .map((e) => e.name);
    } catch (e) {
      if (e instanceof HostError) return [];
      throw e;
    }
    return names.map((n) => {
      const path = join(this.host.baseDir, n);
      try {
        return [path, this.host.readFile(path)];
      } catch (e) {
        if (e instanceof HostError) {
          throw new TemplateError(`failed to read helper template ${path}: ${e.message}`, 'parse');
        }
        throw e;
      }
    });
  }

  /** helmfile's newTemplate: the set with its include and tpl, helpers parsed in. */
  newTemplate(): TemplateSet {
    const funcs = new Map(this.base);
    const included = new Map<string, number>();
    let set: TemplateSet | undefined;
    funcs.set(
      'include',
      goFunc(
        'include',
        { params: ['string', 'interface {}'], result: 'string', returnsError: true },
        ([n, data]) => {
          const name = n as string;
          const count = included.get(name);
          if (count !== undefined) {
            if (count > RECURSION_MAX) {
              throw new GoError(
                `rendering template has a nested reference name: ${name}: unable to execute template`,
              );
            }
            included.set(name, count + 1);
          } else included.set(name, 1);
          const level = included.get(name)!;
          try {
            // Like Go's ExecuteTemplate: a fresh execution of the named template of this set.
            return set!.execute(data === undefined ? null : data, name);
          } catch (e) {
            throw recursionError(e, name, level);
          } finally {
            included.set(name, (included.get(name) ?? 1) - 1);
          }
        },
      ),
    );
    funcs.set(
      'tpl',
      goFunc(
        'tpl',
        { params: ['string', 'interface {}'], result: 'string', returnsError: true },
        ([text, data]) => {
          try {
            return this.render(text as string, data === undefined ? null : data);
          } catch (e) {
            if (e instanceof TemplateError) throw new GoError(e.message);
            throw e;
          }
        },
      ),
    );
    set = new TemplateSet('stringTemplate', { funcs, missingKey: this.firstPass ? 'zero' : 'error' });
    for (const [path, content] of this.helpers()) {
      try {
        set.parse(content);
      } catch (e) {
        if (e instanceof TemplateError) {
          throw new TemplateError(`failed to parse helper template ${path}: ${e.message}`, 'parse');
        }
        throw e;
      }
    }
    return set;
  }

  /** RenderTemplateToBuffer: parse `text` into a fresh set and execute it. Throws TemplateError (with the partial output). */
  render(text: string, data: GoValue = null): string {
    return this.newTemplate().parse(text).execute(data);
  }
}

/** Render one text as helmfile renders a `.gotmpl` file or values template. */
export function renderHelmfileTemplate(
  text: string,
  data: GoValue,
  options: HelmfileRenderOptions = {},
): string {
  return new HelmfileRenderer(options).render(text, data);
}
