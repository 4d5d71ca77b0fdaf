// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${1} in these cases is Go regexp replacement syntax
import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeYaml } from '../../yaml/index.js';
import { TemplateSet } from '../index.js';
import type { GoFunc } from '../value.js';
import { funcs as crypto } from './crypto.js';
import { funcs as dates } from './dates.js';
import { funcs as encoding } from './encoding.js';
import { sprigFuncMap } from './index.js';
import { funcs as network, setHostResolver } from './network.js';
import { funcs as regex } from './regex.js';
import { funcs as uuid } from './uuid.js';

// Expected outputs recorded from helmfile's renderer (Go text/template + Sprig v3.3.0), with TZ=UTC.
const CASES: [string, string][] = [
  [
    '{{ regexMatch "^[a-z]+$" "abc" }} {{ regexMatch "(?<=a)b" "ab" }} {{ regexMatch "(" "x" }}',
    'true false false',
  ],
  [
    '{{ mustRegexMatch "(" "x" }}',
    'ERR template: stringTemplate:1:3: executing "stringTemplate" at <mustRegexMatch "(" "x">: error calling mustRegexMatch: error parsing regexp: missing closing ): `(`',
  ],
  [
    '{{ regexFind "(" "x" }}',
    'ERR template: stringTemplate:1:3: executing "stringTemplate" at <regexFind "(" "x">: error calling regexFind: regexp: Compile(`(`): error parsing regexp: missing closing ): `(`',
  ],
  [
    '{{ regexFind "a+" "baaac" }}|{{ regexFindAll "a." "abacadae" -1 }}|{{ regexFindAll "a." "abacadae" 2 }}|{{ regexFindAll "x*" "abc" -1 }}|{{ regexFindAll "z" "abc" -1 }}',
    'aaa|[ab ac ad ae]|[ab ac]|[   ]|[]',
  ],
  [
    '{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }}|{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "$1W" }}|{{ regexReplaceAll "a(?P<n>x*)b" "-ab-axxb-" "<$n>" }}|{{ regexReplaceAll "x*" "abc" "-" }}|{{ regexReplaceAll "a" "aaa" "$$" }}|{{ regexReplaceAll "(a)" "a" "${1" }}',
    '-W-xxW-|---|-<>-<xx>-|-a-b-c-|$$$|${1',
  ],
  [
    '{{ regexReplaceAllLiteral "a(x*)b" "-ab-axxb-" "${1}" }}|{{ regexSplit "z+" "pizza" -1 }}|{{ regexSplit "z+" "pizza" 1 }}|{{ regexSplit "" "abc" -1 }}|{{ regexSplit "x*" "" -1 }}|{{ regexSplit "a" "banana" 2 }}|{{ regexSplit "a" "banana" 0 }}',
    '-${1}-${1}-|[pi a]|[pizza]|[a b c]|[]|[b nana]|[]',
  ],
  [
    '{{ regexQuoteMeta "1.5+[x]" }} {{ regexFind "(?i)ÉT" "été" }} {{ regexFind "\\\\pL+" "héllo wörld" }} {{ regexFind "[[:digit:]]+" "ab123" }} {{ regexFindAll "\\\\b" "ab cd" -1 | len }}',
    '1\\.5\\+\\[x\\] ét héllo 123 4',
  ],
  [
    '{{ mustRegexFindAll "a**" "x" 1 }}',
    'ERR template: stringTemplate:1:3: executing "stringTemplate" at <mustRegexFindAll "a**" "x" 1>: error calling mustRegexFindAll: error parsing regexp: invalid nested repetition operator: `**`',
  ],
  [
    '{{ regexSplit "(" "x" 1 }}',
    'ERR template: stringTemplate:1:3: executing "stringTemplate" at <regexSplit "(" "x" 1>: error calling regexSplit: regexp: Compile(`(`): error parsing regexp: missing closing ): `(`',
  ],
  [
    '{{ regexReplaceAll "é" "aéb😀é" "-" }} {{ regexFindAll "." "a😀b" -1 }} {{ regexReplaceAll "" "😀" "-" }}',
    'a-b😀- [a 😀 b] -😀-',
  ],
  [
    '{{ b64enc "hello" }} {{ b64dec "aGVsbG8=" }} {{ b64dec "aGVsbG8" }} {{ b64dec "!!!!" }} {{ b64dec "aGk=x" }} {{ b64dec "a===" }} {{ b64dec "aG\\nk=" }} {{ b64dec "" }}',
    'aGVsbG8= hello illegal base64 data at input byte 4 illegal base64 data at input byte 0 illegal base64 data at input byte 4 illegal base64 data at input byte 1 hi ',
  ],
  [
    '{{ b32enc "hello" }} {{ b32dec "NBSWY3DP" }} {{ b32dec "NBSWY3D" }} {{ b32dec "NB======" }} {{ b32dec "N=======" }} {{ b32dec "NBSWY3DP1" }} {{ b32enc "a" }} {{ b32enc "abcd" }}',
    'NBSWY3DP hello illegal base32 data at input byte 0 h illegal base32 data at input byte 1 illegal base32 data at input byte 8 ME====== MFRGGZA=',
  ],
  [
    '{{ toDate "2006-01-02" "2017-12-31" }}|{{ toDate "2006-01-02" "x" }}|{{ date "2006-01-02" (toDate "2006-01-02" "2017-12-31") }}|{{ dateInZone "2006-01-02 15:04 MST" 1700000000 "America/New_York" }}|{{ dateInZone "15:04 MST" 0 "Nope/X" }}',
    '2017-12-31 00:00:00 +0000 UTC|0001-01-01 00:00:00 +0000 UTC|2017-12-31|2023-11-14 17:13 EST|00:00 UTC',
  ],
  [
    '{{ mustToDate "2006-01-02" "x" }}',
    'ERR template: stringTemplate:1:3: executing "stringTemplate" at <mustToDate "2006-01-02" "x">: error calling mustToDate: parsing time "x" as "2006-01-02": cannot parse "x" as "2006"',
  ],
  [
    '{{ duration 95 }}|{{ duration "95" }}|{{ duration (int64 3700) }}|{{ duration "99999999999999999999" }}|{{ durationRound "2h10m" }}|{{ durationRound (int64 86400000000001) }}|{{ durationRound "x" }}|{{ durationRound "-3s" }}',
    '0s|1m35s|1h1m40s|-1s|2h|1d|0s|3s',
  ],
  [
    '{{ dateModify "1h" (toDate "2006-01-02" "2017-12-31") }}|{{ dateModify "x" (toDate "2006-01-02" "2017-12-31") }}|{{ unixEpoch (toDate "2006-01-02" "2017-12-31") }}|{{ htmlDate 0 }}|{{ htmlDateInZone 0 "Asia/Tokyo" }}',
    '2017-12-31 01:00:00 +0000 UTC|2017-12-31 00:00:00 +0000 UTC|1514678400|1970-01-01|1970-01-01',
  ],
  [
    '{{ mustDateModify "x" (toDate "2006-01-02" "2017-12-31") }}',
    'ERR template: stringTemplate:1:3: executing "stringTemplate" at <mustDateModify "x" (toDate "2006-01-02" "2017-12-31")>: error calling mustDateModify: time: invalid duration "x"',
  ],
  [
    '{{ dateModify "1h" "x" }}',
    'ERR template: stringTemplate:1:19: executing "stringTemplate" at <"x">: can\'t handle "x" for arg of type time.Time',
  ],
  [
    '{{ derivePassword 1 "long" "password" "user" "example.com" }} {{ derivePassword 3 "pin" "pässword" "üser" "x" }} {{ derivePassword 1 "nope" "a" "b" "c" }} {{ derivePassword 0 "maximum" "" "" "" }}',
    'ZedaFaxcZaso9* 5800 cannot find password template nope tLcdw^k@!dhcMy3XIE3;',
  ],
  [
    '{{ randBytes -1 }}',
    'ERR template: stringTemplate:1:3: executing "stringTemplate" at <randBytes -1>: error calling randBytes: runtime error: makeslice: len out of range',
  ],
  [
    '{{ decryptAES "secretkey" "!!" }}',
    'ERR template: stringTemplate:1:3: executing "stringTemplate" at <decryptAES "secretkey" "!!">: error calling decryptAES: illegal base64 data at input byte 0',
  ],
  [
    '{{ decryptAES "secretkey" "YWJj" }}',
    'ERR template: stringTemplate:1:3: executing "stringTemplate" at <decryptAES "secretkey" "YWJj">: error calling decryptAES: runtime error: slice bounds out of range [:16] with capacity 3',
  ],
  [
    '{{ decryptAES "secretkey" "YWJjZGVmZ2hpamtsbW5vcHFy" }}',
    'ERR template: stringTemplate:1:3: executing "stringTemplate" at <decryptAES "secretkey" "YWJjZGVmZ2hpamtsbW5vcHFy">: error calling decryptAES: crypto/cipher: input not full blocks',
  ],
  [
    '{{ decryptAES "secretkey" "YWJjZGVmZ2hpamtsbW5vcA==" }}',
    'ERR template: stringTemplate:1:3: executing "stringTemplate" at <decryptAES "secretkey" "YWJjZGVmZ2hpamtsbW5vcA==">: error calling decryptAES: runtime error: index out of range [-1]',
  ],
  ['{{ decryptAES "k" "" }}|{{ encryptAES "k" "" }}|{{ encryptAES "k" "hello" | len }}', '||44'],
  [
    '{{ $c := buildCustomCert "x" "y" }}',
    'ERR template: stringTemplate:1:9: executing "stringTemplate" at <buildCustomCert "x" "y">: error calling buildCustomCert: unable to decode base64 certificate',
  ],
  [
    '{{ $c := buildCustomCert "aGVsbG8=" "aGVsbG8=" }}',
    'ERR template: stringTemplate:1:9: executing "stringTemplate" at <buildCustomCert "aGVsbG8=" "aGVsbG8=">: error calling buildCustomCert: unable to decode certificate',
  ],
  [
    '{{ genCAWithKey "x" 3 "nope" }}',
    'ERR template: stringTemplate:1:3: executing "stringTemplate" at <genCAWithKey "x" 3 "nope">: error calling genCAWithKey: parsing private key: no PEM data in input',
  ],
  [
    '{{ genCAWithKey "x" 3 "-----BEGIN FOO-----\\naGVsbG8=\\n-----END FOO-----\\n" }}',
    'ERR template: stringTemplate:1:3: executing "stringTemplate" at <genCAWithKey "x" 3 "-----BEGIN FOO-----\\naGVsbG8=\\n-----END FOO-----\\n">: error calling genCAWithKey: parsing private key: no private key data in PEM block of type FOO',
  ],
  [
    '{{ genCAWithKey "x" 3 "-----BEGIN XYZ PRIVATE KEY-----\\naGVsbG8=\\n-----END XYZ PRIVATE KEY-----\\n" }}',
    'ERR template: stringTemplate:1:3: executing "stringTemplate" at <genCAWithKey "x" 3 "-----BEGIN XYZ PRIVATE KEY-----\\naGVsbG8=\\n-----END XYZ PRIVATE KEY-----\\n">: error calling genCAWithKey: parsing private key: invalid private key type XYZ PRIVATE KEY',
  ],
  [
    '{{ $ca := genCA "ca" 3 }}{{ genSignedCert "x" (list 1) nil 3 $ca }}',
    'ERR template: stringTemplate:1:28: executing "stringTemplate" at <genSignedCert "x" (list 1) nil 3 $ca>: error calling genSignedCert: error parsing ip: 1 is not a string',
  ],
  [
    '{{ $ca := genCA "ca" 3 }}{{ genSignedCert "x" (list "300.1.1.1") nil 3 $ca }}',
    'ERR template: stringTemplate:1:28: executing "stringTemplate" at <genSignedCert "x" (list "300.1.1.1") nil 3 $ca>: error calling genSignedCert: error parsing ip: 300.1.1.1',
  ],
  [
    '{{ $ca := genCA "ca" 3 }}{{ genSignedCert "x" nil (list 5) 3 $ca }}',
    'ERR template: stringTemplate:1:28: executing "stringTemplate" at <genSignedCert "x" nil (list 5) 3 $ca>: error calling genSignedCert: error processing alternate dns name: 5 is not a string',
  ],
  [
    '{{ $k := genPrivateKey "dsa" }}{{ genCAWithKey "x" 3 $k }}',
    'ERR template: stringTemplate:1:34: executing "stringTemplate" at <genCAWithKey "x" 3 $k>: error calling genCAWithKey: error creating certificate: x509: certificate private key does not implement crypto.Signer',
  ],
  [
    '{{ $c := genSelfSignedCert "x" nil (list "é.com") 3 }}',
    'ERR template: stringTemplate:1:9: executing "stringTemplate" at <genSelfSignedCert "x" nil (list "é.com") 3>: error calling genSelfSignedCert: error creating certificate: x509: "é.com" cannot be encoded as an IA5String',
  ],
];

