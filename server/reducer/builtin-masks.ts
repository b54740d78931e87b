// The reducer's built-in masks. Each has a regex (RE2 syntax, shown to users and used as the reference
// in tests) and a hand-written matcher with the same leftmost-first semantics, which the scanner runs
// through `matchBuiltin` instead of the regex: a message is masked and tokenized in one pass without a
// regex engine. Each matcher returns the end of its match at `at`, or -1.
//
// Every pattern starts with `\b` (or `\B` before a sign), so a match never begins right after a word
// character; the scanner checks that once and calls a matcher only where it holds.
import * as charClasses from './char-classes';

// Bound once: some bundlers and test runners read every use of an imported name off the module object,
// which costs a call per character in the loops below.
const { CHAR_CLASS, DIGIT, HEX, WORD, endsWord, isDigitAt, runOf } = charClasses;

export interface BuiltinMask {
  /** Position in BUILTIN_MASKS, for `matchBuiltin`. */
  kind: number;
  name: string;
  pattern: string;
  /** Characters a match can start with. */
  startsWith: (code: number) => boolean;
}

const code = (char: string) => char.charCodeAt(0);
const isDigitCode = (c: number) => (CHAR_CLASS[c] & DIGIT) !== 0;
/** The character code at `at`, or -1 past the end (so comparisons simply fail). */
const charAt = (text: string, at: number) => (at < text.length ? text.charCodeAt(at) : -1);

const DOT = 46;
const COMMA = 44;
const COLON = 58;
const DASH = 45;
const PLUS = 43;
const SLASH = 47;
const SPACE = 32;

/** `\d{count}` at `at`. */
function digitsAt(text: string, at: number, count: number): boolean {
  for (let k = 0; k < count; k++) if (!isDigitAt(text, at + k)) return false;
  return true;
}

/** `(?:[.,]\d+)?` at `at`: the end with the fraction, or -1 when there is none. */
function fractionEnd(text: string, at: number): number {
  const c = charAt(text, at);
  return (c === DOT || c === COMMA) && isDigitAt(text, at + 1) ? runOf(text, at + 1, DIGIT) : -1;
}

/** `\d{2}:\d{2}` at `at`: its end, or -1. */
function twoPairsEnd(text: string, at: number): number {
  return digitsAt(text, at, 2) && charAt(text, at + 2) === COLON && digitsAt(text, at + 3, 2) ? at + 5 : -1;
}

/** `\d{2}:\d{2}:\d{2}` at `at`: its end, or -1. */
function threePairsEnd(text: string, at: number): number {
  const pairs = twoPairsEnd(text, at);
  return pairs >= 0 && charAt(text, pairs) === COLON && digitsAt(text, pairs + 1, 2) ? pairs + 3 : -1;
}

/** `(?: ?[AP]M)?` at `at`: the end with the meridiem, or -1. */
function meridiemEnd(text: string, at: number): number {
  const from = charAt(text, at) === SPACE ? at + 1 : at;
  const c = charAt(text, from);
  return (c === 65 || c === 80) && charAt(text, from + 1) === 77 ? from + 2 : -1;
}

/** After a fraction-less or fractioned clock ending at `end`: the meridiem if a boundary follows it, else `end` if one follows that. */
function clockTailEnd(text: string, end: number): number {
  const meridiem = meridiemEnd(text, end);
  if (meridiem >= 0 && endsWord(text, meridiem)) return meridiem;
  return endsWord(text, end) ? end : -1;
}

/**
 * `\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?(?: ?[AP]M)?` followed by `\b`, at `at`: the end of the first
 * alternative the regex would accept, or -1.
 */
function clockEnd(text: string, at: number): number {
  const hourEnd = runOf(text, at, DIGIT);
  const hourLength = hourEnd - at;
  if (hourLength < 1 || hourLength > 2 || charAt(text, hourEnd) !== COLON) return -1;
  const seconds = twoPairsEnd(text, hourEnd + 1);
  if (seconds < 0) return -1;
  const fraction = fractionEnd(text, seconds);
  if (fraction >= 0) {
    const end = clockTailEnd(text, fraction);
    if (end >= 0) return end;
  }
  return clockTailEnd(text, seconds);
}

/** `(?:Z| ?[+-]\d{2}:?\d{2}| UTC)?` at `at`: the end with a zone, or -1. */
function zoneEnd(text: string, at: number): number {
  const first = charAt(text, at);
  if (first === 90) return at + 1;
  const sign = first === SPACE ? at + 1 : at;
  const c = charAt(text, sign);
  if ((c === PLUS || c === DASH) && digitsAt(text, sign + 1, 2)) {
    if (charAt(text, sign + 3) === COLON) return digitsAt(text, sign + 4, 2) ? sign + 6 : -1;
    return digitsAt(text, sign + 3, 2) ? sign + 5 : -1;
  }
  return first === SPACE && text.startsWith('UTC', at + 1) ? at + 4 : -1;
}

