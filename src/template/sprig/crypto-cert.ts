/**
 * X.509 certificates as Go's x509.CreateCertificate writes them for Sprig's
 * genCA / genSelfSignedCert / genSignedCert: the same fields, extensions (and
 * their order and criticality), string types, time encodings and signature
 * algorithms, signed with node:crypto.
 */
import { createHash, createPublicKey, randomBytes, sign, X509Certificate } from 'node:crypto';
import {
  bitString,
  bool,
  children,
  type Element,
  explicit,
  goString,
  int,
  nul,
  octets,
  oid,
  pemDecode,
  pemEncode,
  readElement,
  readOid,
  seq,
  set,
  time,
  tlv,
} from './crypto-der.js';
import { ecHash, type PrivateKey, publicKeyInfo } from './crypto-keys.js';

export class CertError extends Error {}

export interface CertTemplate {
  cn: string;
  ips: Uint8Array[];
  dnsNames: string[];
  daysValid: number;
  isCA: boolean;
}

/** A parsed signer certificate: what CreateCertificate needs of a parent. */
export interface ParsedCert {
  rawSubject: Uint8Array;
  subjectKeyId?: Uint8Array;
  spki: Uint8Array;
}

const KU_DIGITAL_SIGNATURE = 1;
const KU_KEY_ENCIPHERMENT = 4;
const KU_CERT_SIGN = 32;

function extension(id: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical ? seq(oid(id), bool(true), octets(value)) : seq(oid(id), octets(value));
}

function reverseBits(b: number): number {
  let r = 0;
  for (let i = 0; i < 8; i++) if (b & (1 << i)) r |= 1 << (7 - i);
  return r;
}

function keyUsage(ku: number): Uint8Array {
  const a = [reverseBits(ku & 0xff), reverseBits((ku >> 8) & 0xff)];
  const bytes = a[1] !== 0 ? a : [a[0]!];
  const last = bytes[bytes.length - 1]!;
  let unused = 0;
  while (unused < 8 && !(last & (1 << unused))) unused++;
  return bitString(new Uint8Array(bytes), last === 0 ? 0 : unused);
}

function subjectName(cn: string): Uint8Array {
  if (cn === '') return seq();
  return seq(set(seq(oid('2.5.4.3'), goString(cn))));
}

function isIA5(s: string): boolean {
  return [...s].every((c) => c.codePointAt(0)! < 0x80);
}

/** The subjectPublicKey bits of an SPKI. */
function publicKeyBits(spki: Uint8Array): Uint8Array {
  const [top] = readElement(spki);
  const bits = children(top)[1]!;
  return bits.body.subarray(1);
}

function signingParams(k: PrivateKey): { alg: Uint8Array; hash: string | null } {
  switch (k.kind) {
    case 'rsa':
      return { alg: seq(oid('1.2.840.113549.1.1.11'), nul()), hash: 'sha256' };
    case 'ecdsa': {
      const hash = ecHash(k.key);
      if (!hash) throw new CertError('x509: unknown elliptic curve');
      const o = {
        sha256: '1.2.840.10045.4.3.2',
        sha384: '1.2.840.10045.4.3.3',
        sha512: '1.2.840.10045.4.3.4',
      }[hash];
      return { alg: seq(oid(o)), hash };
    }
    case 'ed25519':
      return { alg: seq(oid('1.3.101.112')), hash: null };
  }
  throw new CertError('x509: certificate private key does not implement crypto.Signer');
}

