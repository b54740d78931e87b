// Java-style date formats (`yyyy-MM-dd'T'HH:mm:ss.SSSZ`) compiled to a pattern with one named part
// per field, and the parts turned into epoch milliseconds.

import { caseInsensitive, escapeRegex } from './regex-text';
import type { GrokEnv, SubGroup, SubValue } from './fragment';
import { GrokRuleError } from './syntax';

type Field =
  | 'year'
  | 'year2'
  | 'month'
  | 'monthName'
  | 'day'
  | 'dayOfYear'
  | 'hour'
  | 'hour1to24'
  | 'hour12'
  | 'hour0to11'
  | 'minute'
  | 'second'
  | 'fraction'
  | 'ampm'
  | 'offset'
  | 'gmtOffset'
  | 'zoneName'
  | 'zoneId'
  | 'dayName';

type Token = { kind: 'literal'; text: string } | { kind: 'field'; field: Field; pattern: string; suffix: string };

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const alternatives = (words: readonly string[]) => words.map(caseInsensitive).join('|');
const SHORT_MONTHS = alternatives(MONTHS.map((month) => month.slice(0, 3)));
const LONG_MONTHS = alternatives(MONTHS);
const SHORT_DAYS = alternatives(DAYS.map((day) => day.slice(0, 3)));
const LONG_DAYS = alternatives(DAYS);
const OFFSET = 'Z|z|[+-]\\d{2}(?::?\\d{2})?';

/** Zone abbreviations as logs print them, with the offset in minutes. Ambiguous ones take their most common meaning. */
const ZONE_ABBREVIATIONS: Readonly<Record<string, number>> = {
  UTC: 0, UT: 0, GMT: 0, Z: 0, WET: 0, WEST: 60, BST: 60, CET: 60, CEST: 120, MET: 60, MEST: 120, EET: 120, EEST: 180,
  MSK: 180, IST: 330, PKT: 300, ICT: 420, WIB: 420, SGT: 480, HKT: 480, AWST: 480, JST: 540, KST: 540, ACST: 570,
  ACDT: 630, AEST: 600, AEDT: 660, NZST: 720, NZDT: 780, EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420,
  MDT: -360, PST: -480, PDT: -420, AKST: -540, AKDT: -480, HST: -600, AST: -240, ADT: -180, NST: -210, NDT: -150,
  BRT: -180, ART: -180,
};

export type Zone = { kind: 'fixed'; minutes: number } | { kind: 'iana'; name: string };

export interface DateParser {
  pattern(group: SubGroup): string;
  /** Epoch milliseconds, or undefined when the parts do not make a real date. */
  parse(sub: SubValue, env: GrokEnv): number | undefined;
}

/** Compiles a format; `zone` applies when the text carries no offset. Throws GrokRuleError. */
export function compileDateFormat(format: string, zone?: string): DateParser {
  const defaultZone: Zone = zone === undefined ? { kind: 'fixed', minutes: 0 } : requireZone(zone);
  const tokens = tokenize(format);
  if (!tokens.some((token) => token.kind === 'field')) throw new GrokRuleError(`date format "${format}" has no date or time fields`);
  return {
    pattern: (group) =>
      tokens.map((token) => (token.kind === 'literal' ? escapeRegex(token.text) : group(token.suffix, token.pattern))).join(''),
    parse: (sub, env) => toEpochMillis(tokens, sub, defaultZone, env),
  };
}

function tokenize(format: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const literal = (text: string) => {
    const last = tokens[tokens.length - 1];
    if (last?.kind === 'literal') last.text += text;
    else tokens.push({ kind: 'literal', text });
  };
  while (i < format.length) {
    const char = format[i];
    if (char === "'") {
      if (format[i + 1] === "'") {
        literal("'");
        i += 2;
        continue;
      }
      let text = '';
      let end = i + 1;
      for (; end < format.length; end += 1) {
        if (format[end] !== "'") text += format[end];
        else if (format[end + 1] === "'") text += format[++end];
        else break;
      }
      if (end >= format.length) throw new GrokRuleError(`date format "${format}" has an unclosed quote`);
      literal(text);
      i = end + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(char)) {
      literal(char);
      i += 1;
      continue;
    }
    let count = 1;
    while (format[i + count] === char) count += 1;
    const [field, pattern] = fieldFor(char, count, format);
    tokens.push({ kind: 'field', field, pattern, suffix: `${tokens.length}` });
    i += count;
  }
  return tokens;
}