/** After a time ending at `end`: the zone if a boundary follows it, else `end` if one follows that. */
function zonedEnd(text: string, end: number): number {
  const zone = zoneEnd(text, end);
  if (zone >= 0 && endsWord(text, zone)) return zone;
  return endsWord(text, end) ? end : -1;
}

/** ISO-8601 dates with an optional time, fraction and zone: `2024-04-26`, `2024-04-26T15:30:45.123Z`, `2024-04-26 15:30:45 +0000`. */
function isoTimestampEnd(text: string, at: number): number {
  if (
    !digitsAt(text, at, 4) ||
    charAt(text, at + 4) !== DASH ||
    !digitsAt(text, at + 5, 2) ||
    charAt(text, at + 7) !== DASH ||
    !digitsAt(text, at + 8, 2)
  ) {
    return -1;
  }
  const date = at + 10;
  const separator = charAt(text, date);
  if (separator === 84 || separator === SPACE) {
    const time = threePairsEnd(text, date + 1);
    if (time >= 0) {
      const fraction = fractionEnd(text, time);
      if (fraction >= 0) {
        const end = zonedEnd(text, fraction);
        if (end >= 0) return end;
      }
      const end = zonedEnd(text, time);
      if (end >= 0) return end;
    }
  }
  return endsWord(text, date) ? date : -1;
}

/** Slashed dates with an optional clock: `26/04/2024`, `2024/04/26`, `4/26/2024, 3:30:45 PM`. */
function slashedTimestampEnd(text: string, at: number): number {
  const first = runOf(text, at, DIGIT);
  if (first - at < 1 || first - at > 4 || charAt(text, first) !== SLASH) return -1;
  const second = runOf(text, first + 1, DIGIT);
  if (second - first - 1 < 1 || second - first - 1 > 2 || charAt(text, second) !== SLASH) return -1;
  const date = runOf(text, second + 1, DIGIT);
  if (date - second - 1 < 1 || date - second - 1 > 4) return -1;
  const after = charAt(text, date);
  const space = after === COMMA && charAt(text, date + 1) === SPACE ? date + 2 : after === SPACE ? date + 1 : -1;
  if (space >= 0) {
    const clock = clockEnd(text, space);
    if (clock >= 0) return clock;
  }
  return endsWord(text, date) ? date : -1;
}

/** Common Log Format: `26/Apr/2024:15:30:45 +0000`. */
function commonLogTimestampEnd(text: string, at: number): number {
  if (!digitsAt(text, at, 2) || charAt(text, at + 2) !== SLASH) return -1;
  const month0 = charAt(text, at + 3);
  const month1 = charAt(text, at + 4);
  const month2 = charAt(text, at + 5);
  if (!(month0 >= 65 && month0 <= 90 && month1 >= 97 && month1 <= 122 && month2 >= 97 && month2 <= 122)) return -1;
  if (charAt(text, at + 6) !== SLASH || !digitsAt(text, at + 7, 4)) return -1;
  const date = at + 11;
  if (charAt(text, date) === COLON) {
    const time = threePairsEnd(text, date + 1);
    if (time >= 0) {
      const sign = charAt(text, time + 1);
      if (charAt(text, time) === SPACE && (sign === PLUS || sign === DASH) && digitsAt(text, time + 2, 4) && endsWord(text, time + 6)) {
        return time + 6;
      }
      if (endsWord(text, time)) return time;
    }
  }
  return endsWord(text, date) ? date : -1;
}

function ipPortEnd(text: string, at: number): number {
  let from = at;
  for (let octet = 0; octet < 3; octet++) {
    const end = runOf(text, from, DIGIT);
    if (end - from < 1 || end - from > 3 || charAt(text, end) !== DOT) return -1;
    from = end + 1;
  }
  const last = runOf(text, from, DIGIT);
  if (last - from < 1 || last - from > 3) return -1;
  if (charAt(text, last) === COLON) {
    const port = runOf(text, last + 1, DIGIT);
    const length = port - last - 1;
    if (length >= 1 && length <= 5 && endsWord(text, port)) return port;
  }
  return endsWord(text, last) ? last : -1;
}

