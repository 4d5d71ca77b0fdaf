/**
 * Go reference-time layouts (`2006-01-02T15:04:05Z07:00`): splitting a layout
 * into elements, formatting a broken-down time with it, and parsing a value
 * with it, with Go's rules and error messages.
 */

export type Std =
  | { k: 'longMonth' | 'month' | 'numMonth' | 'zeroMonth' | 'longWeekDay' | 'weekDay' }
  | { k: 'day' | 'underDay' | 'zeroDay' | 'underYearDay' | 'zeroYearDay' }
  | { k: 'hour' | 'hour12' | 'zeroHour12' | 'minute' | 'zeroMinute' | 'second' | 'zeroSecond' }
  | { k: 'longYear' | 'year' | 'PM' | 'pm' | 'TZ' }
  | { k: 'tz'; iso: boolean; colon: boolean; secs: boolean; short: boolean }
  | { k: 'frac'; trim: boolean; digits: number; sep: string };

export interface Chunk {
  prefix: string;
  std?: Std;
  /** The layout text of the element. */
  stdText: string;
  suffix: string;
}

function lowerAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 97 && c <= 122;
}

function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

const TZ_FORMS: readonly [string, Omit<Extract<Std, { k: 'tz' }>, 'k' | 'iso'>][] = [
  ['070000', { colon: false, secs: true, short: false }],
  ['07:00:00', { colon: true, secs: true, short: false }],
  ['0700', { colon: false, secs: false, short: false }],
  ['07:00', { colon: true, secs: false, short: false }],
  ['07', { colon: false, secs: false, short: true }],
];

/** Go's nextStdChunk. */
export function nextChunk(layout: string): Chunk {
  const at = (i: number, std: Std, len: number, prefixEnd = i): Chunk => ({
    prefix: layout.slice(0, prefixEnd),
    std,
    stdText: layout.slice(prefixEnd, i + len),
    suffix: layout.slice(i + len),
  });
  for (let i = 0; i < layout.length; i++) {
    const c = layout[i];
    const rest = layout.slice(i);
    switch (c) {
      case 'J':
        if (rest.startsWith('Jan')) {
          if (rest.startsWith('January')) return at(i, { k: 'longMonth' }, 7);
          if (!lowerAt(layout, i + 3)) return at(i, { k: 'month' }, 3);
        }
        break;
      case 'M':
        if (rest.startsWith('Mon')) {
          if (rest.startsWith('Monday')) return at(i, { k: 'longWeekDay' }, 6);
          if (!lowerAt(layout, i + 3)) return at(i, { k: 'weekDay' }, 3);
        }
        if (rest.startsWith('MST')) return at(i, { k: 'TZ' }, 3);
        break;
      case '0': {
        const d = layout[i + 1];
        if (d !== undefined && d >= '1' && d <= '6') {
          const kinds = ['zeroMonth', 'zeroDay', 'zeroHour12', 'zeroMinute', 'zeroSecond', 'year'] as const;
          return at(i, { k: kinds[Number(d) - 1]! }, 2);
        }
        if (rest.startsWith('002')) return at(i, { k: 'zeroYearDay' }, 3);
        break;
      }
      case '1':
        if (layout[i + 1] === '5') return at(i, { k: 'hour' }, 2);
        return at(i, { k: 'numMonth' }, 1);
      case '2':
        if (rest.startsWith('2006')) return at(i, { k: 'longYear' }, 4);
        return at(i, { k: 'day' }, 1);
      case '_':
        if (layout[i + 1] === '2') {
          if (rest.startsWith('_2006')) return at(i + 1, { k: 'longYear' }, 4, i + 1);
          return at(i, { k: 'underDay' }, 2);
        }
        if (rest.startsWith('__2')) return at(i, { k: 'underYearDay' }, 3);
        break;
      case '3':
        return at(i, { k: 'hour12' }, 1);
      case '4':
        return at(i, { k: 'minute' }, 1);
      case '5':
        return at(i, { k: 'second' }, 1);
      case 'P':
        if (layout[i + 1] === 'M') return at(i, { k: 'PM' }, 2);
        break;
      case 'p':
        if (layout[i + 1] === 'm') return at(i, { k: 'pm' }, 2);
        break;
      case '-':
      case 'Z':
        for (const [form, shape] of TZ_FORMS) {
          if (rest.startsWith(c + form)) return at(i, { k: 'tz', iso: c === 'Z', ...shape }, form.length + 1);
        }
        break;
      case '.':
      case ',': {
        const ch = layout[i + 1];
        if (ch === '0' || ch === '9') {
          let j = i + 1;
          while (j < layout.length && layout[j] === ch) j++;
          if (!isDigitAt(layout, j)) {
            return at(i, { k: 'frac', trim: ch === '9', digits: j - (i + 1), sep: c }, j - i);
          }
        }
        break;
      }
    }
  }
  return { prefix: layout, stdText: '', suffix: '' };
}

