import { HelmOptionsError } from './args-errors.js';

/**
 * Release labels: helm (3.13+ and 4) stores `--labels k=v` on the release
 * record (the storage Secret's labels), merges them across upgrades and
 * filters on them with `helm list --selector`. helmfire keeps a digest of a
 * release's inputs there, so "has anything changed?" costs one helm call.
 */

/** The label under which helmfire records the digest of a release's inputs. */
export const DIGEST_LABEL = 'helmfire.io/digest';

/** Labels helm sets itself on every release record; helm refuses them as user labels. */
export const HELM_SYSTEM_LABELS: ReadonlySet<string> = new Set([
  'name',
  'owner',
  'status',
  'version',
  'createdAt',
  'modifiedAt',
]);

const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why `key` is not a Kubernetes label key, or undefined when it is one. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return 'its prefix must be a DNS subdomain (lower case letters, digits, "-" and ".")';
  }
  if (name.length === 0 || name.length > 63 || !NAME.test(name)) {
    return 'its name must be 1-63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  }
  return undefined;
}

/** Why `value` is not a Kubernetes label value, or undefined when it is one. */
export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63) return `it is ${value.length} characters long; label values hold at most 63`;
  if (!NAME.test(value)) {
    return 'label values are letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  }
  return undefined;
}

/** Throws a HelmOptionsError naming the first label helm would refuse. */
export function checkReleaseLabels(labels: Readonly<Record<string, string>>): void {
  for (const [k, v] of Object.entries(labels)) {
    if (HELM_SYSTEM_LABELS.has(k)) {
      throw new HelmOptionsError(
        'labels',
        `release label "${k}" is reserved by helm for its own bookkeeping`,
      );
    }
    const kp = labelKeyProblem(k);
    if (kp) throw new HelmOptionsError('labels', `release label key "${k}" is not valid: ${kp}`);
    const vp = labelValueProblem(v);
    if (vp) throw new HelmOptionsError('labels', `release label ${k}="${v}" is not valid: ${vp}`);
  }
}

/** `a=1,b=2`, keys sorted: the value of helm's `--labels` and of `helm list --selector`. */
export function formatLabels(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
}
