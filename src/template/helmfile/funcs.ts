/**
 * helmfile's own template functions (pkg/tmpl): exec, envExec, isFile, isDir,
 * readFile, readDir, readDirEntries, toYaml, fromYaml, setValueAtPath,
 * requiredEnv, get, getOrNil, required, fetchSecretValue, expandSecretRefs —
 * over an injected HelmfileHost. `tpl` and `include` belong to a renderer and
 * are added by render.ts.
 */
import { isAbsolute, join } from 'node:path';
import { encodeYaml, unmarshalYaml, YamlError } from '../../yaml/index.js';
import { sprint } from '../fmt/index.js';
import { goTypeOf } from '../reflect.js';
import { GoNamedInt } from '../sprig/gotime.js';
import {
  type FuncMap,
  GoError,
  type GoFunc,
  type GoMember,
  GoStruct,
  type GoValue,
  goFunc,
  withGoType,
} from '../value.js';
import { type DirEntryInfo, type HelmfileHost, HostError } from './host.js';
import { SecretRefResolver } from './secrets.js';
import { helmfileGet, helmfileGetOrNil, required, setValueAtPath, stringifyMapKeys } from './values.js';

export const INSECURE_DISABLED_MESSAGE =
  'HELMFILE_DISABLE_INSECURE_FEATURES or HELMFILE_DISABLE_INSECURE_TEMPLATE_FUNCTIONS is active, insecure function calls are disabled';

/** strconv.ParseBool, errors read as false (how helmfile reads its switches). */
export function parseBoolEnv(v: string | undefined): boolean {
  return v !== undefined && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v);
}

const MODE_CHARS = 'dalTLDpSugct?';

/** fs.FileMode.String() of type bits (no permission bits). */
function fileModeString(bits: number): string {
  let out = '';
  for (let i = 0; i < MODE_CHARS.length; i++) if (bits & (2 ** (31 - i))) out += MODE_CHARS[i];
  return (out === '' ? '-' : out) + '---------';
}

/** An os.DirEntry (`*os.unixDirent`): Name, IsDir, Type methods; prints like fs.FormatDirEntry. */
export class DirEntry extends GoStruct {
  readonly goType = '*os.unixDirent';
  constructor(readonly info: DirEntryInfo) {
    super();
  }
  fields(): ReadonlyArray<readonly [string, GoValue]> {
    return [];
  }
  member(name: string): GoMember | undefined {
    const m = (result: string, fn: () => GoValue): GoMember => ({
      kind: 'method',
      fn: goFunc(name, { params: [], result, returnsError: false }, fn),
    });
    switch (name) {
      case 'Name':
        return m('string', () => this.info.name);
      case 'IsDir':
        return m('bool', () => this.info.isDir);
      case 'Type':
        return m(
          'fs.FileMode',
          () => new GoNamedInt('fs.FileMode', BigInt(this.info.typeBits), fileModeString(this.info.typeBits)),
        );
      case 'String':
        return m('string', () => this.stringer());
    }
    return undefined;
  }
  override stringer(): string {
    const mode = fileModeString(this.info.typeBits);
    return `${mode.slice(0, -9)} ${this.info.name}${this.info.isDir ? '/' : ''}`;
  }
}

const S = 'string';
const A = 'interface {}';
const L = '[]interface {}';
const M = 'map[string]interface {}';
const sig = (params: string[], result: string, variadic?: string) =>
  variadic === undefined
    ? { params, result, returnsError: true }
    : { params, variadic, result, returnsError: true };

export interface HelmfileFuncOptions {
  /** helmfile's first rendering pass: exec, envExec, readFile, readDir and readDirEntries return empty values. */
  firstPass?: boolean;
}

function hostError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof HostError) throw new GoError(e.message);
    throw e;
  }
}

/** helmexec.Indent. */
function indent(text: string, prefix: string): string {
  const lines = text.split('\n');
  const last = lines.length - 1;
  let out = '';
  lines.forEach((line, i) => {
    if (i > 0 && i < last && line !== '') out += '\n';
    if (line !== '') out += prefix + line;
  });
  return out;
}