export const LONG_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
export const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Broken-down time for formatting. */
export interface Fields {
  year: number;
  month: number;
  day: number;
  yday: number;
  weekday: number;
  hour: number;
  min: number;
  sec: number;
  nsec: number;
  zoneName: string;
  offset: number;
}

function pad(n: number, width: number): string {
  const neg = n < 0;
  let s = String(Math.abs(n));
  while (s.length < width) s = '0' + s;
  return neg ? '-' + s : s;
}

function appendNano(nsec: number, std: Extract<Std, { k: 'frac' }>): string {
  if (std.trim && (std.digits === 0 || nsec === 0)) return '';
  let s = std.sep + pad(nsec, 9).slice(0, std.digits);
  if (std.trim) {
    s = s.replace(/0+$/, '');
    if (s === std.sep) s = '';
  }
  return s;
}

function formatTz(std: Extract<Std, { k: 'tz' }>, offset: number): string {
  if (offset === 0 && std.iso) return 'Z';
  let zone = Math.trunc(offset / 60);
  let abs = offset;
  let out = '+';
  if (zone < 0) {
    out = '-';
    zone = -zone;
    abs = -abs;
  }
  out += pad(Math.trunc(zone / 60), 2);
  if (std.colon) out += ':';
  if (!std.short) out += pad(zone % 60, 2);
  if (std.secs) {
    if (std.colon) out += ':';
    out += pad(abs % 60, 2);
  }
  return out;
}

/** time.Time.Format over already broken-down fields. */
export function formatFields(f: Fields, layout: string): string {
  let out = '';
  let rest = layout;
  while (rest !== '') {
    const { prefix, std, suffix } = nextChunk(rest);
    out += prefix;
    if (!std) break;
    rest = suffix;
    switch (std.k) {
      case 'year':
        out += pad(Math.abs(f.year) % 100, 2);
        break;
      case 'longYear':
        out += pad(f.year, 4);
        break;
      case 'month':
        out += LONG_MONTHS[f.month - 1]!.slice(0, 3);
        break;
      case 'longMonth':
        out += LONG_MONTHS[f.month - 1]!;
        break;
      case 'numMonth':
        out += String(f.month);
        break;
      case 'zeroMonth':
        out += pad(f.month, 2);
        break;
      case 'weekDay':
        out += LONG_DAYS[f.weekday]!.slice(0, 3);
        break;
      case 'longWeekDay':
        out += LONG_DAYS[f.weekday]!;
        break;
      case 'day':
        out += String(f.day);
        break;
      case 'underDay':
        out += (f.day < 10 ? ' ' : '') + String(f.day);
        break;
      case 'zeroDay':
        out += pad(f.day, 2);
        break;
      case 'underYearDay':
        out += (f.yday < 100 ? (f.yday < 10 ? '  ' : ' ') : '') + String(f.yday);
        break;
      case 'zeroYearDay':
        out += pad(f.yday, 3);
        break;
      case 'hour':
        out += pad(f.hour, 2);
        break;
      case 'hour12':
        out += String(f.hour % 12 === 0 ? 12 : f.hour % 12);
        break;
      case 'zeroHour12':
        out += pad(f.hour % 12 === 0 ? 12 : f.hour % 12, 2);
        break;
      case 'minute':
        out += String(f.min);
        break;
      case 'zeroMinute':
        out += pad(f.min, 2);
        break;
      case 'second':
        out += String(f.sec);
        break;
      case 'zeroSecond':
        out += pad(f.sec, 2);
        break;
      case 'PM':
        out += f.hour >= 12 ? 'PM' : 'AM';
        break;
      case 'pm':
        out += f.hour >= 12 ? 'pm' : 'am';
        break;
      case 'tz':
        out += formatTz(std, f.offset);
        break;
      case 'TZ':
        if (f.zoneName !== '') out += f.zoneName;
        else {
          const zone = Math.trunc(f.offset / 60);
          const a = Math.abs(zone);
          out += (zone < 0 ? '-' : '+') + pad(Math.trunc(a / 60), 2) + pad(a % 60, 2);
        }
        break;
      case 'frac':
        out += appendNano(f.nsec, std);
        break;
    }
  }
  return out;
}
