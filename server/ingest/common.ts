// Small helpers shared by the ingest decoders. Nothing here throws.
import type { LogEvent } from '../model/log-event';

/** What every decoder returns. Decoders never throw; a bad payload is `ok: false` with a message. */
export type DecodeResult = { ok: true; events: LogEvent[] } | { ok: false; message: string };

export type JsonObject = Record<string, unknown>;

/** Options every decoder takes. */
export interface DecodeOptions {
  /** When Weir received the request, epoch milliseconds. */
  receivedTimestamp: number;
}

export function fail(message: string): { ok: false; message: string } {
  return { ok: false, message };
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A usable receivedTimestamp: a non-negative safe integer, else the current time. */
export function normalizeReceived(value: number): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
    const ms = Math.floor(value);
    if (Number.isSafeInteger(ms)) return ms;
  }
  return Date.now();
}

/** Sets a property as an own, enumerable property, even for keys like `__proto__`. */
export function setOwn(target: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** Adds one tag value (tags are sets: a value already present is not repeated). */
export function addTag(tags: Record<string, string[]>, key: string, value: string): void {
  if (Object.hasOwn(tags, key)) {
    const values = tags[key];
    if (!values.includes(value)) values.push(value);
  } else if (key === '__proto__') {
    Object.defineProperty(tags, key, { value: [value], enumerable: true, writable: true, configurable: true });
  } else {
    tags[key] = [value];
  }
}

/** Makes sure a tag key exists (a bare tag such as Datadog's `beta` has no values). */
export function addBareTag(tags: Record<string, string[]>, key: string): void {
  if (Object.hasOwn(tags, key)) return;
  if (key === '__proto__') {
    Object.defineProperty(tags, key, { value: [], enumerable: true, writable: true, configurable: true });
  } else {
    tags[key] = [];
  }
}

/** A copy of a tag map whose value arrays are fresh (so events never share arrays). */
export function copyTags(tags: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const key of Object.keys(tags)) setOwn(out, key, tags[key].slice());
  return out;
}

/** A deep copy of a JSON value (own keys only; `__proto__` keys stay plain data). */
export function copyJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyJson);
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const key of Object.keys(value)) setOwn(out, key, copyJson(value[key]));
    return out;
  }
  return value;
}

/**
 * Epoch number in an unknown unit → epoch milliseconds, by magnitude:
 * below 1e11 seconds (up to the year 5138), below 1e14 milliseconds, below 1e17 microseconds,
 * otherwise nanoseconds. Returns undefined for negative, non-finite or out-of-range values.
 */
export function epochToMillis(value: number): number | undefined {
  if (!Number.isFinite(value) || value < 0) return undefined;
  let ms: number;
  if (value < 1e11) ms = Math.round(value * 1000);
  else if (value < 1e14) ms = Math.floor(value);
  else if (value < 1e17) ms = Math.floor(value / 1e3);
  else ms = Math.floor(value / 1e6);
  return Number.isSafeInteger(ms) ? ms : undefined;
}

const NUMERIC = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/**
 * A timestamp field → epoch milliseconds: a number or numeric string by magnitude (epochToMillis),
 * or a date string Date.parse understands (ISO 8601, RFC 2822). Undefined when unusable.
 */
export function timestampToMillis(value: unknown): number | undefined {
  if (typeof value === 'number') return epochToMillis(value);
  if (typeof value !== 'string') return undefined;
  if (NUMERIC.test(value)) return epochToMillis(Number(value));
  if (value.length > 100) return undefined;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) || parsed < 0 ? undefined : parsed;
}

const utf8 = new TextDecoder('utf-8');

/** Body bytes → text (UTF-8, invalid sequences replaced, a leading BOM dropped). */
export function bodyText(body: string | Uint8Array): string {
  const text = typeof body === 'string' ? body : utf8.decode(body);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** JSON.parse that reports instead of throwing. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: describeError(error) };
  }
}

/** A short, printable preview of a value for error messages. */
export function preview(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** The JSON type of a value, for messages: "a string", "an array", "null". */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

/**
 * A scalar used as a tag value: strings as they are, numbers and booleans as text.
 * Returns undefined for null, absent or empty values, and null for objects and arrays (wrong type).
 */
export function scalarText(value: unknown): string | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}
