/**
 * Image substitution in a rendered manifest stream (what `helm template`
 * prints or a post-renderer reads): every container image of a workload that
 * matches a substitution is replaced. Only the image scalars change; every
 * other byte of the stream stays as it was, because the edit is spliced into
 * the source text at the scalar's own range (found through the `yaml`
 * document API) instead of re-printing the documents.
 */
import { isMap, isScalar, isSeq, parseAllDocuments, Scalar, type YAMLMap } from 'yaml';
import { substituteImage, tryParseImageRef } from './image-ref.js';
import type { ImageSubstitution } from './types.js';

export type ContainerList = 'containers' | 'initContainers' | 'ephemeralContainers';
const CONTAINER_LISTS: readonly ContainerList[] = ['containers', 'initContainers', 'ephemeralContainers'];

/** Where a workload kind keeps its pod spec. */
const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  PodTemplate: ['template', 'spec'],
};

/** One container image found in a manifest stream. */
export interface ContainerImage {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** The object is a helm hook (`helm.sh/hook` annotation). */
  readonly hook: boolean;
  readonly list: ContainerList;
  readonly container: string;
  readonly image: string;
}

/** A container whose image was replaced. */
export interface ImageChange extends ContainerImage {
  readonly to: string;
}

interface Found extends ContainerImage {
  readonly node: Scalar;
}

const str = (n: unknown): string | undefined =>
  isScalar(n) && typeof n.value === 'string' ? n.value : undefined;

function get(map: unknown, key: string): unknown {
  return isMap(map) ? map.get(key, true) : undefined;
}

function objectImages(obj: unknown, out: Found[]): void {
  if (!isMap(obj)) return;
  const kind = str(get(obj, 'kind')) ?? '';
  const items = get(obj, 'items');
  if (kind.endsWith('List') && isSeq(items)) {
    for (const it of items.items) objectImages(it, out);
    return;
  }
  const path = POD_SPEC_PATHS[kind];
  if (!path) return;
  const meta = get(obj, 'metadata');
  const name = str(get(meta, 'name')) ?? '';
  const namespace = str(get(meta, 'namespace'));
  const hook = str(get(get(meta, 'annotations'), 'helm.sh/hook')) !== undefined;
  let spec: unknown = obj;
  for (const k of path) spec = get(spec, k);
  for (const list of CONTAINER_LISTS) {
    const seq = get(spec, list);
    if (!isSeq(seq)) continue;
    for (const c of seq.items) {
      const node = get(c as YAMLMap, 'image');
      const image = str(node);
      if (image === undefined) continue;
      out.push({
        kind,
        name,
        ...(namespace !== undefined ? { namespace } : {}),
        hook,
        list,
        container: str(get(c, 'name')) ?? '',
        image,
        node: node as Scalar,
      });
    }
  }
}

function findImages(text: string): Found[] {
  const out: Found[] = [];
  for (const doc of parseAllDocuments(text, { keepSourceTokens: false })) {
    // A document YAML cannot read is left to helm to report.
    if ('errors' in doc && doc.errors.length > 0) continue;
    objectImages(doc.contents, out);
  }
  return out;
}

/** Every container image of the workloads in `text` (hooks included). */
export function manifestImages(text: string): ContainerImage[] {
  return findImages(text).map(({ node: _node, ...rest }) => rest);
}

const PLAIN_SAFE = /^[A-Za-z0-9][A-Za-z0-9._:/@[\]-]*$/;

/** `value` written in the style of the scalar it replaces, where that style can carry it. */
function scalarText(value: string, node: Scalar): string {
  switch (node.type) {
    case Scalar.PLAIN:
      if (PLAIN_SAFE.test(value) && tryParseImageRef(value)) return value;
      return JSON.stringify(value);
    case Scalar.QUOTE_SINGLE:
      return `'${value.replaceAll("'", "''")}'`;
    default:
      return JSON.stringify(value);
  }
}

/**
 * `text` with the images of its workloads substituted, and what changed.
 * Unchanged when no image matches (the very same string).
 */
export function substituteManifestImages(
  text: string,
  subs: readonly Pick<ImageSubstitution, 'from' | 'to'>[],
): { text: string; changes: ImageChange[] } {
  if (subs.length === 0) return { text, changes: [] };
  const edits: { start: number; end: number; text: string }[] = [];
  const changes: ImageChange[] = [];
  for (const f of findImages(text)) {
    const to = substituteImage(f.image, subs);
    if (to === undefined || to === f.image || !f.node.range) continue;
    const [start, valueEnd] = f.node.range;
    // A block scalar's value range ends after its line break; keep the break.
    const end =
      f.node.type === Scalar.BLOCK_LITERAL || f.node.type === Scalar.BLOCK_FOLDED
        ? text.lastIndexOf('\n', valueEnd - 1) === valueEnd - 1
          ? valueEnd - 1
          : valueEnd
        : valueEnd;
    edits.push({ start, end, text: scalarText(to, f.node) });
    const { node: _node, ...where } = f;
    changes.push({ ...where, to });
  }
  if (edits.length === 0) return { text, changes };
  edits.sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return { text: out, changes };
}

/** `Deployment/web container app: postgres:15 → localhost:5000/postgres:dev (hook)` */
export function describeImageChange(c: ImageChange): string {
  return `${c.kind}/${c.name} ${c.list === 'containers' ? 'container' : c.list.replace(/s$/, '')} ${c.container}: ${c.image} → ${c.to}${c.hook ? ' (hook)' : ''}`;
}
