/**
 * Sprig's date functions: ago, date, dateInZone (date_in_zone), dateModify
 * (date_modify), mustDateModify (must_date_modify), duration, durationRound,
 * htmlDate, htmlDateInZone, now, toDate, mustToDate, unixEpoch — over Go's
 * time.Time (`GoTime`) and reference-time layouts.
 */
import { GoError, type GoFunc, GoNumber, type GoValue, goFunc } from '../value.js';
import {
  DurationParseError,
  formatDuration,
  GoTime,
  loadLocation,
  local,
  parseDuration,
  parseTime,
  TimeParseError,
  UnknownTimeZoneError,
  UTC,
} from './gotime.js';
import { parseGoInt } from './strconv.js';

const I = 'interface {}';
const T = 'time.Time';

/** The time a date argument stands for: a time.Time, or Unix seconds as int / int64 / int32; anything else is now. */
function timeOf(v: GoValue, acceptInt32: boolean): GoTime {
  if (v instanceof GoTime) return v;
  if (typeof v === 'bigint') return GoTime.unix(Number(v));
  if (v instanceof GoNumber && (v.type === 'int64' || (acceptInt32 && v.type === 'int32'))) {
    return GoTime.unix(Number(v.value));
  }
  return GoTime.now();
}

function dateInZone(layout: string, date: GoValue, zone: string): string {
  const t = timeOf(date, true);
  let loc: ReturnType<typeof loadLocation>;
  try {
    loc = loadLocation(zone);
  } catch (e) {
    if (!(e instanceof UnknownTimeZoneError)) throw e;
    loc = UTC;
  }
  return t.in(loc).format(layout);
}

/** time.Duration.Round(m). */
function roundDuration(d: bigint, m: bigint): bigint {
  const max = (1n << 63n) - 1n;
  const min = -(1n << 63n);
  const lessThanHalf = (x: bigint, y: bigint) => BigInt.asUintN(64, x + x) < BigInt.asUintN(64, y);
  let r = d % m;
  if (d < 0n) {
    r = -r;
    if (lessThanHalf(r, m)) return d + r;
    const d1 = d - m + r;
    return d1 < d && d1 >= min ? d1 : min;
  }
  if (lessThanHalf(r, m)) return d - r;
  const d1 = d + m - r;
  return d1 > d && d1 <= max ? d1 : max;
}

function since(t: GoTime): bigint {
  return GoTime.now().sub(t);
}

const SECOND = 1_000_000_000n;
const HOUR = 3600n * SECOND;

function durationRound(v: GoValue): string {
  let d = 0n;
  if (typeof v === 'string') {
    try {
      d = parseDuration(v);
    } catch (e) {
      if (!(e instanceof DurationParseError)) throw e;
    }
  } else if (v instanceof GoNumber && v.type === 'int64') d = v.value as bigint;
  else if (v instanceof GoTime) d = since(v);
  let u = BigInt.asUintN(64, d);
  if (d < 0n) u = BigInt.asUintN(64, -u);
  const units: [bigint, string][] = [
    [HOUR * 24n * 365n, 'y'],
    [HOUR * 24n * 30n, 'mo'],
    [HOUR * 24n, 'd'],
    [HOUR, 'h'],
    [60n * SECOND, 'm'],
    [SECOND, 's'],
  ];
  for (const [size, suffix] of units) if (u > size) return `${u / size}${suffix}`;
  return '0s';
}

function duration(v: GoValue): string {
  let n = 0n;
  if (typeof v === 'string') n = parseGoInt(v, 10, 64).value;
  else if (v instanceof GoNumber && v.type === 'int64') n = v.value as bigint;
  return formatDuration(BigInt.asIntN(64, n * SECOND));
}

function dateModify(layout: string, date: GoValue, must: boolean): GoValue {
  const t = date as GoTime;
  try {
    return t.add(parseDuration(layout));
  } catch (e) {
    if (!(e instanceof DurationParseError)) throw e;
    if (must) throw new GoError(e.message);
    return t;
  }
}

function toDate(layout: string, value: string, must: boolean): GoTime {
  try {
    return parseTime(layout, value, local(), local());
  } catch (e) {
    if (!(e instanceof TimeParseError)) throw e;
    if (must) throw new GoError(e.message);
    return GoTime.zero();
  }
}

const sig = (params: string[], result: string, returnsError = false) => ({ params, result, returnsError });

export const funcs: GoFunc[] = [
  goFunc('ago', sig([I], 'string'), ([d]) => formatDuration(roundDuration(since(timeOf(d, false)), SECOND))),
  goFunc('date', sig(['string', I], 'string'), ([f, d]) => dateInZone(f as string, d, 'Local')),
  goFunc('date_in_zone', sig(['string', I, 'string'], 'string'), ([f, d, z]) =>
    dateInZone(f as string, d, z as string),
  ),
  goFunc('dateInZone', sig(['string', I, 'string'], 'string'), ([f, d, z]) =>
    dateInZone(f as string, d, z as string),
  ),
  goFunc('date_modify', sig(['string', T], T), ([f, d]) => dateModify(f as string, d, false)),
  goFunc('dateModify', sig(['string', T], T), ([f, d]) => dateModify(f as string, d, false)),
  goFunc('must_date_modify', sig(['string', T], T, true), ([f, d]) => dateModify(f as string, d, true)),
  goFunc('mustDateModify', sig(['string', T], T, true), ([f, d]) => dateModify(f as string, d, true)),
  goFunc('duration', sig([I], 'string'), ([v]) => duration(v)),
  goFunc('durationRound', sig([I], 'string'), ([v]) => durationRound(v)),
  goFunc('htmlDate', sig([I], 'string'), ([d]) => dateInZone('2006-01-02', d, 'Local')),
  goFunc('htmlDateInZone', sig([I, 'string'], 'string'), ([d, z]) =>
    dateInZone('2006-01-02', d, z as string),
  ),
  goFunc('now', sig([], T), () => GoTime.now()),
  goFunc('toDate', sig(['string', 'string'], T), ([f, s]) => toDate(f as string, s as string, false)),
  goFunc('mustToDate', sig(['string', 'string'], T, true), ([f, s]) =>
    toDate(f as string, s as string, true),
  ),
  goFunc('unixEpoch', sig([T], 'string'), ([d]) => String((d as GoTime).sec)),
];
