/**
 * decryptSopsFile: opens a sops-encrypted YAML, JSON, dotenv or binary file
 * and returns exactly what `sops -d` prints, plus the parsed documents.
 * age keys are handled natively; other key types go through the sops binary.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { AgeError, ageDecrypt, type X25519Identity } from './age.js';
import { decryptValue, ValueDecryptError } from './cipher.js';
import { DotenvLoadError, emitDotenv, loadDotenv } from './dotenv-store.js';
import { SecretsError } from './errors.js';
import { emitJson, JsonLoadError, loadJson } from './json-store.js';
import {
  AGE_KEY_ENV,
  AGE_KEY_FILE_ENV,
  defaultAgeKeyFile,
  type IdentitySet,
  loadAgeIdentities,
} from './keys.js';
import {
  extractFlat,
  extractNested,
  type MasterKeyRef,
  MetadataError,
  normaliseLastModified,
  parseMetadata,
  type SopsMetadata,
} from './metadata.js';
import { findOnPath, runSopsDecrypt, runSopsDecryptSync, type SopsRunResult } from './sops-binary.js';
import { DEFAULT_INDENTS, type StoreIndents, storeIndents } from './sops-config.js';
import { Branch, type PlainValue, toPlain } from './tree.js';
import { decryptTree, TreeDecryptError } from './walk.js';
import { emitYaml } from './yaml-emit.js';
import { loadYaml, YamlLoadError } from './yaml-load.js';

export type SopsFormat = 'yaml' | 'json' | 'dotenv' | 'ini' | 'binary';

export interface DecryptOptions {
  /**
   * Input (and output) format. By default from the file extension, as sops
   * does; 'detect' looks at the content instead, as helm-secrets does for
   * helmfile's `secrets:` entries (so `secrets.enc` is read as YAML).
   */
  format?: SopsFormat | 'detect';
  /** Environment to read SOPS_AGE_KEY* and PATH from (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** The sops binary for non-age keys: a path, or false to never run it (default: `sops` on PATH). */
  sopsBinary?: string | false;
  /** Where to look for `.sops.yaml` output settings, as sops does from its working directory (default: process.cwd()). */
  cwd?: string;
  /**
   * Whether `.sops.yaml` output settings apply (default true, as for `sops -d`);
   * false emits with sops's default indentation, as the sops library does
   * when helmfile's vals decrypts a `ref+sops://` reference.
   */
  sopsConfig?: boolean;
}

export interface DecryptedSops {
  path: string;
  format: SopsFormat;
  /** The plaintext exactly as `sops -d` prints it. Keep it off disk (see withDecryptedFile). */
  text: string;
  /** Parsed documents (one per YAML document; empty for binary and ini). */
  documents: Branch[];
  /** Who decrypted it. */
  via: 'native' | 'sops';
}

/** The format sops infers from a file name. */
export function formatForPath(path: string): SopsFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  if (ext === '.json') return 'json';
  if (ext === '.env') return 'dotenv';
  if (ext === '.ini') return 'ini';
  return 'binary';
}

/**
 * The format of an encrypted file judged by its content, the way helm-secrets
 * judges it: a `sops:` line means YAML, an encrypted `"data"` entry a binary
 * file, `sops_mac=` a dotenv file, anything else JSON.
 */
export function formatForContent(text: string): SopsFormat {
  if (/^sops:\s*$/m.test(text)) return 'yaml';
  if (text.includes('"data": "ENC')) return 'binary';
  if (/^sops_mac=/m.test(text)) return 'dotenv';
  return 'json';
}

/** The documents as plain data (comments dropped, several YAML documents → an array). */
export function plainValues(d: DecryptedSops): PlainValue {
  const docs = d.documents.map(toPlain);
  return docs.length === 1 ? docs[0]! : docs;
}

interface Parsed {
  data: Branch[];
  meta: SopsMetadata;
}

function parseEncrypted(path: string, text: string, format: SopsFormat): Parsed {
  let docs: Branch[];
  try {
    if (format === 'yaml') docs = loadYaml(text);
    else if (format === 'dotenv') docs = [loadDotenv(text)];
    else docs = [loadJson(text)]; // json, and binary files (sops stores those as JSON)
  } catch (e) {
    if (e instanceof YamlLoadError || e instanceof JsonLoadError || e instanceof DotenvLoadError) {
      const as = format === 'binary' ? 'a sops-encrypted binary file (JSON)' : format.toUpperCase();
      throw new SecretsError('SOPS_PARSE_FAILED', `${path}: cannot be read as ${as}: ${e.message}`);
    }
    throw e;
  }
  let split: { data: Branch[]; meta: PlainValue } | undefined;
  try {
    if (format === 'dotenv') {
      const flat = docs[0] ? extractFlat(docs[0]) : undefined;
      split = flat && { data: [flat.data], meta: flat.meta };
    } else split = extractNested(docs);
    if (!split) {
      const where = format === 'dotenv' ? 'sops_… entries' : 'a top-level "sops" entry';
      throw new SecretsError(
        'SOPS_NOT_ENCRYPTED',
        `${path} is not a sops-encrypted file: expected ${where} with the encryption metadata`,
      );
    }
    return { data: split.data, meta: parseMetadata(split.meta) };
  } catch (e) {
    if (e instanceof MetadataError) {
      throw new SecretsError('SOPS_METADATA_INVALID', `${path}: invalid sops metadata: ${e.message}`);
    }
    throw e;
  }
}

