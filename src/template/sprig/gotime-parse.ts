/** Go's time.Parse over reference-time layouts, with Go's ParseError messages. */
import { LONG_DAYS, LONG_MONTHS, nextChunk } from './gotime-layout.js';

function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** Go's time.ParseError text. */
export class TimeParseError extends Error {}

/** Go's time-package quote(): ASCII-only quoting with \x escapes. */
export function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x80 || c < 0x20) {
      for (const b of Buffer.from(ch, 'utf8')) out += '\\x' + b.toString(16).padStart(2, '0');
    } else {
      if (ch === '"' || ch === '\\') out += '\\';
      out += ch;
    }
  }
  return out + '"';
}

function parseError(
  layout: string,
  value: string,
  layoutElem: string,
  valueElem: string,
  msg = '',
): TimeParseError {
  if (msg === '') {
    return new TimeParseError(
      `parsing time ${timeQuote(value)} as ${timeQuote(layout)}: cannot parse ${timeQuote(valueElem)} as ${timeQuote(layoutElem)}`,
    );
  }
  return new TimeParseError(`parsing time ${timeQuote(value)}${msg}`);
}

export interface Parsed {
  year: number;
  month: number;
  day: number;
  hour: number;
  min: number;
  sec: number;
  nsec: number;
  /** 'utc' when a Z / UTC was seen. */
  utc: boolean;
  /** Numeric offset seen, in seconds (undefined when none). */
  zoneOffset?: number;
  /** Zone abbreviation seen (MST element). */
  zoneName: string;
}

class Bad extends Error {}

function getnum(s: string, fixed: boolean): [number, string] {
  if (!isDigitAt(s, 0)) throw new Bad();
  if (!isDigitAt(s, 1)) {
    if (fixed) throw new Bad();
    return [s.charCodeAt(0) - 48, s.slice(1)];
  }
  return [(s.charCodeAt(0) - 48) * 10 + (s.charCodeAt(1) - 48), s.slice(2)];
}

function getnum3(s: string, fixed: boolean): [number, string] {
  let n = 0;
  let i = 0;
  for (; i < 3 && isDigitAt(s, i); i++) n = n * 10 + (s.charCodeAt(i) - 48);
  if (i === 0 || (fixed && i !== 3)) throw new Bad();
  return [n, s.slice(i)];
}

/** Go's time-package atoi: optional sign, then digits only (an empty digit run is 0). */
function atoi(s: string): number {
  if (!/^[+-]?[0-9]*$/.test(s)) throw new Bad();
  const n = Number(s.replace(/^[+-]/, '') || '0');
  return s[0] === '-' ? -n : n;
}

