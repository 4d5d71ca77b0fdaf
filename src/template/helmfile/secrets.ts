/**
 * `ref+BACKEND://…` secret references (helmfile resolves them with vals):
 * fetchSecretValue and expandSecretRefs. helmfire implements the local
 * backends — echo, file, envsubst, sops (decrypted by the host, natively for
 * age keys) — and
 * names any other backend in a clear error.
 */
import { isAbsolute, join } from 'node:path';
import { unmarshalYaml, YamlError } from '../../yaml/index.js';
import { sprint } from '../fmt/index.js';
import { GoError, type GoValue } from '../value.js';
import { type HelmfileHost, HostError } from './host.js';

const REF = /((secret)?ref)\+([^+:]*:\/\/[^+\n ]+[^+\n ",])\+?/;
const REF_PREFIX = /(secret)?ref\+/g;
const MAX_NESTING = 10;

export const SUPPORTED_BACKENDS = ['echo', 'file', 'envsubst', 'sops'] as const;

interface ParsedRef {
  scheme: string;
  host: string;
  path: string;
  query: URLSearchParams;
  fragment: string;
}

/** Go's url.Parse checks of the authority: the port, and characters a host name cannot hold. */
function checkHost(ref: string, authority: string): string {
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  if (!host.startsWith('[')) {
    const colon = host.lastIndexOf(':');
    if (colon >= 0 && !/^:[0-9]*$/.test(host.slice(colon))) {
      throw new GoError(
        `parse ${JSON.stringify(ref)}: invalid port ${JSON.stringify(host.slice(colon))} after host`,
      );
    }
  }
  for (const c of host) {
    if (c.charCodeAt(0) < 0x80 && !/[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"%]/.test(c)) {
      throw new GoError(`parse ${JSON.stringify(ref)}: invalid character ${JSON.stringify(c)} in host name`);
    }
  }
  return host;
}

/** A ref's URI as vals reads it (scheme, host + path, query parameters, fragment). */
function parseRef(ref: string): ParsedRef {
  const m = /^([^:]*):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/.exec(ref);
  if (!m) throw new GoError(`parse "${ref}": invalid URI`);
  return {
    scheme: m[1]!,
    host: decodeURIComponent(checkHost(ref, m[2]!)),
    path: decodeURIComponent(m[3]!),
    query: new URLSearchParams((m[4] ?? '').slice(1)),
    fragment: decodeURIComponent((m[5] ?? '').slice(1)),
  };
}

/** a8m/envsubst for the common forms: $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, $$. */
export function envsubst(text: string, env: (name: string) => string | undefined): string {
  return text.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (all, braced, op, arg, bare) => {
      if (all === '$$') return '$';
      const name = (braced ?? bare) as string;
      const v = env(name);
      switch (op as string | undefined) {
        case ':-':
        case ':=':
          return v === undefined || v === '' ? (arg as string) : v;
        case '-':
        case '=':
          return v === undefined ? (arg as string) : v;
        case ':+':
          return v !== undefined && v !== '' ? (arg as string) : '';
        case '+':
          return v !== undefined ? (arg as string) : '';
      }
      return v ?? '';
    },
  );
}

export class SecretRefResolver {
  constructor(private readonly host: HelmfileHost) {}

  private absolute(p: string): string {
    return isAbsolute(p) ? p : join(this.host.baseDir, p);
  }

  /** vals' sops provider: the file decrypted with `format` (the query's, else the caller's default). */
  private sopsDecrypt(path: string, format: string | undefined): string {
    const file = this.absolute(path);
    // vals reads the file first; a missing one is reported as it reports it.
    let text: string;
    try {
      text = this.host.readFile(file);
    } catch (e) {
      if (e instanceof HostError) throw new GoError(`failed to read ${JSON.stringify(path)}: ${e.message}`);
      throw e;
    }
    if (this.host.decryptSops) return this.host.decryptSops(file, text, format);
    let res: ReturnType<HelmfileHost['exec']>;
    try {
      res = this.host.exec({ command: 'sops', args: ['-d', file], cwd: this.host.baseDir });
    } catch (e) {
      throw new GoError(
        `ref+sops needs the sops binary on PATH to decrypt ${path}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    if (res.status !== 0) {
      throw new GoError(
        `sops -d ${path} failed (exit status ${res.status ?? res.signal}): ${res.stderr.trim()}`,
      );
    }
    return res.stdout;
  }

  private getString(r: ParsedRef, key: string): string {
    switch (r.scheme) {
      case 'echo':
        return key.replace(/\/+$/, '');
      case 'file': {
        const bytes = this.host.readFile(this.absolute(key.replace(/\/$/, '')));
        const encode = r.query.get('encode') || 'raw';
        if (encode === 'raw') return bytes;
        if (encode === 'base64') return Buffer.from(bytes, 'utf8').toString('base64');
        throw new GoError(`Unsupported encode parameter: '${encode}'.`);
      }
      case 'envsubst':
        return envsubst(key.replace(/\/$/, '').trim(), (n) => this.host.env(n));
      case 'sops': {
        const text = this.sopsDecrypt(key.replace(/\/$/, ''), r.query.get('format') || undefined);
        const encode = r.query.get('encode') || 'raw';
        if (encode === 'raw') return text;
        if (encode === 'base64') return Buffer.from(text, 'utf8').toString('base64');
        throw new GoError(`Unsupported encode parameter: '${encode}'.`);
      }
    }
    throw new GoError(
      `helmfire does not support the "${r.scheme}" secret backend of vals (supported: ${SUPPORTED_BACKENDS.join(', ')})`,
    );
  }

  private getStringMap(r: ParsedRef, key: string): Map<GoValue, GoValue> {
    let text: string;
    if (r.scheme === 'echo') {
      const keys = key.split('/');
      if (keys.length < 2) {
        throw new GoError(
          `key must have two or more components separated by "/": got ${JSON.stringify(key)}`,
        );
      }
      const root = new Map<GoValue, GoValue>();
      let cur = root;
      for (let i = 0; i < keys.length - 1; i++) {
        if (i === keys.length - 2) cur.set(keys[i]!, keys[i + 1]!);
        else {
          const next = new Map<GoValue, GoValue>();
          cur.set(keys[i]!, next);
          cur = next;
        }
      }
      return root;
    }
    if (r.scheme === 'file') text = this.host.readFile(this.absolute(key.replace(/\/$/, '')));
    else if (r.scheme === 'envsubst') text = envsubst(key.replace(/\/$/, '').trim(), (n) => this.host.env(n));
    else if (r.scheme === 'sops')
      text = this.sopsDecrypt(key.replace(/\/$/, ''), r.query.get('format') || 'yaml');
    else return this.getString(r, key) as never;
    let doc: GoValue;
    try {
      doc = unmarshalYaml(text);
    } catch (e) {
      if (e instanceof YamlError) throw new GoError(e.goMessage);
      throw e;
    }
    if (doc === null) return new Map();
    if (!(doc instanceof Map))
      throw new GoError(`yaml: unmarshal errors:\n  line 1: cannot unmarshal into map[string]interface {}`);
    return doc;
  }

  /** vals' lookup of one ref (without the `ref+` prefix). */
  lookup(ref: string): GoValue {
    const r = parseRef(ref);
    const components = [r.host, r.host !== '' ? r.path.replace(/^\//, '') : r.path].filter((c) => c !== '');
    const key = components.join('/');
    const frag = r.fragment.replace(/^#/, '').replace(/^\//, '');
    if (frag === '') return this.getString(r, key);
    let obj: Map<GoValue, GoValue> = this.getStringMap(r, key);
    const keys = frag.split('/');
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (!obj.has(k)) return null;
      const t = obj.get(k);
      if (i === keys.length - 1) return t === undefined ? null : t;
      if (!(t instanceof Map)) {
        throw new GoError(
          `unexpected type of value for key at ${i}=${k} in [${keys.join(' ')}]: expected a map, got ${sprint(t ?? null)}`,
        );
      }
      obj = t;
    }
    return null;
  }

  private lookupWrapped(ref: string): GoValue {
    try {
      return this.lookup(ref);
    } catch (e) {
      throw new GoError(`expand ${ref}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Resolve refs nested inside another ref's URI, innermost first. */
  private resolveInner(s: string, depth: number): string {
    if (depth >= MAX_NESTING) throw new GoError(`maximum nesting depth (${MAX_NESTING}) exceeded`);
    const positions = [...s.matchAll(REF_PREFIX)].map((m) => [m.index, m.index + m[0].length] as const);
    if (positions.length <= 1) return s;
    for (let i = positions.length - 1; i >= 1; i--) {
      const between = s.slice(positions[i - 1]![1], positions[i]![0]);
      if (/[ \n\r\t",]/.test(between)) continue;
      const start = positions[i]![0];
      const m = REF.exec(s.slice(start));
      if (!m) continue;
      const ref = m[3]!;
      const val = this.lookupWrapped(ref);
      if (val === null || val === undefined) throw new GoError(`nested ref ${ref} resolved to nil`);
      if (val instanceof Map || Array.isArray(val)) {
        throw new GoError(
          `nested ref ${ref} resolved to map[string]interface {}; nested refs must resolve to scalar values`,
        );
      }
      const from = start + m.index;
      return this.resolveInner(s.slice(0, from) + sprint(val) + s.slice(from + m[0].length), depth + 1);
    }
    return s;
  }

  /** vals' InValue: a whole-string ref keeps the value's type; refs inside text are substituted as text. */
  expandValue(s0: string): GoValue {
    const s = this.resolveInner(s0, 0);
    const m = REF.exec(s);
    if (!m) return s;
    if (m.index === 0 && m[0].length === s.length) return this.lookupWrapped(m[3]!);
    let out = '';
    let rest = s;
    for (let x = REF.exec(rest); x; x = REF.exec(rest)) {
      out += rest.slice(0, x.index) + sprint(this.lookupWrapped(x[3]!) ?? null);
      rest = rest.slice(x.index + x[0].length);
    }
    return out + rest;
  }

  /** Every string inside maps and lists expanded (vals' Eval over a map). */
  expandTree(v: GoValue): GoValue {
    if (typeof v === 'string') return this.expandValue(v);
    if (v instanceof Map) {
      const out = new Map<GoValue, GoValue>();
      for (const [k, e] of v) out.set(typeof k === 'string' ? k : sprint(k ?? null), this.expandTree(e));
      return out;
    }
    if (Array.isArray(v)) return v.map((e) => this.expandTree(e));
    return v;
  }

  /** helmfile's fetchSecretValue. */
  fetchSecretValue(path: string): string {
    const v = this.expandValue(path);
    if (typeof v !== 'string') throw new GoError(`expected ${sprint(v ?? null)} to be string`);
    return v;
  }
}
