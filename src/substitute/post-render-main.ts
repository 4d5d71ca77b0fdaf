/**
 * The program of helmfire's post-renderer plugin (see post-render.ts): reads
 * the manifests on stdin, runs the release's own post-renderer first when it
 * has one, substitutes images and writes the result on stdout.
 */
import { writeFileSync } from 'node:fs';
import { substituteManifestImages } from './manifests.js';
import { decodePostRenderConfig } from './post-render.js';
import { runPostRendererPlugin } from './post-render-chain.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(): Promise<void> {
  const config = decodePostRenderConfig(process.argv[2]);
  let manifests = await readStdin();
  if (config.chain)
    manifests = await runPostRendererPlugin(
      config.chain.plugin,
      config.chain.args,
      config.chain.dirs,
      manifests,
      process.env,
    );
  const { text, changes } = substituteManifestImages(manifests, config.images);
  if (config.report) writeFileSync(config.report, JSON.stringify(changes));
  process.stdout.write(text);
}

main().catch((err: unknown) => {
  process.stderr.write(`helmfire post-renderer: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