function render(text: string, data: unknown = null): string {
  const funcs = new Map<string, GoFunc>(sprigFuncMap());
  for (const mod of [dates, regex, encoding, crypto, uuid, network])
    for (const f of mod) funcs.set(f.name, f);
  try {
    return new TemplateSet('stringTemplate', { funcs, missingKey: 'error' })
      .parse(text)
      .execute(data as never);
  } catch (e) {
    return `ERR ${(e as Error).message}`;
  }
}

describe('Sprig B functions, rendered as helmfile renders them', () => {
  beforeAll(() => {
    process.env.TZ = 'UTC';
  });

  // Key generation (RSA, DSA parameters) can take seconds on a busy machine.
  for (const [template, want] of CASES) {
    it(template, () => {
      expect(render(template)).toBe(want);
    }, 60_000);
  }

  it('gives time.Time values from YAML their methods', () => {
    const data = decodeYaml('d: 2001-12-14T21:59:43.10-05:00')[0];
    expect(
      render('{{ .d }} {{ .d.Year }} {{ .d.Month }} {{ .d.Weekday }} {{ .d.Unix }} {{ .d.UTC }}', data),
    ).toBe(
      '2001-12-14 21:59:43.1 -0500 -0500 2001 December Friday 1008385183 2001-12-15 02:59:43.1 +0000 UTC',
    );
  });

  it('now / ago / uuidv4 / randBytes produce well-formed values', () => {
    expect(render('{{ typeOf now }} {{ ago now }} {{ now | date "2006" | len }}')).toBe('time.Time 0s 4');
    expect(render('{{ uuidv4 }}')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(render('{{ randBytes 12 | len }}')).toBe('16');
  });

  it('getHostByName picks one of the resolved addresses and fails like Go when there is none', () => {
    setHostResolver((name) => (name === 'db' ? ['10.0.0.5'] : []));
    expect(render('{{ getHostByName "db" }}')).toBe('10.0.0.5');
    expect(render('{{ getHostByName "nope" }}')).toContain(
      'error calling getHostByName: invalid argument to Intn',
    );
  });

  it('bcrypt and htpasswd write $2a$ hashes of cost 10', () => {
    expect(render('{{ bcrypt "secret" }}')).toMatch(/^\$2a\$10\$[./A-Za-z0-9]{53}$/);
    expect(render('{{ htpasswd "user" "pw" }}')).toMatch(/^user:\$2a\$10\$/);
  });

  it('encryptAES output decrypts back, and Go ciphertext decrypts', () => {
    expect(render('{{ encryptAES "key" "hello world" | decryptAES "key" }}')).toBe('hello world');
  });

  it('generates keys of every type and certificates that chain to their CA', () => {
    expect(render('{{ genPrivateKey "ecdsa" }}')).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n/);
    expect(render('{{ genPrivateKey "ed25519" }}')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const out = render(
      '{{ $ca := genCA "my-ca" 365 }}{{ $c := genSignedCert "svc" (list "10.0.0.1") (list "svc.local") 30 $ca }}{{ $ca.Cert }}{{ $c.Cert }}{{ $c.Key }}',
    );
    const pems = [...out.matchAll(/-----BEGIN ([A-Z ]+)-----\n[\s\S]*?-----END \1-----\n/g)].map((m) => m[0]);
    expect(pems).toHaveLength(3);
    const ca = new X509Certificate(pems[0]!);
    const leaf = new X509Certificate(pems[1]!);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toBe('CN=my-ca');
    expect(leaf.issuer).toBe('CN=my-ca');
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.subjectAltName).toBe('DNS:svc.local, IP Address:10.0.0.1');
    expect(pems[2]).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
  }, 60_000);
});
