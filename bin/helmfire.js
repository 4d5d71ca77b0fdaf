#!/usr/bin/env -S node --stack-size=4000
// A deeper stack than Node's default, so templates can recurse (include, template)
// as deep as Go's text/template lets them before helmfire reports the limit.
import { readdirSync, statSync } from 'node:fs';

// `npm run build` also bundles the CLI into one file (dist/helmfire.mjs), which
// starts several times faster than the ~1,500 modules it is made of. It is used
// only while no compiled module is newer (a `tsc` run alone does not update it).
const dist = new URL('../dist/', import.meta.url);
const bundle = new URL('helmfire.mjs', dist);

function newestModule(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = new URL(e.isDirectory() ? `${e.name}/` : e.name, dir);
    if (e.isDirectory()) newest = Math.max(newest, newestModule(path));
    else if (e.name.endsWith('.js')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function bundleIsFresh() {
  try {
    return statSync(bundle).mtimeMs >= newestModule(dist);
  } catch {
    return false;
  }
}

const { main } = await import(bundleIsFresh() ? bundle.href : '../dist/cli/main.js');
await main();
