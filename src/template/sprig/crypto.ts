/**
 * Sprig's crypto functions: bcrypt, htpasswd, derivePassword, randBytes,
 * genPrivateKey, buildCustomCert, genCA, genCAWithKey, genSelfSignedCert,
 * genSelfSignedCertWithKey, genSignedCert, genSignedCertWithKey, encryptAES,
 * decryptAES — with Sprig's results and error texts.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, scryptSync } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import bcryptjs from 'bcryptjs';
import { sprint, utf8Decode, utf8Encode } from '../fmt/index.js';
import { GoError, type GoFunc, type GoMember, GoStruct, type GoValue, goFunc } from '../value.js';
import { CertError, certPem, createCertificate, parseCertificatePem } from './crypto-cert.js';
import { pemDecode } from './crypto-der.js';
import {
  generatePrivateKey,
  KeyError,
  type PrivateKey,
  parsePrivateKeyPEM,
  pemForKey,
  rsaKey,
} from './crypto-keys.js';
import { base64Decode, base64Encode, CorruptInputError } from './encoding.js';

/** Sprig's `certificate` struct ({Cert, Key} PEM strings). */
export class SprigCertificate extends GoStruct {
  readonly goType = 'sprig.certificate';
  constructor(
    readonly cert: string,
    readonly key: string,
  ) {
    super();
  }
  fields(): ReadonlyArray<readonly [string, GoValue]> {
    return [
      ['Cert', this.cert],
      ['Key', this.key],
    ];
  }
  member(name: string): GoMember | undefined {
    if (name === 'Cert') return { kind: 'field', value: this.cert };
    if (name === 'Key') return { kind: 'field', value: this.key };
    return undefined;
  }
}

function bcrypt(input: string): string {
  if (utf8Encode(input).length > 72) {
    return 'failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes';
  }
  return bcryptjs.hashSync(input, 10).replace(/^\$2b\$/, '$2a$');
}

const SEED = 'com.lyndir.masterpassword';
const TEMPLATES: Record<string, string[]> = {
  maximum: ['anoxxxxxxxxxxxxxxxxx', 'axxxxxxxxxxxxxxxxxno'],
  long: [
    'CvcvnoCvcvCvcv',
    'CvcvCvcvnoCvcv',
    'CvcvCvcvCvcvno',
    'CvccnoCvcvCvcv',
    'CvccCvcvnoCvcv',
    'CvccCvcvCvcvno',
    'CvcvnoCvccCvcv',
    'CvcvCvccnoCvcv',
    'CvcvCvccCvcvno',
    'CvcvnoCvcvCvcc',
    'CvcvCvcvnoCvcc',
    'CvcvCvcvCvccno',
    'CvccnoCvccCvcv',
    'CvccCvccnoCvcv',
    'CvccCvccCvcvno',
    'CvcvnoCvccCvcc',
    'CvcvCvccnoCvcc',
    'CvcvCvccCvccno',
    'CvccnoCvcvCvcc',
    'CvccCvcvnoCvcc',
    'CvccCvcvCvccno',
  ],
  medium: ['CvcnoCvc', 'CvcCvcno'],
  short: ['Cvcn'],
  basic: ['aaanaaan', 'aannaaan', 'aaannaaa'],
  pin: ['nnnn'],
};
const CHARS: Record<string, string> = {
  V: 'AEIOU',
  C: 'BCDFGHJKLMNPQRSTVWXYZ',
  v: 'aeiou',
  c: 'bcdfghjklmnpqrstvwxyz',
  A: 'AEIOUBCDFGHJKLMNPQRSTVWXYZ',
  a: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz',
  n: '0123456789',
  o: "@&%?,=[]_:-+*$#!'^~;()/.",
  x: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()',
};

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

/** Master Password's algorithm (scrypt N=32768 r=8 p=2, then HMAC-SHA256), as Sprig implements it. */
export function derivePassword(
  counter: number,
  type: string,
  password: string,
  user: string,
  site: string,
): string {
  const templates = TEMPLATES[type];
  if (!templates) return `cannot find password template ${type}`;
  const userBytes = Buffer.from(user, 'utf8');
  const salt = Buffer.concat([Buffer.from(SEED), u32(userBytes.length), userBytes]);
  const key = scryptSync(Buffer.from(password, 'utf8'), salt, 64, {
    N: 32768,
    r: 8,
    p: 2,
    maxmem: 256 * 1024 * 1024,
  });
  const siteBytes = Buffer.from(site, 'utf8');
  const msg = Buffer.concat([Buffer.from(SEED), u32(siteBytes.length), siteBytes, u32(counter)]);
  const seed = createHmac('sha256', key).update(msg).digest();
  const temp = templates[seed[0]! % templates.length]!;
  let out = '';
  for (let i = 0; i < temp.length; i++) {
    const chars = CHARS[temp[i]!]!;
    out += chars[seed[i + 1]! % chars.length];
  }
  return out;
}

