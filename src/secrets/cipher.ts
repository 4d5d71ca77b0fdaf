import { createDecipheriv } from 'node:crypto';
import { Comment, GoFloat, GoInt, GoTime, type Value } from './tree.js';

/** Why a single value could not be decrypted; the caller adds the file and the value's path. */
export class ValueDecryptError extends Error {
  override readonly name = 'ValueDecryptError';
}

const ENC_RE = /^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]/;

export function isEncryptedValue(s: string): boolean {
  return ENC_RE.test(s);
}

function b64(field: string, s: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) {
    throw new ValueDecryptError(`its ${field} is not valid base64`);
  }
  return Buffer.from(s, 'base64');
}

/**
 * Opens one sops value `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]` with the
 * data key. `aad` is the value's path as sops builds it: the mapping keys
 * from the root joined and terminated by ':' (list indices are not part of it).
 * The empty string stands for an empty value and decrypts to "".
 */
export function decryptValue(ciphertext: string, dataKey: Buffer, aad: string): Value {
  if (ciphertext === '') return '';
  const m = ENC_RE.exec(ciphertext);
  if (!m) throw new ValueDecryptError('it is not in the ENC[AES256_GCM,…] form sops writes');
  const data = b64('data', m[1]!);
  const iv = b64('iv', m[2]!);
  const tag = b64('tag', m[3]!);
  const type = m[4]!;
  if (tag.length !== 16) throw new ValueDecryptError('its authentication tag is not 16 bytes');
  if (iv.length === 0) throw new ValueDecryptError('its iv is empty');
  let plain: Buffer;
  try {
    const d = createDecipheriv('aes-256-gcm', dataKey, iv, { authTagLength: 16 });
    d.setAAD(Buffer.from(aad, 'utf8'));
    d.setAuthTag(tag);
    plain = Buffer.concat([d.update(data), d.final()]);
  } catch {
    throw new ValueDecryptError(
      'authentication failed (wrong data key, or the value or its key path was changed)',
    );
  }
  return typedValue(plain.toString('utf8'), type);
}

const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

function typedValue(text: string, type: string): Value {
  switch (type) {
    case 'str':
    case 'bytes':
      return text;
    case 'time':
      return new GoTime(text);
    case 'int':
      if (!/^[+-]?\d+$/.test(text))
        throw new ValueDecryptError('its type is int but its content is not an integer');
      return new GoInt(BigInt(text));
    case 'float': {
      const n = parseGoFloat(text);
      if (n === undefined) throw new ValueDecryptError('its type is float but its content is not a number');
      return new GoFloat(n);
    }
    case 'bool':
      if (GO_TRUE.has(text)) return true;
      if (GO_FALSE.has(text)) return false;
      throw new ValueDecryptError('its type is bool but its content is not a boolean');
    case 'comment':
      return new Comment(text);
    default:
      throw new ValueDecryptError(`its type "${type}" is unknown`);
  }
}

/** strconv.ParseFloat's accepted decimal and special forms (hex floats excepted). */
export function parseGoFloat(s: string): number | undefined {
  const t = s.replace(/_/g, '');
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(t)) return Number.NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}
