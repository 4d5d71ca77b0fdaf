/**
 * Masterminds/semver as Sprig exposes it (v3.5.0, the version helmfile is built with): `semver` returns a
 * *semver.Version whose methods templates call (.Major, .Prerelease,
 * .Compare …), `semverCompare` checks a constraint (ranges, ^, ~, x, ||) with
 * the library's rules, including that prereleases only satisfy an AND group
 * in which some constraint carries a prerelease.
 */

import { RE2JS } from 're2js';
import { compareStrings, quote } from '../fmt/index.js';
import { GoError, type GoFunc, type GoMember, GoNumber, GoStruct, type GoValue, goFunc } from '../value.js';
import { parseGoUint } from './strconv.js';

const versionRegex =
  /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;

const NUM = /^[0-9]*$/;
const MAX_VERSION_LEN = 256;
const MAX_CONSTRAINT_LEN = 512;
const MAX_CONSTRAINT_GROUPS = 32;
const MAX_UINT64 = (1n << 64n) - 1n;
const ALLOWED = /^[0-9A-Za-z-]*$/;

function validatePrerelease(p: string): void {
  for (const part of p.split('.')) {
    if (NUM.test(part)) {
      if (part === '') throw new GoError('invalid prerelease string');
      if (part.length > 1 && part[0] === '0') throw new GoError('version segment starts with 0');
    } else if (!ALLOWED.test(part)) throw new GoError('invalid prerelease string');
  }
}

function validateMetadata(m: string): void {
  for (const part of m.split('.'))
    if (part === '' || !ALLOWED.test(part)) throw new GoError('invalid metadata string');
}

function parseSegment(s: string): bigint {
  const r = parseGoUint(s, 10, 64);
  if (r.err !== null) {
    const why = r.err === 'range' ? 'value out of range' : 'invalid syntax';
    throw new GoError(`error parsing version segment: strconv.ParseUint: parsing ${quote(s)}: ${why}`);
  }
  return r.value;
}

