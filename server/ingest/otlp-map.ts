// OTLP log record → LogEvent, shared by the OTLP/JSON and OTLP/protobuf decoders.
//
// Mapping (keys of attributes are flat strings, as OpenTelemetry names them):
//
//   | OTLP                                            | LogEvent                                       |
//   |-------------------------------------------------|------------------------------------------------|
//   | body: string                                    | message                                        |
//   | body: int / double / bool / bytes               | message = the value as text (bytes in base64)   |
//   | body: kvlist / array                            | message = JSON text of the value, and the value |
//   |                                                 | itself in attributes["otel.body"]               |
//   | severity_number 1–24 (larger is clamped to 24)  | severity                                       |
//   | severity_number 0 (unset)                       | severity from severity_text (./severity.ts),   |
//   |                                                 | else 9 (INFO)                                  |
//   | time_unix_nano, else observed_time_unix_nano    | eventTimestamp (ms); neither → intake time     |
//   | resource service.name                           | tags.service (not repeated in attributes)       |
//   | resource host.name                              | tags.host (not repeated in attributes)          |
//   | resource `source`, else telemetry.sdk.language  | tags.source (`source` is not repeated in        |
//   |                                                 | attributes; telemetry.sdk.language stays)       |
//   | other resource attributes                       | attributes, flat                               |
//   | scope attributes                                | attributes, flat                               |
//   | scope name / version                            | attributes["otel.scope.name" / ".version"]     |
//   | log record attributes                           | attributes, flat                               |
//   | trace_id / span_id (non-zero)                   | attributes.trace_id / span_id, lowercase hex    |
//   | flags (non-zero)                                | attributes["otel.flags"]                       |
//   | severity_text                                   | attributes["otel.severity_text"]               |
//   | event_name                                      | attributes["otel.event_name"]                  |
//   | dropped_attributes_count (non-zero)             | attributes["otel.dropped_attributes_count"]    |
//
// On a key clash the later row wins: resource < scope < log record < the otel.* / trace keys.
// AnyValues become JSON: kvlist → object, array → array, int64 → number when it is a safe
// integer and a decimal string otherwise, bytes → base64 string, NaN/±Infinity → "NaN",
// "Infinity", "-Infinity", an empty AnyValue → null.
import { newId } from '../model/ids';
import type { LogEvent } from '../model/log-event';
import { addTag, copyJson, copyTags, setOwn, type JsonObject } from './common';
import { DEFAULT_SEVERITY, severityFromText } from './severity';

/** Attribute key under which a structured (kvlist or array) body is kept. */
export const OTLP_BODY_ATTRIBUTE = 'otel.body';

/** How the body AnyValue was set. */
export type BodyKind = 'absent' | 'string' | 'scalar' | 'structured';

export interface OtlpResourceContext {
  tags: Record<string, string[]>;
  attributes: JsonObject;
}

export interface OtlpScopeContext {
  name: string;
  version: string;
  attributes: JsonObject;
}

export interface OtlpRecord {
  /** Epoch milliseconds, 0 when unset. */
  timeMs: number;
  observedMs: number;
  severityNumber: number;
  severityText: string;
  body: unknown;
  bodyKind: BodyKind;
  attributes: JsonObject;
  droppedAttributesCount: number;
  flags: number;
  /** Lowercase hex; '' when absent or all zeros. */
  traceId: string;
  spanId: string;
  eventName: string;
}

export function emptyRecord(): OtlpRecord {
  return {
    timeMs: 0,
    observedMs: 0,
    severityNumber: 0,
    severityText: '',
    body: undefined,
    bodyKind: 'absent',
    attributes: {},
    droppedAttributesCount: 0,
    flags: 0,
    traceId: '',
    spanId: '',
    eventName: '',
  };
}