function fieldFor(letter: string, count: number, format: string): [Field, string] {
  const digits = count === 1 ? '\\d{1,2}' : '\\d{2}';
  switch (letter) {
    case 'y':
    case 'u':
    case 'Y':
      return count === 2 ? ['year2', '\\d{2}'] : ['year', '\\d{4}'];
    case 'M':
    case 'L':
      if (count >= 4) return ['monthName', LONG_MONTHS];
      if (count === 3) return ['monthName', SHORT_MONTHS];
      return ['month', digits];
    case 'd':
      return ['day', digits];
    case 'D':
      return ['dayOfYear', '\\d{1,3}'];
    case 'H':
      return ['hour', digits];
    case 'k':
      return ['hour1to24', digits];
    case 'h':
      return ['hour12', digits];
    case 'K':
      return ['hour0to11', digits];
    case 'm':
      return ['minute', digits];
    case 's':
      return ['second', digits];
    case 'S':
      return ['fraction', `\\d{${count}}`];
    case 'a':
      return ['ampm', '[AaPp]\\.?[Mm]\\.?'];
    case 'E':
      return ['dayName', count >= 4 ? LONG_DAYS : SHORT_DAYS];
    case 'X':
    case 'x':
    case 'Z':
      return ['offset', OFFSET];
    case 'O':
      return ['gmtOffset', 'GMT(?:[+-]\\d{1,2}(?::?\\d{2})?)?'];
    case 'z':
      return ['zoneName', '[A-Za-z]{1,5}'];
    case 'V':
      return ['zoneId', '[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)*'];
    default:
      throw new GrokRuleError(`date format letter '${letter}' in "${format}" is not supported`);
  }
}

interface Parts {
  year?: number;
  yearWasWritten: boolean;
  month?: number;
  day?: number;
  dayOfYear?: number;
  hour: number;
  hour12?: number;
  pm?: boolean;
  minute: number;
  second: number;
  millis: number;
  zone?: Zone;
}

