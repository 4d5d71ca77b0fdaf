import type { GoValue } from '../template/value.js';
import type { StateHost } from './host.js';
import { interimRender } from './shims/template.js';

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

/** The default renderer for a host (helmfile's function set as far as the template engine provides it). */
export function defaultRenderer(host: StateHost): TemplateRenderer {
  return { render: (text, data, opts) => interimRender(host, text, data, opts.baseDir) };
}
