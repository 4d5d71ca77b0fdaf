/** Helpers for the Sprig unit tests: call a function of a module by name, as the engine would. */

import type { CallContext, GoFunc, GoValue } from '../value.js';

const ctx: CallContext = {
  executeTemplate: () => {
    throw new Error('no templates in unit tests');
  },
  renderString: () => {
    throw new Error('no templates in unit tests');
  },
  templateName: 'test',
};

/** Find `name` in `funcs` and call it with already-converted arguments. */
export function callFn(funcs: readonly GoFunc[], name: string, ...args: GoValue[]): GoValue {
  const fn = funcs.find((f) => f.name === name);
  if (!fn) throw new Error(`no function ${name}`);
  return fn.call(args, ctx);
}

/** The function `name` of `funcs`. */
export function fnOf(funcs: readonly GoFunc[], name: string): GoFunc {
  const fn = funcs.find((f) => f.name === name);
  if (!fn) throw new Error(`no function ${name}`);
  return fn;
}
