/**
 * Runs a case through helmfire's template engine. The engine modules are
 * loaded dynamically so that the conformance tooling works (and reports the
 * engine as missing) while parts of the engine are still being written.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FuncMap, GoValue } from '../../src/template/value.js';
import type { CaseInput, Outcome } from './case.js';
import { decodeCaseData } from './data-yaml.js';

interface TemplateSetLike {
  parse(text: string, name?: string): unknown;
  execute(data: GoValue, name?: string): string;
}
interface TemplateModule {
  TemplateSet: new (
    name: string,
    options?: { missingKey?: string; delims?: [string, string]; funcs?: FuncMap },
  ) => TemplateSetLike;
}
interface SprigModule {
  sprigFuncMap(): FuncMap;
}
/** helmfile's renderer, as planned in src/template/helmfile/. */
interface HelmfileModule {
  renderHelmfileTemplate?: (...args: unknown[]) => unknown;
  helmfileFuncMap?: (host: unknown) => FuncMap;
  nodeHelmfileHost?: (opts: unknown) => unknown;
}

export interface Engine {
  /** Which parts loaded; a missing part makes its cases fail with a clear error. */
  readonly parts: { core: boolean; sprig: boolean; helmfile: boolean };
  render(input: CaseInput): Outcome;
}

async function tryImport<T>(spec: string): Promise<{ mod?: T; error?: string }> {
  try {
    return { mod: (await import(spec)) as T };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

function describe(e: unknown): Outcome {
  if (e instanceof Error && (e.name === 'TemplateError' || 'partialOutput' in e)) {
    const te = e as Error & { partialOutput?: string; kind?: string };
    const o: Outcome = { output: te.partialOutput ?? '', error: te.message };
    if (te.kind) o.phase = te.kind;
    return o;
  }
  const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return { output: '', error: `helmfire crashed: ${msg}`, phase: 'exec', panic: true };
}

/** Writes a case's files into a fresh directory; returns it and a cleanup. */
export function materializeFiles(files: Record<string, string> | undefined): { dir: string; done(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'helmfire-tmpl-case-'));
  for (const [rel, content] of Object.entries(files ?? {})) {
    const p = join(dir, rel);
    mkdirSync(rel.endsWith('/') ? p : dirname(p), { recursive: true });
    if (!rel.endsWith('/')) writeFileSync(p, content);
  }
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Replace the absolute base directory in helmfire's messages by the relative form Go printed. */
export function relativizeBase(text: string, dir: string): string {
  return text.split(`${dir}/`).join('').split(dir).join('.');
}

function withEnv<T>(env: Record<string, string> | undefined, fn: () => T): T {
  if (!env) return fn();
  const saved = new Map<string, string | undefined>();
  for (const [k, v] of Object.entries(env)) {
    saved.set(k, process.env[k]);
    process.env[k] = v;
  }
  try {
    return fn();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

export async function loadEngine(): Promise<Engine & { missing: string[] }> {
  process.env.TZ = 'UTC';
  const core = await tryImport<TemplateModule>('../../src/template/index.js');
  const sprig = await tryImport<SprigModule>('../../src/template/sprig/index.js');
  const helmfile = await tryImport<HelmfileModule>('../../src/template/helmfile/index.js');
  const missing: string[] = [];
  if (!core.mod?.TemplateSet)
    missing.push(`core engine (src/template/index.ts): ${core.error ?? 'no TemplateSet'}`);
  if (!sprig.mod?.sprigFuncMap)
    missing.push(`sprig (src/template/sprig/index.ts): ${sprig.error ?? 'no sprigFuncMap'}`);
  if (!helmfile.mod?.renderHelmfileTemplate)
    missing.push(
      `helmfile (src/template/helmfile/index.ts): ${helmfile.error ?? 'no renderHelmfileTemplate'}`,
    );
  let sprigFuncs: FuncMap | undefined;
  const parts = {
    core: !!core.mod?.TemplateSet,
    sprig: !!sprig.mod?.sprigFuncMap,
    helmfile: !!helmfile.mod?.renderHelmfileTemplate,
  };

  function renderStd(input: CaseInput, data: GoValue): Outcome {
    const TemplateSet = core.mod!.TemplateSet;
    let funcs: FuncMap | undefined;
    if (input.funcs === 'sprig') {
      sprigFuncs ??= sprig.mod!.sprigFuncMap();
      funcs = sprigFuncs;
    }
    const name = input.name ?? 'stringTemplate';
    const opts: { missingKey?: string; delims?: [string, string]; funcs?: FuncMap } = {};
    if (input.missingkey) opts.missingKey = input.missingkey;
    if (input.delims) opts.delims = input.delims;
    if (funcs) opts.funcs = funcs;
    const set = new TemplateSet(name, opts);
    for (const p of input.parses ?? []) set.parse(p.text, p.name);
    set.parse(input.template);
    return { output: set.execute(data, input.execute ?? name), error: '' };
  }

  function renderHelmfile(input: CaseInput, data: GoValue): Outcome {
    const files = materializeFiles(input.files);
    try {
      const render = helmfile.mod!.renderHelmfileTemplate!;
      const out = render(input.template, data, {
        baseDir: files.dir,
        missingKey: input.missingkey ?? 'error',
      });
      return { output: relativizeBase(String(out), files.dir), error: '' };
    } catch (e) {
      const o = describe(e);
      return { ...o, output: relativizeBase(o.output, files.dir), error: relativizeBase(o.error, files.dir) };
    } finally {
      files.done();
    }
  }

  return {
    parts,
    missing,
    render(input: CaseInput): Outcome {
      const need = input.funcs === 'helmfile' ? parts.helmfile : input.funcs === 'sprig' ? parts.sprig : true;
      if (!parts.core || !need)
        return { output: '', error: 'helmfire: engine part missing', phase: 'missing' };
      let data: GoValue;
      try {
        data = decodeCaseData(input.data);
      } catch (e) {
        return { output: '', error: e instanceof Error ? e.message : String(e), phase: 'data' };
      }
      return withEnv(input.env, () => {
        try {
          return input.funcs === 'helmfile' ? renderHelmfile(input, data) : renderStd(input, data);
        } catch (e) {
          return describe(e);
        }
      });
    },
  };
}
