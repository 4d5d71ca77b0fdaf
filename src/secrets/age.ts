/**
 * Decryption of age files (age-encryption.org/v1) with X25519 identities:
 * the format sops wraps its data key in. Only node:crypto is used.
 *
 *   header  = "age-encryption.org/v1\n" stanzas "--- " base64(HMAC) "\n"
 *   stanza  = "-> X25519 " base64(ephemeral share) "\n" base64(wrapped file key, 64-column lines)
 *   payload = 16-byte nonce, then ChaCha20-Poly1305 chunks of 64 KiB (+16-byte tag)
 */
import {
  createDecipheriv,
  createHmac,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  hkdfSync,
  type KeyObject,
  timingSafeEqual,
} from 'node:crypto';

export class AgeError extends Error {
  override readonly name = 'AgeError';
  constructor(
    readonly kind: 'malformed' | 'no-identity-matched' | 'unsupported-identity' | 'corrupt',
    message: string,
    /** For `no-identity-matched`: the recipient stanza types the file has (X25519, ssh-ed25519, …). */
    readonly stanzaTypes: string[] = [],
  ) {
    super(message);
  }
}

// ---- bech32 (BIP 173) ------------------------------------------------------------------

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

function polymod(values: number[]): number {
  const gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= gen[i]!;
  }
  return chk >>> 0;
}

function hrpExpand(hrp: string): number[] {
  const out: number[] = [];
  for (const c of hrp) out.push(c.charCodeAt(0) >> 5);
  out.push(0);
  for (const c of hrp) out.push(c.charCodeAt(0) & 31);
  return out;
}

/** Decodes a bech32 string (no length limit, as age allows) into its HRP and bytes. */
export function bech32Decode(s: string): { hrp: string; data: Buffer } {
  if (s !== s.toLowerCase() && s !== s.toUpperCase())
    throw new AgeError('malformed', 'mixed-case bech32 string');
  const lower = s.toLowerCase();
  const pos = lower.lastIndexOf('1');
  if (pos < 1 || pos + 7 > lower.length) throw new AgeError('malformed', 'bech32 separator misplaced');
  const hrp = lower.slice(0, pos);
  const values: number[] = [];
  for (const c of lower.slice(pos + 1)) {
    const v = CHARSET.indexOf(c);
    if (v < 0) throw new AgeError('malformed', 'invalid bech32 character');
    values.push(v);
  }
  if (polymod([...hrpExpand(hrp), ...values]) !== 1)
    throw new AgeError('malformed', 'bech32 checksum mismatch');
  const five = values.slice(0, -6);
  let acc = 0;
  let bits = 0;
  const bytes: number[] = [];
  for (const v of five) {
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 0xff);
    }
  }
  if (bits >= 5 || (acc & ((1 << bits) - 1)) !== 0) throw new AgeError('malformed', 'bech32 padding invalid');
  return { hrp, data: Buffer.from(bytes) };
}

// ---- X25519 identities ---------------------------------------------------------------------

const PKCS8_X25519_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_X25519_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

export interface X25519Identity {
  readonly privateKey: KeyObject;
  /** The 32-byte public key. */
  readonly publicKey: Buffer;
  /** The matching `age1…` recipient string. */
  readonly recipient: string;
}

function bech32Encode(hrp: string, data: Buffer): string {
  const five: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const b of data) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      five.push((acc >> bits) & 31);
    }
  }
  if (bits > 0) five.push((acc << (5 - bits)) & 31);
  const mod = polymod([...hrpExpand(hrp), ...five, 0, 0, 0, 0, 0, 0]) ^ 1;
  const check = Array.from({ length: 6 }, (_, i) => (mod >> (5 * (5 - i))) & 31);
  return hrp + '1' + [...five, ...check].map((v) => CHARSET[v]).join('');
}

const parsedIdentities = new Map<string, X25519Identity>();

/** Parses an `AGE-SECRET-KEY-1…` line (memoised per process). Errors never include the key. */
export function parseX25519Identity(s: string): X25519Identity {
  const known = parsedIdentities.get(s);
  if (known) return known;
  const id = deriveIdentity(s);
  parsedIdentities.set(s, id);
  return id;
}

