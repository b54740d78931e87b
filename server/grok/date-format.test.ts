import { describe, expect, it } from 'vitest';
import { compileDateFormat, parseIsoDateTime, parseZone } from './date-format';

const JUNE_2024 = Date.UTC(2024, 5, 1, 12, 0, 0);

/** Epoch millis of `text` read with `format` (undefined when it does not match or is no real date). */
function read(format: string, text: string, { zone, now = JUNE_2024 }: { zone?: string; now?: number } = {}) {
  const parser = compileDateFormat(format, zone);
  const source = parser.pattern((suffix, body) => `(?<p${suffix}>${body})`);
  const match = new RegExp(`^(?:${source})$`).exec(text);
  if (!match) return undefined;
  return parser.parse((suffix) => match.groups?.[`p${suffix}`], { now });
}

describe('date formats', () => {
  const cases: Array<[string, string, number]> = [
    ['MM/dd/yyyy', '11/08/2017', Date.UTC(2017, 10, 8)],
    ['yyyy-MM-dd HH:mm:ss', '2024-03-15 14:30:45', Date.UTC(2024, 2, 15, 14, 30, 45)],
    ["yyyy-MM-dd'T'HH:mm:ssX", '2024-03-15T14:30:45+0530', Date.UTC(2024, 2, 15, 9, 0, 45)],
    ["yyyy-MM-dd'T'HH:mm:ssXXX", '2024-03-15T14:30:45-08:00', Date.UTC(2024, 2, 15, 22, 30, 45)],
    ["yyyy-MM-dd'T'HH:mm:ss.SSSZ", '2024-03-15T14:30:45.120Z', Date.UTC(2024, 2, 15, 14, 30, 45, 120)],
    ['yyyy-MM-dd HH:mm:ss.SSSSSS', '2024-03-15 14:30:45.123456', Date.UTC(2024, 2, 15, 14, 30, 45, 123)],
    ['MM/dd/yyyy hh:mm:ss a', '03/15/2024 02:30:45 PM', Date.UTC(2024, 2, 15, 14, 30, 45)],
    ['MM/dd/yyyy hh:mm a', '03/15/2024 12:05 AM', Date.UTC(2024, 2, 15, 0, 5)],
    ['MM/dd/yyyy hh:mm a', '03/15/2024 12:05 pm', Date.UTC(2024, 2, 15, 12, 5)],
    ['dd-MMM-yyyy', '15-Mar-2024', Date.UTC(2024, 2, 15)],
    ['dd-MMM-yyyy', '15-MAR-2024', Date.UTC(2024, 2, 15)],
    ['d MMMM yyyy', '7 September 2023', Date.UTC(2023, 8, 7)],
    ['dd/MMM/yyyy:HH:mm:ss Z', '21/Aug/2024:04:21:14 +0000', Date.UTC(2024, 7, 21, 4, 21, 14)],
    ['EEE MMM d HH:mm:ss z yyyy', 'Fri Mar 15 14:30:45 PST 2024', Date.UTC(2024, 2, 15, 22, 30, 45)],
    ['EEEE, d MMM yy', 'Friday, 15 Mar 24', Date.UTC(2024, 2, 15)],
    ["yyyy.D 'day'", '2024.60 day', Date.UTC(2024, 1, 29)],
    ["HH 'o''clock'", "09 o'clock", Date.UTC(2024, 5, 1, 9)],
    ['yyyy-MM-dd HH:mm:ss VV', '2024-01-15 12:00:00 Europe/Paris', Date.UTC(2024, 0, 15, 11)],
    ['yyyy-MM-dd HH:mm:ss O', '2024-01-15 12:00:00 GMT+2', Date.UTC(2024, 0, 15, 10)],
  ];

  it.each(cases)('%s reads %j as %d', (format, text, expected) => {
    expect(read(format, text)).toBe(expected);
  });

  it('applies a zone given beside the format when the text has none', () => {
    expect(read('yyyy-MM-dd HH:mm:ss', '2024-03-15 14:30:45', { zone: '+05:30' })).toBe(Date.UTC(2024, 2, 15, 9, 0, 45));
    expect(read('yyyy-MM-dd HH:mm:ss', '2024-03-15 14:30:45', { zone: '-0800' })).toBe(Date.UTC(2024, 2, 15, 22, 30, 45));
    expect(read('yyyy-MM-dd HH:mm:ss', '2024-03-15 14:30:45', { zone: 'UTC' })).toBe(Date.UTC(2024, 2, 15, 14, 30, 45));
    expect(read('yyyy-MM-dd HH:mm:ssZ', '2024-03-15 14:30:45Z', { zone: '+05:30' })).toBe(Date.UTC(2024, 2, 15, 14, 30, 45));
  });

  it('follows daylight saving time in named zones', () => {
    expect(read('yyyy-MM-dd HH:mm', '2024-01-15 12:00', { zone: 'Europe/Paris' })).toBe(Date.UTC(2024, 0, 15, 11));
    expect(read('yyyy-MM-dd HH:mm', '2024-07-15 12:00', { zone: 'Europe/Paris' })).toBe(Date.UTC(2024, 6, 15, 10));
    expect(read('yyyy-MM-dd HH:mm', '2024-07-04 09:30', { zone: 'America/New_York' })).toBe(Date.UTC(2024, 6, 4, 13, 30));
  });

  it('takes the current year when the format has none, and last year for a date just ahead of New Year', () => {
    expect(read('MMM dd HH:mm:ss', 'Mar 15 14:30:45')).toBe(Date.UTC(2024, 2, 15, 14, 30, 45));
    const newYear = Date.UTC(2025, 0, 1, 0, 0, 10);
    expect(read('MMM dd HH:mm:ss', 'Dec 31 23:59:59', { now: newYear })).toBe(Date.UTC(2024, 11, 31, 23, 59, 59));
  });

  it("takes today's date when the format has only a time", () => {
    expect(read('HH:mm:ss', '17:05:09')).toBe(Date.UTC(2024, 5, 1, 17, 5, 9));
  });

  it('rejects dates that do not exist', () => {
    expect(read('yyyy-MM-dd', '2023-02-29')).toBeUndefined();
    expect(read('yyyy-MM-dd', '2024-13-01')).toBeUndefined();
    expect(read('yyyy-MM-dd HH:mm', '2024-01-01 24:00')).toBeUndefined();
    expect(read('yyyy-MM-dd HH:mm', '2024-01-01 10:60')).toBeUndefined();
    expect(read('MM/dd/yyyy hh:mm a', '03/15/2024 13:05 PM')).toBeUndefined();
    expect(read('yyyy-MM-dd HH:mm z', '2024-01-01 10:00 XYZ')).toBeUndefined();
  });

  it('explains formats and zones it cannot use', () => {
    expect(() => compileDateFormat('yyyy-QQ')).toThrow(`date format letter 'Q' in "yyyy-QQ" is not supported`);
    expect(() => compileDateFormat("yyyy 'T")).toThrow(`date format "yyyy 'T" has an unclosed quote`);
    expect(() => compileDateFormat('--')).toThrow('date format "--" has no date or time fields');
    expect(() => compileDateFormat('yyyy', 'Nowhere/Special')).toThrow('time zone "Nowhere/Special" is not known');
  });
});