/** x509.CreateCertificate for Sprig's templates; returns the DER certificate. */
export function createCertificate(
  t: CertTemplate,
  signee: PrivateKey,
  parent: ParsedCert | undefined,
  signer: PrivateKey,
  now: number,
): Uint8Array {
  if (signer.kind === 'dsa' || signer.kind === 'x25519') {
    throw new CertError('x509: certificate private key does not implement crypto.Signer');
  }
  const { alg, hash } = signingParams(signer);
  if (signee.kind === 'dsa' || signee.kind === 'x25519') {
    throw new CertError(
      `x509: unsupported public key type: ${signee.kind === 'dsa' ? '*dsa.PublicKey' : '*ecdh.PublicKey'}`,
    );
  }
  const spki = publicKeyInfo(signee);
  const subject = subjectName(t.cn);
  const issuer = parent ? parent.rawSubject : subject;
  const sameName = Buffer.compare(Buffer.from(issuer), Buffer.from(subject)) === 0;
  const authorityKeyId = !sameName && parent?.subjectKeyId ? parent.subjectKeyId : undefined;
  const subjectKeyId = t.isCA
    ? createHash('sha256').update(publicKeyBits(spki)).digest().subarray(0, 20)
    : undefined;
  if (parent) {
    const signerSpki = Buffer.from(publicKeyInfo(signer));
    if (Buffer.compare(signerSpki, Buffer.from(parent.spki)) !== 0) {
      throw new CertError("x509: provided PrivateKey doesn't match parent's PublicKey");
    }
  }
  for (const name of t.dnsNames) {
    if (!isIA5(name)) throw new CertError(`x509: "${name}" cannot be encoded as an IA5String`);
  }

  const ku = KU_KEY_ENCIPHERMENT | KU_DIGITAL_SIGNATURE | (t.isCA ? KU_CERT_SIGN : 0);
  const exts: Uint8Array[] = [
    extension('2.5.29.15', true, keyUsage(ku)),
    extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'), oid('1.3.6.1.5.5.7.3.2'))),
    extension('2.5.29.19', true, t.isCA ? seq(bool(true)) : seq()),
  ];
  if (subjectKeyId) exts.push(extension('2.5.29.14', false, octets(subjectKeyId)));
  if (authorityKeyId) exts.push(extension('2.5.29.35', false, seq(tlv(0x80, authorityKeyId))));
  if (t.dnsNames.length > 0 || t.ips.length > 0) {
    const names = [...t.dnsNames.map((n) => tlv(0x82, Buffer.from(n))), ...t.ips.map((ip) => tlv(0x87, ip))];
    exts.push(extension('2.5.29.17', t.cn === '', seq(...names)));
  }

  const serial = BigInt(`0x${randomBytes(16).toString('hex')}`);
  const notAfter = now + t.daysValid * 86400;
  const tbs = seq(
    explicit(0, int(2n)),
    int(serial),
    alg,
    issuer,
    seq(time(now), time(notAfter)),
    subject,
    spki,
    explicit(3, seq(...exts)),
  );
  const signature = sign(hash, tbs, signer.key);
  return seq(tbs, alg, bitString(signature));
}

export function certPem(der: Uint8Array): string {
  return pemEncode('CERTIFICATE', der);
}

function findExtension(tbsFields: Element[], id: string): Uint8Array | undefined {
  const exts = tbsFields.find((e) => e.tag === 0xa3);
  if (!exts) return undefined;
  const [list] = readElement(exts.body);
  for (const ext of children(list)) {
    const parts = children(ext);
    if (readOid(parts[0]!.body) === id) return parts[parts.length - 1]!.body;
  }
  return undefined;
}

/** x509.ParseCertificate, as far as CreateCertificate uses the parent: raw subject, key id, public key. */
export function parseCertificate(der: Uint8Array): ParsedCert {
  let cert: Element;
  try {
    [cert] = readElement(der);
    if (cert.tag !== 0x30) throw new CertError('x509: malformed certificate');
  } catch {
    throw new CertError('x509: malformed certificate');
  }
  try {
    const first = readElement(cert.body)[0];
    if (first.tag !== 0x30 || children(first).length < 6)
      throw new CertError('x509: malformed tbs certificate');
  } catch {
    throw new CertError('x509: malformed tbs certificate');
  }
  try {
    new X509Certificate(Buffer.from(der));
    const [tbs] = children(cert);
    const fields = children(tbs!);
    const off = fields[0]!.tag === 0xa0 ? 1 : 0;
    const rawSubject = fields[off + 4]!.raw;
    const spki = fields[off + 5]!.raw;
    createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    const skid = findExtension(fields, '2.5.29.14');
    const out: ParsedCert = { rawSubject, spki };
    if (skid) out.subjectKeyId = readElement(skid)[0].body;
    return out;
  } catch {
    throw new CertError('x509: malformed certificate');
  }
}

/** pem.Decode + x509.ParseCertificate of a signer certificate. */
export function parseCertificatePem(pem: string): ParsedCert | undefined {
  const block = pemDecode(pem);
  return block ? parseCertificate(block.bytes) : undefined;
}