function deriveIdentity(s: string): X25519Identity {
  const { hrp, data } = bech32Decode(s);
  if (hrp !== 'age-secret-key-' || s !== s.toUpperCase()) {
    throw new AgeError('malformed', 'not an AGE-SECRET-KEY-1 identity');
  }
  if (data.length !== 32) throw new AgeError('malformed', 'an age X25519 secret key must be 32 bytes');
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_X25519_PREFIX, data]),
    format: 'der',
    type: 'pkcs8',
  });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const publicKey = Buffer.from(spki.subarray(spki.length - 32));
  return { privateKey, publicKey, recipient: bech32Encode('age', publicKey) };
}

// ---- the age file ------------------------------------------------------------------------

const INTRO = 'age-encryption.org/v1';
const ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';
const ARMOR_END = '-----END AGE ENCRYPTED FILE-----';

interface Stanza {
  type: string;
  args: string[];
  body: Buffer;
}

function rawB64(s: string, what: string): Buffer {
  if (!/^[A-Za-z0-9+/]*$/.test(s)) throw new AgeError('malformed', `${what} is not unpadded base64`);
  return Buffer.from(s, 'base64');
}

/** Removes the ASCII armor, if any, and returns the binary age file. */
export function dearmor(input: Buffer | string): Buffer {
  const text = typeof input === 'string' ? input : input.toString('latin1');
  const trimmed = text.trim();
  if (!trimmed.startsWith(ARMOR_BEGIN))
    return typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
  if (!trimmed.endsWith(ARMOR_END)) throw new AgeError('malformed', 'armored age data has no END line');
  const body = trimmed.slice(ARMOR_BEGIN.length, trimmed.length - ARMOR_END.length).replace(/\r/g, '');
  const lines = body.split('\n').filter((l) => l.length > 0);
  for (const l of lines) {
    if (l.length > 64 || !/^[A-Za-z0-9+/]*={0,2}$/.test(l)) throw new AgeError('malformed', 'bad armor line');
  }
  return Buffer.from(lines.join(''), 'base64');
}

function parseHeader(file: Buffer): {
  stanzas: Stanza[];
  macInput: Buffer;
  mac: Buffer;
  payloadStart: number;
} {
  let pos = 0;
  const nextLine = (): string => {
    const nl = file.indexOf(0x0a, pos);
    if (nl < 0) throw new AgeError('malformed', 'age header is truncated');
    const line = file.subarray(pos, nl).toString('latin1');
    pos = nl + 1;
    return line;
  };
  if (nextLine() !== INTRO) throw new AgeError('malformed', 'not an age-encryption.org/v1 file');
  const stanzas: Stanza[] = [];
  for (;;) {
    const lineStart = pos;
    const line = nextLine();
    if (line.startsWith('--- ')) {
      const macInput = file.subarray(0, lineStart + 3);
      const mac = rawB64(line.slice(4), 'header MAC');
      if (mac.length !== 32) throw new AgeError('malformed', 'header MAC must be 32 bytes');
      return { stanzas, macInput, mac, payloadStart: pos };
    }
    if (!line.startsWith('-> '))
      throw new AgeError('malformed', 'age header line is neither a stanza nor the MAC');
    const [type, ...args] = line.slice(3).split(' ');
    if (!type) throw new AgeError('malformed', 'age stanza without a type');
    const chunks: Buffer[] = [];
    for (;;) {
      const bodyLine = nextLine();
      if (bodyLine.length > 64)
        throw new AgeError('malformed', 'age stanza body line longer than 64 columns');
      chunks.push(rawB64(bodyLine, 'stanza body'));
      if (bodyLine.length < 64) break;
    }
    stanzas.push({ type, args, body: Buffer.concat(chunks) });
  }
}

function hkdf(ikm: Buffer, salt: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, salt, info, 32));
}