function keyOrMessage(typ: string): string {
  const k = generatePrivateKey(typ);
  if (!k) return `Unknown type ${typ}`;
  return pemForKey(k);
}

/** net.ParseIP to the bytes Go puts in a certificate (4 bytes for IPv4, also IPv4-mapped). */
export function ipBytes(s: string): Uint8Array | undefined {
  if (isIPv4(s)) return new Uint8Array(s.split('.').map(Number));
  if (!isIPv6(s) || s.includes('%')) return undefined;
  let text = s;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  let tail: number[] = [];
  if (v4) {
    tail = v4[1]!.split('.').map(Number);
    text = text.slice(0, -v4[1]!.length) + '0:0';
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const h = head === '' ? [] : head.split(':');
  const r = rest === undefined || rest === '' ? [] : rest.split(':');
  const groups = [...h, ...Array(8 - h.length - r.length).fill('0'), ...r].map((g) => Number.parseInt(g, 16));
  const bytes = groups.flatMap((g) => [g >> 8, g & 0xff]);
  if (v4) bytes.splice(12, 4, ...tail);
  const isMapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return new Uint8Array(isMapped ? bytes.slice(12) : bytes);
}

function netIPs(ips: GoValue): Uint8Array[] {
  if (ips === null || ips === undefined) return [];
  return (ips as GoValue[]).map((ip) => {
    if (typeof ip !== 'string') throw new GoError(`error parsing ip: ${sprint(ip ?? null)} is not a string`);
    const b = ipBytes(ip);
    if (!b) throw new GoError(`error parsing ip: ${ip}`);
    return b;
  });
}

function dnsNames(names: GoValue): string[] {
  if (names === null || names === undefined) return [];
  return (names as GoValue[]).map((n) => {
    if (typeof n !== 'string') {
      throw new GoError(`error processing alternate dns name: ${sprint(n ?? null)} is not a string`);
    }
    return n;
  });
}

function parseKey(pem: string, prefix: string): PrivateKey {
  try {
    return parsePrivateKeyPEM(pem);
  } catch (e) {
    if (e instanceof KeyError) throw new GoError(`${prefix}${e.message}`);
    throw e;
  }
}

interface Request {
  cn: string;
  ips: GoValue;
  dns: GoValue;
  days: bigint;
  isCA: boolean;
  key: () => PrivateKey;
  ca?: SprigCertificate;
}

/** generate*WithKeyInternal: template, then CreateCertificate, then the PEM pair. */
function issue(r: Request): SprigCertificate {
  const key = r.key();
  let parent: ReturnType<typeof parseCertificatePem>;
  let signer = key;
  if (r.ca) {
    if (!pemDecode(r.ca.cert)) throw new GoError('unable to decode certificate');
    try {
      parent = parseCertificatePem(r.ca.cert);
    } catch (e) {
      if (e instanceof CertError)
        throw new GoError(`error parsing certificate: decodedSignerCert.Bytes: ${e.message}`);
      throw e;
    }
    signer = parseKey(r.ca.key, 'error parsing private key: ');
  }
  const ips = netIPs(r.ips);
  const names = dnsNames(r.dns);
  let der: Uint8Array;
  try {
    const template = { cn: r.cn, ips, dnsNames: names, daysValid: Number(r.days), isCA: r.isCA };
    der = createCertificate(template, key, parent, signer, Math.floor(Date.now() / 1000));
  } catch (e) {
    if (e instanceof CertError) throw new GoError(`error creating certificate: ${e.message}`);
    throw e;
  }
  return new SprigCertificate(certPem(der), pemForKey(key));
}

function buildCustomCert(b64cert: string, b64key: string): SprigCertificate {
  const decode = (s: string, what: string) => {
    try {
      return utf8Decode(base64Decode(utf8Encode(s)));
    } catch (e) {
      if (e instanceof CorruptInputError) throw new GoError(`unable to decode base64 ${what}`);
      throw e;
    }
  };
  const cert = decode(b64cert, 'certificate');
  const key = decode(b64key, 'private key');
  if (!pemDecode(cert)) throw new GoError('unable to decode certificate');
  try {
    parseCertificatePem(cert);
  } catch (e) {
    if (e instanceof CertError)
      throw new GoError(`error parsing certificate: decodedCert.Bytes: ${e.message}`);
    throw e;
  }
  parseKey(key, 'error parsing private key: ');
  return new SprigCertificate(cert, key);
}

function encryptAES(password: string, plaintext: string): string {
  if (plaintext === '') return '';
  const key = Buffer.alloc(32);
  Buffer.from(password, 'utf8').copy(key);
  const content = Buffer.from(plaintext, 'utf8');
  const padding = 16 - (content.length % 16);
  const padded = Buffer.concat([content, Buffer.alloc(padding, padding)]);
  const iv = randomBytes(16);
  const c = createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
  return base64Encode(Buffer.concat([iv, c.update(padded), c.final()]));
}

function decryptAES(password: string, crypt64: string): string {
  if (crypt64 === '') return '';
  const key = Buffer.alloc(32);
  Buffer.from(password, 'utf8').copy(key);
  let crypt: Uint8Array;
  try {
    crypt = base64Decode(utf8Encode(crypt64));
  } catch (e) {
    if (e instanceof CorruptInputError) throw new GoError(e.message);
    throw e;
  }
  if (crypt.length < 16) {
    throw new GoError(`runtime error: slice bounds out of range [:16] with capacity ${crypt.length}`);
  }
  const body = crypt.subarray(16);
  if (body.length % 16 !== 0) throw new GoError('crypto/cipher: input not full blocks');
  const d = createDecipheriv('aes-256-cbc', key, crypt.subarray(0, 16)).setAutoPadding(false);
  const out = Buffer.concat([d.update(body), d.final()]);
  if (out.length === 0) throw new GoError('runtime error: index out of range [-1]');
  const end = out.length - out[out.length - 1]!;
  if (end < 0) throw new GoError(`runtime error: slice bounds out of range [:${end}]`);
  return utf8Decode(out.subarray(0, end));
}

const L = '[]interface {}';
const C = 'sprig.certificate';
const sig = (params: string[], result: string, returnsError = false) => ({ params, result, returnsError });

export const funcs: GoFunc[] = [
  goFunc('bcrypt', sig(['string'], 'string'), ([s]) => bcrypt(s as string)),
  goFunc('htpasswd', sig(['string', 'string'], 'string'), ([u, p]) =>
    (u as string).includes(':')
      ? `invalid username: ${u as string}`
      : `${u as string}:${bcrypt(p as string)}`,
  ),
  goFunc(
    'derivePassword',
    sig(['uint32', 'string', 'string', 'string', 'string'], 'string'),
    ([c, t, p, u, s]) =>
      derivePassword(
        Number((c as { value: bigint }).value),
        t as string,
        p as string,
        u as string,
        s as string,
      ),
  ),
  goFunc('randBytes', sig(['int'], 'string', true), ([n]) => {
    const count = Number(n);
    if (count < 0) throw new GoError('runtime error: makeslice: len out of range');
    return base64Encode(randomBytes(count));
  }),
  goFunc('genPrivateKey', sig(['string'], 'string'), ([t]) => keyOrMessage(t as string)),
  goFunc('buildCustomCert', sig(['string', 'string'], C, true), ([c, k]) =>
    buildCustomCert(c as string, k as string),
  ),
  goFunc('genCA', sig(['string', 'int'], C, true), ([cn, d]) =>
    issue({ cn: cn as string, ips: null, dns: null, days: d as bigint, isCA: true, key: () => rsaKey(2048) }),
  ),
  goFunc('genCAWithKey', sig(['string', 'int', 'string'], C, true), ([cn, d, pem]) => {
    const key = parseKey(pem as string, 'parsing private key: ');
    return issue({ cn: cn as string, ips: null, dns: null, days: d as bigint, isCA: true, key: () => key });
  }),
  goFunc('genSelfSignedCert', sig(['string', L, L, 'int'], C, true), ([cn, ips, dns, d]) =>
    issue({ cn: cn as string, ips, dns, days: d as bigint, isCA: false, key: () => rsaKey(2048) }),
  ),
  goFunc(
    'genSelfSignedCertWithKey',
    sig(['string', L, L, 'int', 'string'], C, true),
    ([cn, ips, dns, d, pem]) => {
      const key = parseKey(pem as string, 'parsing private key: ');
      return issue({ cn: cn as string, ips, dns, days: d as bigint, isCA: false, key: () => key });
    },
  ),
  goFunc('genSignedCert', sig(['string', L, L, 'int', C], C, true), ([cn, ips, dns, d, ca]) =>
    issue({
      cn: cn as string,
      ips,
      dns,
      days: d as bigint,
      isCA: false,
      key: () => rsaKey(2048),
      ca: ca as SprigCertificate,
    }),
  ),
  goFunc(
    'genSignedCertWithKey',
    sig(['string', L, L, 'int', C, 'string'], C, true),
    ([cn, ips, dns, d, ca, pem]) => {
      const key = parseKey(pem as string, 'parsing private key: ');
      return issue({
        cn: cn as string,
        ips,
        dns,
        days: d as bigint,
        isCA: false,
        key: () => key,
        ca: ca as SprigCertificate,
      });
    },
  ),
  goFunc('encryptAES', sig(['string', 'string'], 'string', true), ([p, t]) =>
    encryptAES(p as string, t as string),
  ),
  goFunc('decryptAES', sig(['string', 'string'], 'string', true), ([p, c]) =>
    decryptAES(p as string, c as string),
  ),
];
