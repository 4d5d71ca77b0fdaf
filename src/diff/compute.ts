import { compareFields } from './fields.js';
import { keyOf, keyString } from './keys.js';
import { type Normalizer, normalize } from './normalize.js';
import { isSecret, maskSecretFields, maskSecretPair } from './secrets.js';
import type { K8sObject, ObjectDiff, ReleaseDiff } from './types.js';

/** How the diff reaches the cluster: injected, so this module stays pure and testable. */
export interface LiveSource {
  /** The live object with the same identity, or undefined. */
  get(obj: K8sObject): Promise<K8sObject | undefined>;
  /** What the server would store if `obj` were applied to the live object (server-side apply, dry run). */
  dryRunApply(obj: K8sObject): Promise<K8sObject>;
}

export interface DiffInput {
  readonly release: string;
  readonly namespace: string;
  /** The release as it would be deployed now (helm template with the same values, API versions, post-renderers). */
  readonly desired: readonly K8sObject[];
  /**
   * The manifest of the deployed release (`helm get manifest`); undefined when it is not installed.
   * Give it in the same form as `desired` (e.g. both as helm applies them), so that an object the
   * chart did not change compares equal and live differences are called drift.
   */
  readonly deployed?: readonly K8sObject[];
}

export interface DiffOptions {
  readonly normalizers?: readonly Normalizer[];
  /** Reveal secret values in the report (`--show-secrets`); masked by default. */
  readonly showSecrets?: boolean;
  /** How many objects to compare at once. */
  readonly concurrency?: number;
}

/**
 * Compares a release's desired objects with the LIVE cluster, not with helm's
 * record of it, so hand edits and deletions show:
 * - each desired object is dry-run applied onto its live counterpart and the
 *   result compared with the live object — server defaults and admission
 *   mutations appear on both sides and cancel out;
 * - objects of the deployed release that the new render drops are deletions.
 */
export async function diffRelease(
  input: DiffInput,
  live: LiveSource,
  opts: DiffOptions = {},
): Promise<ReleaseDiff> {
  const norm = opts.normalizers ?? [];
  const deployed = new Map(
    (input.deployed ?? []).map((o) => [
      keyString(keyOf(o, input.namespace)),
      withNamespace(o, input.namespace),
    ]),
  );
  const desiredKeys = new Set<string>();
  const tasks: (() => Promise<ObjectDiff>)[] = [];

  for (const obj of input.desired) {
    const want: K8sObject = withNamespace(obj, input.namespace);
    const key = keyOf(want, input.namespace);
    const ks = keyString(key);
    desiredKeys.add(ks);
    const before = deployed.get(ks);
    tasks.push(async () => {
      try {
        const current = await live.get(want);
        if (!current) {
          return finish(
            {
              key,
              apiVersion: want.apiVersion,
              change: 'create',
              reason: before ? 'deleted-in-cluster' : 'new',
              fields: [],
            },
            undefined,
            normalize(want, norm),
            opts,
          );
        }
        const applied = await live.dryRunApply(want);
        const b = normalize(current, norm);
        const a = normalize(applied, norm);
        const fields = compareFields(b, a);
        const unchangedInChart =
          before !== undefined && compareFields(normalize(before, norm), normalize(want, norm)).length === 0;
        return finish(
          {
            key,
            apiVersion: want.apiVersion,
            change: fields.length ? 'update' : 'unchanged',
            ...(fields.length ? { reason: unchangedInChart ? 'drift' : 'changed' } : {}),
            fields,
          },
          b,
          a,
          opts,
        );
      } catch (err) {
        return {
          key,
          apiVersion: want.apiVersion,
          change: 'error',
          fields: [],
          error: (err as Error).message,
        };
      }
    });
  }

  for (const [ks, obj] of deployed) {
    if (desiredKeys.has(ks)) continue;
    const key = keyOf(obj, input.namespace);
    tasks.push(async () => {
      try {
        const current = await live.get(withNamespace(obj, input.namespace));
        if (!current) return { key, apiVersion: obj.apiVersion, change: 'unchanged', fields: [] };
        return finish(
          { key, apiVersion: obj.apiVersion, change: 'delete', reason: 'removed-from-chart', fields: [] },
          normalize(current, norm),
          undefined,
          opts,
        );
      } catch (err) {
        return {
          key,
          apiVersion: obj.apiVersion,
          change: 'error',
          fields: [],
          error: (err as Error).message,
        };
      }
    });
  }

  const objects = await runLimited(tasks, opts.concurrency ?? 8);
  return {
    release: input.release,
    namespace: input.namespace,
    objects,
    hasChanges: objects.some((o) => o.change !== 'unchanged'),
  };
}

function finish(
  d: ObjectDiff,
  before: K8sObject | undefined,
  after: K8sObject | undefined,
  opts: DiffOptions,
): ObjectDiff {
  const secret = isSecret(before) || isSecret(after);
  if (secret && !opts.showSecrets) {
    maskSecretPair(before, after);
    return {
      ...d,
      fields: maskSecretFields(d.fields),
      ...(before ? { before } : {}),
      ...(after ? { after } : {}),
    };
  }
  return { ...d, ...(before ? { before } : {}), ...(after ? { after } : {}) };
}

function withNamespace(obj: K8sObject, ns: string): K8sObject {
  if (obj.metadata.namespace || !ns) return obj;
  return { ...obj, metadata: { ...obj.metadata, namespace: ns } };
}

async function runLimited<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await (tasks[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return out;
}
