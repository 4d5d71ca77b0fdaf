/**
 * Go's time.Time as a template value (`GoTime`), its named helper types
 * (time.Month, time.Weekday, time.Duration), and the package-level functions
 * the template functions need: Now, Unix, Date, Parse/ParseInLocation.
 *
 * A GoTime is an instant (Unix seconds + nanoseconds) plus a location; like Go,
 * times from `now()` carry a monotonic clock reading that `String()` prints as
 * ` m=+0.001234567`.
 */
import {
  type CallContext,
  GoError,
  type GoMember,
  GoNumber,
  GoStruct,
  type GoValue,
  goFunc,
} from '../value.js';
import { formatDuration, HOUR, MINUTE, SECOND, toInt64 } from './gotime-duration.js';
import { type Fields, formatFields, LONG_DAYS, LONG_MONTHS } from './gotime-layout.js';
import { parseLayout } from './gotime-parse.js';
import { civilFromDays, daysFromCivil, fixedZone, type GoLocation, local, UTC } from './gotime-zone.js';

export { DurationParseError, formatDuration, parseDuration } from './gotime-duration.js';
export { TimeParseError } from './gotime-parse.js';
export { fixedZone, GoLocation, loadLocation, local, UnknownTimeZoneError, UTC } from './gotime-zone.js';

/** Unix seconds of Go's zero time, 0001-01-01 00:00:00 UTC. */
const ZERO_SEC = -62135596800;

export const RFC3339 = '2006-01-02T15:04:05Z07:00';
export const RFC3339_NANO = '2006-01-02T15:04:05.999999999Z07:00';

/** A named Go integer type with a String method (time.Month, time.Weekday). */
export class GoNamedInt extends GoStruct {
  constructor(
    readonly goType: string,
    readonly value: bigint,
    private readonly text: string,
  ) {
    super();
  }
  fields(): ReadonlyArray<readonly [string, GoValue]> {
    return [];
  }
  member(name: string): GoMember | undefined {
    if (name === 'String') return method('String', [], 'string', () => this.text);
    return undefined;
  }
  override stringer(): string {
    return this.text;
  }
}

/** time.Duration (int64 nanoseconds). */
export class GoDuration extends GoStruct {
  readonly goType = 'time.Duration';
  constructor(readonly ns: bigint) {
    super();
  }
  fields(): ReadonlyArray<readonly [string, GoValue]> {
    return [];
  }
  member(name: string): GoMember | undefined {
    const d = this.ns;
    const fl = (unit: bigint) => Number(d / unit) + Number(d % unit) / Number(unit);
    switch (name) {
      case 'String':
        return method(name, [], 'string', () => formatDuration(d));
      case 'Hours':
        return method(name, [], 'float64', () => fl(HOUR));
      case 'Minutes':
        return method(name, [], 'float64', () => fl(MINUTE));
      case 'Seconds':
        return method(name, [], 'float64', () => fl(SECOND));
      case 'Milliseconds':
        return method(name, [], 'int64', () => new GoNumber('int64', d / 1_000_000n));
      case 'Microseconds':
        return method(name, [], 'int64', () => new GoNumber('int64', d / 1000n));
      case 'Nanoseconds':
        return method(name, [], 'int64', () => new GoNumber('int64', d));
      case 'Abs':
        return method(name, [], 'time.Duration', () => new GoDuration(d < 0n ? toInt64(-d) : d));
    }
    return undefined;
  }
  override stringer(): string {
    return formatDuration(this.ns);
  }
}

function method(
  name: string,
  params: string[],
  result: string,
  impl: (args: GoValue[], ctx: CallContext) => GoValue,
): GoMember {
  return { kind: 'method', fn: goFunc(name, { params, result, returnsError: false }, impl) };
}

/**
 * time.Duration parameters are declared `interface {}` (the value model has no
 * named integer types) and checked here: a Duration, or an integer such as an
 * untyped constant, which Go converts.
 */
const ANY = 'interface {}';

/** Nanoseconds of a time.Duration argument (a GoDuration or any Go integer). */
export function durationArg(v: GoValue): bigint {
  if (v instanceof GoDuration) return v.ns;
  if (typeof v === 'bigint') return v;
  if (v instanceof GoNumber && typeof v.value === 'bigint') return v.value;
  throw new GoError(`wrong type for value; expected time.Duration; got ${goTypeName(v)}`);
}

