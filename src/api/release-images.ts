import { cacheDirs, RenderCache, renderKey } from '../cache/index.js';
import { type HelmInfo, runHelm, templateArgs } from '../helm/index.js';
import { type PreparedRelease, withImages } from '../plan/index.js';
import { imageMatches } from '../substitute/image-ref.js';
import { manifestImages } from '../substitute/manifests.js';
import type { ImageSubstitution } from '../substitute/types.js';

export interface NarrowContext {
  readonly helm: HelmInfo;
  readonly env: NodeJS.ProcessEnv;
  /** helmfire's cache root (renders are kept under it). */
  readonly cacheRoot: string;
  readonly signal?: AbortSignal;
}

/** The substitutions whose `from` matches one of `images`. */
export function matchingSubstitutions(
  subs: readonly ImageSubstitution[],
  images: readonly string[],
): ImageSubstitution[] {
  return subs.filter((s) => images.some((image) => imageMatches(s.from, image)));
}

/**
 * Keeps on each release only the image substitutions that match an image it
 * renders (hooks included), so `helmfire image …` re-deploys exactly the
 * releases that run that image. The chart is rendered once per set of inputs
 * (kept in the render cache); when it cannot be rendered here, every
 * substitution stays (the deploy then applies whichever match).
 */
export async function narrowImages(
  releases: Map<string, PreparedRelease>,
  ctx: NarrowContext,
  concurrency = 4,
): Promise<void> {
  const todo = [...releases.values()].filter((r) => r.images?.length);
  if (todo.length === 0) return;
  const renders = new RenderCache(cacheDirs(ctx.cacheRoot).renders);
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const r = todo[next++] as PreparedRelease;
      const text = await rendered(r, renders, ctx);
      if (text === undefined) continue;
      const images = manifestImages(text).map((c) => c.image);
      releases.set(r.id, withImages(r, matchingSubstitutions(r.images ?? [], images)));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, todo.length) }, worker));
}

async function rendered(
  r: PreparedRelease,
  renders: RenderCache,
  ctx: NarrowContext,
): Promise<string | undefined> {
  // a remote chart without a version may change under the same inputs: not cached
  const cacheable = r.source.kind === 'local' || r.chart.version !== undefined;
  const key = renderKey(['release-images/1', ctx.helm.version, r.baseDigest]);
  const hit = cacheable ? renders.get(key) : undefined;
  if (hit !== undefined) return hit;
  try {
    const out = await runHelm(ctx.helm.path, templateArgs(r.options, r.chart, ctx.helm), {
      env: ctx.env,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      release: r.name,
    });
    if (cacheable) renders.put(key, out.stdout);
    return out.stdout;
  } catch {
    return undefined;
  }
}
