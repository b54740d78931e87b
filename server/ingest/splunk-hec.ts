// Splunk HTTP Event Collector: `POST /services/collector/event` (also `/services/collector`) and
// `POST /services/collector/raw`, plus Splunk's JSON responses.
//
// Event endpoint: one or more JSON objects one after another, separated by whitespace or by nothing
// ({…}{…}), as Splunk's loggers batch them. A JSON array of event objects is tolerated too.
// Mapping of one HEC event onto a LogEvent:
//
//   | HEC                                   | LogEvent                                              |
//   |---------------------------------------|-------------------------------------------------------|
//   | event: "text"                         | message                                               |
//   | event: {…}                            | message = its `message`, `msg` or `log` string field   |
//   |                                       | (the first present), else the JSON text of the object; |
//   |                                       | the object's other fields → attributes                |
//   | event: number / boolean / array       | message = its JSON text                               |
//   | event.severity, else event.level      | severity (./severity.ts); the field is not repeated   |
//   | time (epoch seconds; float or string) | eventTimestamp (ms); absent → intake time             |
//   | host, source, sourcetype, index       | tags.host, tags.source, tags.sourcetype, tags.index    |
//   | fields {k: "v" | ["v1","v2"]}         | tags.k (indexed fields are tags)                      |
//
// `time` is read by magnitude (seconds as HEC specifies; milliseconds, microseconds and nanoseconds
// are recognised), and a numeric string is accepted as Splunk does. Event numbers in messages and
// in `invalidEventNumber` count from 0, like Splunk's `invalid-event-number`.
//
// Raw endpoint: every non-blank line of the body is one event whose message is the line (without
// its line break); host, source, sourcetype and index come from the query string, as does `time`.
// `channel` is accepted for the caller's acknowledgement bookkeeping but is not stored on events.
import { newId } from '../model/ids';
import type { LogEvent } from '../model/log-event';
import {
  addTag,
  bodyText,
  copyTags,
  isObject,
  jsonType,
  normalizeReceived,
  parseJson,
  preview,
  scalarText,
  setOwn,
  timestampToMillis,
  type DecodeOptions,
  type JsonObject,
} from './common';
import { DEFAULT_SEVERITY, severityFromStatus } from './severity';

/** Splunk HEC status codes, their response text and HTTP status (Splunk's HEC documentation). */
export const HEC_CODES = {
  0: { text: 'Success', status: 200 },
  1: { text: 'Token disabled', status: 403 },
  2: { text: 'Token is required', status: 401 },
  3: { text: 'Invalid authorization', status: 401 },
  4: { text: 'Invalid token', status: 403 },
  5: { text: 'No data', status: 400 },
  6: { text: 'Invalid data format', status: 400 },
  7: { text: 'Incorrect index', status: 400 },
  8: { text: 'Internal server error', status: 500 },
  9: { text: 'Server is busy', status: 503 },
  10: { text: 'Data channel is missing', status: 400 },
  11: { text: 'Invalid data channel', status: 400 },
  12: { text: 'Event field is required', status: 400 },
  13: { text: 'Event field cannot be blank', status: 400 },
  14: { text: 'ACK is disabled', status: 400 },
  15: { text: 'Error in handling indexed fields', status: 400 },
  16: { text: 'Query string authorization is not enabled', status: 400 },
  17: { text: 'HEC is healthy', status: 200 },
  18: { text: 'HEC is unhealthy, queues are full', status: 503 },
} as const;

export type HecCode = keyof typeof HEC_CODES;

export const HEC_CODE = {
  SUCCESS: 0,
  TOKEN_REQUIRED: 2,
  INVALID_AUTHORIZATION: 3,
  INVALID_TOKEN: 4,
  NO_DATA: 5,
  INVALID_DATA_FORMAT: 6,
  INTERNAL_ERROR: 8,
  SERVER_BUSY: 9,
  EVENT_FIELD_REQUIRED: 12,
  EVENT_FIELD_BLANK: 13,
  INDEXED_FIELDS_ERROR: 15,
} as const satisfies Record<string, HecCode>;

export interface HecFailure {
  ok: false;
  /** What is wrong and where ("event 3: time must be a number of seconds since the epoch"). */
  message: string;
  /** The HEC code a Splunk client expects for this failure. */
  code: HecCode;
  /** The 0-based number of the event that failed, when one did. */
  invalidEventNumber?: number;
}

export type HecDecodeResult = { ok: true; events: LogEvent[] } | HecFailure;

export interface HecTagDefaults {
  host?: string;
  source?: string;
  sourcetype?: string;
  index?: string;
}

export interface HecEventOptions extends DecodeOptions {
  /** Values for events that lack their own (for example from the query string). */
  defaults?: HecTagDefaults;
}

