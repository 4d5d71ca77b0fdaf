/**
 * Sprig's getHostByName: net.LookupHost, then one of the addresses at random.
 * When the name does not resolve Sprig indexes an empty list, which panics in
 * Go with `invalid argument to Intn`; the template reports that panic.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { GoError, type GoFunc, goFunc } from '../value.js';

export type HostResolver = (name: string) => string[];

/** Addresses of `name` in the hosts file, in file order (Go's pure resolver reads it first). */
export function hostsFileLookup(name: string, hostsText: string): string[] {
  const want = name.toLowerCase().replace(/\.$/, '');
  const out: string[] = [];
  for (const raw of hostsText.split('\n')) {
    const fields = raw.replace(/#.*/, '').trim().split(/\s+/);
    const [addr, ...names] = fields;
    if (!addr || isIP(addr.split('%')[0]!) === 0) continue;
    if (names.some((n) => n.toLowerCase().replace(/\.$/, '') === want)) out.push(addr);
  }
  return out;
}

function dnsLookup(name: string): string[] {
  const script =
    "require('node:dns').lookup(process.argv[1],{all:true},(e,a)=>{process.stdout.write(e?'':a.map(x=>x.address).join('\\n'))})";
  const res = spawnSync(process.execPath, ['-e', script, name], { encoding: 'utf8', timeout: 10_000 });
  if (res.status !== 0 || !res.stdout) return [];
  return res.stdout.split('\n').filter((a) => a !== '');
}

/** net.LookupHost as Go's resolver answers it: IP literals as given, the hosts file, then DNS. */
export const systemResolver: HostResolver = (name) => {
  if (name === '') return [];
  if (isIP(name.split('%')[0]!) !== 0) return [name];
  let hosts = '';
  try {
    hosts = readFileSync('/etc/hosts', 'utf8');
  } catch {
    // no hosts file
  }
  const fromFile = hostsFileLookup(name, hosts);
  return fromFile.length > 0 ? fromFile : dnsLookup(name);
};

let resolver: HostResolver = systemResolver;

/** Replace the resolver (tests). */
export function setHostResolver(r: HostResolver): void {
  resolver = r;
}

export const funcs: GoFunc[] = [
  goFunc('getHostByName', { params: ['string'], result: 'string', returnsError: false }, ([name]) => {
    const addrs = resolver(name as string);
    if (addrs.length === 0) throw new GoError('invalid argument to Intn');
    return addrs[Math.floor(Math.random() * addrs.length)]!;
  }),
];