function noIdentityMessage(
  path: string,
  ageKeys: MasterKeyRef[],
  ids: IdentitySet,
  env: NodeJS.ProcessEnv,
): string {
  const recipients = [...new Set(ageKeys.map((k) => k.id))];
  const problems = ids.problems.length ? ` Problems: ${ids.problems.join('; ')}.` : '';
  const plural = recipients.length > 1 ? 's' : '';
  return (
    `${path} is encrypted for age recipient${plural} ${recipients.join(', ')}, but no age identity was found: ` +
    `set ${AGE_KEY_FILE_ENV} to a keys file, ${AGE_KEY_ENV} to the key itself, ` +
    `or put the key in ${defaultAgeKeyFile(env)}.${problems}`
  );
}

type DataKeyResult = { key: Buffer } | { needsBinary: string };

/** An X25519 recipient (`age1…` with a single '1'); SSH, plugin and post-quantum ones are not. */
function isNativeAgeRecipient(recipient: string): boolean {
  return /^age1[^1]+$/.test(recipient);
}

/** Opens the data key with local age identities, or says why the sops binary is needed. */
function dataKeyWithAge(path: string, meta: SopsMetadata, env: NodeJS.ProcessEnv): DataKeyResult {
  const all = meta.keyGroups.flat();
  if (meta.keyGroups.length > 1) {
    return { needsBinary: `it uses ${meta.keyGroups.length} key groups (Shamir secret sharing)` };
  }
  const ageKeys = all.filter((k) => k.type === 'age' && isNativeAgeRecipient(k.id));
  const others = all.filter((k) => !ageKeys.includes(k));
  const otherKinds = others.map((k) => (k.type === 'age' ? 'age (SSH, plugin or post-quantum)' : k.type));
  const describeOthers = [...new Set(otherKinds)].join(', ');
  if (ageKeys.length === 0) return { needsBinary: `its keys are ${describeOthers}` };
  const ids = loadAgeIdentities(env, ageKeys[0]?.id ?? '');
  const sopsOnly = ids.needSops.length
    ? `its age identities are in a form only sops reads: ${ids.needSops.join('; ')}`
    : '';
  if (ids.identities.length === 0) {
    if (sopsOnly) return { needsBinary: sopsOnly };
    if (others.length > 0)
      return { needsBinary: `no age identity is available and it also has ${describeOthers} keys` };
    throw new SecretsError('SOPS_NO_AGE_IDENTITY', noIdentityMessage(path, ageKeys, ids, env));
  }
  for (const k of ageKeys) {
    try {
      const key = ageDecrypt(k.enc, ids.identities as X25519Identity[]);
      if (key.length !== 32) throw new AgeError('corrupt', 'the data key is not 32 bytes');
      return { key };
    } catch (e) {
      if (!(e instanceof AgeError)) throw e;
      if (e.kind === 'no-identity-matched') continue;
      throw new SecretsError(
        'SOPS_DECRYPT_FAILED',
        `${path}: the age-wrapped data key for ${k.id} is damaged (${e.message})`,
      );
    }
  }
  if (others.length > 0) {
    return { needsBinary: `none of the local age identities matches and it also has ${describeOthers} keys` };
  }
  if (sopsOnly) return { needsBinary: `none of the plain age identities matches and ${sopsOnly}` };
  const recipients = [...new Set(ageKeys.map((k) => k.id))].join(', ');
  throw new SecretsError(
    'SOPS_KEY_MISMATCH',
    `${path}: none of the age identities from ${ids.sources.join(', ')} can decrypt it; it is encrypted for ${recipients}`,
  );
}

function decryptNative(
  path: string,
  parsed: Parsed,
  dataKey: Buffer,
  format: SopsFormat,
  indents: StoreIndents,
): DecryptedSops {
  const { meta } = parsed;
  let tree: ReturnType<typeof decryptTree>;
  try {
    tree = decryptTree(parsed.data, dataKey, meta.rules);
  } catch (e) {
    if (e instanceof TreeDecryptError) {
      throw new SecretsError(
        'SOPS_DECRYPT_FAILED',
        `${path}: the value at ${e.path.join(':') || '(top level)'} cannot be decrypted: ${e.message}`,
      );
    }
    throw e;
  }
  let fileMac: string;
  try {
    const v = decryptValue(meta.mac, dataKey, normaliseLastModified(meta.lastModified));
    fileMac = typeof v === 'string' ? v : '';
  } catch (e) {
    if (!(e instanceof ValueDecryptError)) throw e;
    throw new SecretsError('SOPS_MAC_MISMATCH', `${path}: its MAC cannot be decrypted (${e.message})`);
  }
  if (fileMac !== tree.mac) {
    throw new SecretsError(
      'SOPS_MAC_MISMATCH',
      `${path}: MAC mismatch: the content does not match the MAC sops stored when it encrypted the file ` +
        '(a value, key or their order was changed by hand); edit it with `sops` or re-encrypt it',
    );
  }
  const docs = tree.branches;
  let text: string;
  if (format === 'yaml') text = emitYaml(docs, indents.yaml);
  else if (format === 'dotenv') text = emitDotenv(docs[0] ?? new Branch());
  else if (format === 'json') {
    text = emitJson(docs[0] ?? new Branch(), indents.json < 0 ? '\t' : ' '.repeat(indents.json));
  } else {
    const data = docs[0]?.items.find((i) => i.key === 'data')?.value;
    if (typeof data !== 'string') {
      throw new SecretsError(
        'SOPS_PARSE_FAILED',
        `${path}: a sops binary file must hold its content under "data"`,
      );
    }
    text = data;
  }
  return { path, format, text, documents: format === 'binary' ? [] : docs, via: 'native' };
}

