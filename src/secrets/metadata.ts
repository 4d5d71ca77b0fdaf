/**
 * The `sops` section of an encrypted file: which master keys wrap the data
 * key, the MAC and its timestamp, and the rules that decide which values are
 * encrypted. YAML and JSON keep it under a top-level `sops` key; dotenv
 * flattens it into `sops_…` keys (`sops_age__list_0__map_enc`).
 */
import { Branch, type Item, type PlainValue, toPlain } from './tree.js';
import type { EncryptionRules } from './walk.js';

export const KEY_TYPES = ['age', 'pgp', 'kms', 'gcp_kms', 'azure_kv', 'hc_vault', 'hckms'] as const;
export type KeyType = (typeof KEY_TYPES)[number];

export interface MasterKeyRef {
  type: KeyType;
  /** The wrapped data key (for age: an armored age file). */
  enc: string;
  /** Public identification: recipient, fingerprint, ARN, resource id, URL… */
  id: string;
}

export interface SopsMetadata {
  lastModified: string;
  mac: string;
  version: string;
  rules: EncryptionRules;
  keyGroups: MasterKeyRef[][];
  shamirThreshold: number;
}

export class MetadataError extends Error {
  override readonly name = 'MetadataError';
}

const ID_FIELD: Record<KeyType, string[]> = {
  age: ['recipient'],
  pgp: ['fp'],
  kms: ['arn'],
  gcp_kms: ['resource_id'],
  azure_kv: ['vault_url', 'name'],
  hc_vault: ['vault_address', 'engine_path', 'key_name'],
  hckms: ['key_id'],
};

type Obj = { [k: string]: PlainValue };

function isObj(v: PlainValue | undefined): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof v !== 'bigint';
}

function str(v: PlainValue | undefined): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object' && typeof v !== 'bigint') return '';
  return String(v);
}

function keysOf(group: Obj): MasterKeyRef[] {
  const out: MasterKeyRef[] = [];
  // the order sops builds a group in
  for (const type of ['kms', 'gcp_kms', 'hckms', 'azure_kv', 'hc_vault', 'pgp', 'age'] as KeyType[]) {
    const list = group[type];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (!isObj(entry)) continue;
      const id = ID_FIELD[type].map((f) => str(entry[f])).join('/');
      out.push({ type, enc: str(entry.enc), id });
    }
  }
  return out;
}

/** Turns the `sops` mapping into metadata; throws MetadataError naming what is missing. */
export function parseMetadata(tree: PlainValue): SopsMetadata {
  if (!isObj(tree)) throw new MetadataError('the sops entry is not a mapping');
  const mac = str(tree.mac);
  const lastModified = str(tree.lastmodified);
  if (!lastModified) throw new MetadataError('sops.lastmodified is missing');
  const hasFlat = KEY_TYPES.some((t) => Array.isArray(tree[t]) && (tree[t] as PlainValue[]).length > 0);
  let keyGroups: MasterKeyRef[][];
  if (hasFlat) keyGroups = [keysOf(tree)];
  else if (Array.isArray(tree.key_groups) && tree.key_groups.length > 0) {
    keyGroups = tree.key_groups.filter(isObj).map(keysOf);
  } else
    throw new MetadataError('no master keys are listed (sops.age, sops.pgp, sops.kms, … or sops.key_groups)');
  const threshold = Number(str(tree.shamir_threshold) || '0');
  const macOnly = tree.mac_only_encrypted;
  return {
    lastModified,
    mac,
    version: str(tree.version),
    keyGroups,
    shamirThreshold: Number.isFinite(threshold) ? threshold : 0,
    rules: {
      unencryptedSuffix: str(tree.unencrypted_suffix) || undefined,
      encryptedSuffix: str(tree.encrypted_suffix) || undefined,
      unencryptedRegex: str(tree.unencrypted_regex) || undefined,
      encryptedRegex: str(tree.encrypted_regex) || undefined,
      unencryptedCommentRegex: str(tree.unencrypted_comment_regex) || undefined,
      encryptedCommentRegex: str(tree.encrypted_comment_regex) || undefined,
      macOnlyEncrypted: macOnly === true || macOnly === 'true' || macOnly === 'True',
    },
  };
}

/** Splits the nested `sops` entry out of the documents (YAML/JSON). Returns undefined when absent. */
export function extractNested(branches: Branch[]): { data: Branch[]; meta: PlainValue } | undefined {
  let meta: PlainValue | undefined;
  const data = branches.map((b, i) => {
    const kept: Item[] = [];
    for (const item of b.items) {
      if (item.key === 'sops') {
        if (i === 0) {
          if (meta !== undefined) throw new MetadataError('the file has two sops entries');
          if (!(item.value instanceof Branch)) throw new MetadataError('the sops entry is not a mapping');
          meta = toPlain(item.value);
        }
      } else kept.push(item);
    }
    return new Branch(kept);
  });
  return meta === undefined ? undefined : { data, meta };
}

/** Splits the flattened `sops_…` keys out of a dotenv document. Returns undefined when absent. */
export function extractFlat(branch: Branch): { data: Branch; meta: PlainValue } | undefined {
  const kept: Item[] = [];
  const flat: [string, PlainValue][] = [];
  for (const item of branch.items) {
    if (typeof item.key === 'string' && item.key.startsWith('sops_')) {
      flat.push([item.key.slice(5), toPlain(item.value)]);
    } else kept.push(item);
  }
  if (flat.length === 0) return undefined;
  return { data: new Branch(kept), meta: unflatten(flat) };
}

type Tok = { map: string } | { list: number };

function tokenize(path: string): Tok[] {
  const parts = path.split(/(__map_|__list_)/);
  const out: Tok[] = [{ map: parts[0] ?? '' }];
  for (let i = 1; i + 1 < parts.length; i += 2) {
    if (parts[i] === '__map_') out.push({ map: parts[i + 1]! });
    else out.push({ list: Number.parseInt(parts[i + 1]!, 10) || 0 });
  }
  return out;
}

function unflatten(entries: [string, PlainValue][]): PlainValue {
  const root: Obj = {};
  for (const [path, value] of entries) {
    const toks = tokenize(path);
    let cur: Obj | PlainValue[] = root;
    toks.forEach((t, i) => {
      const last = i === toks.length - 1;
      const next = toks[i + 1];
      const fresh = (): PlainValue => (next && 'list' in next ? [] : {});
      if ('map' in t) {
        const o = cur as Obj;
        if (last) o[t.map] = value;
        else {
          o[t.map] ??= fresh();
          cur = o[t.map] as Obj | PlainValue[];
        }
      } else {
        const a = cur as PlainValue[];
        if (last) a[t.list] = value;
        else {
          a[t.list] ??= fresh();
          cur = a[t.list] as Obj | PlainValue[];
        }
      }
    });
  }
  return root;
}

/**
 * The timestamp as sops re-prints it for the MAC's authenticated data
 * (RFC 3339, whole seconds, 'Z' for UTC).
 */
export function normaliseLastModified(s: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(s);
  if (!m) return s;
  const zone = m[3]!.toUpperCase() === 'Z' || m[3] === '+00:00' || m[3] === '-00:00' ? 'Z' : m[3]!;
  return `${m[1]}T${m[2]}${zone}`;
}