function skip(value: string, prefix: string): string {
  while (prefix.length > 0) {
    if (prefix[0] === ' ') {
      if (value.length > 0 && value[0] !== ' ') throw new Bad();
      prefix = prefix.replace(/^ +/, '');
      value = value.replace(/^ +/, '');
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) throw new Bad();
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return value;
}

function lookup(tab: readonly string[], val: string): [number, string] {
  for (let i = 0; i < tab.length; i++) {
    const v = tab[i]!;
    if (val.length >= v.length && val.slice(0, v.length).toLowerCase() === v.toLowerCase()) {
      return [i, val.slice(v.length)];
    }
  }
  throw new Bad();
}

/** Nanoseconds from `.ddd` (value[0] is the separator, nbytes counts it). */
function parseNanos(value: string, nbytes: number): number {
  if (value[0] !== '.' && value[0] !== ',') throw new Bad();
  if (nbytes > 10) nbytes = 10;
  const ns = atoi(value.slice(1, nbytes));
  return ns * 10 ** (10 - nbytes);
}

function parseTimeZone(value: string): number {
  if (value.length < 3) return 0;
  if (value.startsWith('ChST') || value.startsWith('MeST')) return 4;
  if (value.startsWith('GMT')) return 3 + signedOffsetLen(value.slice(3));
  if (value[0] === '+' || value[0] === '-') return signedOffsetLen(value);
  let n = 0;
  while (n < 6 && n < value.length && value[n]! >= 'A' && value[n]! <= 'Z') n++;
  if (n === 3) return 3;
  if (n === 4 && (value[3] === 'T' || value.startsWith('WITA'))) return 4;
  if (n === 5 && value[4] === 'T') return 5;
  return 0;
}

function signedOffsetLen(value: string): number {
  if (value === '') return 0;
  if (value[0] !== '+' && value[0] !== '-') return 0;
  const m = /^[0-9]+/.exec(value.slice(1));
  if (!m || Number(m[0]) > 23) return 0;
  return 1 + m[0].length;
}

const SHORT_MONTHS = LONG_MONTHS.map((m) => m.slice(0, 3));
const SHORT_DAYS = LONG_DAYS.map((d) => d.slice(0, 3));

/** Go's time.parse, up to (not including) building the Time: returns the fields and zone info. */
export function parseLayout(layout: string, value: string): Parsed {
  const alayout = layout;
  const avalue = value;
  let rangeErr = '';
  let amSet = false;
  let pmSet = false;
  let year = 0;
  let month = -1;
  let day = -1;
  let yday = -1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let utc = false;
  let zoneOffset: number | undefined;
  let zoneName = '';
  for (;;) {
    const { prefix, std, stdText, suffix } = nextChunk(layout);
    try {
      value = skip(value, prefix);
    } catch {
      throw parseError(alayout, avalue, prefix, value);
    }
    if (!std) {
      if (value.length !== 0)
        throw parseError(alayout, avalue, '', value, `: extra text: ${timeQuote(value)}`);
      break;
    }
    layout = suffix;
    const hold = value;
    try {
      switch (std.k) {
        case 'year': {
          if (value.length < 2) throw new Bad();
          const p = value.slice(0, 2);
          value = value.slice(2);
          year = atoi(p);
          year += year >= 69 ? 1900 : 2000;
          break;
        }
        case 'longYear':
          if (value.length < 4 || !isDigitAt(value, 0)) throw new Bad();
          year = atoi(value.slice(0, 4));
          value = value.slice(4);
          break;
        case 'month':
          [month, value] = lookup(SHORT_MONTHS, value);
          month++;
          break;
        case 'longMonth':
          [month, value] = lookup(LONG_MONTHS, value);
          month++;
          break;
        case 'numMonth':
        case 'zeroMonth':
          [month, value] = getnum(value, std.k === 'zeroMonth');
          if (month <= 0 || month > 12) rangeErr = 'month';
          break;
        case 'weekDay':
          [, value] = lookup(SHORT_DAYS, value);
          break;
        case 'longWeekDay':
          [, value] = lookup(LONG_DAYS, value);
          break;
        case 'day':
        case 'underDay':
        case 'zeroDay':
          if (std.k === 'underDay' && value[0] === ' ') value = value.slice(1);
          [day, value] = getnum(value, std.k === 'zeroDay');
          break;
        case 'underYearDay':
        case 'zeroYearDay':
          for (let i = 0; i < 2; i++)
            if (std.k === 'underYearDay' && value[0] === ' ') value = value.slice(1);
          [yday, value] = getnum3(value, std.k === 'zeroYearDay');
          break;
        case 'hour':
          [hour, value] = getnum(value, false);
          if (hour < 0 || hour >= 24) rangeErr = 'hour';
          break;
        case 'hour12':
        case 'zeroHour12':
          [hour, value] = getnum(value, std.k === 'zeroHour12');
          if (hour < 0 || hour > 12) rangeErr = 'hour';
          break;
        case 'minute':
        case 'zeroMinute':
          [min, value] = getnum(value, std.k === 'zeroMinute');
          if (min < 0 || min >= 60) rangeErr = 'minute';
          break;
        case 'second':
        case 'zeroSecond': {
          [sec, value] = getnum(value, std.k === 'zeroSecond');
          if (sec < 0 || sec >= 60) {
            rangeErr = 'second';
            break;
          }
          if (value.length >= 2 && (value[0] === '.' || value[0] === ',') && isDigitAt(value, 1)) {
            const next = nextChunk(layout).std;
            if (next?.k === 'frac') break;
            let n = 2;
            while (n < value.length && isDigitAt(value, n)) n++;
            nsec = parseNanos(value, n);
            value = value.slice(n);
          }
          break;
        }
        case 'PM':
        case 'pm': {
          if (value.length < 2) throw new Bad();
          const p = value.slice(0, 2);
          value = value.slice(2);
          const [am, pm] = std.k === 'PM' ? ['AM', 'PM'] : ['am', 'pm'];
          if (p === pm) pmSet = true;
          else if (p === am) amSet = true;
          else throw new Bad();
          break;
        }
        case 'tz': {
          if (std.iso && value[0] === 'Z') {
            value = value.slice(1);
            utc = true;
            break;
          }
          let sign: string;
          let hh: string;
          let mm = '00';
          let ss = '00';
          if (std.colon && !std.secs) {
            if (value.length < 6 || value[3] !== ':') throw new Bad();
            [sign, hh, mm, value] = [value.slice(0, 1), value.slice(1, 3), value.slice(4, 6), value.slice(6)];
          } else if (std.short) {
            if (value.length < 3) throw new Bad();
            [sign, hh, value] = [value.slice(0, 1), value.slice(1, 3), value.slice(3)];
          } else if (std.colon && std.secs) {
            if (value.length < 9 || value[3] !== ':' || value[6] !== ':') throw new Bad();
            [sign, hh, mm, ss, value] = [
              value.slice(0, 1),
              value.slice(1, 3),
              value.slice(4, 6),
              value.slice(7, 9),
              value.slice(9),
            ];
          } else if (std.secs) {
            if (value.length < 7) throw new Bad();
            [sign, hh, mm, ss, value] = [
              value.slice(0, 1),
              value.slice(1, 3),
              value.slice(3, 5),
              value.slice(5, 7),
              value.slice(7),
            ];
          } else {
            if (value.length < 5) throw new Bad();
            [sign, hh, mm, value] = [value.slice(0, 1), value.slice(1, 3), value.slice(3, 5), value.slice(5)];
          }
          let h = 0;
          let m = 0;
          let s = 0;
          let bad = false;
          try {
            h = getnum(hh, true)[0];
            m = getnum(mm, true)[0];
            s = getnum(ss, true)[0];
          } catch {
            bad = true;
          }
          if (h > 24) rangeErr = 'time zone offset hour';
          if (m > 60) rangeErr = 'time zone offset minute';
          if (s > 60) rangeErr = 'time zone offset second';
          const off = (h * 60 + m) * 60 + s;
          if (bad) throw new Bad();
          if (sign === '+') zoneOffset = off;
          else if (sign === '-') zoneOffset = -off;
          else throw new Bad();
          break;
        }
        case 'TZ': {
          if (value.startsWith('UTC')) {
            utc = true;
            value = value.slice(3);
            break;
          }
          const n = parseTimeZone(value);
          if (n === 0) throw new Bad();
          zoneName = value.slice(0, n);
          value = value.slice(n);
          break;
        }
        case 'frac': {
          const ndigit = 1 + std.digits;
          if (std.trim) {
            if (value.length < 2 || (value[0] !== '.' && value[0] !== ',') || !isDigitAt(value, 1)) break;
            let i = 0;
            while (i + 1 < value.length && isDigitAt(value, i + 1)) i++;
            nsec = parseNanos(value, 1 + i);
            value = value.slice(1 + i);
          } else {
            if (value.length < ndigit) throw new Bad();
            nsec = parseNanos(value, ndigit);
            value = value.slice(ndigit);
          }
          break;
        }
      }
    } catch (e) {
      if (!(e instanceof Bad)) throw e;
      if (rangeErr !== '') throw parseError(alayout, avalue, stdText, value, `: ${rangeErr} out of range`);
      throw parseError(alayout, avalue, stdText, hold);
    }
    if (rangeErr !== '') throw parseError(alayout, avalue, stdText, value, `: ${rangeErr} out of range`);
  }
  if (pmSet && hour < 12) hour += 12;
  else if (amSet && hour === 12) hour = 0;

  if (yday >= 0) {
    let d = 0;
    let m = 0;
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    if (leap) {
      if (yday === 60) {
        m = 2;
        d = 29;
      } else if (yday > 60) yday--;
    }
    if (yday < 1 || yday > 365) throw parseError(alayout, avalue, '', value, ': day-of-year out of range');
    if (m === 0) {
      const before = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
      m = Math.floor((yday - 1) / 31) + 1;
      if (before[m]! < yday) m++;
      d = yday - before[m - 1]!;
    }
    if (month >= 0 && month !== m)
      throw parseError(alayout, avalue, '', value, ': day-of-year does not match month');
    month = m;
    if (day >= 0 && day !== d)
      throw parseError(alayout, avalue, '', value, ': day-of-year does not match day');
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  const dim =
    month === 2
      ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
        ? 29
        : 28
      : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  if (day < 1 || day > dim) throw parseError(alayout, avalue, '', value, ': day out of range');
  const out: Parsed = { year, month, day, hour, min, sec, nsec, utc, zoneName };
  if (zoneOffset !== undefined) out.zoneOffset = zoneOffset;
  return out;
}
