/**
 * TEMPORARY: helmfile's template setup assembled from the parts of the
 * template engine that have landed (core engine + the Sprig modules
 * committed so far), until `renderHelmfileTemplate`/`helmfileFuncMap` in
 * `src/template/helmfile/` exist; only `../render.ts` imports it. It adds
 * stand-ins for the few helmfile functions state files use most (toYaml,
 * required, requiredEnv, env, include) and parses `_*.tpl` helpers.
 */
import { posix } from 'node:path';
import { funcs as defaults } from '../../template/sprig/defaults.js';
import { funcs as dicts } from '../../template/sprig/dicts.js';
import { funcs as lists } from '../../template/sprig/lists.js';
import { funcs as math } from '../../template/sprig/math.js';
import { funcs as strings } from '../../template/sprig/strings.js';
import { funcs as strslice } from '../../template/sprig/strslice.js';
import { TemplateSet } from '../../template/template.js';
import { GoError, type GoFunc, type GoValue, goFunc } from '../../template/value.js';
import { encodeYaml } from '../../yaml/index.js';
import { glob } from '../glob.js';
import type { StateHost } from '../host.js';

const I = 'interface {}';

function stateFuncs(host: StateHost): Map<string, GoFunc> {
  const m = new Map<string, GoFunc>();
  for (const f of [...strings, ...strslice, ...defaults, ...dicts, ...lists, ...math]) m.set(f.name, f);
  const sprigGet = m.get('get');
  if (sprigGet) m.set('sprigGet', sprigGet);
  m.set(
    'toYaml',
    goFunc('toYaml', { params: [I], result: 'string', returnsError: true }, ([v]) => encodeYaml(v ?? null)),
  );
  m.set(
    'required',
    goFunc('required', { params: ['string', I], result: I, returnsError: true }, ([msg, v]) => {
      if (v === undefined || v === null || v === '') throw new GoError(String(msg));
      return v;
    }),
  );
  m.set(
    'env',
    goFunc(
      'env',
      { params: ['string'], result: 'string', returnsError: false },
      ([k]) => host.env(String(k)) ?? '',
    ),
  );
  m.set(
    'requiredEnv',
    goFunc('requiredEnv', { params: ['string'], result: 'string', returnsError: true }, ([k]) => {
      const v = host.env(String(k));
      if (v === undefined || v === '') throw new GoError(`required env var \`${String(k)}\` is not set`);
      return v;
    }),
  );
  m.set(
    'include',
    goFunc('include', { params: ['string', I], result: 'string', returnsError: true }, ([name, data], ctx) =>
      ctx.executeTemplate(String(name), data),
    ),
  );
  return m;
}

/** Renders `text` as helmfile does (missingkey=error, `_*.tpl` helpers from `baseDir`). */
export function interimRender(host: StateHost, text: string, data: GoValue, baseDir: string): string {
  const set = new TemplateSet('stringTemplate', { missingKey: 'error', funcs: stateFuncs(host) });
  for (const helper of glob(host, posix.join(baseDir, '_*.tpl'))) set.parse(host.readFile(helper));
  set.parse(text);
  return set.execute(data);
}
