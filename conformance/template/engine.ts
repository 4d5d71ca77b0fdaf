/**
 * Runs a case through helmfire's template engine: the core (`TemplateSet`)
 * with no functions or with `sprigFuncMap()`, or helmfile's renderer with a
 * real host over a fresh base directory holding the case's files. The engine
 * modules are imported dynamically, so that one broken or missing part is
 * reported (and its cases fail) instead of stopping the whole run.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CaseInput, Outcome } from './case.js';
import { decodeCaseData } from './data-yaml.js';

type CoreModule = typeof import('../../src/template/index.js');
type SprigModule = typeof import('../../src/template/sprig/index.js');
type HelmfileModule = typeof import('../../src/template/helmfile/index.js');
type GoValue = import('../../src/template/value.js').GoValue;
type FuncMap = import('../../src/template/value.js').FuncMap;

export interface RenderOptions {
  /** Run with HELMFILE_DISABLE_INSECURE_FEATURES=true. */
  insecureDisabled?: boolean;
}

export interface Engine {
  /** Engine parts that could not be loaded, with the reason. */
  readonly missing: string[];
  render(input: CaseInput, opts?: RenderOptions): Outcome;
}

async function tryImport<T>(spec: string, missing: string[], what: string): Promise<T | undefined> {
  try {
    return (await import(spec)) as T;
  } catch (e) {
    missing.push(`${what}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

/** Writes a case's files into a fresh directory; returns it and a cleanup. */
export function materializeFiles(files: Record<string, string> | undefined): { dir: string; done(): void } {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'helmfire-tmpl-case-')));
  for (const [rel, content] of Object.entries(files ?? {})) {
    const p = join(dir, rel);
    mkdirSync(rel.endsWith('/') ? p : dirname(p), { recursive: true });
    if (!rel.endsWith('/')) writeFileSync(p, content);
  }
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The oracle runs each case with the base directory as working directory and
 * helmfile's base path ".", so Go's messages name paths relative to it;
 * helmfire's name them under the absolute base directory.
 */
export function relativizeBase(text: string, dir: string): string {
  return text.split(`${dir}/`).join('').split(dir).join('.');
}

function withEnv<T>(env: Record<string, string>, fn: () => T): T {
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

function describe(e: unknown, core: CoreModule): Outcome {
  if (e instanceof core.TemplateError) return { output: e.partialOutput, error: e.message, phase: e.kind };
  const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return { output: '', error: `helmfire crashed: ${msg}`, phase: 'exec', panic: true };
}

export async function loadEngine(): Promise<Engine> {
  process.env.TZ = 'UTC';
  const missing: string[] = [];
  const core = await tryImport<CoreModule>(
    '../../src/template/index.js',
    missing,
    'core engine (src/template)',
  );
  const sprig = await tryImport<SprigModule>('../../src/template/sprig/index.js', missing, 'sprig');
  const helmfile = await tryImport<HelmfileModule>(
    '../../src/template/helmfile/index.js',
    missing,
    'helmfile',
  );
  let sprigFuncs: FuncMap | undefined;
  const sprigMap = (): FuncMap => {
    sprigFuncs ??= sprig!.sprigFuncMap();
    return sprigFuncs;
  };

  function renderStd(c: CoreModule, input: CaseInput, data: GoValue): Outcome {
    const name = input.name ?? 'stringTemplate';
    const set = new c.TemplateSet(name, {
      ...(input.missingkey && { missingKey: input.missingkey }),
      ...(input.delims && { delims: input.delims }),
      ...(input.funcs === 'sprig' && { funcs: sprigMap() }),
    });
    for (const p of input.parses ?? []) set.parse(p.text, p.name);
    set.parse(input.template);
    return { output: set.execute(data, input.execute ?? name), error: '' };
  }

  function renderHelmfile(c: CoreModule, h: HelmfileModule, input: CaseInput, data: GoValue): Outcome {
    const files = materializeFiles(input.files);
    try {
      const missingKey = input.missingkey === 'zero' ? 'zero' : 'error';
      const out = h.renderHelmfileTemplate(input.template, data, { baseDir: files.dir, missingKey });
      return { output: out, error: '' };
    } catch (e) {
      const o = describe(e, c);
      return { ...o, output: relativizeBase(o.output, files.dir), error: relativizeBase(o.error, files.dir) };
    } finally {
      files.done();
    }
  }

  return {
    missing,
    render(input: CaseInput, opts: RenderOptions = {}): Outcome {
      const part = input.funcs === 'helmfile' ? helmfile : input.funcs === 'sprig' ? sprig : core;
      if (!core || !part) return { output: '', error: 'helmfire: engine part missing', phase: 'missing' };
      let data: GoValue;
      try {
        data = decodeCaseData(input.data);
      } catch (e) {
        return { output: '', error: e instanceof Error ? e.message : String(e), phase: 'data' };
      }
      const env = {
        ...input.env,
        ...(opts.insecureDisabled && { HELMFILE_DISABLE_INSECURE_FEATURES: 'true' }),
      };
      return withEnv(env, () => {
        try {
          return input.funcs === 'helmfile' && helmfile
            ? renderHelmfile(core, helmfile, input, data)
            : renderStd(core, input, data);
        } catch (e) {
          return describe(e, core);
        }
      });
    },
  };
}