function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** helmfile's Context.EnvExec. */
function envExec(
  host: HelmfileHost,
  envs: GoValue,
  command: string,
  args: GoValue,
  inputs: GoValue[],
): string {
  const input = (inputs[0] as string | undefined) ?? '';
  const argList = (args ?? []) as GoValue[];
  const strArgs = argList.map((a, i) => {
    if (typeof a !== 'string') {
      const t = a === null || a === undefined ? '<nil>' : goTypeOf(a);
      throw new GoError(`unexpected type of arg "${t}" in args ${sprint(argList)} at index ${i}`);
    }
    return a;
  });
  let extraEnv: [string, string][] | undefined;
  if (envs instanceof Map) {
    extraEnv = [];
    for (const [k, v] of envs) {
      if (typeof v !== 'string') {
        const t = v === null || v === undefined ? '<nil>' : goTypeOf(v);
        throw new GoError(`unexpected type of env "${t}" in envs ${sprint(envs)} at index ${String(k)}`);
      }
      extraEnv.push([String(k), v]);
    }
  }
  let res: ReturnType<HelmfileHost['exec']>;
  try {
    res = host.exec({
      command,
      args: strArgs,
      cwd: host.baseDir,
      ...(extraEnv ? { extraEnv } : {}),
      stdin: input,
    });
  } catch (e) {
    if (e instanceof HostError) throw new GoError(`unexpected error: ${e.message}`);
    throw e;
  }
  if (res.status === 0) return res.stdout;
  if (res.status === undefined) throw new GoError(`unexpected error: signal: ${res.signal ?? 'killed'}`);
  let out = `PATH:\n${indent(res.path, '  ')}`;
  out += '\n\nARGS:';
  [command, ...strArgs].forEach((a, i) => {
    out += `\n${indent(`${i}: ${a} (${Buffer.byteLength(a)} bytes)`, '  ')}`;
  });
  out += `\n\nERROR:\n${indent(`exit status ${res.status}`, '  ')}`;
  out += `\n\nEXIT STATUS\n${indent(String(res.status), '  ')}`;
  if (res.stderr.length > 0) out += `\n\nSTDERR:\n${indent(res.stderr, '  ')}`;
  if (res.combined.length > 0) out += `\n\nCOMBINED OUTPUT:\n${indent(res.combined, '  ')}`;
  throw new GoError(`command ${goQuote(res.path)} exited with non-zero status:\n\n${out}`);
}

/** filepath.Join: joined and cleaned (no trailing slash, `.` for empty). */
export function goJoin(...parts: string[]): string {
  const nonEmpty = parts.filter((p) => p !== '');
  if (nonEmpty.length === 0) return '';
  const joined = join(...nonEmpty);
  return joined.length > 1 ? joined.replace(/\/+$/, '') : joined;
}

