/**
 * Loads the hand-written corpus: `cases/*.yaml`, one file per area.
 *
 * A case file is a mapping:
 *   area: NAME                 (default: the file name)
 *   funcs: go|sprig|helmfile   (default for the file's cases: helmfile)
 *   missingkey: MODE           (default for the file; helmfile → error, else default)
 *   data: YAML TEXT            (default data for the file's cases)
 *   cases: [ENTRY, ...]
 * An entry is a template string, or a mapping with `t` (template) and any of
 * `data` (null = no data), `missingkey`, `funcs`, `delims`, `name`, `parses`,
 * `execute`, `files`, `env`, `shape`, `insecureDisabled`, `id`, or a matrix:
 * `matrix: {VAR: [values...]}` expands the entry once per combination,
 * replacing `$[VAR]` in every string field.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Case, CaseInput, Funcs, MissingKeyMode, ParseStep } from './case.js';

export class CaseFileError extends Error {
  override readonly name = 'CaseFileError';
}

type Raw = Record<string, unknown>;

const ENTRY_KEYS = new Set([
  't',
  'data',
  'missingkey',
  'funcs',
  'delims',
  'name',
  'parses',
  'execute',
  'files',
  'env',
  'shape',
  'insecureDisabled',
  'id',
  'matrix',
]);

/** Stable id of an input: area + 8 hex digits of a hash of its canonical JSON. */
export function caseId(area: string, input: CaseInput, insecureDisabled?: boolean): string {
  const h = createHash('sha256')
    .update(canonicalJson({ ...input, insecureDisabled: insecureDisabled || undefined }))
    .digest('hex');
  return `${area}/${h.slice(0, 8)}`;
}

export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Raw)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new CaseFileError(`${what} must be a string`);
  return v;
}

function strMap(v: unknown, what: string): Record<string, string> {
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new CaseFileError(`${what} must be a mapping`);
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v as Raw)) out[k] = str(x, `${what}.${k}`);
  return out;
}

function parseSteps(v: unknown): ParseStep[] {
  if (!Array.isArray(v)) throw new CaseFileError('parses must be a list');
  return v.map((p, i) => {
    if (typeof p === 'string') return { text: p };
    const r = p as Raw;
    const step: ParseStep = { text: str(r.text, `parses[${i}].text`) };
    if (r.name !== undefined) step.name = str(r.name, `parses[${i}].name`);
    return step;
  });
}

const FUNCS = new Set(['go', 'sprig', 'helmfile']);
const MODES = new Set(['default', 'invalid', 'zero', 'error']);

interface FileDefaults {
  area: string;
  funcs: Funcs;
  missingkey: MissingKeyMode | undefined;
  data: string | undefined;
}

function substitute(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\[(\w+)\]/g, (m, name: string) => vars[name] ?? m);
}

function expandMatrix(entry: Raw): Raw[] {
  const matrix = entry.matrix as Record<string, unknown[]> | undefined;
  if (!matrix) return [entry];
  let combos: Record<string, string>[] = [{}];
  for (const [name, values] of Object.entries(matrix)) {
    if (!Array.isArray(values)) throw new CaseFileError(`matrix.${name} must be a list`);
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [name]: String(v) })));
  }
  str(entry.t, 't');
  return combos.map((vars) => {
    const out: Raw = {};
    for (const [k, v] of Object.entries(entry)) {
      if (k !== 'matrix') out[k] = typeof v === 'string' ? substitute(v, vars) : v;
    }
    return out;
  });
}

function toCase(raw: unknown, d: FileDefaults): Case {
  const entry: Raw = typeof raw === 'string' ? { t: raw } : (raw as Raw);
  for (const k of Object.keys(entry))
    if (!ENTRY_KEYS.has(k)) throw new CaseFileError(`unknown case key ${JSON.stringify(k)}`);
  const funcs = (entry.funcs ?? d.funcs) as Funcs;
  if (!FUNCS.has(funcs)) throw new CaseFileError(`bad funcs ${String(funcs)}`);
  const input: CaseInput = { template: str(entry.t, 't'), funcs };
  const data = entry.data === undefined ? d.data : entry.data === null ? undefined : str(entry.data, 'data');
  if (data !== undefined) input.data = data;
  const mk = (entry.missingkey ??
    d.missingkey ??
    (funcs === 'helmfile' ? 'error' : 'default')) as MissingKeyMode;
  if (!MODES.has(mk)) throw new CaseFileError(`bad missingkey ${String(mk)}`);
  input.missingkey = mk;
  if (entry.delims !== undefined) {
    const dl = entry.delims as unknown[];
    if (!Array.isArray(dl) || dl.length !== 2) throw new CaseFileError('delims must be [left, right]');
    input.delims = [str(dl[0], 'delims[0]'), str(dl[1], 'delims[1]')];
  }
  if (entry.name !== undefined) input.name = str(entry.name, 'name');
  if (entry.parses !== undefined) input.parses = parseSteps(entry.parses);
  if (entry.execute !== undefined) input.execute = str(entry.execute, 'execute');
  if (entry.files !== undefined) input.files = strMap(entry.files, 'files');
  if (entry.env !== undefined) input.env = strMap(entry.env, 'env');
  const insecureDisabled = entry.insecureDisabled === true || undefined;
  const c: Case = {
    id: entry.id !== undefined ? `${d.area}/${str(entry.id, 'id')}` : caseId(d.area, input, insecureDisabled),
    area: d.area,
    input,
  };
  if (entry.shape !== undefined) c.compare = { shape: str(entry.shape, 'shape') };
  if (insecureDisabled) c.insecureDisabled = true;
  return c;
}

/** Parse one case file's text. */
export function parseCaseFile(text: string, fileName: string): Case[] {
  const doc = parseYaml(text) as Raw | null;
  if (!doc || typeof doc !== 'object') throw new CaseFileError(`${fileName}: not a mapping`);
  const d: FileDefaults = {
    area: doc.area === undefined ? basename(fileName).replace(/\.ya?ml$/, '') : str(doc.area, 'area'),
    funcs: (doc.funcs ?? 'helmfile') as Funcs,
    missingkey: doc.missingkey as MissingKeyMode | undefined,
    data: doc.data === undefined || doc.data === null ? undefined : str(doc.data, 'data'),
  };
  if (!Array.isArray(doc.cases)) throw new CaseFileError(`${fileName}: cases must be a list`);
  const out: Case[] = [];
  doc.cases.forEach((raw, i) => {
    try {
      const entries = typeof raw === 'string' ? [raw] : expandMatrix(raw as Raw);
      for (const e of entries) out.push(toCase(e, d));
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      throw new CaseFileError(`${fileName}: case #${i + 1}: ${msg}`);
    }
  });
  return out;
}

/** Remove later duplicates (same id), keeping the first. */
export function dedupe(cases: Case[]): { cases: Case[]; duplicates: string[] } {
  const seen = new Set<string>();
  const duplicates: string[] = [];
  const kept = cases.filter((c) => {
    if (seen.has(c.id)) {
      duplicates.push(c.id);
      return false;
    }
    seen.add(c.id);
    return true;
  });
  return { cases: kept, duplicates };
}

/** Every case of every `*.yaml` file in `dir`, in file-name order. */
export function loadCaseDir(dir: string): Case[] {
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  return files.flatMap((f) => parseCaseFile(readFileSync(join(dir, f), 'utf8'), f));
}
