import { compareMultisets, type Verdict } from './compare.js';
import { subcommandOf } from './implementations.js';
import { parseListJson, parseListTable, splitDocuments, type YamlDoc } from './output-model.js';

/** What a run printed and how it ended. */
export interface Observed {
  readonly code: number | null;
  /** The text carrying the data (documents, lists). */
  readonly output: string;
  /** Everything printed, when more than `output`: used only to explain a failure. */
  readonly messages?: string;
}

const tail = (s: string) => s.trim().split('\n').slice(-3).join(' | ').slice(0, 300);

function docKey(d: YamlDoc): string {
  const b = d.body as { kind?: unknown; metadata?: { name?: unknown } } | null;
  const id =
    b && typeof b === 'object' && b.kind ? ` ${String(b.kind)}/${String(b.metadata?.name ?? '')}` : '';
  return `${d.source ?? '(no source)'}${id}`;
}

function recordKey(r: unknown): string {
  const o = r as Record<string, unknown> | null;
  return o && typeof o === 'object' ? String(o.name ?? o.NAME ?? '?') : String(r);
}

function wantsJson(args: readonly string[]): boolean {
  return args.some(
    (a, i) => a === '--output=json' || ((a === '--output' || a === '-o') && args[i + 1] === 'json'),
  );
}

/**
 * Compares two runs of the same helmfile command on meaning: both fail, or
 * both succeed with the same data — YAML documents (manifests, `build`
 * states) as parsed values in any order, `list` rows, `list --output json`
 * records. Log lines and error wording are not compared.
 */
export function compareRuns(args: readonly string[], want: Observed, got: Observed): Verdict {
  if (want.code !== 0) {
    return got.code !== 0
      ? { equal: true, reasons: [] }
      : {
          equal: false,
          reasons: [`reference failed (${tail(want.messages ?? want.output)}) but this run succeeded`],
        };
  }
  if (got.code !== 0)
    return { equal: false, reasons: [`exit ${got.code}: ${tail(got.messages ?? got.output)}`] };
  if (subcommandOf(args) === 'list') {
    const json = wantsJson(args);
    const w = json ? parseListJson(want.output) : parseListTable(want.output);
    const g = json ? parseListJson(got.output) : parseListTable(got.output);
    // With --allow-no-matching-release and nothing selected, helmfile prints no list at all.
    if (w === null && g === null) return { equal: true, reasons: [] };
    if (w === null) return { equal: false, reasons: ['reference printed no list, this run did'] };
    if (g === null) return { equal: false, reasons: [`no list in output: ${tail(got.output)}`] };
    return compareMultisets('release', w, g, recordKey);
  }
  const w = splitDocuments(want.output);
  const g = splitDocuments(got.output);
  if (g.unparsable.length > 0) return { equal: false, reasons: g.unparsable.slice(0, 3) };
  return compareMultisets('document', w.docs, g.docs, docKey);
}
