import { type HelmfileHost, helmfileFuncMap } from '../template/helmfile/index.js';
import { sprigFuncMap } from '../template/sprig/index.js';
import { GoStruct, type GoValue } from '../template/value.js';
import { closest } from './suggest.js';

/**
 * Likely fixes for Go template errors in state files, added after Go's own
 * message (which helmfile prints too): the function meant by an undefined
 * one, the key meant by a missing one, and what an "unexpected EOF" or
 * "unclosed action" is missing.
 */

const GO_BUILTINS = [
  'and',
  'or',
  'not',
  'len',
  'index',
  'slice',
  'print',
  'printf',
  'println',
  'html',
  'js',
  'urlquery',
  'call',
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'tpl',
  'include',
  'required',
];

let names: string[] | undefined;

/** Every function a state template can call. */
function functionNames(): string[] {
  if (!names) {
    // The function table only, never called: a host that does nothing is enough.
    const host = { baseDir: '/', env: () => undefined } as unknown as HelmfileHost;
    let helmfile: string[] = [];
    try {
      helmfile = [...helmfileFuncMap(host).keys()];
    } catch {
      // Only the names are wanted; without them the hint covers Go's and Sprig's functions.
    }
    names = [...new Set([...GO_BUILTINS, ...sprigFuncMap().keys(), ...helmfile])];
  }
  return names;
}

/** The value at `.A.B` of the template data (maps and structs), or undefined when a step is neither. */
function lookup(data: GoValue, path: readonly string[]): GoValue | undefined {
  let cur: GoValue | undefined = data;
  for (const seg of path) {
    if (cur instanceof Map) cur = cur.get(seg) as GoValue | undefined;
    else if (cur instanceof GoStruct) cur = cur.fields().find(([k]) => k === seg)?.[1];
    else return undefined;
  }
  return cur;
}

function keysOf(v: GoValue | undefined): string[] | undefined {
  if (v instanceof Map) return [...v.keys()].map(String);
  if (v instanceof GoStruct) return v.fields().map(([k]) => k);
  return undefined;
}

/** A hint for a template error message, or undefined. `data` is what the template was executed with. */
export function templateHint(message: string, data?: GoValue): string | undefined {
  let m = /function "([^"]+)" not defined/.exec(message);
  if (m) {
    const near = closest(m[1]!, functionNames());
    return near ? `did you mean "${near}"?` : undefined;
  }
  m = /at <(\.[A-Za-z0-9_.]+)>: map has no entry for key "([^"]+)"/.exec(message);
  if (m && data !== undefined) {
    const path = m[1]!.slice(1).split('.');
    const missing = m[2]!;
    const at = path.lastIndexOf(missing);
    const parent = lookup(data, at >= 0 ? path.slice(0, at) : path.slice(0, -1));
    const keys = keysOf(parent);
    if (!keys) return undefined;
    const near = closest(missing, keys);
    const where = `.${(at >= 0 ? path.slice(0, at) : path.slice(0, -1)).join('.')}`;
    if (near) return `did you mean "${near}"?`;
    const shown = keys.sort().slice(0, 10);
    return keys.length === 0
      ? `${where} is empty: set "${missing}" in the environment values or guard it with "get" or "default"`
      : `${where} has the keys ${shown.map((k) => `"${k}"`).join(', ')}${keys.length > 10 ? ', …' : ''}; ` +
          `add "${missing}" or use get with a default`;
  }
  if (/: unexpected EOF$/.test(message))
    return 'an {{ if }}, {{ range }}, {{ with }} or {{ define }} is missing its {{ end }}';
  if (/unexpected \{\{end\}\}/.test(message))
    return 'this {{ end }} closes nothing: remove it or add the {{ if }}/{{ range }}/{{ with }} it belongs to';
  if (/unclosed action/.test(message)) return 'close the action with }}';
  return undefined;
}
