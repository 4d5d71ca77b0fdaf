/**
 * Decrypts every value of a sops tree that sops encrypted and computes the
 * MAC over the result, following sops's rules for which values are encrypted
 * (`unencrypted_suffix`, `encrypted_suffix`, `unencrypted_regex`,
 * `encrypted_regex`, the comment regexes) and which enter the MAC
 * (`mac_only_encrypted`).
 */
import { createHash } from 'node:crypto';
import { RE2JS } from 're2js';
import { decryptValue, ValueDecryptError } from './cipher.js';
import { formatFloatF } from './gonum.js';
import { Branch, Comment, GoFloat, GoInt, GoTime, type Item, type Value } from './tree.js';

export interface EncryptionRules {
  unencryptedSuffix?: string;
  encryptedSuffix?: string;
  unencryptedRegex?: string;
  encryptedRegex?: string;
  unencryptedCommentRegex?: string;
  encryptedCommentRegex?: string;
  macOnlyEncrypted?: boolean;
}

/** A value failed to decrypt; `path` is its key path (safe to show, it holds no secret). */
export class TreeDecryptError extends Error {
  override readonly name = 'TreeDecryptError';
  constructor(
    readonly path: string[],
    reason: string,
  ) {
    super(reason);
  }
}

/** The 32 bytes sops prepends to the MAC hash when `mac_only_encrypted` is set (sha256 of "sops"). */
const MAC_ONLY_ENCRYPTED_INIT = createHash('sha256').update('sops').digest();

type Matcher = (s: string) => boolean;

function regexMatcher(pattern: string | undefined): Matcher | undefined {
  if (!pattern) return undefined;
  const re = RE2JS.compile(pattern);
  return (s) => re.matcher(s).find();
}

/** The bytes sops feeds into the MAC for a (decrypted) value. */
export function macBytes(v: Value): Buffer {
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  if (typeof v === 'boolean') return Buffer.from(v ? 'True' : 'False');
  if (v instanceof GoInt) return Buffer.from(v.value.toString());
  if (v instanceof GoFloat) return Buffer.from(formatFloatF(v.value));
  if (v instanceof GoTime) return Buffer.from(v.text);
  if (v instanceof Comment) return Buffer.from(v.value, 'utf8');
  throw new Error('no MAC bytes for a collection or null');
}

export interface DecryptedTree {
  branches: Branch[];
  /** Upper-case hex SHA-512, as sops stores it. */
  mac: string;
}

export function decryptTree(branches: Branch[], dataKey: Buffer, rules: EncryptionRules): DecryptedTree {
  const unencryptedRegex = regexMatcher(rules.unencryptedRegex);
  const encryptedRegex = regexMatcher(rules.encryptedRegex);
  const unencryptedCommentRegex = regexMatcher(rules.unencryptedCommentRegex);
  const encryptedCommentRegex = regexMatcher(rules.encryptedCommentRegex);
  const hash = createHash('sha512');
  if (rules.macOnlyEncrypted) hash.update(MAC_ONLY_ENCRYPTED_INIT);

  function shouldBeEncrypted(path: string[], comments: string[][], isComment: boolean): boolean {
    let encrypted = true;
    const { unencryptedSuffix: us, encryptedSuffix: es } = rules;
    if (us && path.some((p) => p.endsWith(us))) encrypted = false;
    if (es) encrypted = path.some((p) => p.endsWith(es));
    if (unencryptedRegex && path.some(unencryptedRegex)) encrypted = false;
    if (encryptedRegex) encrypted = path.some(encryptedRegex);
    if (unencryptedCommentRegex && comments.some((level) => level.some(unencryptedCommentRegex))) {
      encrypted = false;
    }
    if (encryptedCommentRegex) {
      encrypted = false;
      const lastLevel = comments.length - 1;
      const lastIndex = (comments[lastLevel]?.length ?? 0) - 1;
      outer: for (let i = 0; i < comments.length; i++) {
        const level = comments[i]!;
        for (let j = 0; j < level.length; j++) {
          // the comment that enables encryption is itself left in clear text
          if (isComment && i === lastLevel && j === lastIndex) continue;
          if (encryptedCommentRegex(level[j]!)) {
            encrypted = true;
            break outer;
          }
        }
      }
    }
    return encrypted;
  }

  function leaf(v: Value, path: string[], comments: string[][]): Value {
    const isComment = v instanceof Comment;
    const encrypted = shouldBeEncrypted(path, comments, isComment);
    let out: Value = v;
    if (encrypted) {
      const aad = path.join(':') + ':';
      if (v instanceof Comment) {
        try {
          out = decryptValue(v.value, dataKey, aad);
        } catch {
          out = v; // a comment written in clear text by an older sops
        }
      } else if (typeof v === 'string') {
        try {
          out = decryptValue(v, dataKey, aad);
        } catch (e) {
          if (e instanceof ValueDecryptError) throw new TreeDecryptError(path, e.message);
          throw e;
        }
      } else {
        throw new TreeDecryptError(path, 'it should be encrypted but is a plain number, boolean or time');
      }
    }
    if ((!rules.macOnlyEncrypted || encrypted) && !(out instanceof Comment)) hash.update(macBytes(out));
    return out;
  }

  function walkValue(v: Value, path: string[], comments: string[][]): Value {
    if (v === null) return null;
    if (v instanceof Branch) return walkBranch(v, path, comments);
    if (Array.isArray(v)) return walkList(v, path, comments);
    return leaf(v, path, comments);
  }

  function walkList(list: Value[], path: string[], outer: string[][]): Value[] {
    const comments = [...outer, []];
    const out: Value[] = [];
    for (const v of list) {
      const isComment = v instanceof Comment;
      if (isComment) comments[comments.length - 1]!.push(v.value);
      out.push(walkValue(v, path, comments));
      if (!isComment) comments[comments.length - 1] = [];
    }
    return out;
  }

  function walkBranch(branch: Branch, path: string[], outer: string[][]): Branch {
    const comments = [...outer, []];
    const items: Item[] = [];
    for (const item of branch.items) {
      if (item.key instanceof Comment) {
        const c = item.key;
        comments[comments.length - 1]!.push(c.value);
        const r = leaf(c, path, comments);
        items.push({ key: r instanceof Comment ? r : new Comment(String(r), c.inline), value: item.value });
        continue;
      }
      const valueIsComment = item.value instanceof Comment;
      if (item.value instanceof Comment) comments[comments.length - 1]!.push(item.value.value);
      items.push({ key: item.key, value: walkValue(item.value, [...path, item.key], comments) });
      if (!valueIsComment) comments[comments.length - 1] = [];
    }
    return new Branch(items);
  }

  const out = branches.map((b) => walkBranch(b, [], []));
  return { branches: out, mac: hash.digest('hex').toUpperCase() };
}