/** The timestamp alternatives, once the leading digits are known to be followed by `next`. */
function datedEnd(text: string, at: number, next: number): number {
  // The alternatives are told apart by that character: only a clock has `:`, only an ISO date `-`.
  if (next === COLON) return clockEnd(text, at);
  if (next === DASH) return isoTimestampEnd(text, at);
  const slashed = slashedTimestampEnd(text, at);
  return slashed >= 0 ? slashed : commonLogTimestampEnd(text, at);
}

const UUID_GROUPS = [8, 4, 4, 4, 12];
function uuidEnd(text: string, at: number): number {
  let from = at;
  for (let group = 0; group < 5; group++) {
    if (group > 0 && charAt(text, from) === DASH) from++;
    const length = UUID_GROUPS[group];
    for (let k = 0; k < length; k++) {
      if (from >= text.length || (CHAR_CLASS[text.charCodeAt(from)] & HEX) === 0) return -1;
      from++;
    }
  }
  return endsWord(text, from) ? from : -1;
}

function numberEnd(text: string, at: number, digitsEnd = runOf(text, at, DIGIT)): number {
  const first = text.charCodeAt(at);
  if (first === 48 && charAt(text, at + 1) === 120) {
    const hex = runOf(text, at + 2, HEX);
    if (hex > at + 2 && endsWord(text, hex)) return hex;
  }
  let from = at;
  if (first === DASH || first === PLUS) {
    if (!isDigitAt(text, at + 1)) return -1;
    from = at + 1;
  } else if (!isDigitCode(first)) {
    return -1;
  }
  const integer = from === at ? digitsEnd : runOf(text, from, DIGIT);
  if (charAt(text, integer) === DOT && isDigitAt(text, integer + 1)) {
    const end = exponentAndUnitEnd(text, runOf(text, integer + 1, DIGIT));
    if (end >= 0) return end;
  }
  return exponentAndUnitEnd(text, integer);
}

/** `(?:[eE][-+]?\d+)?(?:[a-zA-Z]{1,3})?\b` after a number ending at `at`: the first end the regex accepts, or -1. */
function exponentAndUnitEnd(text: string, at: number): number {
  const c = charAt(text, at);
  if (c === 101 || c === 69) {
    const sign = charAt(text, at + 1);
    const digits = sign === PLUS || sign === DASH ? at + 2 : at + 1;
    if (isDigitAt(text, digits)) {
      const exponent = runOf(text, digits, DIGIT);
      const unit = unitEnd(text, exponent);
      if (unit >= 0) return unit;
      if (endsWord(text, exponent)) return exponent;
    }
  }
  const unit = unitEnd(text, at);
  if (unit >= 0) return unit;
  return endsWord(text, at) ? at : -1;
}

/** `(?:[a-zA-Z]{1,3})\b` at `at`: the end with a unit (`ms`, `M`, `KiB`), or -1. Shorter units would end before a letter. */
function unitEnd(text: string, at: number): number {
  let end = at;
  while (end - at <= 3) {
    const c = charAt(text, end) | 32;
    if (c < 97 || c > 122) break;
    end++;
  }
  return end > at && end - at <= 3 && endsWord(text, end) ? end : -1;
}

const ARN_PREFIX = 'arn:aws';
function awsArnEnd(text: string, at: number): number {
  if (!text.startsWith(ARN_PREFIX, at)) return -1;
  const inRange = (c: number, ...ranges: Array<[number, number]>) => ranges.some(([low, high]) => c >= low && c <= high);
  const runWhile = (from: number, accepts: (c: number) => boolean) => {
    let end = from;
    while (end < text.length && accepts(text.charCodeAt(end))) end++;
    return end;
  };
  const lowerOrDash = (c: number) => c === 45 || inRange(c, [97, 122]);
  const lowerDigitOrDash = (c: number) => c === 45 || inRange(c, [97, 122], [48, 57]);
  const alnumOrDash = (c: number) => c === 45 || (CHAR_CLASS[c] & WORD) !== 0 && c !== 95;
  const resourceChar = (c: number) => (CHAR_CLASS[c] & WORD) !== 0 || c === 46 || c === 47 || c === 58 || c === 45;

  const partition = runWhile(at + ARN_PREFIX.length, lowerOrDash);
  if (text[partition] !== ':') return -1;
  const service = runWhile(partition + 1, alnumOrDash);
  if (service === partition + 1 || text[service] !== ':') return -1;
  const region = runWhile(service + 1, lowerDigitOrDash);
  if (text[region] !== ':') return -1;
  const account = runOf(text, region + 1, DIGIT);
  if (text[account] !== ':') return -1;
  const resource = runWhile(account + 1, resourceChar);
  return resource > account + 1 ? resource : -1;
}

