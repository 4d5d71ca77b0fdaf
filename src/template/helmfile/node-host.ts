/** The real HelmfileHost: node:fs, node:child_process and process.env, with Go-shaped error messages. */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, type Dirent, readdirSync, readFileSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { decryptSopsFileSync, SecretsError, type SopsFormat } from '../../secrets/index.js';
import { utf8Decode, utf8Encode } from '../fmt/utf8.js';
import {
  type DirEntryInfo,
  type ExecRequest,
  type ExecResult,
  type HelmfileHost,
  HostError,
} from './host.js';

/** Go's text for an errno-style failure: `open PATH: no such file or directory`. */
function osError(op: string, path: string, e: unknown): HostError {
  const code = (e as NodeJS.ErrnoException).code;
  const text: Record<string, string> = {
    ENOENT: 'no such file or directory',
    ENOTDIR: 'not a directory',
    EISDIR: 'is a directory',
    EACCES: 'permission denied',
    ELOOP: 'too many levels of symbolic links',
  };
  return new HostError(`${op} ${path}: ${text[code ?? ''] ?? (e as Error).message}`, code === 'ENOENT');
}

const MODE_DIR = 2 ** 31;
const MODE_SYMLINK = 2 ** 27;
const MODE_DEVICE = 2 ** 26;
const MODE_NAMED_PIPE = 2 ** 25;
const MODE_SOCKET = 2 ** 24;
const MODE_CHAR_DEVICE = 2 ** 21;
const MODE_IRREGULAR = 2 ** 19;

function typeBits(d: Dirent): number {
  if (d.isDirectory()) return MODE_DIR;
  if (d.isSymbolicLink()) return MODE_SYMLINK;
  if (d.isFIFO()) return MODE_NAMED_PIPE;
  if (d.isSocket()) return MODE_SOCKET;
  if (d.isCharacterDevice()) return MODE_DEVICE | MODE_CHAR_DEVICE;
  if (d.isBlockDevice()) return MODE_DEVICE;
  if (!d.isFile()) return MODE_IRREGULAR;
  return 0;
}

/** exec.LookPath: the executable's path, searching $PATH when the name has no slash. */
function lookPath(name: string, envPath: string | undefined): string {
  if (name.includes('/')) return name;
  for (const dir of (envPath ?? '').split(delimiter)) {
    const candidate = join(dir === '' ? '.' : dir, name);
    try {
      if (statSync(candidate).isFile()) {
        accessSync(candidate, constants.X_OK);
        return candidate;
      }
    } catch {
      // keep looking
    }
  }
  throw new HostError(`exec: "${name}": executable file not found in $PATH`);
}

export interface NodeHostOptions {
  baseDir?: string;
  /** Environment to read and to pass to commands; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

export function nodeHelmfileHost(opts: NodeHostOptions = {}): HelmfileHost {
  const baseDir = opts.baseDir ?? process.cwd();
  const env = opts.env ?? process.env;
  return {
    baseDir,
    readFile(path) {
      try {
        // Go's string(bytes): bytes that are not valid UTF-8 are kept (as U+DC80–U+DCFF).
        return utf8Decode(readFileSync(path));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EISDIR') throw osError('read', path, e);
        throw osError('open', path, e);
      }
    },
    readDir(path): DirEntryInfo[] {
      let entries: Dirent[];
      try {
        entries = readdirSync(path, { withFileTypes: true });
      } catch (e) {
        throw osError('open', path, e);
      }
      return entries
        .map((d) => ({ name: d.name, isDir: d.isDirectory(), typeBits: typeBits(d) }))
        .sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
    },
    stat(path) {
      try {
        return { isDir: statSync(path).isDirectory() };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw osError('stat', path, e);
      }
    },
    exec(req: ExecRequest): ExecResult {
      const childEnv: NodeJS.ProcessEnv = { ...env };
      for (const [k, v] of req.extraEnv ?? []) childEnv[k] = v;
      const path = lookPath(req.command, env.PATH);
      const res = spawnSync(path, req.args as string[], {
        cwd: req.cwd,
        env: childEnv,
        input: req.stdin !== undefined && req.stdin.length > 0 ? utf8Encode(req.stdin) : undefined,
        maxBuffer: 1 << 30,
        argv0: req.command,
      });
      if (
        res.error &&
        (res.error as NodeJS.ErrnoException).code !== undefined &&
        res.status === null &&
        !res.signal
      ) {
        throw new HostError(`fork/exec ${path}: ${osError('', '', res.error).message.replace(/^ : /, '')}`);
      }
      const stdout = res.stdout ? utf8Decode(res.stdout) : '';
      const stderr = res.stderr ? utf8Decode(res.stderr) : '';
      const out: ExecResult = {
        path,
        stdout,
        stderr,
        combined: stdout + stderr,
        status: res.status ?? undefined,
      };
      return res.signal ? { ...out, signal: res.signal } : out;
    },
    env(name) {
      return env[name];
    },
    decryptSops(path, content, format) {
      return decryptSopsSync(path, content, format, env);
    },
  };
}

const SOPS_FORMATS: readonly string[] = ['yaml', 'json', 'dotenv', 'ini', 'binary'];

/**
 * vals' sops decryption (the sops library in-process): natively for age keys,
 * with sops's default output settings. A data key no identity opens is
 * reported in the sops library's words.
 */
function decryptSopsSync(
  path: string,
  content: string,
  format: string | undefined,
  env: NodeJS.ProcessEnv,
): string {
  try {
    return decryptSopsFileSync(path, {
      text: content,
      env,
      sopsConfig: false,
      ...(format !== undefined && {
        format: (SOPS_FORMATS.includes(format) ? format : 'binary') as SopsFormat,
      }),
    }).text;
  } catch (e) {
    if (e instanceof SecretsError && (e.code === 'SOPS_NO_AGE_IDENTITY' || e.code === 'SOPS_KEY_MISMATCH')) {
      throw new HostError('Error getting data key: 0 successful groups required, got 0');
    }
    throw e;
  }
}