describe('zones', () => {
  it('reads offsets, abbreviations and zone names', () => {
    expect(parseZone('Z')).toEqual({ kind: 'fixed', minutes: 0 });
    expect(parseZone('+05:30')).toEqual({ kind: 'fixed', minutes: 330 });
    expect(parseZone('-0800')).toEqual({ kind: 'fixed', minutes: -480 });
    expect(parseZone('UTC+3')).toEqual({ kind: 'fixed', minutes: 180 });
    expect(parseZone('CEST')).toEqual({ kind: 'fixed', minutes: 120 });
    expect(parseZone('Asia/Tokyo')).toEqual({ kind: 'iana', name: 'Asia/Tokyo' });
    expect(parseZone('+25:00')).toBeUndefined();
    expect(parseZone('Somewhere')).toBeUndefined();
  });
});

describe('ISO-8601 date-times', () => {
  it('read as UTC unless they carry an offset', () => {
    expect(parseIsoDateTime('2024-03-15T14:30:45Z')).toBe(Date.UTC(2024, 2, 15, 14, 30, 45));
    expect(parseIsoDateTime('2024-03-15 14:30:45.5')).toBe(Date.UTC(2024, 2, 15, 14, 30, 45, 500));
    expect(parseIsoDateTime('2024-03-15T14:30:45,123456+01:00')).toBe(Date.UTC(2024, 2, 15, 13, 30, 45, 123));
    expect(parseIsoDateTime('2024-03-15')).toBe(Date.UTC(2024, 2, 15));
    expect(parseIsoDateTime('2024-03-15T14:30')).toBe(Date.UTC(2024, 2, 15, 14, 30));
  });

  it('reject anything else', () => {
    expect(parseIsoDateTime('2024-02-30T00:00:00Z')).toBeUndefined();
    expect(parseIsoDateTime('15/03/2024')).toBeUndefined();
    expect(parseIsoDateTime('2024-03-15T25:00:00Z')).toBeUndefined();
  });
});