function goTypeName(v: GoValue): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof GoNumber) return v.type;
  if (v instanceof GoStruct) return v.goType;
  return 'interface {}';
}

function timeArg(v: GoValue): GoTime {
  if (v instanceof GoTime) return v;
  throw new GoError('wrong type for value; expected time.Time');
}

/** A *time.Location as a template value: prints its name. */
export class GoLocationValue extends GoStruct {
  readonly goType = '*time.Location';
  constructor(readonly loc: GoLocation) {
    super();
  }
  fields(): ReadonlyArray<readonly [string, GoValue]> {
    return [];
  }
  member(name: string): GoMember | undefined {
    if (name === 'String') return method(name, [], 'string', () => this.loc.name);
    return undefined;
  }
  override stringer(): string {
    return this.loc.name;
  }
}

let monoBase: bigint | undefined;

function monotonicNow(): bigint {
  const t = process.hrtime.bigint();
  monoBase ??= t - 1n;
  return t - monoBase;
}

export class GoTime extends GoStruct {
  readonly goType = 'time.Time';

  /**
   * @param sec Unix seconds (an integer)
   * @param nsec nanoseconds within the second, 0..999999999
   * @param loc location used for display
   * @param mono monotonic clock reading in nanoseconds (only for times from `now`)
   */
  constructor(
    readonly sec: number,
    readonly nsec: number,
    readonly loc: GoLocation = UTC,
    readonly mono?: bigint,
  ) {
    super();
  }

  static zero(): GoTime {
    return new GoTime(ZERO_SEC, 0, UTC);
  }

  /** time.Now(): local time with a monotonic reading. */
  static now(): GoTime {
    const ms = Date.now();
    const hr = process.hrtime.bigint() % 1_000_000n;
    const sec = Math.floor(ms / 1000);
    const nsec = (ms - sec * 1000) * 1_000_000 + Number(hr);
    return new GoTime(sec, nsec, local(), monotonicNow());
  }

  /** time.Unix(sec, nsec) in Local. */
  static unix(sec: number, nsec = 0): GoTime {
    const extra = Math.floor(nsec / 1e9);
    return new GoTime(sec + extra, nsec - extra * 1e9, local());
  }

  /** time.Date with Go's normalisation of out-of-range fields. */
  static date(
    year: number,
    month: number,
    day: number,
    hour: number,
    min: number,
    sec: number,
    nsec: number,
    loc: GoLocation,
  ): GoTime {
    const norm = (hi: number, lo: number, base: number): [number, number] => {
      const q = Math.floor(lo / base);
      return [hi + q, lo - q * base];
    };
    let m = month - 1;
    [year, m] = norm(year, m, 12);
    [sec, nsec] = norm(sec, nsec, 1e9);
    [min, sec] = norm(min, sec, 60);
    [hour, min] = norm(hour, min, 60);
    [day, hour] = norm(day, hour, 24);
    const days = daysFromCivil(year, m + 1, 1) + day - 1;
    let unix = days * 86400 + hour * 3600 + min * 60 + sec;
    const off = loc.lookup(unix).offset;
    if (off !== 0) unix -= loc.lookup(unix - off).offset;
    return new GoTime(unix, nsec, loc);
  }

  /** The zone in effect and the broken-down local fields. */
  fieldsOf(): Fields {
    const z = this.loc.lookup(this.sec);
    const local = this.sec + z.offset;
    const days = Math.floor(local / 86400);
    const secOfDay = local - days * 86400;
    const { year, month, day } = civilFromDays(days);
    return {
      year,
      month,
      day,
      yday: days - daysFromCivil(year, 1, 1) + 1,
      weekday: (((days + 4) % 7) + 7) % 7,
      hour: Math.floor(secOfDay / 3600),
      min: Math.floor((secOfDay % 3600) / 60),
      sec: secOfDay % 60,
      nsec: this.nsec,
      zoneName: z.name,
      offset: z.offset,
    };
  }

