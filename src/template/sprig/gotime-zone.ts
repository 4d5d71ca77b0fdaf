/**
 * Go's *time.Location: UTC, fixed zones, zones loaded from the system's TZif
 * database (with the POSIX TZ footer rule for instants past the last
 * transition), and `Local` resolved from $TZ / /etc/localtime the way Go's
 * runtime does it.
 */
import { readFileSync } from 'node:fs';

export interface ZoneAt {
  /** Abbreviation, e.g. `UTC`, `EST`, `CEST`, `+03`. */
  readonly name: string;
  /** Seconds east of UTC. */
  readonly offset: number;
  readonly isDST: boolean;
}

interface Transition {
  readonly when: number;
  readonly index: number;
}

export class GoLocation {
  constructor(
    readonly name: string,
    private readonly zones: readonly ZoneAt[],
    private readonly transitions: readonly Transition[] = [],
    private readonly extend = '',
  ) {}

  /** The zone in effect at the instant `sec` (Unix seconds). */
  lookup(sec: number): ZoneAt {
    if (this.zones.length === 0) return { name: 'UTC', offset: 0, isDST: false };
    const tx = this.transitions;
    if (tx.length === 0 || sec < tx[0]!.when) return this.zones[this.firstZoneIndex()]!;
    let lo = 0;
    let hi = tx.length;
    while (hi - lo > 1) {
      const m = (lo + hi) >> 1;
      if (sec < tx[m]!.when) hi = m;
      else lo = m;
    }
    if (lo === tx.length - 1 && this.extend !== '') {
      const z = posixZoneAt(this.extend, sec);
      if (z) return z;
    }
    return this.zones[tx[lo]!.index]!;
  }

  /** Offset of the zone called `abbrev` in effect around `unix` (Go's lookupName), for parsing `MST`. */
  lookupName(abbrev: string, unix: number): number | undefined {
    for (const z of this.zones) {
      if (z.name === abbrev) {
        const at = this.lookup(unix - z.offset);
        if (at.name === z.name) return at.offset;
      }
    }
    for (const z of this.zones) if (z.name === abbrev) return z.offset;
    return undefined;
  }

  /** Go's lookupFirstZone: the zone used before the first transition. */
  private firstZoneIndex(): number {
    const tx = this.transitions;
    if (!tx.some((t) => t.index === 0)) return 0;
    if (tx.length > 0 && this.zones[tx[0]!.index]!.isDST) {
      for (let zi = tx[0]!.index - 1; zi >= 0; zi--) if (!this.zones[zi]!.isDST) return zi;
    }
    for (let zi = 0; zi < this.zones.length; zi++) if (!this.zones[zi]!.isDST) return zi;
    return 0;
  }

  withName(name: string): GoLocation {
    return new GoLocation(name, this.zones, this.transitions, this.extend);
  }
}

export const UTC = new GoLocation('UTC', []);

/** time.FixedZone(name, offset). */
export function fixedZone(name: string, offset: number): GoLocation {
  return new GoLocation(name, [{ name, offset, isDST: false }]);
}

export class UnknownTimeZoneError extends Error {}

const ZONE_DIRS = [
  '/usr/share/zoneinfo/',
  '/usr/share/lib/zoneinfo/',
  '/usr/lib/locale/TZ/',
  '/etc/zoneinfo/',
];

type ZoneReader = (path: string) => Uint8Array | undefined;

let readZoneFile: ZoneReader = (path) => {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
};

const cache = new Map<string, GoLocation | null>();

/** Replace the zoneinfo file reader (tests). Clears the cache and the Local zone. */
export function setZoneReader(reader: ZoneReader): void {
  readZoneFile = reader;
  cache.clear();
  localLoc = undefined;
}

