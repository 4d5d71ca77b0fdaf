/**
 * A set of associated templates, like Go's *template.Template: parse text
 * (with define/block) into named trees once, then execute any of them many
 * times with different data.
 */

import { TemplateError } from './errors.js';
import { builtins } from './exec/builtins.js';
import { type ExecEnv, ExecError, MissingKeyMode, State } from './exec/state.js';
import { quote } from './fmt/quote.js';
import { isEmptyTree } from './parse/node.js';
import { ParseError, parseTemplate, type Tree } from './parse/parse.js';
import type { FuncMap, GoFunc, GoValue } from './value.js';

export type MissingKey = 'default' | 'invalid' | 'zero' | 'error';

export interface TemplateOptions {
  /** What a missing map key yields: `default`/`invalid` → `<no value>`, `zero` → the zero value, `error` → an error. */
  missingKey?: MissingKey;
  /** Action delimiters, default `{{` `}}`. */
  delims?: [string, string];
  /** Functions; they shadow the builtins of the same name. */
  funcs?: FuncMap;
}

function missingKeyMode(m: MissingKey | undefined): MissingKeyMode {
  switch (m) {
    case 'zero':
      return MissingKeyMode.Zero;
    case 'error':
      return MissingKeyMode.Error;
    default:
      return MissingKeyMode.Invalid;
  }
}

export class TemplateSet implements ExecEnv {
  readonly name: string;
  readonly missingKey: MissingKeyMode;
  private readonly options: TemplateOptions;
  private readonly funcs: FuncMap;
  private readonly trees = new Map<string, Tree>();
  private readonly resolved = new Map<string, { fn: GoFunc; builtin: boolean }>();

  constructor(name: string, options: TemplateOptions = {}) {
    this.name = name;
    this.options = options;
    this.funcs = options.funcs ?? new Map();
    this.missingKey = missingKeyMode(options.missingKey);
  }

  /**
   * Parse `text` as the template `name` (default: the set's name). Every
   * define/block inside becomes a template of the set; a later parse replaces
   * earlier definitions, except that an empty body never replaces a non-empty one.
   */
  parse(text: string, name: string = this.name): this {
    let trees: Map<string, Tree>;
    try {
      trees = parseTemplate(name, text, {
        leftDelim: this.options.delims?.[0],
        rightDelim: this.options.delims?.[1],
        hasFunction: (fn) => this.funcs.has(fn) || builtins.has(fn),
      });
    } catch (e) {
      if (e instanceof ParseError) throw new TemplateError(e.message, 'parse');
      throw e;
    }
    for (const [n, tree] of trees) {
      const old = this.trees.get(n);
      if (old !== undefined && isEmptyTree(tree.root)) continue;
      this.trees.set(n, tree);
    }
    return this;
  }

  /** Is a template of this name defined in the set? */
  has(name: string): boolean {
    return this.trees.has(name);
  }

  /** Names of the templates defined in the set. */
  templateNames(): string[] {
    return [...this.trees.keys()];
  }

  /** Execute the template `name` (default: the set's name) with `data` as dot. Throws TemplateError. */
  execute(data: GoValue, name: string = this.name): string {
    const tree = this.trees.get(name);
    if (tree === undefined) {
      if (name === this.name) {
        throw new TemplateError(
          `template: ${name}: ${quote(name)} is an incomplete or empty template`,
          'exec',
        );
      }
      throw new TemplateError(
        `template: no template ${quote(name)} associated with template ${quote(this.name)}`,
        'exec',
      );
    }
    const state = new State(this, name);
    try {
      state.run(tree.root, data === null ? undefined : data);
    } catch (e) {
      if (e instanceof ExecError) throw new TemplateError(e.message, 'exec', state.out);
      throw e;
    }
    return state.out;
  }

  /** A copy of the set sharing functions and options, with its own table of templates. */
  clone(name: string = this.name): TemplateSet {
    const c = new TemplateSet(name, this.options);
    for (const [n, t] of this.trees) c.trees.set(n, t);
    return c;
  }

  // ---- ExecEnv ----

  lookupTemplate(name: string): Tree | undefined {
    return this.trees.get(name);
  }

  lookupFunc(name: string): { fn: GoFunc; builtin: boolean } | undefined {
    let hit = this.resolved.get(name);
    if (hit === undefined) {
      const fn = this.funcs.get(name);
      const b = builtins.get(name);
      if (fn !== undefined) hit = { fn, builtin: false };
      else if (b !== undefined) hit = { fn: b, builtin: true };
      else return undefined;
      this.resolved.set(name, hit);
    }
    return hit;
  }

  executeTemplate(name: string, data: GoValue): string {
    return this.execute(data, name);
  }

  renderString(text: string, data: GoValue): string {
    return this.clone().parse(text).execute(data);
  }
}

/** Parse and execute one template text. Throws TemplateError with Go's message. */
export function renderTemplate(name: string, text: string, data: GoValue, options?: TemplateOptions): string {
  return new TemplateSet(name, options).parse(text).execute(data);
}
