/**
 * Where age identities come from, in the order and with the rules sops uses:
 * `SOPS_AGE_KEY` (keys separated by any whitespace), `SOPS_AGE_KEY_FILE`,
 * `SOPS_AGE_KEY_CMD`, and the default `<user config dir>/sops/age/keys.txt`
 * (`$XDG_CONFIG_HOME`, else `~/.config`; on macOS `~/Library/Application Support`
 * unless `XDG_CONFIG_HOME` is set). Lines starting with '#' are comments.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { AgeError, parseX25519Identity, type X25519Identity } from './age.js';

export const AGE_KEY_ENV = 'SOPS_AGE_KEY';
export const AGE_KEY_FILE_ENV = 'SOPS_AGE_KEY_FILE';
export const AGE_KEY_CMD_ENV = 'SOPS_AGE_KEY_CMD';

export interface IdentitySet {
  identities: X25519Identity[];
  /** Where identities were read from (variable names or file paths; never key text). */
  sources: string[];
  /** Places looked at that held no key. */
  empty: string[];
  /** Problems met while loading, already free of key material. */
  problems: string[];
  /** Sources holding identities only sops can use (plugins, post-quantum, passphrase-protected files). */
  needSops: string[];
}

export function defaultAgeKeyFile(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const xdg = env.XDG_CONFIG_HOME;
  let base: string;
  if (xdg && isAbsolute(xdg)) base = xdg;
  else if (platform === 'darwin') base = join(env.HOME || homedir(), 'Library', 'Application Support');
  else base = join(env.HOME || homedir(), '.config');
  return join(base, 'sops', 'age', 'keys.txt');
}

function parseIdentityText(text: string, location: string, anyWhitespace: boolean): X25519Identity[] {
  const out: X25519Identity[] = [];
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  lines.forEach((line, i) => {
    if (line === '' || line.startsWith('#')) return;
    const words = anyWhitespace ? line.split(/\s+/).filter(Boolean) : [line];
    for (const word of words) {
      if (word.startsWith('AGE-PLUGIN-') || word.startsWith('AGE-SECRET-KEY-PQ-')) {
        throw new AgeError(
          'unsupported-identity',
          `${location} line ${i + 1}: age plugin and post-quantum identities need the sops binary`,
        );
      }
      if (!word.startsWith('AGE-SECRET-KEY-1')) {
        throw new AgeError(
          'malformed',
          `${location} line ${i + 1}: not an age identity (expected AGE-SECRET-KEY-1…)`,
        );
      }
      try {
        out.push(parseX25519Identity(word));
      } catch (e) {
        const why = e instanceof AgeError ? e.message : 'unreadable';
        throw new AgeError('malformed', `${location} line ${i + 1}: invalid age identity (${why})`);
      }
    }
  });
  return out;
}

function splitCommand(cmd: string): string[] {
  const out: string[] = [];
  const re = /"((?:\\.|[^"\\])*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(cmd); m; m = re.exec(cmd)) out.push(m[1]?.replace(/\\(.)/g, '$1') ?? m[2] ?? m[3]!);
  return out;
}

/** Loads every age identity sops would see in this environment. */
export function loadAgeIdentities(env: NodeJS.ProcessEnv = process.env, recipient = ''): IdentitySet {
  const set: IdentitySet = { identities: [], sources: [], empty: [], problems: [], needSops: [] };
  const add = (location: string, text: string, anyWhitespace: boolean) => {
    if (/^\s*(age-encryption\.org\/|-----BEGIN AGE ENCRYPTED FILE-----)/.test(text)) {
      set.needSops.push(`${location} (a passphrase-protected identity file)`);
      return;
    }
    try {
      const ids = parseIdentityText(text, location, anyWhitespace);
      if (ids.length === 0) set.empty.push(location);
      else {
        set.identities.push(...ids);
        set.sources.push(location);
      }
    } catch (e) {
      if (e instanceof AgeError && e.kind === 'unsupported-identity') set.needSops.push(e.message);
      else set.problems.push(e instanceof AgeError ? e.message : `${location}: unreadable`);
    }
  };
  const inline = env[AGE_KEY_ENV];
  if (inline !== undefined) add(AGE_KEY_ENV, inline, true);
  const file = env[AGE_KEY_FILE_ENV];
  if (file !== undefined) {
    try {
      add(`${AGE_KEY_FILE_ENV} (${file})`, readFileSync(file, 'utf8'), false);
    } catch (e) {
      set.problems.push(
        `${AGE_KEY_FILE_ENV} points to ${file}, which cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
  const cmd = env[AGE_KEY_CMD_ENV];
  if (cmd !== undefined) {
    const [exe, ...args] = splitCommand(cmd);
    try {
      if (!exe) throw new Error('empty command');
      const out = execFileSync(exe, args, {
        env: { ...env, SOPS_AGE_RECIPIENT: recipient },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      add(AGE_KEY_CMD_ENV, out, false);
    } catch {
      set.problems.push(`${AGE_KEY_CMD_ENV} command failed`);
    }
  }
  const fallback = defaultAgeKeyFile(env);
  try {
    add(fallback, readFileSync(fallback, 'utf8'), false);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') set.empty.push(fallback);
    else set.problems.push(`${fallback} cannot be read (${code ?? 'error'})`);
  }
  return set;
}
