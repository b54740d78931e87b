// Datadog log intake v2 (`POST /api/v2/logs`), as the Datadog agent, Fluent Bit, Fluentd and the
// Datadog Forwarder send it: a JSON array of log objects (a single object is accepted too).
//
// Mapping of one log object onto a LogEvent:
//
//   | Datadog field                    | LogEvent                                               |
//   |----------------------------------|--------------------------------------------------------|
//   | message (else msg, else log)     | message (kept verbatim, even when it is itself JSON)    |
//   | status (else level, severity)    | severity, by the table in ./severity.ts                 |
//   | hostname (else host)             | tags.host                                              |
//   | service                          | tags.service                                           |
//   | ddsource (else source)           | tags.source                                            |
//   | ddtags "k:v,k2:v2,bare"          | tags.k = [v], tags.k2 = [v2], tags.bare = [] (a bare   |
//   |                                  | tag is a key with no values); repeated keys collect    |
//   |                                  | every value once                                       |
//   | timestamp (else date)            | eventTimestamp                                         |
//   | every other field                | attributes, as sent (nested JSON stays nested)          |
//
// A field that fills a LogEvent field is not repeated in attributes; a status word that maps to
// nothing, and structured (object or array) host/service/source values, stay in attributes.
// `timestamp` is a number or a numeric string read by magnitude (milliseconds as the agent sends;
// seconds, microseconds and nanoseconds are recognised), or an ISO 8601 date; a `timestamp` that is
// neither is an error. `date` is only a fallback: when it does not parse it stays in attributes.
// Without either, eventTimestamp is the intake time. Log indexes in error messages count from 0.
//
// The Datadog HTTP API also takes ddtags, ddsource, service and hostname as query parameters for
// the whole request; pass them as `defaults` and they apply to every log that lacks its own.
import { newId } from '../model/ids';
import type { LogEvent } from '../model/log-event';
import {
  addBareTag,
  addTag,
  bodyText,
  fail,
  isObject,
  jsonType,
  normalizeReceived,
  parseJson,
  preview,
  scalarText,
  setOwn,
  timestampToMillis,
  type DecodeOptions,
  type DecodeResult,
  type JsonObject,
} from './common';
import { DEFAULT_SEVERITY, severityFromStatus } from './severity';

export interface DatadogDecodeOptions extends DecodeOptions {
  /** Request-wide values, e.g. from the query string (`?ddtags=env:prod&ddsource=nginx`). */
  defaults?: { ddtags?: string; ddsource?: string; service?: string; hostname?: string };
}

const MESSAGE_FIELDS = ['message', 'msg', 'log'] as const;
const STATUS_FIELDS = ['status', 'level', 'severity'] as const;
/** Tag, the fields that fill it (first wins), and the request-wide default that fills it otherwise. */
const TAG_FIELDS = [
  ['host', ['hostname', 'host'], 'hostname'],
  ['service', ['service'], 'service'],
  ['source', ['ddsource', 'source'], 'ddsource'],
] as const;

/** One parsed ddtags entry: a key and its value, or no value for a bare tag. */
type DdtagList = ReadonlyArray<readonly [key: string, value: string | undefined]>;

// An agent batch repeats the same ddtags string on every log, so parse each distinct one once.
const DDTAGS_CACHE_ENTRIES = 512;
const DDTAGS_CACHE_MAX_LENGTH = 2048;
const ddtagsCache = new Map<string, DdtagList>();

function splitDdtags(ddtags: string): DdtagList {
  const list: Array<readonly [string, string | undefined]> = [];
  for (const raw of ddtags.split(',')) {
    const tag = raw.trim();
    if (tag === '') continue;
    const colon = tag.indexOf(':');
    if (colon < 0) {
      list.push([tag, undefined]);
      continue;
    }
    const key = tag.slice(0, colon).trim();
    const value = tag.slice(colon + 1).trim();
    if (key !== '') list.push([key, value === '' ? undefined : value]);
  }
  return list;
}

/** Parse a ddtags string ("env:prod,team:a,beta") into tags. Splits each tag at its first colon. */
export function parseDdtags(ddtags: string, tags: Record<string, string[]>): void {
  let list = ddtagsCache.get(ddtags);
  if (list === undefined) {
    list = splitDdtags(ddtags);
    if (ddtags.length <= DDTAGS_CACHE_MAX_LENGTH) {
      if (ddtagsCache.size >= DDTAGS_CACHE_ENTRIES) ddtagsCache.clear();
      ddtagsCache.set(ddtags, list);
    }
  }
  for (const [key, value] of list) {
    if (value === undefined) addBareTag(tags, key);
    else addTag(tags, key, value);
  }
}