function chachaOpen(key: Buffer, nonce: Buffer, sealed: Buffer): Buffer | undefined {
  if (sealed.length < 16) return undefined;
  try {
    const d = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
    d.setAuthTag(sealed.subarray(sealed.length - 16));
    return Buffer.concat([d.update(sealed.subarray(0, sealed.length - 16)), d.final()]);
  } catch {
    return undefined;
  }
}

function unwrapX25519(stanza: Stanza, id: X25519Identity): Buffer | undefined {
  if (stanza.args.length !== 1) throw new AgeError('malformed', 'X25519 stanza needs exactly one argument');
  const share = rawB64(stanza.args[0]!, 'X25519 share');
  if (share.length !== 32) throw new AgeError('malformed', 'X25519 share must be 32 bytes');
  if (stanza.body.length !== 32) throw new AgeError('malformed', 'X25519 stanza body must be 32 bytes');
  let shared: Buffer;
  try {
    const publicKey = createPublicKey({
      key: Buffer.concat([SPKI_X25519_PREFIX, share]),
      format: 'der',
      type: 'spki',
    });
    shared = diffieHellman({ privateKey: id.privateKey, publicKey });
  } catch {
    return undefined; // low-order point: not for this identity
  }
  if (shared.every((b) => b === 0)) return undefined;
  const wrapKey = hkdf(shared, Buffer.concat([share, id.publicKey]), 'age-encryption.org/v1/X25519');
  return chachaOpen(wrapKey, Buffer.alloc(12), stanza.body);
}

const CHUNK = 64 * 1024;

function decryptPayload(fileKey: Buffer, payload: Buffer): Buffer {
  if (payload.length < 16) throw new AgeError('corrupt', 'age payload is truncated');
  const key = hkdf(fileKey, payload.subarray(0, 16), 'payload');
  const body = payload.subarray(16);
  const out: Buffer[] = [];
  let counter = 0n;
  let offset = 0;
  for (;;) {
    const remaining = body.length - offset;
    const size = Math.min(remaining, CHUNK + 16);
    const last = remaining <= CHUNK + 16;
    const nonce = Buffer.alloc(12);
    nonce.writeBigUInt64BE(counter, 3); // 11-byte big-endian counter (top bytes stay zero)
    nonce[11] = last ? 1 : 0;
    const plain = chachaOpen(key, nonce, body.subarray(offset, offset + size));
    if (!plain) throw new AgeError('corrupt', 'age payload failed authentication');
    if (last && plain.length === 0 && counter > 0n)
      throw new AgeError('corrupt', 'age payload has an empty last chunk');
    out.push(plain);
    offset += size;
    counter++;
    if (last) break;
  }
  return Buffer.concat(out);
}

/**
 * Decrypts an age file (armored or binary) with any of the identities.
 * Throws `no-identity-matched` when none of them opens a stanza, listing the
 * stanza types it saw (so a caller can tell "wrong key" from "unsupported").
 */
export function ageDecrypt(input: Buffer | string, identities: readonly X25519Identity[]): Buffer {
  const file = dearmor(input);
  const { stanzas, macInput, mac, payloadStart } = parseHeader(file);
  let fileKey: Buffer | undefined;
  for (const s of stanzas) {
    if (s.type !== 'X25519') continue;
    for (const id of identities) {
      fileKey = unwrapX25519(s, id);
      if (fileKey) break;
    }
    if (fileKey) break;
  }
  if (!fileKey) {
    const types = [...new Set(stanzas.map((s) => s.type))];
    throw new AgeError(
      'no-identity-matched',
      `no identity matched any of the file's ${types.join(', ')} recipients`,
    );
  }
  if (fileKey.length !== 16) throw new AgeError('corrupt', 'age file key must be 16 bytes');
  const expected = createHmac('sha256', hkdf(fileKey, Buffer.alloc(0), 'header'))
    .update(macInput)
    .digest();
  if (!timingSafeEqual(expected, mac)) throw new AgeError('corrupt', 'age header MAC mismatch');
  return decryptPayload(fileKey, file.subarray(payloadStart));
}
