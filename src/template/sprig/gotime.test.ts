import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GoError } from '../value.js';
import {
  formatDuration,
  GoDuration,
  GoTime,
  loadLocation,
  parseDuration,
  parseTime,
  UnknownTimeZoneError,
  UTC,
} from './gotime.js';

type Case =
  | { op: 'format'; layout: string; sec: number; nsec: number; zone: string }
  | { op: 'parse'; layout: string; value: string }
  | { op: 'duration'; value: string };

// Expected outputs recorded from Go 1.26's time package.
const CASES: [Case, string][] = [
  [
    {
      op: 'format',
      layout: '2006-01-02T15:04:05.999999999Z07:00',
      sec: 1000000000,
      nsec: 123456789,
      zone: 'UTC',
    },
    '2001-09-09T01:46:40.123456789Z',
  ],
  [
    {
      op: 'format',
      layout: 'Mon Jan _2 15:04:05 MST 2006',
      sec: 1000000000,
      nsec: 0,
      zone: 'America/New_York',
    },
    'Sat Sep  8 21:46:40 EDT 2001',
  ],
  [
    {
      op: 'format',
      layout: 'Monday, 02-Jan-06 3:04:05.000 PM -07:00',
      sec: 1700000000,
      nsec: 5000000,
      zone: 'Asia/Kolkata',
    },
    'Wednesday, 15-Nov-23 3:43:20.005 AM +05:30',
  ],
  [
    { op: 'format', layout: '__2 002 Z07 -07:00:00 Z0700', sec: 1710054000, nsec: 0, zone: 'Europe/Berlin' },
    ' 70 070 +01 +01:00:00 +0100',
  ],
  [{ op: 'format', layout: 'MST -0700', sec: 1700000000, nsec: 0, zone: 'Asia/Tehran' }, '+0330 +0330'],
  [
    { op: 'format', layout: '2006-01-02 15:04:05 MST', sec: 4102444800, nsec: 0, zone: 'America/New_York' },
    '2099-12-31 19:00:00 EST',
  ],
  [
    {
      op: 'format',
      layout: '2006-01-02 15:04:05 MST',
      sec: 1730613600,
      nsec: 0,
      zone: 'Australia/Lord_Howe',
    },
    '2024-11-03 17:00:00 +11',
  ],
  [
    { op: 'format', layout: 'Jan1 Mon1 _2006 .000 ,999', sec: -1, nsec: 100000000, zone: 'UTC' },
    'Dec12 Wed12 _1969 .100 ,1',
  ],
  [{ op: 'format', layout: 'January 2, 2006', sec: -62135596800, nsec: 0, zone: 'UTC' }, 'January 1, 0001'],
  [
    { op: 'parse', layout: '2006-1-2T15:4:5.999999999Z07:00', value: '2001-12-14T21:59:43.10-05:00' },
    '2001-12-14 21:59:43.1 -0500 -0500 | 1008385183',
  ],
  [
    { op: 'parse', layout: '2006-01-02', value: '2001-13-14' },
    'ERR parsing time "2001-13-14": month out of range',
  ],
  [
    { op: 'parse', layout: '2006-01-02', value: '2001-02-29' },
    'ERR parsing time "2001-02-29": day out of range',
  ],
  [
    { op: 'parse', layout: '2006-01-02', value: 'x' },
    'ERR parsing time "x" as "2006-01-02": cannot parse "x" as "2006"',
  ],
  [
    { op: 'parse', layout: '2006-01-02', value: '2006-01-02 extra' },
    'ERR parsing time "2006-01-02 extra": extra text: " extra"',
  ],
  [
    { op: 'parse', layout: 'Jan 2, 2006 at 3:04pm (MST)', value: 'Jan 2, 2006 at 3:04pm (PST)' },
    '2006-01-02 15:04:00 +0000 PST | 1136214240',
  ],
  [
    { op: 'parse', layout: 'Mon Jan _2 15:04:05 MST 2006', value: 'Mon Jan 02 15:04:05 GMT+3 2006' },
    '2006-01-02 18:04:05 +0300 GMT+3 | 1136214245',
  ],
  [{ op: 'parse', layout: '3:04PM', value: '12:00AM' }, '0000-01-01 00:00:00 +0000 UTC | -62167219200'],
  [
    { op: 'parse', layout: '2006-01-02T15:04:05Z07:00', value: '2006-01-02T15:04:05+24:00' },
    '2006-01-02 15:04:05 +2400 +2400 | 1136127845',
  ],
  [
    { op: 'parse', layout: '2006-01-02T15:04:05Z07:00', value: '2001-12-14T21:59:43.123456789123+02:00' },
    '2001-12-14 21:59:43.123456789 +0200 +0200 | 1008359983',
  ],
  [{ op: 'duration', value: '1.5h' }, '1h30m0s'],
  [{ op: 'duration', value: '-1m30s' }, '-1m30s'],
  [{ op: 'duration', value: '1µs' }, '1µs'],
  [{ op: 'duration', value: '1x' }, 'ERR time: unknown unit "x" in duration "1x"'],
  [{ op: 'duration', value: '' }, 'ERR time: invalid duration ""'],
  [{ op: 'duration', value: '1' }, 'ERR time: missing unit in duration "1"'],
  [{ op: 'duration', value: '9223372036854775808ns' }, 'ERR time: invalid duration "9223372036854775808ns"'],
  [{ op: 'duration', value: '.5s' }, '500ms'],
  [{ op: 'duration', value: '0' }, '0s'],
];