function messageText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

// The reserved field names below are not properties of Object.prototype, so reading log[field]
// directly is the same as checking for an own property, and faster.

/** Map one Datadog log object; returns an error text (without the "log N:" prefix) on failure. */
function mapLog(log: JsonObject, received: number, defaults: DatadogDecodeOptions['defaults']): LogEvent | string {
  const consumed: string[] = [];
  const tags: Record<string, string[]> = {};

  // Message: the first of message, msg, log that is present.
  let message = '';
  for (const field of MESSAGE_FIELDS) {
    const value = log[field];
    if (value !== null && value !== undefined) {
      message = messageText(value);
      consumed.push(field);
      break;
    }
  }

  // Severity: the first status-like field that maps.
  let severity: number = DEFAULT_SEVERITY;
  for (const field of STATUS_FIELDS) {
    const value = log[field];
    if (value === undefined) continue;
    const mapped = severityFromStatus(value);
    if (mapped !== undefined) {
      severity = mapped;
      consumed.push(field);
      break;
    }
  }

  // Reserved tag fields.
  for (const [tag, fields, defaultKey] of TAG_FIELDS) {
    let found = false;
    for (const field of fields) {
      const value = log[field];
      if (value === undefined) continue;
      const text = scalarText(value);
      // A structured value (say an app's own `host: {...}` object) is not a tag: it stays an attribute.
      if (text === null) continue;
      consumed.push(field);
      if (text !== undefined) {
        addTag(tags, tag, text);
        found = true;
        break;
      }
    }
    const fallback = defaults?.[defaultKey];
    if (!found && fallback) addTag(tags, tag, fallback);
  }

  // ddtags.
  const ddtags = log.ddtags;
  if (ddtags !== undefined) {
    if (typeof ddtags === 'string') parseDdtags(ddtags, tags);
    else if (ddtags !== null) return `ddtags must be a string like "env:prod,team:payments", not ${jsonType(ddtags)}`;
    consumed.push('ddtags');
  }
  if (defaults?.ddtags) parseDdtags(defaults.ddtags, tags);

  // Timestamp.
  let eventTimestamp = received;
  const timestamp = log.timestamp;
  if (timestamp !== undefined && timestamp !== null) {
    const ms = timestampToMillis(timestamp);
    if (ms === undefined) return `timestamp must be epoch milliseconds or an ISO 8601 date, not ${preview(timestamp)}`;
    eventTimestamp = ms;
    consumed.push('timestamp');
  } else {
    if (timestamp === null) consumed.push('timestamp');
    if (log.date !== undefined) {
      const ms = timestampToMillis(log.date);
      if (ms !== undefined) {
        eventTimestamp = ms;
        consumed.push('date');
      }
    }
  }

  const attributes: JsonObject = {};
  const keys = Object.keys(log);
  if (keys.length > consumed.length) {
    for (const key of keys) {
      if (!consumed.includes(key)) setOwn(attributes, key, log[key]);
    }
  }

  return { id: newId(), eventTimestamp, receivedTimestamp: received, message, severity, tags, attributes };
}

/** Decode a Datadog intake v2 body (already decompressed) into LogEvents. */
export function decodeDatadogLogs(body: string | Uint8Array, options: DatadogDecodeOptions): DecodeResult {
  try {
    const received = normalizeReceived(options.receivedTimestamp);
    const text = bodyText(body);
    if (text.trim() === '') return fail('body is empty; expected a JSON array of log objects');
    const parsed = parseJson(text);
    if (!parsed.ok) return fail(`body is not valid JSON: ${parsed.message}`);
    const logs = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
    if (!Array.isArray(parsed.value) && !isObject(parsed.value)) {
      return fail(`body must be a JSON array of log objects, not ${jsonType(parsed.value)}`);
    }
    const events: LogEvent[] = new Array(logs.length);
    for (let i = 0; i < logs.length; i++) {
      const log = logs[i];
      if (!isObject(log)) return fail(`log ${i}: must be a JSON object, not ${jsonType(log)}`);
      const event = mapLog(log, received, options.defaults);
      if (typeof event === 'string') return fail(`log ${i}: ${event}`);
      events[i] = event;
    }
    return { ok: true, events };
  } catch (error) {
    return fail(`could not decode the Datadog payload: ${error instanceof Error ? error.message : String(error)}`);
  }
}