const AWS_TOKEN_PREFIX = 'IQoJb3JpZ2luX';
const AWS_TOKEN_MIN_BODY = 100;
function awsTokenEnd(text: string, at: number): number {
  if (!text.startsWith(AWS_TOKEN_PREFIX, at)) return -1;
  let end = at + AWS_TOKEN_PREFIX.length;
  const bodyStart = end;
  while (end < text.length) {
    const c = text.charCodeAt(end);
    if ((CHAR_CLASS[c] & WORD) !== 0 ? c === 95 : c !== 43 && c !== 47) break;
    end++;
  }
  if (end - bodyStart < AWS_TOKEN_MIN_BODY) return -1;
  while (text[end] === '=') end++;
  return end;
}

const isDigitStart = (c: number) => isDigitCode(c);

/** The built-in masks, in the order Grepr lists them. */
export const BUILTIN_MASKS: readonly BuiltinMask[] = [
  {
    kind: 0,
    name: 'ipport',
    pattern: String.raw`\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b`,
    startsWith: isDigitStart,
  },
  {
    kind: 1,
    name: 'timestamp',
    pattern:
      String.raw`\b(?:\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z| ?[+-]\d{2}:?\d{2}| UTC)?)?` +
      String.raw`|\d{1,4}/\d{1,2}/\d{1,4}(?:,? \d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?(?: ?[AP]M)?)?` +
      String.raw`|\d{2}/[A-Z][a-z]{2}/\d{4}(?::\d{2}:\d{2}:\d{2}(?: [+-]\d{4})?)?` +
      String.raw`|\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?(?: ?[AP]M)?)\b`,
    startsWith: isDigitStart,
  },
  {
    kind: 2,
    name: 'uuid',
    pattern: String.raw`\b[0-9a-fA-F]{8}(?:-?[0-9a-fA-F]{4}){3}-?[0-9a-fA-F]{12}\b`,
    startsWith: (c) => (CHAR_CLASS[c] & HEX) !== 0,
  },
  {
    kind: 3,
    name: 'number',
    // A unit stuck to the number (12ms, 512MB, 3x) is part of it: such values vary as much as the number.
    pattern: String.raw`\b0x[0-9a-fA-F]+\b|(?:\B[-+])?\b\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?:[a-zA-Z]{1,3})?\b`,
    startsWith: (c) => isDigitCode(c) || c === 45 || c === 43,
  },
  {
    kind: 4,
    name: 'awsarn',
    pattern: String.raw`\barn:aws[a-z-]*:[a-zA-Z0-9-]+:[a-z0-9-]*:\d*:[a-zA-Z0-9_./:-]+`,
    startsWith: (c) => c === code('a'),
  },
  {
    kind: 5,
    name: 'awstoken',
    pattern: String.raw`\bIQoJb3JpZ2luX[A-Za-z0-9+/]{100,}=*`,
    startsWith: (c) => c === code('I'),
  },
];

/**
 * Runs built-in mask `kind` at `at`, where a run of digits ends at `digitsEnd` (= `at` when none): the end
 * of the match or -1. One call site for all masks, so the engine can inline; the digit run, which most
 * candidates start with, is measured once and rules most masks out at a glance.
 */
export function matchBuiltin(kind: number, text: string, at: number, digitsEnd: number): number {
  const digits = digitsEnd - at;
  switch (kind) {
    case 0:
      return digits >= 1 && digits <= 3 && charAt(text, digitsEnd) === DOT ? ipPortEnd(text, at) : -1;
    case 1: {
      const next = charAt(text, digitsEnd);
      return digits >= 1 && digits <= 4 && (next === DASH || next === SLASH || next === COLON) ? datedEnd(text, at, next) : -1;
    }
    case 2: {
      // Most candidates are words that start with a hex letter: reject them on the character a uuid needs at +8.
      const ninth = charAt(text, at + 8);
      if (ninth !== DASH && (CHAR_CLASS[ninth & 0xffff] & HEX) === 0) return -1;
      return digits >= 8 || (CHAR_CLASS[charAt(text, digitsEnd) & 0xffff] & HEX) !== 0 ? uuidEnd(text, at) : -1;
    }
    case 3:
      return numberEnd(text, at, digitsEnd);
    case 4:
      return awsArnEnd(text, at);
    case 5:
      return awsTokenEnd(text, at);
    default:
      return -1;
  }
}

export const DEFAULT_ENABLED_MASKS: readonly string[] = ['ipport', 'timestamp', 'uuid', 'number'];

const byName = new Map(BUILTIN_MASKS.map((mask) => [mask.name, mask]));
export function builtinMask(name: string): BuiltinMask | undefined {
  return byName.get(name);
}