  format(layout: string): string {
    return formatFields(this.fieldsOf(), layout);
  }

  override toString(): string {
    let s = this.format('2006-01-02 15:04:05.999999999 -0700 MST');
    if (this.mono !== undefined) {
      const m = this.mono < 0n ? -this.mono : this.mono;
      s += ` m=${this.mono < 0n ? '-' : '+'}${m / 1_000_000_000n}.${(m % 1_000_000_000n).toString().padStart(9, '0')}`;
    }
    return s;
  }

  override stringer(): string {
    return this.toString();
  }

  /** Time.GoString, what `%#v` prints: `time.Date(2001, time.December, 14, 0, 0, 0, 0, time.UTC)`. */
  goString(): string {
    const f = this.fieldsOf();
    const loc =
      this.loc === UTC
        ? 'time.UTC'
        : this.loc === local()
          ? 'time.Local'
          : `time.Location(${JSON.stringify(this.loc.name)})`;
    return `time.Date(${f.year}, time.${LONG_MONTHS[f.month - 1]}, ${f.day}, ${f.hour}, ${f.min}, ${f.sec}, ${f.nsec}, ${loc})`;
  }

  in(loc: GoLocation): GoTime {
    return new GoTime(this.sec, this.nsec, loc);
  }

  utc(): GoTime {
    return this.in(UTC);
  }

  /** Nanoseconds since the Unix epoch. */
  unixNano(): bigint {
    return BigInt(this.sec) * 1_000_000_000n + BigInt(this.nsec);
  }

  add(d: bigint): GoTime {
    const total = BigInt(this.nsec) + d;
    const q = total >= 0n ? total / SECOND : -((-total + SECOND - 1n) / SECOND);
    const nsec = Number(total - q * SECOND);
    const mono = this.mono === undefined ? undefined : this.mono + d;
    return new GoTime(this.sec + Number(q), nsec, this.loc, mono);
  }

  /** t.Sub(u) as int64 nanoseconds, saturating like Go. */
  sub(u: GoTime): bigint {
    if (this.mono !== undefined && u.mono !== undefined) return toInt64(this.mono - u.mono);
    const d = this.unixNano() - u.unixNano();
    const max = (1n << 63n) - 1n;
    if (d > max) return max;
    if (d < -max - 1n) return -max - 1n;
    return d;
  }

  addDate(years: number, months: number, days: number): GoTime {
    const f = this.fieldsOf();
    return GoTime.date(
      f.year + years,
      f.month + months,
      f.day + days,
      f.hour,
      f.min,
      f.sec,
      f.nsec,
      this.loc,
    );
  }

  isZero(): boolean {
    return this.sec === ZERO_SEC && this.nsec === 0;
  }

  /** t.Truncate(d) / t.Round(d): relative to Go's zero time. */
  roundTo(d: bigint, round: boolean): GoTime {
    const stripped = new GoTime(this.sec, this.nsec, this.loc);
    if (d <= 0n) return stripped;
    const abs = (BigInt(this.sec) - BigInt(ZERO_SEC)) * SECOND + BigInt(this.nsec);
    let r = abs % d;
    if (r < 0n) r += d;
    if (round && r + r >= d) return stripped.add(d - r);
    return stripped.add(-r);
  }

  fields(): ReadonlyArray<readonly [string, GoValue]> {
    return [];
  }