function toEpochMillis(tokens: readonly Token[], sub: SubValue, defaultZone: Zone, env: GrokEnv): number | undefined {
  const parts: Parts = { yearWasWritten: false, hour: 0, minute: 0, second: 0, millis: 0 };
  for (const token of tokens) {
    if (token.kind !== 'field') continue;
    const text = sub(token.suffix);
    if (text === undefined) return undefined;
    if (!readField(parts, token.field, text)) return undefined;
  }
  let hour = parts.hour;
  if (parts.hour12 !== undefined) {
    if (parts.hour12 > 12) return undefined;
    hour = parts.hour12 % 12;
    if (parts.pm === undefined && parts.hour12 === 12) hour = 12;
  }
  if (parts.pm && hour < 12) hour += 12;
  if (hour > 23 || parts.minute > 59 || parts.second > 60) return undefined;
  const zone = parts.zone ?? defaultZone;

  const noDate = parts.year === undefined && parts.month === undefined && parts.day === undefined && parts.dayOfYear === undefined;
  const today = new Date(env.now + offsetAt(zone, env.now) * 60_000);
  const year = parts.year ?? today.getUTCFullYear();
  let month = parts.month ?? (noDate ? today.getUTCMonth() + 1 : 1);
  let day = parts.day ?? (noDate ? today.getUTCDate() : 1);
  if (parts.dayOfYear !== undefined && parts.month === undefined) {
    const date = new Date(utc(year, 1, parts.dayOfYear));
    if (date.getUTCFullYear() !== year) return undefined;
    month = date.getUTCMonth() + 1;
    day = date.getUTCDate();
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;

  const local = utc(year, month, day, hour, parts.minute, parts.second, parts.millis);
  let instant = localToInstant(local, zone);
  // A year-less date (syslog's "Dec 31 23:59:59") read just after New Year belongs to last year.
  if (parts.year === undefined && !noDate && instant > env.now + 86_400_000) {
    const lastYearDay = Math.min(day, daysInMonth(year - 1, month));
    instant = localToInstant(utc(year - 1, month, lastYearDay, hour, parts.minute, parts.second, parts.millis), zone);
  }
  return instant;
}

function readField(parts: Parts, field: Field, text: string): boolean {
  switch (field) {
    case 'year':
      parts.year = Number(text);
      return true;
    case 'year2':
      parts.year = 2000 + Number(text);
      return true;
    case 'month':
      parts.month = Number(text);
      return true;
    case 'monthName':
      parts.month = MONTHS.findIndex((month) => month.startsWith(text.slice(0, 3).toLowerCase())) + 1;
      return parts.month > 0;
    case 'day':
      parts.day = Number(text);
      return true;
    case 'dayOfYear':
      parts.dayOfYear = Number(text);
      return parts.dayOfYear >= 1;
    case 'hour':
      parts.hour = Number(text);
      return true;
    case 'hour1to24':
      parts.hour = Number(text) % 24;
      return Number(text) >= 1 && Number(text) <= 24;
    case 'hour12':
      parts.hour12 = Number(text);
      return parts.hour12 >= 1;
    case 'hour0to11':
      parts.hour12 = Number(text);
      return parts.hour12 <= 11;
    case 'minute':
      parts.minute = Number(text);
      return true;
    case 'second':
      parts.second = Number(text);
      return true;
    case 'fraction':
      parts.millis = Number(text.padEnd(3, '0').slice(0, 3));
      return true;
    case 'ampm':
      parts.pm = /^p/i.test(text);
      return true;
    case 'offset':
    case 'gmtOffset':
    case 'zoneName':
    case 'zoneId': {
      const zone = parseZone(text);
      if (!zone) return false;
      parts.zone = zone;
      return true;
    }
    case 'dayName':
      return true;
  }
}

function requireZone(text: string): Zone {
  const zone = parseZone(text);
  if (!zone) {
    throw new GrokRuleError(
      `time zone "${text}" is not known: use an offset such as "+05:30" or "-0800", "UTC", or a zone such as "Europe/Paris"`,
    );
  }
  return zone;
}

/** `Z`, `+05:30`, `-0800`, `UTC+3`, `GMT-08:00`, `PST`, `Europe/Paris`. */
export function parseZone(text: string): Zone | undefined {
  const trimmed = text.trim();
  if (/^z$/i.test(trimmed)) return { kind: 'fixed', minutes: 0 };
  const offset = /^(?:UTC|GMT|UT)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(trimmed);
  if (offset) {
    const hours = Number(offset[2]);
    const minutes = Number(offset[3] ?? '0');
    if (hours > 18 || minutes > 59) return undefined;
    return { kind: 'fixed', minutes: (offset[1] === '-' ? -1 : 1) * (hours * 60 + minutes) };
  }
  const upper = trimmed.toUpperCase();
  if (Object.hasOwn(ZONE_ABBREVIATIONS, upper)) return { kind: 'fixed', minutes: ZONE_ABBREVIATIONS[upper] };
  if (trimmed.includes('/') && zoneFormatter(trimmed)) return { kind: 'iana', name: trimmed };
  return undefined;
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function zoneFormatter(name: string): Intl.DateTimeFormat | undefined {
  if (!formatters.has(name)) {
    try {
      formatters.set(
        name,
        new Intl.DateTimeFormat('en-US', {
          timeZone: name,
          hourCycle: 'h23',
          year: 'numeric',
          month: 'numeric',
          day: 'numeric',
          hour: 'numeric',
          minute: 'numeric',
          second: 'numeric',
        }),
      );
    } catch {
      formatters.set(name, null);
    }
  }
  return formatters.get(name) ?? undefined;
}

/** The zone's offset from UTC in minutes at an instant. */
function offsetAt(zone: Zone, instant: number): number {
  if (zone.kind === 'fixed') return zone.minutes;
  const formatter = zoneFormatter(zone.name);
  if (!formatter) return 0;
  const fields: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(instant))) fields[part.type] = Number(part.value);
  const wall = utc(fields.year, fields.month, fields.day, fields.hour, fields.minute, fields.second, 0);
  return Math.round((wall - (instant - mod(instant, 1000))) / 60_000);
}

function localToInstant(local: number, zone: Zone): number {
  if (zone.kind === 'fixed') return local - zone.minutes * 60_000;
  const first = local - offsetAt(zone, local) * 60_000;
  const second = offsetAt(zone, first);
  return local - second * 60_000;
}

function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millis = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  return date.getTime();
}

function daysInMonth(year: number, month: number): number {
  return new Date(utc(year, month + 1, 0)).getUTCDate();
}

const mod = (a: number, b: number) => ((a % b) + b) % b;

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Epoch milliseconds of an ISO-8601 date or date-time (UTC unless it carries an offset), else undefined. */
export function parseIsoDateTime(text: string): number | undefined {
  const match = ISO_DATE_TIME.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', offset] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return undefined;
  const local = utc(year, month, day, Number(h), Number(mi), Number(s), Number(fraction.padEnd(3, '0').slice(0, 3)));
  const zone = offset === undefined ? undefined : parseZone(offset);
  return zone ? localToInstant(local, zone) : local;
}