export interface HecRawOptions extends DecodeOptions, HecTagDefaults {
  /** Event time for every line: epoch seconds (number or numeric string). */
  time?: string | number;
  channel?: string;
}

export interface HecResponse {
  status: number;
  body: { text: string; code: number; 'invalid-event-number'?: number; detail?: string };
}

/** A Splunk HEC response for a code: `{"text":"Success","code":0}` and the like. */
export function hecResponse(code: HecCode, invalidEventNumber?: number, detail?: string): HecResponse {
  const entry = HEC_CODES[code];
  const body: HecResponse['body'] = { text: entry.text, code };
  if (invalidEventNumber !== undefined) body['invalid-event-number'] = invalidEventNumber;
  if (detail !== undefined && detail !== '') body.detail = detail;
  return { status: entry.status, body };
}

/** `{"text":"Success","code":0}` with HTTP 200. */
export function hecSuccessResponse(): HecResponse {
  return hecResponse(0);
}

/** The Splunk response for a failed decode; `detail` carries Weir's explanation. */
export function hecFailureResponse(failure: HecFailure): HecResponse {
  return hecResponse(failure.code, failure.invalidEventNumber, failure.message);
}

/** Raw-endpoint options from a request's query string (host, source, sourcetype, index, channel, time). */
export function hecRawOptionsFromQuery(query: URLSearchParams, receivedTimestamp: number): HecRawOptions {
  const options: HecRawOptions = { receivedTimestamp };
  for (const key of ['host', 'source', 'sourcetype', 'index', 'channel', 'time'] as const) {
    const value = query.get(key);
    if (value !== null && value !== '') options[key] = value;
  }
  return options;
}

function failure(code: HecCode, message: string, invalidEventNumber?: number): HecFailure {
  return invalidEventNumber === undefined
    ? { ok: false, message, code }
    : { ok: false, message, code, invalidEventNumber };
}

const MESSAGE_FIELDS = ['message', 'msg', 'log'] as const;
const SEVERITY_FIELDS = ['severity', 'level'] as const;
const TAG_FIELDS = ['host', 'source', 'sourcetype', 'index'] as const;

type EventError = { code: HecCode; message: string };

function mapEvent(raw: unknown, received: number, defaults: HecTagDefaults | undefined): LogEvent | EventError {
  if (!isObject(raw)) return { code: 6, message: `must be a JSON object, not ${jsonType(raw)}` };
  if (!Object.hasOwn(raw, 'event') || raw.event === null || raw.event === undefined) {
    return { code: 12, message: 'the "event" field is required' };
  }
  const event = raw.event;
  let message: string;
  let severity: number = DEFAULT_SEVERITY;
  const attributes: JsonObject = {};
  if (typeof event === 'string') {
    if (event === '') return { code: 13, message: 'the "event" field must not be blank' };
    message = event;
  } else if (isObject(event)) {
    const keys = Object.keys(event);
    if (keys.length === 0) return { code: 13, message: 'the "event" field must not be an empty object' };
    const consumed = new Set<string>();
    let found: string | undefined;
    for (const field of MESSAGE_FIELDS) {
      if (Object.hasOwn(event, field) && typeof event[field] === 'string') {
        found = event[field] as string;
        consumed.add(field);
        break;
      }
    }
    for (const field of SEVERITY_FIELDS) {
      if (!Object.hasOwn(event, field)) continue;
      const mapped = severityFromStatus(event[field]);
      if (mapped !== undefined) {
        severity = mapped;
        consumed.add(field);
        break;
      }
    }
    message = found ?? JSON.stringify(event);
    for (const key of keys) if (!consumed.has(key)) setOwn(attributes, key, event[key]);
  } else {
    message = JSON.stringify(event);
  }

  let eventTimestamp = received;
  if (Object.hasOwn(raw, 'time') && raw.time !== null && raw.time !== '') {
    const ms = timestampToMillis(raw.time);
    if (ms === undefined) {
      return { code: 6, message: `time must be a number of seconds since the epoch, not ${preview(raw.time)}` };
    }
    eventTimestamp = ms;
  }

  const tags: Record<string, string[]> = {};
  for (const field of TAG_FIELDS) {
    const text = Object.hasOwn(raw, field) ? scalarText(raw[field]) : undefined;
    if (text === null) return { code: 6, message: `${field} must be a string, not ${jsonType(raw[field])}` };
    const value = text ?? defaults?.[field];
    if (value !== undefined && value !== '') addTag(tags, field, value);
  }

  if (Object.hasOwn(raw, 'fields') && raw.fields !== null && raw.fields !== undefined) {
    const fields = raw.fields;
    if (!isObject(fields)) {
      return { code: 15, message: `fields must be an object of indexed fields, not ${jsonType(fields)}` };
    }
    for (const key of Object.keys(fields)) {
      const value = fields[key];
      const values = Array.isArray(value) ? value : [value];
      for (const item of values) {
        const text = scalarText(item);
        if (text === null || (Array.isArray(value) && item === null)) {
          return {
            code: 15,
            message: `fields.${key} must be a string or an array of strings, not ${jsonType(value)}`,
          };
        }
        if (text !== undefined) addTag(tags, key, text);
      }
    }
  }

  return { id: newId(), eventTimestamp, receivedTimestamp: received, message, severity, tags, attributes };
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** Calls `each` for every top-level JSON value of a concatenated body; returns an error text or undefined. */
function forEachConcatenated(
  text: string,
  each: (value: unknown, start: number) => string | undefined,
): { message: string; code: HecCode } | undefined {
  const length = text.length;
  let pos = 0;
  for (;;) {
    while (pos < length && isWhitespace(text.charCodeAt(pos))) pos++;
    if (pos >= length) return undefined;
    const first = text.charCodeAt(pos);
    if (first !== 0x7b /* { */ && first !== 0x5b /* [ */) {
      return { code: 6, message: `expected a JSON object at character ${pos}, found ${preview(text.slice(pos, pos + 20))}` };
    }
    let depth = 0;
    let inString = false;
    let end = -1;
    for (let i = pos; i < length; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (c === 0x5c /* \ */) i++;
        else if (c === 0x22 /* " */) inString = false;
      } else if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        depth--;
        if (depth === 0) {
          end = i + 1;
          break;
        }
      }
    }
    if (end < 0) return { code: 6, message: `unterminated JSON object starting at character ${pos}` };
    const parsed = parseJson(text.slice(pos, end));
    if (!parsed.ok) {
      return { code: 6, message: `the JSON starting at character ${pos} is not valid: ${parsed.message}` };
    }
    const error = each(parsed.value, pos);
    if (error !== undefined) return { code: 6, message: error };
    pos = end;
  }
}