/** The functions of helmfile's createFuncMap (without tpl and include). */
export function helmfileFuncMap(host: HelmfileHost, options: HelmfileFuncOptions = {}): FuncMap {
  const resolve = (p: string) => (isAbsolute(p) ? p : goJoin(host.baseDir, p));
  const secrets = new SecretRefResolver(host);
  const fns: GoFunc[] = [
    goFunc('envExec', sig([M, S, L], S, S), ([e, c, a, ...inputs]) =>
      envExec(host, e, c as string, a, inputs),
    ),
    goFunc('exec', sig([S, L], S, S), ([c, a, ...inputs]) => envExec(host, null, c as string, a, inputs)),
    goFunc('isFile', sig([S], 'bool'), ([f]) =>
      hostError(() => host.stat(resolve(f as string))?.isDir === false),
    ),
    goFunc('isDir', sig([S], 'bool'), ([f]) =>
      hostError(() => host.stat(resolve(f as string))?.isDir === true),
    ),
    goFunc('readFile', sig([S], S), ([f]) => hostError(() => host.readFile(resolve(f as string)))),
    goFunc('readDir', sig([S], '[]string'), ([p]) => {
      const dir = resolve(p as string);
      const entries = hostError(() => {
        try {
          return host.readDir(dir);
        } catch (e) {
          if (e instanceof HostError) throw new HostError(`ReadDir ${goQuote(dir)}: ${e.message}`);
          throw e;
        }
      });
      return withGoType(
        entries.filter((e) => !e.isDir).map((e) => goJoin(p as string, e.name)),
        '[]string',
      );
    }),
    goFunc('readDirEntries', sig([S], '[]fs.DirEntry'), ([p]) => {
      const dir = resolve(p as string);
      const entries = hostError(() => {
        try {
          return host.readDir(dir);
        } catch (e) {
          if (e instanceof HostError) throw new HostError(`ReadDirEntries ${goQuote(dir)}: ${e.message}`);
          throw e;
        }
      });
      return withGoType(
        entries.map((e) => new DirEntry(e)),
        '[]fs.DirEntry',
      );
    }),
    goFunc('toYaml', sig([A], S), ([v]) => encodeYaml(v === undefined ? null : v)),
    goFunc('fromYaml', sig([S], A), ([s]) => {
      try {
        return stringifyMapKeys(unmarshalYaml(s as string));
      } catch (e) {
        const msg = e instanceof YamlError ? e.goMessage : e instanceof Error ? e.message : String(e);
        throw new GoError(`${msg}, offending yaml: ${s as string}`);
      }
    }),
    goFunc('setValueAtPath', sig([S, A, M], M), ([p, v, m]) =>
      setValueAtPath(p as string, v, m as Map<GoValue, GoValue> | null),
    ),
    goFunc('requiredEnv', sig([S], S), ([n]) => {
      const v = host.env(n as string);
      if (v !== undefined && v.length > 0) return v;
      throw new GoError(`required env var \`${n as string}\` is not set`);
    }),
    goFunc('get', sig([S], A, A), ([p, ...rest]) => helmfileGet(p as string, rest)),
    goFunc('getOrNil', sig([S, A], A), ([p, o]) => helmfileGetOrNil(p as string, o)),
    goFunc('required', sig([S, A], A), ([w, v]) => required(w as string, v)),
    goFunc('fetchSecretValue', sig([S], S), ([p]) => secrets.fetchSecretValue(p as string)),
    goFunc('expandSecretRefs', sig([M], M), ([m]) => secrets.expandTree(m)),
  ];
  const map = new Map(fns.map((f) => [f.name, f]));
  if (options.firstPass) {
    map.set(
      'exec',
      goFunc('exec', sig([S, L], S, S), () => ''),
    );
    map.set(
      'envExec',
      goFunc('envExec', sig([M, S, L], S, S), () => ''),
    );
    map.set(
      'readFile',
      goFunc('readFile', sig([S], S), () => ''),
    );
    map.set(
      'readDir',
      goFunc('readDir', sig([S], '[]string'), () => withGoType([], '[]string')),
    );
    map.set(
      'readDirEntries',
      goFunc('readDirEntries', sig([S], '[]fs.DirEntry'), () => withGoType([], '[]fs.DirEntry')),
    );
  }
  if (
    parseBoolEnv(host.env('HELMFILE_DISABLE_INSECURE_FEATURES')) ||
    parseBoolEnv(host.env('HELMFILE_DISABLE_INSECURE_TEMPLATE_FUNCTIONS'))
  ) {
    const disabled = (name: string, params: string[], result: string, variadic?: string) =>
      map.set(
        name,
        goFunc(name, sig(params, result, variadic), () => {
          throw new GoError(INSECURE_DISABLED_MESSAGE);
        }),
      );
    disabled('exec', [S, L], S, S);
    disabled('envExec', [M, S, L], S, S);
    disabled('readFile', [S], S);
    disabled('readDir', [S], '[]string');
    disabled('readDirEntries', [S], '[]string');
  }
  return map;
}
