/**
 * Container image references, by the rules docker and the distribution
 * reference grammar use: `[domain[:port]/]path[:tag][@algorithm:hex]`.
 *
 * - The first path component is a registry domain when it contains `.` or
 *   `:`, or is `localhost`; otherwise the image lives on docker.io.
 * - `index.docker.io` (and `registry-1.docker.io`) are docker.io.
 * - A single-component name on docker.io is an official image: `library/<name>`.
 * - A reference with neither tag nor digest means `latest` when pulled; as a
 *   substitution pattern it matches every tag and digest of the repository.
 */

import { SubstituteError } from './errors.js';
import type { ImageSubstitution } from './types.js';

export interface ImageRef {
  /** Registry host, with `:port` when given; `docker.io` by default. */
  readonly domain: string;
  /** Repository path inside the registry, `library/` added for docker.io official images. */
  readonly path: string;
  readonly tag?: string;
  /** `algorithm:hex`, e.g. `sha256:…`. */
  readonly digest?: string;
}

export const DEFAULT_DOMAIN = 'docker.io';

const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_RE = new RegExp(
  `^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?$`,
);
const PATH_COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;

const EXPECTED =
  'expected an image reference like `name`, `name:tag`, `registry:port/path/name:tag` or `name@sha256:<hex>`';

function invalid(ref: string, why: string): SubstituteError {
  return new SubstituteError(
    'IMAGE_REF_INVALID',
    `image reference ${JSON.stringify(ref)}: ${why}; ${EXPECTED}`,
  );
}

/** Parses and normalizes `ref`; throws SubstituteError('IMAGE_REF_INVALID'). */
export function parseImageRef(ref: string): ImageRef {
  if (typeof ref !== 'string' || ref.trim() === '') throw invalid(String(ref), 'it is empty');
  if (ref !== ref.trim()) throw invalid(ref, 'it has leading or trailing white space');
  if (ref.length > 255 + 128 + 80) throw invalid(ref, 'it is too long');
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_RE.test(digest))
      throw invalid(ref, `digest ${JSON.stringify(digest)} is not \`algorithm:hex\` (32+ hex digits)`);
  }
  // The tag is after the last `:` that follows the last `/` (a `:` before a `/` is a port).
  let tag: string | undefined;
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG_RE.test(tag))
      throw invalid(
        ref,
        `tag ${JSON.stringify(tag)} is not 1-128 letters, digits, \`_\`, \`.\` or \`-\` (not starting with \`.\` or \`-\`)`,
      );
  }
  if (rest === '') throw invalid(ref, 'the repository name is missing');
  const parts = rest.split('/');
  let domain = DEFAULT_DOMAIN;
  const first = parts[0] ?? '';
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    if (!DOMAIN_RE.test(first))
      throw invalid(ref, `registry ${JSON.stringify(first)} is not a host name[:port]`);
    domain = parts.shift() as string;
  }
  for (const p of parts) {
    if (!PATH_COMPONENT_RE.test(p))
      throw invalid(
        ref,
        p === ''
          ? 'it has an empty path component'
          : `path component ${JSON.stringify(p)} is not lower-case letters and digits separated by \`.\`, \`_\`, \`__\` or \`-\``,
      );
  }
  if (DOCKER_HUB_ALIASES.has(domain.toLowerCase())) {
    domain = DEFAULT_DOMAIN;
    if (parts.length === 1) parts.unshift('library');
  }
  return {
    domain,
    path: parts.join('/'),
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/** The repository without tag or digest: `docker.io/library/postgres`. */
export const repositoryName = (r: ImageRef) => `${r.domain}/${r.path}`;

/** The fully qualified form: `docker.io/library/postgres:15@sha256:…`. */
export function formatImageRef(r: ImageRef): string {
  return `${repositoryName(r)}${r.tag !== undefined ? `:${r.tag}` : ''}${r.digest !== undefined ? `@${r.digest}` : ''}`;
}

/** `parseImageRef`, or undefined for what is not a valid reference (a template left unrendered…). */
export function tryParseImageRef(ref: string): ImageRef | undefined {
  try {
    return parseImageRef(ref);
  } catch {
    return undefined;
  }
}

/**
 * Whether the substitution pattern `from` matches the container image `image`.
 * Same repository (normalized) required; then:
 * - `from` with neither tag nor digest: every tag and digest;
 * - `from` with a digest: that digest (a tag in `from` must then match too when the image has one);
 * - `from` with a tag only: that tag (an image pinned `tag@digest` still matches its tag).
 */
export function imageMatches(from: string | ImageRef, image: string | ImageRef): boolean {
  const f = typeof from === 'string' ? tryParseImageRef(from) : from;
  const i = typeof image === 'string' ? tryParseImageRef(image) : image;
  if (!f || !i) return false;
  if (f.domain.toLowerCase() !== i.domain.toLowerCase() || f.path !== i.path) return false;
  if (f.digest !== undefined) {
    if (i.digest !== f.digest) return false;
    return f.tag === undefined || i.tag === undefined || f.tag === i.tag;
  }
  if (f.tag !== undefined) return i.tag === f.tag;
  return true;
}

/**
 * The image `image` is deployed as, under `subs`: the `to` of the first
 * substitution whose `from` matches (a more specific pattern — with tag or
 * digest — wins over a repository-wide one), else undefined.
 */
export function substituteImage(
  image: string,
  subs: readonly Pick<ImageSubstitution, 'from' | 'to'>[],
): string | undefined {
  const i = tryParseImageRef(image);
  if (!i) return undefined;
  let best: { to: string; rank: number } | undefined;
  for (const s of subs) {
    const f = tryParseImageRef(s.from);
    if (!f || !imageMatches(f, i)) continue;
    const rank = (f.digest !== undefined ? 2 : 0) + (f.tag !== undefined ? 1 : 0);
    if (!best || rank > best.rank) best = { to: s.to, rank };
  }
  return best?.to;
}