/** Decode a HEC event-endpoint body (already decompressed) into LogEvents. */
export function decodeHecEvents(body: string | Uint8Array, options: HecEventOptions): HecDecodeResult {
  try {
    const received = normalizeReceived(options.receivedTimestamp);
    const text = bodyText(body);
    if (text.trim() === '') return failure(5, 'the body is empty; send one or more HEC event objects');

    const values: unknown[] = [];
    const whole = parseJson(text);
    if (whole.ok) {
      if (Array.isArray(whole.value)) values.push(...whole.value);
      else values.push(whole.value);
    } else {
      let count = 0;
      const split = forEachConcatenated(text, (value) => {
        if (Array.isArray(value)) {
          for (const item of value) values.push(item);
          count += value.length;
        } else {
          values.push(value);
          count++;
        }
        return undefined;
      });
      if (split) return failure(split.code, `event ${count}: ${split.message}`, count);
    }
    if (values.length === 0) return failure(5, 'the body holds no events');

    const events: LogEvent[] = new Array(values.length);
    const defaults = options.defaults;
    for (let i = 0; i < values.length; i++) {
      const mapped = mapEvent(values[i], received, defaults);
      if ('code' in mapped) return failure(mapped.code, `event ${i}: ${mapped.message}`, i);
      events[i] = mapped;
    }
    return { ok: true, events };
  } catch (error) {
    return failure(6, `could not decode the HEC payload: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Decode a HEC raw-endpoint body (already decompressed): one event per non-blank line. */
export function decodeHecRaw(body: string | Uint8Array, options: HecRawOptions): HecDecodeResult {
  try {
    const received = normalizeReceived(options.receivedTimestamp);
    let eventTimestamp = received;
    if (options.time !== undefined && options.time !== '') {
      const ms = timestampToMillis(options.time);
      if (ms === undefined) {
        return failure(6, `the time query parameter must be a number of seconds since the epoch, not ${preview(options.time)}`);
      }
      eventTimestamp = ms;
    }
    const tags: Record<string, string[]> = {};
    for (const field of TAG_FIELDS) {
      const value = options[field];
      if (typeof value === 'string' && value !== '') addTag(tags, field, value);
    }

    const text = bodyText(body);
    const events: LogEvent[] = [];
    let start = 0;
    while (start <= text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      let line = text.slice(start, end);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line.trim() !== '') {
        events.push({
          id: newId(),
          eventTimestamp,
          receivedTimestamp: received,
          message: line,
          severity: DEFAULT_SEVERITY,
          tags: copyTags(tags),
          attributes: {},
        });
      }
      start = end + 1;
    }
    if (events.length === 0) return failure(5, 'the body is empty; send one event per line');
    return { ok: true, events };
  } catch (error) {
    return failure(6, `could not decode the HEC raw payload: ${error instanceof Error ? error.message : String(error)}`);
  }
}