function tagText(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Split resource attributes into the tags they feed and the attributes every record inherits. */
export function resourceContext(resourceAttributes: JsonObject): OtlpResourceContext {
  const tags: Record<string, string[]> = {};
  const attributes: JsonObject = {};
  const consumed: string[] = [];
  const service = tagText(resourceAttributes['service.name']);
  if (service !== undefined && Object.hasOwn(resourceAttributes, 'service.name')) {
    addTag(tags, 'service', service);
    consumed.push('service.name');
  }
  const host = tagText(resourceAttributes['host.name']);
  if (host !== undefined && Object.hasOwn(resourceAttributes, 'host.name')) {
    addTag(tags, 'host', host);
    consumed.push('host.name');
  }
  const source = Object.hasOwn(resourceAttributes, 'source') ? tagText(resourceAttributes.source) : undefined;
  if (source !== undefined) {
    addTag(tags, 'source', source);
    consumed.push('source');
  } else {
    const language = Object.hasOwn(resourceAttributes, 'telemetry.sdk.language')
      ? tagText(resourceAttributes['telemetry.sdk.language'])
      : undefined;
    if (language !== undefined) addTag(tags, 'source', language);
  }
  for (const key of Object.keys(resourceAttributes)) {
    if (!consumed.includes(key)) setOwn(attributes, key, resourceAttributes[key]);
  }
  return { tags, attributes };
}

/** What every record of one scope in one resource shares: its tags and its base attributes. */
export interface OtlpRecordContext {
  tags: Record<string, string[]>;
  attributes: JsonObject;
  /** Keys of `attributes` whose values are arrays or objects: copied per record, never shared. */
  structuredKeys: string[];
}

/** Merge a resource and a scope once, so that each record only copies the result. */
export function recordContext(resource: OtlpResourceContext, scope: OtlpScopeContext): OtlpRecordContext {
  // Object spread defines own data properties, so even a `__proto__` key is copied as plain data.
  const attributes: JsonObject = { ...resource.attributes, ...scope.attributes };
  if (scope.name !== '') attributes['otel.scope.name'] = scope.name;
  if (scope.version !== '') attributes['otel.scope.version'] = scope.version;
  const structuredKeys = Object.keys(attributes).filter((key) => typeof attributes[key] === 'object' && attributes[key] !== null);
  return { tags: resource.tags, attributes, structuredKeys };
}

function bodyMessage(record: OtlpRecord): string {
  switch (record.bodyKind) {
    case 'string':
      return record.body as string;
    case 'absent':
      return '';
    case 'scalar':
      return record.body === null ? '' : String(record.body);
    case 'structured':
      return JSON.stringify(record.body);
  }
}

/** Map one decoded log record in the context of its resource and scope (see recordContext). */
export function mapOtlpRecord(context: OtlpRecordContext, record: OtlpRecord, receivedTimestamp: number): LogEvent {
  const attributes: JsonObject = { ...context.attributes, ...record.attributes };
  // Events of one request must not share nested values: an operator may change one in place.
  for (const key of context.structuredKeys) {
    if (!Object.hasOwn(record.attributes, key)) setOwn(attributes, key, copyJson(context.attributes[key]));
  }
  if (record.traceId !== '') attributes.trace_id = record.traceId;
  if (record.spanId !== '') attributes.span_id = record.spanId;
  if (record.flags !== 0) attributes['otel.flags'] = record.flags;
  if (record.severityText !== '') attributes['otel.severity_text'] = record.severityText;
  if (record.eventName !== '') attributes['otel.event_name'] = record.eventName;
  if (record.droppedAttributesCount !== 0) attributes['otel.dropped_attributes_count'] = record.droppedAttributesCount;
  if (record.bodyKind === 'structured') attributes[OTLP_BODY_ATTRIBUTE] = record.body;

  let severity: number;
  if (record.severityNumber >= 1) severity = record.severityNumber > 24 ? 24 : Math.floor(record.severityNumber);
  else severity = (record.severityText !== '' ? severityFromText(record.severityText) : undefined) ?? DEFAULT_SEVERITY;

  const eventTimestamp = record.timeMs > 0 ? record.timeMs : record.observedMs > 0 ? record.observedMs : receivedTimestamp;

  return {
    id: newId(),
    eventTimestamp,
    receivedTimestamp,
    message: bodyMessage(record),
    severity,
    tags: copyTags(context.tags),
    attributes,
  };
}

/** Nanoseconds since the epoch as a fixed64 split in 32-bit halves → whole milliseconds, exactly. */
export function fixed64NanosToMillis(lo: number, hi: number): number {
  // hi·2^32 = hi·4294·10^6 + hi·967296, and every partial stays below 2^53.
  const rest = hi * 967296 + lo;
  return hi * 4294 + (rest - (rest % 1e6)) / 1e6;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Bytes → lowercase hex, '' when empty or all zeros (an invalid trace or span id). */
export function idHex(bytes: Uint8Array): string {
  let zero = true;
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0) zero = false;
    out += HEX[bytes[i]];
  }
  return zero ? '' : out;
}