function binaryFor(path: string, why: string, opts: DecryptOptions, env: NodeJS.ProcessEnv): string {
  const binary = opts.sopsBinary === false ? undefined : findOnPath(opts.sopsBinary ?? 'sops', env);
  if (!binary) {
    throw new SecretsError(
      'SOPS_BINARY_MISSING',
      `${path} needs the sops binary because ${why}, and sops is not on PATH: install sops v3 ` +
        '(for example `go install github.com/getsops/sops/v3/cmd/sops@latest`) with access to those keys, ' +
        'or re-encrypt the file for an age recipient',
    );
  }
  return binary;
}

function fromBinary(path: string, format: SopsFormat, why: string, r: SopsRunResult): DecryptedSops {
  if (!r.ok) {
    throw new SecretsError('SOPS_BINARY_FAILED', `${path}: sops could not decrypt it (${why}): ${r.stderr}`);
  }
  let documents: Branch[] = [];
  try {
    if (format === 'yaml') documents = loadYaml(r.stdout);
    else if (format === 'json') documents = [loadJson(r.stdout)];
    else if (format === 'dotenv') documents = [loadDotenv(r.stdout)];
  } catch (e) {
    const why = e instanceof Error ? e.message : 'unreadable';
    throw new SecretsError(
      'SOPS_PARSE_FAILED',
      `${path}: sops decrypted it, but its output is not ${format}: ${why}`,
    );
  }
  return { path, format, text: r.stdout, documents, via: 'sops' };
}

type Attempt = { done: DecryptedSops } | { format: SopsFormat; why: string };

/** Decrypts natively when the keys allow it, or says why the sops binary is needed. */
function attempt(path: string, text: string, opts: DecryptOptions, env: NodeJS.ProcessEnv): Attempt {
  const format = opts.format === 'detect' ? formatForContent(text) : (opts.format ?? formatForPath(path));
  if (format === 'ini') return { format, why: 'helmfire does not read INI files itself' };
  const parsed = parseEncrypted(path, text, format);
  const dk = dataKeyWithAge(path, parsed.meta, env);
  if ('needsBinary' in dk) return { format, why: dk.needsBinary };
  const indents = opts.sopsConfig === false ? DEFAULT_INDENTS : storeIndents(opts.cwd ?? process.cwd(), env);
  return { done: decryptNative(path, parsed, dk.key, format, indents) };
}

function readFailed(path: string, e: unknown): SecretsError {
  const code = (e as NodeJS.ErrnoException).code ?? 'error';
  return new SecretsError('SOPS_READ_FAILED', `cannot read secrets file ${path} (${code})`, { cause: e });
}

/**
 * Decrypts a sops file the way `sops -d` would and returns its plaintext.
 * Errors are SecretsError; their messages name the file and never contain
 * secret values.
 */
export async function decryptSopsFile(path: string, opts: DecryptOptions = {}): Promise<DecryptedSops> {
  const env = opts.env ?? process.env;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw readFailed(path, e);
  }
  const a = attempt(path, text, opts, env);
  if ('done' in a) return a.done;
  const binary = binaryFor(path, a.why, opts, env);
  return fromBinary(path, a.format, a.why, await runSopsDecrypt(binary, path, a.format, env));
}

/**
 * decryptSopsFile for synchronous callers (template functions such as
 * `fetchSecretValue "ref+sops://…"`): the same decryption — native for age
 * keys, the sops binary (run synchronously) otherwise. `text`, when given, is
 * the file's content already read.
 */
export function decryptSopsFileSync(
  path: string,
  opts: DecryptOptions & { text?: string } = {},
): DecryptedSops {
  const env = opts.env ?? process.env;
  let text = opts.text;
  if (text === undefined) {
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw readFailed(path, e);
    }
  }
  const a = attempt(path, text, opts, env);
  if ('done' in a) return a.done;
  const binary = binaryFor(path, a.why, opts, env);
  return fromBinary(path, a.format, a.why, runSopsDecryptSync(binary, path, a.format, env));
}
