// Bundles the compiled CLI (dist/cli/main.js, from `tsc -p tsconfig.build.json`)
// and its dependencies into one file, dist/helmfire.mjs, which bin/helmfire.js
// runs when it is at least as new as dist/. One file loads several times faster
// than ~1,500 separate modules (most of them @kubernetes/client-node's), and
// start-up is a large part of a quick command such as a no-op `apply`.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));
const outfile = join(root, 'dist', 'helmfire.mjs');

/** `import.meta.url` of a bundled module keeps meaning that module's own location (relative paths from it). */
const keepModuleUrls = {
  name: 'keep-module-urls',
  setup(b) {
    b.onLoad({ filter: /\.(m?js|cjs)$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const rel = relative(dirname(outfile), args.path).split('\\').join('/');
      const url = `new URL(${JSON.stringify(rel.startsWith('.') ? rel : `./${rel}`)}, import.meta.url).href`;
      return { contents: text.replaceAll('import.meta.url', url), loader: 'js' };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // CommonJS dependencies call require() for Node's built-in modules
  banner: {
    js: "import { createRequire as __helmfireRequire } from 'node:module';\nconst require = __helmfireRequire(import.meta.url);",
  },
  plugins: [keepModuleUrls],
  logLevel: 'warning',
  legalComments: 'none',
};

const t0 = Date.now();
await build({ ...common, entryPoints: [join(root, 'dist', 'cli', 'main.js')], outfile });
// The program of helmfire's helm post-renderer plugin (image substitution), run once per helm
// upgrade: dist/post-render.mjs, found beside the CLI (src/substitute/post-render.ts).
await build({
  ...common,
  entryPoints: [join(root, 'dist', 'substitute', 'post-render-main.js')],
  outfile: join(root, 'dist', 'post-render.mjs'),
});
console.error(
  `bundled dist/helmfire.mjs and dist/post-render.mjs in ${((Date.now() - t0) / 1000).toFixed(1)}s`,
);
