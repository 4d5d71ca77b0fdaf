import type { FieldChange, K8sObject } from './types.js';

/** What stands in for a secret value in reports: its presence and whether it changed, never the value. */
export const SECRET_MASK = '(hidden)';

export function isSecret(obj: { kind: string; apiVersion: string } | undefined): boolean {
  return obj?.kind === 'Secret' && obj.apiVersion === 'v1';
}

/**
 * Replaces every value under `data` and `stringData` of a Secret. Values that
 * differ between before and after get distinct markers so a line diff still
 * shows that they changed.
 */
export function maskSecretPair(before: K8sObject | undefined, after: K8sObject | undefined): void {
  const keys = (o: K8sObject | undefined, f: string) =>
    Object.keys((o?.[f] as Record<string, unknown>) ?? {});
  for (const field of ['data', 'stringData']) {
    const b = before?.[field] as Record<string, unknown> | undefined;
    const a = after?.[field] as Record<string, unknown> | undefined;
    for (const k of new Set([...keys(before, field), ...keys(after, field)])) {
      const changed = b?.[k] !== a?.[k];
      if (b && k in b) b[k] = changed ? `${SECRET_MASK} before` : SECRET_MASK;
      if (a && k in a) a[k] = changed ? `${SECRET_MASK} after` : SECRET_MASK;
    }
  }
}

export function maskSecretFields(fields: readonly FieldChange[]): FieldChange[] {
  return fields.map((f) => (/^(data|stringData)(\.|\[|$)/.test(f.path) ? { path: f.path, op: f.op } : f));
}
