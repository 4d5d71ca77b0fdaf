import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LocalClusterError } from './errors.js';

const run = promisify(execFile);

/** Files of the local cluster's PKI, all inside one directory. */
export interface Pki {
  readonly dir: string;
  readonly caCert: string;
  readonly caKey: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly saKey: string;
  readonly saPub: string;
  readonly tokenFile: string;
  /** Bearer token of the cluster-admin identity (group system:masters). */
  readonly adminToken: string;
}

/** Every name and address the API server answers to, inside and outside the (fake) cluster network. */
const SERVER_SANS = [
  'IP:127.0.0.1',
  'IP:10.96.0.1',
  'DNS:localhost',
  'DNS:kubernetes',
  'DNS:kubernetes.default',
  'DNS:kubernetes.default.svc',
  'DNS:kubernetes.default.svc.cluster.local',
];

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await run('openssl', args, { cwd });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new LocalClusterError('PKI_FAILED', `openssl ${args[0]} failed: ${e.stderr?.trim() || e.message}`);
  }
}

/**
 * Creates a CA, an API-server serving certificate, a service-account signing
 * key pair and an admin token in `dir`. ECDSA P-256 keys: fast to make.
 */
export async function createPki(dir: string): Promise<Pki> {
  const p = (f: string) => join(dir, f);
  const ec = ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out'];
  await Promise.all([openssl([...ec, 'ca.key'], dir), openssl([...ec, 'server.key'], dir)]);
  await openssl(
    ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'sa.key'],
    dir,
  );
  await openssl(['pkey', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
  await openssl(
    [
      'req',
      '-x509',
      '-new',
      '-key',
      'ca.key',
      '-subj',
      '/CN=helmfire-local-ca',
      '-days',
      '3650',
      '-out',
      'ca.crt',
    ],
    dir,
  );
  await writeFile(
    p('server.ext'),
    `subjectAltName=${SERVER_SANS.join(',')}\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`,
  );
  await openssl(
    ['req', '-new', '-key', 'server.key', '-subj', '/CN=kube-apiserver', '-out', 'server.csr'],
    dir,
  );
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '3650',
      '-extfile',
      'server.ext',
      '-out',
      'server.crt',
    ],
    dir,
  );
  const adminToken = randomBytes(24).toString('hex');
  await writeFile(p('tokens.csv'), `${adminToken},helmfire-admin,helmfire-admin,"system:masters"\n`, {
    mode: 0o600,
  });
  return {
    dir,
    caCert: p('ca.crt'),
    caKey: p('ca.key'),
    serverCert: p('server.crt'),
    serverKey: p('server.key'),
    saKey: p('sa.key'),
    saPub: p('sa.pub'),
    tokenFile: p('tokens.csv'),
    adminToken,
  };
}