function loadFrom(name: string, dirs: readonly string[]): GoLocation | undefined {
  const key = `${dirs.join('|')}\0${name}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  let loc: GoLocation | undefined;
  for (const dir of dirs) {
    const path = dir === '' ? name : dir.endsWith('/') ? dir + name : `${dir}/${name}`;
    const data = readZoneFile(path);
    if (data === undefined) continue;
    loc = parseTzif(name, data);
    if (loc) break;
  }
  cache.set(key, loc ?? null);
  return loc;
}

/** time.LoadLocation(name): throws UnknownTimeZoneError with Go's message. */
export function loadLocation(name: string): GoLocation {
  if (name === '' || name === 'UTC') return UTC;
  if (name === 'Local') return local();
  if (name.includes('..') || name[0] === '/' || name[0] === '\\') {
    throw new UnknownTimeZoneError('time: invalid location name');
  }
  const dirs = process.env.ZONEINFO ? [process.env.ZONEINFO, ...ZONE_DIRS] : ZONE_DIRS;
  const loc = loadFrom(name, dirs);
  if (!loc) throw new UnknownTimeZoneError(`unknown time zone ${name}`);
  return loc;
}

let localLoc: GoLocation | undefined;

/** time.Local, resolved once like Go's initLocal. */
export function local(): GoLocation {
  localLoc ??= initLocal();
  return localLoc;
}

function initLocal(): GoLocation {
  let tz = process.env.TZ;
  if (tz === undefined) {
    const z = loadFrom('localtime', ['/etc']);
    if (z) return z.withName('Local');
  } else if (tz !== '') {
    if (tz[0] === ':') tz = tz.slice(1);
    if (tz !== '' && tz[0] === '/') {
      const z = loadFrom(tz, ['']);
      if (z) return z.withName(tz === '/etc/localtime' ? 'Local' : tz);
    } else if (tz !== '' && tz !== 'UTC') {
      const z = loadFrom(tz, ZONE_DIRS);
      if (z) return z;
    }
  }
  return new GoLocation('UTC', []);
}

/** Parse a TZif file (versions 1–4). Returns undefined when the data is not TZif. */
export function parseTzif(name: string, data: Uint8Array): GoLocation | undefined {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const magic = String.fromCharCode(...data.subarray(0, 4));
  if (magic !== 'TZif' || data.length < 44) return undefined;
  const version = data[4]!;
  type Counts = [number, number, number, number, number, number];
  const counts = (at: number) => [0, 1, 2, 3, 4, 5].map((i) => view.getUint32(at + 20 + 4 * i)) as Counts;
  let [isut, isstd, leap, timecnt, typecnt, charcnt] = counts(0);
  let pos = 44;
  let timeSize = 4;
  if (version >= 0x32) {
    pos += timecnt * 4 + timecnt + typecnt * 6 + charcnt + leap * 8 + isstd + isut;
    if (pos + 44 > data.length) return undefined;
    [isut, isstd, leap, timecnt, typecnt, charcnt] = counts(pos);
    pos += 44;
    timeSize = 8;
  }
  const transitions: Transition[] = [];
  const whens: number[] = [];
  for (let i = 0; i < timecnt; i++) {
    whens.push(timeSize === 8 ? Number(view.getBigInt64(pos + 8 * i)) : view.getInt32(pos + 4 * i));
  }
  pos += timecnt * timeSize;
  for (let i = 0; i < timecnt; i++) transitions.push({ when: whens[i]!, index: data[pos + i]! });
  pos += timecnt;
  const raw: { offset: number; isDST: boolean; abbr: number }[] = [];
  for (let i = 0; i < typecnt; i++) {
    raw.push({ offset: view.getInt32(pos), isDST: data[pos + 4] !== 0, abbr: data[pos + 5]! });
    pos += 6;
  }
  const chars = data.subarray(pos, pos + charcnt);
  pos += charcnt + leap * (timeSize + 4) + isstd + isut;
  const zones: ZoneAt[] = raw.map((z) => {
    let end = z.abbr;
    while (end < chars.length && chars[end] !== 0) end++;
    return { name: String.fromCharCode(...chars.subarray(z.abbr, end)), offset: z.offset, isDST: z.isDST };
  });
  let extend = '';
  if (timeSize === 8 && data[pos] === 0x0a) {
    const nl = data.indexOf(0x0a, pos + 1);
    if (nl > pos) extend = String.fromCharCode(...data.subarray(pos + 1, nl));
  }
  if (zones.length === 0) return undefined;
  return new GoLocation(
    name,
    zones,
    transitions.filter((t) => t.index < zones.length),
    extend,
  );
}

// ---- POSIX TZ strings (the TZif footer), as Go's tzset evaluates them ----

interface Rule {
  kind: 'J' | 'N' | 'M';
  day: number;
  week: number;
  mon: number;
  time: number;
}

function posixZoneAt(tz: string, sec: number): ZoneAt | undefined {
  const p = { s: tz };
  const stdName = tzName(p);
  if (stdName === undefined) return undefined;
  const stdOff = tzOffset(p);
  if (stdOff === undefined) return undefined;
  const stdOffset = -stdOff;
  if (p.s === '' || p.s[0] === ',' || p.s[0] === ';') {
    if (p.s === '') return { name: stdName, offset: stdOffset, isDST: false };
  }
  const dstName = tzName(p);
  if (dstName === undefined) return undefined;
  let dstOffset = stdOffset + 3600;
  if (p.s !== '' && p.s[0] !== ',' && p.s[0] !== ';') {
    const o = tzOffset(p);
    if (o === undefined) return undefined;
    dstOffset = -o;
  }
  if (p.s === '') p.s = ',M3.2.0,M11.1.0';
  if (p.s[0] !== ',' && p.s[0] !== ';') return undefined;
  p.s = p.s.slice(1);
  const startRule = tzRule(p);
  if (!startRule || p.s[0] !== ',') return undefined;
  p.s = p.s.slice(1);
  const endRule = tzRule(p);
  if (!endRule || p.s !== '') return undefined;

  const days = Math.floor(sec / 86400);
  const year = civilFromDays(days).year;
  const ysec = (days - daysFromCivil(year, 1, 1)) * 86400 + (sec - days * 86400);
  let startSec = ruleTime(year, startRule, stdOffset);
  let endSec = ruleTime(year, endRule, dstOffset);
  let dstIsDST = true;
  let stdIsDST = false;
  let sName = stdName;
  let dName = dstName;
  let sOff = stdOffset;
  let dOff = dstOffset;
  if (endSec < startSec) {
    [startSec, endSec] = [endSec, startSec];
    [sName, dName] = [dName, sName];
    [sOff, dOff] = [dOff, sOff];
    [stdIsDST, dstIsDST] = [dstIsDST, stdIsDST];
  }
  if (ysec < startSec || ysec >= endSec) return { name: sName, offset: sOff, isDST: stdIsDST };
  return { name: dName, offset: dOff, isDST: dstIsDST };
}

function tzName(p: { s: string }): string | undefined {
  if (p.s.length < 3) return undefined;
  if (p.s[0] === '<') {
    const end = p.s.indexOf('>');
    if (end < 0) return undefined;
    const name = p.s.slice(1, end);
    p.s = p.s.slice(end + 1);
    return name;
  }
  let i = 0;
  while (i < p.s.length && !/[0-9,+-]/.test(p.s[i]!)) i++;
  if (i < 3) return undefined;
  const name = p.s.slice(0, i);
  p.s = p.s.slice(i);
  return name;
}

function tzNum(p: { s: string }, min: number, max: number): number | undefined {
  const m = /^[0-9]+/.exec(p.s);
  if (!m) return undefined;
  const n = Number(m[0]);
  if (n < min || n > max) return undefined;
  p.s = p.s.slice(m[0].length);
  return n;
}

/** [+-]hh[:mm[:ss]] in seconds. */
function tzOffset(p: { s: string }, maxHours = 24 * 7): number | undefined {
  let neg = false;
  if (p.s[0] === '+') p.s = p.s.slice(1);
  else if (p.s[0] === '-') {
    neg = true;
    p.s = p.s.slice(1);
  }
  const h = tzNum(p, 0, maxHours);
  if (h === undefined) return undefined;
  let off = h * 3600;
  if (p.s[0] === ':') {
    p.s = p.s.slice(1);
    const m = tzNum(p, 0, 59);
    if (m === undefined) return undefined;
    off += m * 60;
    if (p.s[0] === ':') {
      p.s = p.s.slice(1);
      const s = tzNum(p, 0, 59);
      if (s === undefined) return undefined;
      off += s;
    }
  }
  return neg ? -off : off;
}

function tzRule(p: { s: string }): Rule | undefined {
  const r: Rule = { kind: 'M', day: 0, week: 0, mon: 0, time: 7200 };
  if (p.s[0] === 'J') {
    p.s = p.s.slice(1);
    const d = tzNum(p, 1, 365);
    if (d === undefined) return undefined;
    r.kind = 'J';
    r.day = d;
  } else if (p.s[0] === 'M') {
    p.s = p.s.slice(1);
    const mon = tzNum(p, 1, 12);
    if (mon === undefined || p.s[0] !== '.') return undefined;
    p.s = p.s.slice(1);
    const week = tzNum(p, 1, 5);
    if (week === undefined || p.s[0] !== '.') return undefined;
    p.s = p.s.slice(1);
    const day = tzNum(p, 0, 6);
    if (day === undefined) return undefined;
    Object.assign(r, { kind: 'M', mon, week, day });
  } else {
    const d = tzNum(p, 0, 365);
    if (d === undefined) return undefined;
    r.kind = 'N';
    r.day = d;
  }
  if (p.s[0] === '/') {
    p.s = p.s.slice(1);
    const t = tzOffset(p, 167);
    if (t === undefined) return undefined;
    r.time = t;
  }
  return r;
}

function isLeap(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

/** Seconds since the start of `year` (UTC) at which the rule fires, given the offset in effect before it. */
function ruleTime(year: number, r: Rule, off: number): number {
  let s: number;
  if (r.kind === 'J') {
    s = (r.day - 1) * 86400;
    if (isLeap(year) && r.day >= 60) s += 86400;
  } else if (r.kind === 'N') {
    s = r.day * 86400;
  } else {
    const first = daysFromCivil(year, r.mon, 1);
    const wd = (((first + 4) % 7) + 7) % 7;
    let d = r.day - wd;
    if (d < 0) d += 7;
    const monthDays = daysIn(r.mon, year);
    for (let i = 1; i < r.week; i++) {
      if (d + 7 >= monthDays) break;
      d += 7;
    }
    s = (first - daysFromCivil(year, 1, 1) + d) * 86400;
  }
  return s + r.time - off;
}

// ---- civil calendar (proleptic Gregorian) ----

/** Days since 1970-01-01 of the given civil date (month 1–12; out-of-range days are fine). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function daysIn(month: number, year: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

export { isLeap };
