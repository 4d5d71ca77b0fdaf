import { structuredPatch } from 'diff';
import { stringify } from 'yaml';
import { keyTitle } from './keys.js';
import type { K8sObject, ObjectDiff, ReleaseDiff } from './types.js';

export interface RenderOptions {
  /** Lines of context around each change; negative = the whole object (helm-diff's default). */
  readonly context?: number;
  readonly color?: boolean;
}

const ANSI = { red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', dim: '\x1b[2m', reset: '\x1b[0m' };

const HEADLINE: Record<string, string> = {
  create: 'has been added',
  update: 'has changed',
  delete: 'has been removed',
  error: 'could not be compared',
};

const WHY: Record<string, string> = {
  'deleted-in-cluster': ' (it was deleted in the cluster)',
  drift: ' (edited in the cluster: the chart and values did not change it)',
  'removed-from-chart': ' (no longer rendered by the chart)',
};

/** helm-diff's text form: a `namespace, name, Kind (group)` headline per object, then a line diff of its YAML. */
export function renderReleaseDiff(diff: ReleaseDiff, opts: RenderOptions = {}): string {
  const out: string[] = [];
  for (const o of diff.objects) {
    if (o.change === 'unchanged') continue;
    out.push(renderObject(o, opts));
  }
  return out.join('');
}

function renderObject(o: ObjectDiff, opts: RenderOptions): string {
  const c = opts.color ? ANSI : { red: '', green: '', yellow: '', dim: '', reset: '' };
  const head = `${c.yellow}${keyTitle(o.key)} ${HEADLINE[o.change]}${o.reason ? (WHY[o.reason] ?? '') : ''}:${c.reset}\n`;
  if (o.change === 'error') return `${head}  ${o.error ?? ''}\n`;
  const before = o.before ? toYaml(o.before) : '';
  const after = o.after ? toYaml(o.after) : '';
  const ctx = opts.context === undefined || opts.context < 0 ? Number.MAX_SAFE_INTEGER : opts.context;
  const patch = structuredPatch('before', 'after', before, after, '', '', { context: ctx });
  const lines: string[] = [];
  for (const hunk of patch.hunks) {
    if (ctx !== Number.MAX_SAFE_INTEGER)
      lines.push(
        `${c.dim}@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@${c.reset}`,
      );
    for (const l of hunk.lines) {
      if (l.startsWith('\\')) continue;
      const body = l.slice(1);
      if (l[0] === '+') lines.push(`${c.green}+ ${body}${c.reset}`);
      else if (l[0] === '-') lines.push(`${c.red}- ${body}${c.reset}`);
      else lines.push(`  ${body}`);
    }
  }
  return `${head}${lines.join('\n')}${lines.length ? '\n' : ''}`;
}

/** Stable YAML for display: apiVersion, kind, metadata first, every map's keys sorted, so key order never shows as a change. */
export function toYaml(obj: K8sObject): string {
  const { apiVersion, kind, metadata, ...rest } = obj;
  return stringify(sortKeys({ apiVersion, kind, metadata, ...(sortKeys(rest) as object) }), { lineWidth: 0 });
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    const entries = Object.entries(v as Record<string, unknown>);
    const fixed = ['apiVersion', 'kind', 'metadata'];
    entries.sort(([a], [b]) => {
      const fa = fixed.indexOf(a);
      const fb = fixed.indexOf(b);
      if (fa >= 0 || fb >= 0) return (fa < 0 ? 99 : fa) - (fb < 0 ? 99 : fb);
      return a < b ? -1 : a > b ? 1 : 0;
    });
    for (const [k, val] of entries) out[k] = sortKeys(val);
    return out;
  }
  return v;
}

/** One line per release for summaries: `web: 1 to add, 2 to change, 0 to remove`. */
export function summarize(diff: ReleaseDiff): {
  add: number;
  change: number;
  remove: number;
  errors: number;
} {
  const n = { add: 0, change: 0, remove: 0, errors: 0 };
  for (const o of diff.objects) {
    if (o.change === 'create') n.add++;
    else if (o.change === 'update') n.change++;
    else if (o.change === 'delete') n.remove++;
    else if (o.change === 'error') n.errors++;
  }
  return n;
}
