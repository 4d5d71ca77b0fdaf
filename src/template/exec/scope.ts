/**
 * Execution state shared by the evaluator and the walker: output, the
 * variable stack, the current node for error positions, and Go's error text.
 */

import { quote } from '../fmt/quote.js';
import { utf8Length } from '../fmt/utf8.js';
import { type Node, nodeString, type TemplateNode } from '../parse/node.js';
import type { Tree } from '../parse/parse.js';
import type { CallContext, GoFunc, GoValue } from '../value.js';

export const MAX_EXEC_DEPTH = 100000;

export enum MissingKeyMode {
  Invalid,
  Zero,
  Error,
}

/** What the executor needs from the template set. */
export interface ExecEnv {
  lookupTemplate(name: string): Tree | undefined;
  /** A function by name: user functions first, then builtins; `builtin` tells which. */
  lookupFunc(name: string): { fn: GoFunc; builtin: boolean } | undefined;
  readonly missingKey: MissingKeyMode;
  executeTemplate(name: string, data: GoValue): string;
  renderString(text: string, data: GoValue): string;
}

/** An execution error; `message` is Go's full `template: …` text. */
export class ExecError extends Error {
  override readonly name = 'ExecError';
}

/** The JS stack overflowed while executing nested templates (reported as Go's depth error). */
export class DepthExceeded {
  constructor(
    readonly node: Node | null,
    readonly tmplName: string,
  ) {}
}

export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && e.message.includes('stack');
}

/** Line and byte column of a node, `NAME:LINE:COL` (parse.ErrorContext). */
function errorLocation(n: Node): string {
  const text = n.src.text.slice(0, n.pos);
  const nl = text.lastIndexOf('\n');
  const col = nl === -1 ? utf8Length(text) : utf8Length(text.slice(nl + 1));
  let lines = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
  return `${n.src.parseName}:${lines}:${col}`;
}

export class Scope implements CallContext {
  out = '';
  protected node: Node | null = null;
  // The variable stack: entries [base, top) are visible to the running template.
  protected varNames: string[] = [];
  protected varValues: GoValue[] = [];
  protected base = 0;
  protected top = 0;
  /** Static type of each variable when it came out of an interface slot (range elements). */
  protected varTypes: Array<string | undefined> = [];
  protected tmplName: string;
  protected depth = 0;
  /** The {{template}} node and calling template's name of each nested call. */
  protected readonly callNodes: TemplateNode[] = [];
  protected readonly callers: string[] = [];
  /** Static type of the last evalField result (`interface {}` for map elements). */
  protected lastFieldType: string | undefined = undefined;

  constructor(
    protected readonly env: ExecEnv,
    name: string,
  ) {
    this.tmplName = name;
  }

  // ---- CallContext ----

  get templateName(): string {
    return this.tmplName;
  }
  executeTemplate(name: string, data: GoValue): string {
    return this.env.executeTemplate(name, data);
  }
  renderString(text: string, data: GoValue): string {
    return this.env.renderString(text, data);
  }

  // ---- errors ----

  errorf(msg: string): never {
    const name = this.tmplName;
    if (this.node === null) throw new ExecError(`template: ${name}: ${msg}`);
    throw new ExecError(
      `template: ${errorLocation(this.node)}: executing ${quote(name)} at <${nodeString(this.node)}>: ${msg}`,
    );
  }

  // ---- variables ----

  protected push(name: string, value: GoValue, type: string | undefined): void {
    const i = this.top++;
    this.varNames[i] = name;
    this.varValues[i] = value;
    this.varTypes[i] = type;
  }
  protected pop(mark: number): void {
    this.top = mark;
  }
  protected setVar(name: string, value: GoValue, type: string | undefined): void {
    for (let i = this.top - 1; i >= this.base; i--) {
      if (this.varNames[i] === name) {
        this.varValues[i] = value;
        this.varTypes[i] = type;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }
  protected setTopVar(n: number, value: GoValue, type: string | undefined): void {
    this.varValues[this.top - n] = value;
    this.varTypes[this.top - n] = type;
  }
  protected varIndex(name: string): number {
    for (let i = this.top - 1; i >= this.base; i--) if (this.varNames[i] === name) return i;
    this.errorf(`undefined variable: ${name}`);
  }
}
