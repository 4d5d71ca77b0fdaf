/**
 * Private keys as Sprig handles them: generation (genPrivateKey), the PEM form
 * Go's pemBlockForKey writes for each key type, and parsePrivateKeyPEM with
 * its error messages.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import {
  children,
  DerError,
  int,
  oid,
  pemDecode,
  pemEncode,
  readElement,
  readInt,
  seq,
} from './crypto-der.js';

export interface DsaParts {
  p: bigint;
  q: bigint;
  g: bigint;
  y: bigint;
  x: bigint;
}

/** A private key: a node KeyObject, or the numbers of a DSA key (which Go cannot sign certificates with). */
export type PrivateKey =
  | { kind: 'rsa' | 'ecdsa' | 'ed25519' | 'x25519'; key: KeyObject }
  | { kind: 'dsa'; parts: DsaParts; key?: KeyObject };

export class KeyError extends Error {}

function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}

function kindOf(key: KeyObject): PrivateKey['kind'] | undefined {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return 'rsa';
    case 'ec':
      return 'ecdsa';
    case 'ed25519':
      return 'ed25519';
    case 'x25519':
      return 'x25519';
    case 'dsa':
      return 'dsa';
  }
  return undefined;
}

/** p, q, g, x from a PKCS#8 DSA key; y computed. */
function dsaPartsFromPkcs8(der: Uint8Array): DsaParts {
  const [top] = readElement(der);
  const [, alg, priv] = children(top);
  const [, params] = children(alg!);
  const [p, q, g] = children(params!).map((e) => readInt(e.body)) as [bigint, bigint, bigint];
  const [xEl] = readElement(priv!.body);
  const x = readInt(xEl.body);
  return { p, q, g, x, y: modPow(g, x, p) };
}

/** Go's sprig generatePrivateKey; `undefined` type names fall to the caller's "Unknown type" message. */
export function generatePrivateKey(typ: string): PrivateKey | undefined {
  switch (typ) {
    case '':
    case 'rsa':
      return { kind: 'rsa', key: generateKeyPairSync('rsa', { modulusLength: 4096 }).privateKey };
    case 'dsa': {
      const key = generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 }).privateKey;
      return { kind: 'dsa', key, parts: dsaPartsFromPkcs8(key.export({ type: 'pkcs8', format: 'der' })) };
    }
    case 'ecdsa':
      return { kind: 'ecdsa', key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey };
    case 'ed25519':
      return { kind: 'ed25519', key: generateKeyPairSync('ed25519').privateKey };
  }
  return undefined;
}

export function rsaKey(bits: number): PrivateKey {
  return { kind: 'rsa', key: generateKeyPairSync('rsa', { modulusLength: bits }).privateKey };
}

/** Go's pemBlockForKey, PEM-encoded. */
export function pemForKey(k: PrivateKey): string {
  switch (k.kind) {
    case 'rsa':
      return pemEncode('RSA PRIVATE KEY', k.key.export({ type: 'pkcs1', format: 'der' }));
    case 'ecdsa':
      return pemEncode('EC PRIVATE KEY', k.key.export({ type: 'sec1', format: 'der' }));
    case 'dsa': {
      const { p, q, g, y, x } = k.parts;
      return pemEncode('DSA PRIVATE KEY', seq(int(0n), int(p), int(q), int(g), int(y), int(x)));
    }
    default:
      return pemEncode('PRIVATE KEY', k.key.export({ type: 'pkcs8', format: 'der' }));
  }
}

/** The DER SubjectPublicKeyInfo of the key's public half. */
export function publicKeyInfo(k: PrivateKey): Uint8Array {
  if (k.kind === 'dsa') {
    const { p, q, g, y } = k.parts;
    return seq(seq(oid('1.2.840.10040.4.1'), seq(int(p), int(q), int(g))), bitStringOf(int(y)));
  }
  return createPublicKey(k.key).export({ type: 'spki', format: 'der' });
}

function bitStringOf(der: Uint8Array): Uint8Array {
  return new Uint8Array([0x03, ...lenBytes(der.length + 1), 0, ...der]);
}

function lenBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  while (n > 0) {
    out.unshift(n & 0xff);
    n >>= 8;
  }
  return [0x80 | out.length, ...out];
}

function importKey(der: Uint8Array, type: 'pkcs1' | 'pkcs8' | 'sec1'): KeyObject {
  return createPrivateKey({ key: Buffer.from(der), format: 'der', type });
}

/** Sprig's parsePrivateKeyPEM: throws KeyError with Sprig's / Go's wording. */
export function parsePrivateKeyPEM(pem: string): PrivateKey {
  const block = pemDecode(pem);
  if (!block) throw new KeyError('no PEM data in input');
  if (block.type === 'PRIVATE KEY') {
    let key: KeyObject;
    try {
      key = importKey(block.bytes, 'pkcs8');
    } catch {
      throw new KeyError('decoding PEM as PKCS#8: x509: failed to parse private key');
    }
    const kind = kindOf(key);
    if (!kind)
      throw new KeyError(
        `decoding PEM as PKCS#8: x509: PKCS#8 wrapping contained private key with unknown algorithm`,
      );
    if (kind === 'dsa') return { kind, key, parts: dsaPartsFromPkcs8(block.bytes) };
    return { kind, key };
  }
  if (!block.type.endsWith(' PRIVATE KEY')) {
    throw new KeyError(`no private key data in PEM block of type ${block.type}`);
  }
  switch (block.type.slice(0, -12)) {
    case 'RSA':
      try {
        return { kind: 'rsa', key: importKey(block.bytes, 'pkcs1') };
      } catch {
        throw new KeyError('parsing RSA private key from PEM: x509: failed to parse private key');
      }
    case 'EC':
      try {
        return { kind: 'ecdsa', key: importKey(block.bytes, 'sec1') };
      } catch {
        throw new KeyError('parsing EC private key from PEM: x509: failed to parse EC private key');
      }
    case 'DSA':
      try {
        const [top] = readElement(block.bytes);
        const [, p, q, g, y, x] = children(top).map((e) => readInt(e.body));
        if (x === undefined) throw new DerError('asn1: syntax error: sequence truncated');
        return { kind: 'dsa', parts: { p: p!, q: q!, g: g!, y: y!, x } };
      } catch (e) {
        throw new KeyError(`parsing DSA private key from PEM: ${e instanceof Error ? e.message : String(e)}`);
      }
  }
  throw new KeyError(`invalid private key type ${block.type}`);
}

/** Curve of an EC key, as Go names the signature hash it implies. */
export function ecHash(k: KeyObject): 'sha256' | 'sha384' | 'sha512' | undefined {
  switch (k.asymmetricKeyDetails?.namedCurve) {
    case 'prime256v1':
    case 'secp224r1':
      return 'sha256';
    case 'secp384r1':
      return 'sha384';
    case 'secp521r1':
      return 'sha512';
  }
  return undefined;
}