const hasZoneinfo = existsSync('/usr/share/zoneinfo/America/New_York');

function run(c: Case): string {
  try {
    if (c.op === 'format') return new GoTime(c.sec, c.nsec, loadLocation(c.zone)).format(c.layout);
    if (c.op === 'parse') {
      const t = parseTime(c.layout, c.value, UTC, UTC);
      return `${t.toString()} | ${t.sec}`;
    }
    return formatDuration(parseDuration(c.value));
  } catch (e) {
    return `ERR ${(e as Error).message}`;
  }
}

describe('Go time layouts, zones and durations', () => {
  for (const [c, want] of CASES) {
    const name = `${c.op} ${JSON.stringify(c.op === 'duration' ? c.value : c.layout)}${'value' in c ? ` ${JSON.stringify(c.value)}` : ''}`;
    it.skipIf(c.op === 'format' && c.zone !== 'UTC' && !hasZoneinfo)(name, () => {
      expect(run(c)).toBe(want);
    });
  }

  it('prints time.Time like Go, with the monotonic reading for now()', () => {
    expect(GoTime.zero().toString()).toBe('0001-01-01 00:00:00 +0000 UTC');
    expect(GoTime.now().toString()).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? [+-]\d{4} \S+ m=\+\d+\.\d{9}$/,
    );
    expect(GoTime.now().utc().toString()).not.toContain('m=');
  });

  it('normalises out-of-range fields in Date and AddDate', () => {
    expect(GoTime.date(2024, 13, 32, 25, 61, 61, 0, UTC).toString()).toBe('2025-02-02 02:02:01 +0000 UTC');
    expect(GoTime.date(2024, 1, 31, 0, 0, 0, 0, UTC).addDate(0, 1, 0).toString()).toBe(
      '2024-03-02 00:00:00 +0000 UTC',
    );
  });

  it.skipIf(!hasZoneinfo)('picks the offset of a zone at a DST gap like Go', () => {
    const ny = loadLocation('America/New_York');
    expect(GoTime.date(2024, 3, 10, 2, 30, 0, 0, ny).toString()).toBe('2024-03-10 01:30:00 -0500 EST');
    expect(GoTime.date(2100, 7, 1, 12, 0, 0, 0, ny).toString()).toBe('2100-07-01 12:00:00 -0400 EDT');
  });

  it('rejects unknown zones with Go messages', () => {
    expect(() => loadLocation('Nope/Zone')).toThrow(new UnknownTimeZoneError('unknown time zone Nope/Zone'));
    expect(() => loadLocation('../etc')).toThrow('time: invalid location name');
    expect(loadLocation('')).toBe(UTC);
  });

  it('exposes the methods templates call', () => {
    const t = GoTime.date(2001, 12, 14, 21, 59, 43, 100_000_000, UTC);
    const call = (name: string, ...args: unknown[]) =>
      (t.member(name) as { fn: { call: (a: unknown[], c: unknown) => unknown } }).fn.call(args, {});
    expect(call('Year')).toBe(2001n);
    expect(String((call('Month') as GoTime).stringer?.())).toBe('December');
    expect(call('Format', '2006-01-02')).toBe('2001-12-14');
    expect(call('Unix')).toEqual({ type: 'int64', value: 1008367183n });
    expect((call('Add', new GoDuration(3_600_000_000_000n)) as GoTime).toString()).toBe(
      '2001-12-14 22:59:43.1 +0000 UTC',
    );
    expect((call('Sub', GoTime.date(2001, 12, 14, 0, 0, 0, 0, UTC)) as GoDuration).stringer()).toBe(
      '21h59m43.1s',
    );
    expect((call('Truncate', new GoDuration(3_600_000_000_000n)) as GoTime).toString()).toBe(
      '2001-12-14 21:00:00 +0000 UTC',
    );
    expect(() => call('Add', 'x')).toThrow(GoError);
    expect(t.member('Nope')).toBeUndefined();
  });
});