function compareSegment(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePrePart(s: string, o: string): number {
  if (s === o) return 0;
  if (s === '') return o !== '' ? -1 : 1;
  if (o === '') return s !== '' ? 1 : -1;
  const oNum = parseGoUint(o, 10, 64);
  const sNum = parseGoUint(s, 10, 64);
  if (oNum.err !== null && sNum.err !== null) return compareStrings(s, o) > 0 ? 1 : -1;
  if (oNum.err !== null) return -1;
  if (sNum.err !== null) return 1;
  return sNum.value > oNum.value ? 1 : -1;
}

function comparePrerelease(v: string, o: string): number {
  const sp = v.split('.');
  const op = o.split('.');
  for (let i = 0; i < Math.max(sp.length, op.length); i++) {
    const d = comparePrePart(sp[i] ?? '', op[i] ?? '');
    if (d !== 0) return d;
  }
  return 0;
}

function method(
  name: string,
  params: string[],
  result: string,
  returnsError: boolean,
  f: (args: GoValue[]) => GoValue,
) {
  return { kind: 'method' as const, fn: goFunc(name, { params, result, returnsError }, (args) => f(args)) };
}

/** A semver.Version; `pointer` distinguishes *semver.Version (from `semver`) from the values Inc* return. */
export class SemverVersion extends GoStruct {
  readonly goType: string;
  constructor(
    readonly major: bigint,
    readonly minor: bigint,
    readonly patch: bigint,
    readonly pre: string,
    readonly metadata: string,
    readonly original: string,
    readonly pointer = true,
  ) {
    super();
    this.goType = pointer ? '*semver.Version' : 'semver.Version';
  }

  /** semver.NewVersion: coerces `1`, `1.2` and leading zeros, accepts a leading v. */
  static parse(v: string): SemverVersion {
    if (v.length > MAX_VERSION_LEN)
      throw new GoError(`version string is too long (max ${MAX_VERSION_LEN} bytes)`);
    const m = versionRegex.exec(v);
    if (!m) throw new GoError('invalid semantic version');
    const major = parseSegment(m[1]!);
    const minor = m[2] ? parseSegment(m[2].slice(1)) : 0n;
    const patch = m[3] ? parseSegment(m[3].slice(1)) : 0n;
    const pre = m[5] ?? '';
    const meta = m[8] ?? '';
    if (pre !== '') validatePrerelease(pre);
    if (meta !== '') validateMetadata(meta);
    return new SemverVersion(major, minor, patch, pre, meta, v);
  }

  override stringer(): string {
    let s = `${this.major}.${this.minor}.${this.patch}`;
    if (this.pre !== '') s += '-' + this.pre;
    if (this.metadata !== '') s += '+' + this.metadata;
    return s;
  }

  compare(o: SemverVersion): number {
    const d =
      compareSegment(this.major, o.major) ||
      compareSegment(this.minor, o.minor) ||
      compareSegment(this.patch, o.patch);
    if (d !== 0) return d;
    if (this.pre === '' && o.pre === '') return 0;
    if (this.pre === '') return 1;
    if (o.pre === '') return -1;
    return comparePrerelease(this.pre, o.pre);
  }

  private vPrefix(): string {
    return this.original.startsWith('v') ? 'v' : '';
  }

  /** A value copy with some parts changed; `original` is re-rendered as Go does. */
  private next(major: bigint, minor: bigint, patch: bigint, pre: string, metadata: string): SemverVersion {
    const v = new SemverVersion(major, minor, patch, pre, metadata, '', false);
    return new SemverVersion(major, minor, patch, pre, metadata, this.vPrefix() + v.stringer(), false);
  }

  incPatch(): SemverVersion {
    if (this.pre !== '') return this.next(this.major, this.minor, this.patch, '', '');
    if (this.patch === MAX_UINT64) throw new GoError('patch version increment would overflow uint64');
    return this.next(this.major, this.minor, this.patch + 1n, '', '');
  }

  incMinor(): SemverVersion {
    if (this.minor === MAX_UINT64) throw new GoError('minor version increment would overflow uint64');
    return this.next(this.major, this.minor + 1n, 0n, '', '');
  }

  incMajor(): SemverVersion {
    if (this.major === MAX_UINT64) throw new GoError('major version increment would overflow uint64');
    return this.next(this.major + 1n, 0n, 0n, '', '');
  }

  /** encoding/json: a Version marshals as its string. */
  marshalJSON(): string {
    return JSON.stringify(this.stringer());
  }

  /** copystructure copies exported fields only: a deep copy of a Version is the zero Version. */
  deepCopy(): GoValue {
    return new SemverVersion(0n, 0n, 0n, '', '', '', this.pointer);
  }

  fields(): ReadonlyArray<readonly [string, GoValue]> {
    return [];
  }

  member(name: string): GoMember | undefined {
    const u64 = (v: bigint) => new GoNumber('uint64', v);
    const bytes = (s: string) => new TextEncoder().encode(s);
    const vt = 'semver.Version';
    const other = (args: GoValue[]) => args[0] as SemverVersion;
    const set = (field: 'pre' | 'metadata') => (args: GoValue[]) => {
      const value = args[0] as string;
      if (value !== '') (field === 'pre' ? validatePrerelease : validateMetadata)(value);
      return field === 'pre'
        ? this.next(this.major, this.minor, this.patch, value, this.metadata)
        : this.next(this.major, this.minor, this.patch, this.pre, value);
    };
    // Methods with a value receiver; the pointer type also has the pointer-receiver ones.
    switch (name) {
      case 'String':
        return method(name, [], 'string', false, () => this.stringer());
      case 'Major':
        return method(name, [], 'uint64', false, () => u64(this.major));
      case 'Minor':
        return method(name, [], 'uint64', false, () => u64(this.minor));
      case 'Patch':
        return method(name, [], 'uint64', false, () => u64(this.patch));
      case 'Prerelease':
        return method(name, [], 'string', false, () => this.pre);
      case 'Metadata':
        return method(name, [], 'string', false, () => this.metadata);
      case 'IncPatch':
        return method(name, [], vt, false, () => this.incPatch());
      case 'IncMinor':
        return method(name, [], vt, false, () => this.incMinor());
      case 'IncMajor':
        return method(name, [], vt, false, () => this.incMajor());
      case 'SetPrerelease':
        return method(name, ['string'], vt, true, set('pre'));
      case 'SetMetadata':
        return method(name, ['string'], vt, true, set('metadata'));
      case 'MarshalJSON':
        return method(name, [], '[]uint8', true, () => bytes(this.marshalJSON()));
      case 'MarshalText':
        return method(name, [], '[]uint8', true, () => bytes(this.stringer()));
      case 'Value':
        return method(name, [], 'driver.Value', true, () => this.stringer());
    }
    if (!this.pointer) return undefined;
    const ptr = '*semver.Version';
    switch (name) {
      case 'Original':
        return method(name, [], 'string', false, () => this.original);
      case 'Compare':
        return method(name, [ptr], 'int', false, (a) => BigInt(this.compare(other(a))));
      case 'Equal':
        return method(name, [ptr], 'bool', false, (a) => this.compare(other(a)) === 0);
      case 'LessThan':
        return method(name, [ptr], 'bool', false, (a) => this.compare(other(a)) < 0);
      case 'LessThanEqual':
        return method(name, [ptr], 'bool', false, (a) => this.compare(other(a)) <= 0);
      case 'GreaterThan':
        return method(name, [ptr], 'bool', false, (a) => this.compare(other(a)) > 0);
      case 'GreaterThanEqual':
        return method(name, [ptr], 'bool', false, (a) => this.compare(other(a)) >= 0);
    }
    return undefined;
  }
}

// ---- constraints ----

const WS = '[\\t\\n\\f\\r ]';
const CV =
  'v?([0-9|x|X|\\*]+)(\\.[0-9|x|X|\\*]+)?(\\.[0-9|x|X|\\*]+)?' +
  '(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?' +
  '(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?';
const OPS = '=||!=|>|<|>=|=>|<=|=<|~|~>|\\^';

const constraintRe = RE2JS.compile(`^${WS}*(${OPS})${WS}*(${CV})${WS}*$`);
const rangeRe = RE2JS.compile(`${WS}*(${CV})${WS}+-${WS}+(${CV})${WS}*`);
const findRe = RE2JS.compile(`(${OPS})${WS}*(${CV})`);
const validRe = RE2JS.compile(
  `^(${WS}*(${OPS})${WS}*(${CV})${WS}*)((?:${WS}+|,${WS}*)(${OPS})${WS}*(${CV})${WS}*)*$`,
);

/** All matches of `re` in `s` with their groups ("" for groups that did not take part). */
function findAll(re: RE2JS, s: string): string[][] {
  const out: string[][] = [];
  const m = re.matcher(s);
  while (m.find()) {
    const groups: string[] = [];
    for (let g = 0; g <= m.groupCount(); g++) groups.push(m.group(g) ?? '');
    out.push(groups);
  }
  return out;
}

interface Constraint {
  con: SemverVersion;
  orig: string;
  op: string;
  minorDirty: boolean;
  patchDirty: boolean;
  dirty: boolean;
}

function isX(x: string): boolean {
  return x === 'x' || x === '*' || x === 'X';
}

function parseConstraint(c: string): Constraint {
  const m = findAll(constraintRe, c)[0];
  if (!m) throw new GoError(`improper constraint: ${quote(c)}`);
  const [op, orig, major, minor, patch, pre] = [m[1]!, m[2]!, m[3]!, m[4]!, m[5]!, m[6]!];
  let ver = orig;
  let minorDirty = false;
  let patchDirty = false;
  let dirty = false;
  if (isX(major) || major === '') {
    ver = `0.0.0${pre}`;
    dirty = true;
  } else if (isX(minor.replace(/^\./, '')) || minor === '') {
    minorDirty = true;
    dirty = true;
    ver = `${major}.0.0${pre}`;
  } else if (isX(patch.replace(/^\./, '')) || patch === '') {
    dirty = true;
    patchDirty = true;
    ver = `${major}${minor}.0${pre}`;
  }
  let con: SemverVersion;
  try {
    con = SemverVersion.parse(ver);
  } catch {
    throw new GoError('constraint parser error');
  }
  return { con, orig, op, minorDirty, patchDirty, dirty };
}

function rewriteRange(s: string): string {
  let o = s;
  for (const m of findAll(rangeRe, s)) o = o.replace(m[0]!, `>= ${m[1]}, <= ${m[11]} `);
  return o;
}

/** An AND group of constraints; prereleases match only when one of them has a prerelease. */
interface Group {
  constraints: Constraint[];
  includePre: boolean;
}

/** Parsed constraints (or their error) by text: templates check the same few constraints many times. */
const constraintCache = new Map<string, Group[] | GoError>();

/** semver.NewConstraint: OR groups of AND constraints. */
export function parseConstraints(c: string): Group[] {
  let r = constraintCache.get(c);
  if (r === undefined) {
    try {
      r = parseConstraintsUncached(c);
    } catch (e) {
      if (!(e instanceof GoError)) throw e;
      r = e;
    }
    if (constraintCache.size >= 1024) constraintCache.clear();
    constraintCache.set(c, r);
  }
  if (r instanceof GoError) throw new GoError(r.message);
  return r;
}

function parseConstraintsUncached(c: string): Group[] {
  if (c.length > MAX_CONSTRAINT_LEN)
    throw new GoError(`constraint string is too long (max ${MAX_CONSTRAINT_LEN} bytes)`);
  const ors = rewriteRange(c).split('||');
  if (ors.length > MAX_CONSTRAINT_GROUPS)
    throw new GoError(`too many constraint groups (max ${MAX_CONSTRAINT_GROUPS})`);
  return ors.map((v) => {
    if (!validRe.matcher(v).find()) throw new GoError(`improper constraint: ${quote(v)}`);
    const cs = findAll(findRe, v).map((m) => m[0]!);
    const constraints = (cs.length === 0 ? [v] : cs).map(parseConstraint);
    return { constraints, includePre: constraints.some((k) => k.con.pre !== '') };
  });
}

function tilde(v: SemverVersion, c: Constraint): boolean {
  if (v.compare(c.con) < 0) return false;
  if (c.con.major === 0n && c.con.minor === 0n && c.con.patch === 0n && !c.minorDirty && !c.patchDirty)
    return true;
  if (v.major !== c.con.major) return false;
  return !(v.minor !== c.con.minor && !c.minorDirty);
}

function caret(v: SemverVersion, c: Constraint): boolean {
  if (v.compare(c.con) < 0) return false;
  if (c.con.major > 0n || c.minorDirty) return v.major === c.con.major;
  if (v.major > 0n) return false;
  if (c.con.minor > 0n || c.patchDirty) return v.minor === c.con.minor;
  if (v.minor > 0n) return false;
  return c.con.patch === v.patch;
}

function notEqual(v: SemverVersion, c: Constraint): boolean {
  if (c.dirty) {
    if (c.con.major !== v.major) return true;
    if (c.con.minor !== v.minor && !c.minorDirty) return true;
    if (c.minorDirty) return false;
    if (c.con.patch !== v.patch && !c.patchDirty) return true;
    if (c.patchDirty) {
      if (v.pre !== '' || c.con.pre !== '') return comparePrerelease(v.pre, c.con.pre) !== 0;
      return false;
    }
  }
  return v.compare(c.con) !== 0;
}

function check(v: SemverVersion, c: Constraint, includePre: boolean): boolean {
  if (v.pre !== '' && !includePre) return false;
  switch (c.op) {
    case '!=':
      return notEqual(v, c);
    case '':
    case '=':
      return c.dirty ? tilde(v, c) : v.compare(c.con) === 0;
    case '>':
      if (!c.dirty) return v.compare(c.con) === 1;
      if (v.major !== c.con.major) return v.major > c.con.major;
      if (c.minorDirty) return false;
      if (c.patchDirty) return v.minor > c.con.minor;
      return v.compare(c.con) === 1;
    case '<':
      return v.compare(c.con) < 0;
    case '>=':
    case '=>':
      return v.compare(c.con) >= 0;
    case '<=':
    case '=<':
      if (!c.dirty) return v.compare(c.con) <= 0;
      if (v.major > c.con.major) return false;
      return !(v.major === c.con.major && v.minor > c.con.minor && !c.minorDirty);
    case '~':
    case '~>':
      return tilde(v, c);
    default:
      return caret(v, c);
  }
}

/** Constraints.Check: some OR group whose constraints all hold. */
export function checkConstraints(groups: Group[], v: SemverVersion): boolean {
  return groups.some((g) => g.constraints.every((c) => check(v, c, g.includePre)));
}

export const funcs: GoFunc[] = [
  goFunc('semver', { params: ['string'], result: '*semver.Version', returnsError: true }, ([v]) =>
    SemverVersion.parse(v as string),
  ),
  goFunc('semverCompare', { params: ['string', 'string'], result: 'bool', returnsError: true }, ([c, v]) => {
    const groups = parseConstraints(c as string);
    return checkConstraints(groups, SemverVersion.parse(v as string));
  }),
];
