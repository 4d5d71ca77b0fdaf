/**
 * All of Sprig v3.3.0's functions (its genericMap, 211 names) as a FuncMap for
 * the template engine.
 */

import type { FuncMap, GoFunc } from '../value.js';
import { funcs as conversion } from './conversion.js';
import { funcs as crypto } from './crypto.js';
import { funcs as dates } from './dates.js';
import { funcs as defaults } from './defaults.js';
import { funcs as dicts } from './dicts.js';
import { funcs as encoding } from './encoding.js';
import { funcs as flow } from './flow.js';
import { funcs as lists } from './lists.js';
import { funcs as math } from './math.js';
import { funcs as network } from './network.js';
import { type Getenv, osFuncs } from './os.js';
import { funcs as paths } from './paths.js';
import { funcs as reflection } from './reflection.js';
import { funcs as regex } from './regex.js';
import { funcs as semver } from './semver.js';
import { funcs as strings } from './strings.js';
import { funcs as strslice } from './strslice.js';
import { funcs as url } from './url.js';
import { funcs as uuid } from './uuid.js';

export interface SprigOptions {
  /** Where env and expandenv read variables; defaults to process.env. */
  getenv?: Getenv;
}

const modules: readonly (readonly GoFunc[])[] = [
  strings,
  strslice,
  conversion,
  math,
  defaults,
  lists,
  dicts,
  reflection,
  paths,
  url,
  semver,
  flow,
  dates,
  regex,
  encoding,
  crypto,
  uuid,
  network,
];

/** A new FuncMap with every Sprig function (text/template flavour, as helmfile uses). */
export function sprigFuncMap(options: SprigOptions = {}): FuncMap {
  const m = new Map<string, GoFunc>();
  for (const mod of modules) for (const f of mod) m.set(f.name, f);
  for (const f of osFuncs(options.getenv ?? ((name) => process.env[name]))) m.set(f.name, f);
  return m;
}