  member(name: string): GoMember | undefined {
    const f = () => this.fieldsOf();
    const int = (n: number) => BigInt(n);
    const int64 = (n: bigint) => new GoNumber('int64', toInt64(n));
    switch (name) {
      case 'Year':
        return method(name, [], 'int', () => int(f().year));
      case 'Month': {
        return method(name, [], 'time.Month', () => {
          const m = f().month;
          return new GoNamedInt('time.Month', BigInt(m), LONG_MONTHS[m - 1]!);
        });
      }
      case 'Day':
        return method(name, [], 'int', () => int(f().day));
      case 'Hour':
        return method(name, [], 'int', () => int(f().hour));
      case 'Minute':
        return method(name, [], 'int', () => int(f().min));
      case 'Second':
        return method(name, [], 'int', () => int(f().sec));
      case 'Nanosecond':
        return method(name, [], 'int', () => int(this.nsec));
      case 'YearDay':
        return method(name, [], 'int', () => int(f().yday));
      case 'Weekday':
        return method(name, [], 'time.Weekday', () => {
          const w = f().weekday;
          return new GoNamedInt('time.Weekday', BigInt(w), LONG_DAYS[w]!);
        });
      case 'Unix':
        return method(name, [], 'int64', () => int64(BigInt(this.sec)));
      case 'UnixMilli':
        return method(name, [], 'int64', () => int64(floorDiv(this.unixNano(), 1_000_000n)));
      case 'UnixMicro':
        return method(name, [], 'int64', () => int64(floorDiv(this.unixNano(), 1000n)));
      case 'UnixNano':
        return method(name, [], 'int64', () => int64(this.unixNano()));
      case 'UTC':
        return method(name, [], 'time.Time', () => this.utc());
      case 'Local':
        return method(name, [], 'time.Time', () => this.in(local()));
      case 'Location':
        return method(name, [], '*time.Location', () => new GoLocationValue(this.loc));
      case 'GoString':
        return method(name, [], 'string', () => this.goString());
      case 'IsZero':
        return method(name, [], 'bool', () => this.isZero());
      case 'IsDST':
        return method(name, [], 'bool', () => this.loc.lookup(this.sec).isDST);
      case 'String':
        return method(name, [], 'string', () => this.toString());
      case 'Format':
        return method(name, ['string'], 'string', ([layout]) => this.format(layout as string));
      case 'Add':
        return method(name, [ANY], 'time.Time', ([d]) => this.add(durationArg(d)));
      case 'AddDate':
        return method(name, ['int', 'int', 'int'], 'time.Time', ([y, m, d]) =>
          this.addDate(Number(y), Number(m), Number(d)),
        );
      case 'Sub':
        return method(name, ['time.Time'], 'time.Duration', ([u]) => new GoDuration(this.sub(timeArg(u))));
      case 'After':
        return method(name, ['time.Time'], 'bool', ([u]) => this.unixNano() > timeArg(u).unixNano());
      case 'Before':
        return method(name, ['time.Time'], 'bool', ([u]) => this.unixNano() < timeArg(u).unixNano());
      case 'Equal':
        return method(name, ['time.Time'], 'bool', ([u]) => this.unixNano() === timeArg(u).unixNano());
      case 'Round':
        return method(name, [ANY], 'time.Time', ([d]) => this.roundTo(durationArg(d), true));
      case 'Truncate':
        return method(name, [ANY], 'time.Time', ([d]) => this.roundTo(durationArg(d), false));
    }
    return undefined;
  }
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/**
 * time.Parse (defaultLoc = UTC) / time.ParseInLocation (defaultLoc = loc):
 * `local` is the location whose zones are matched against a parsed offset or abbreviation.
 * Throws TimeParseError.
 */
export function parseTime(
  layout: string,
  value: string,
  defaultLoc: GoLocation,
  localLoc: GoLocation,
): GoTime {
  const p = parseLayout(layout, value);
  const at = (loc: GoLocation) => GoTime.date(p.year, p.month, p.day, p.hour, p.min, p.sec, p.nsec, loc);
  if (p.utc) return at(UTC);
  if (p.zoneOffset !== undefined) {
    const t = at(UTC);
    const unix = t.sec - p.zoneOffset;
    const z = localLoc.lookup(unix);
    if (z.offset === p.zoneOffset && (p.zoneName === '' || z.name === p.zoneName)) {
      return new GoTime(unix, t.nsec, localLoc);
    }
    return new GoTime(unix, t.nsec, fixedZone(p.zoneName, p.zoneOffset));
  }
  if (p.zoneName !== '') {
    const t = at(UTC);
    const offset = localLoc.lookupName(p.zoneName, t.sec);
    if (offset !== undefined) return new GoTime(t.sec - offset, t.nsec, localLoc);
    let off = 0;
    if (p.zoneName.length > 3 && p.zoneName.startsWith('GMT')) off = Number(p.zoneName.slice(3)) * 3600;
    return new GoTime(t.sec, t.nsec, fixedZone(p.zoneName, off));
  }
  return at(defaultLoc);
}
