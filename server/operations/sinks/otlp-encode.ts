// LogEvents → an OTLP ExportLogsServiceRequest, as protobuf bytes (a hand-rolled writer for exactly
// the logs messages) or as OTLP/JSON. Isomorphic: no Node modules.
//
// Mapping, the reverse of what Weir's OTLP intake does (server/ingest/otlp-map.ts):
//
//   | LogEvent                                 | OTLP                                                  |
//   |------------------------------------------|-------------------------------------------------------|
//   | tags.service / host / source (1st value)  | resource attributes service.name / host.name / source |
//   |                                          | (events are grouped into one ResourceLogs per trio)    |
//   | other tags                               | log record attributes: "" for a bare tag, the value    |
//   |                                          | for one, an array of strings for several              |
//   | attributes                               | log record attributes (nested JSON → kvlist / array,   |
//   |                                          | integers → intValue, other numbers → doubleValue)      |
//   | attributes otel.scope.name / .version    | the InstrumentationScope (events grouped by scope)     |
//   | attributes trace_id / span_id (hex)      | traceId / spanId                                      |
//   | attributes otel.flags / otel.event_name / | flags / eventName / droppedAttributesCount            |
//   |   otel.dropped_attributes_count          |                                                       |
//   | message                                  | body stringValue; or the structured body kept in       |
//   |                                          | attributes["otel.body"] when the message is its JSON   |
//   | severity (1–24)                          | severityNumber; severityText is the text kept in       |
//   |                                          | attributes["otel.severity_text"] when it still names   |
//   |                                          | that severity, else the OTel name ("WARN", "ERROR2")   |
//   | eventTimestamp / receivedTimestamp (ms)  | timeUnixNano / observedTimeUnixNano                    |
//   | id                                       | attribute weir.event_id, for deduplication            |
//
// On a key clash among record attributes, later rows win: tags < attributes < the sink's
// additionalAttributes < weir.event_id. Attributes that feed an OTLP field are not repeated.
import type { LogEvent } from '../../model/log-event';
import { severityFromText, severityName } from '../../ingest/severity';

export const EVENT_ID_ATTRIBUTE = 'weir.event_id';

type AttributeValue = unknown;

export interface OtlpLogRecordModel {
  timeUnixNano: bigint;
  observedTimeUnixNano: bigint;
  severityNumber: number;
  severityText: string;
  body: AttributeValue;
  attributes: Map<string, AttributeValue>;
  droppedAttributesCount: number;
  flags: number;
  traceId: Uint8Array | undefined;
  spanId: Uint8Array | undefined;
  eventName: string;
}

export interface OtlpScopeLogsModel {
  name: string;
  version: string;
  records: OtlpLogRecordModel[];
}

export interface OtlpResourceLogsModel {
  attributes: Array<[key: string, value: string]>;
  scopes: OtlpScopeLogsModel[];
}

export interface OtlpEncodeOptions {
  /** Added to every log record (the sink's additionalAttributes). */
  additionalAttributes?: Readonly<Record<string, string>>;
}

const RESOURCE_TAGS: ReadonlyArray<[tag: string, attribute: string]> = [
  ['service', 'service.name'],
  ['host', 'host.name'],
  ['source', 'source'],
];
const RESOURCE_TAG_KEYS = new Set(RESOURCE_TAGS.map(([tag]) => tag));

const hasOwn = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

function hexBytes(value: unknown, length: number): Uint8Array | undefined {
  if (typeof value !== 'string' || value.length !== length * 2 || !/^[0-9a-fA-F]+$/.test(value)) return undefined;
  const bytes = new Uint8Array(length);
  let zero = true;
  for (let i = 0; i < length; i++) {
    bytes[i] = parseInt(value.slice(i * 2, i * 2 + 2), 16);
    if (bytes[i] !== 0) zero = false;
  }
  return zero ? undefined : bytes;
}

const isUint32 = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff;

const nanos = (ms: number) => BigInt(Math.max(0, Math.trunc(ms))) * 1_000_000n;

function setAttribute(attributes: Map<string, AttributeValue>, key: string, value: AttributeValue): void {
  if (value === undefined) return;
  attributes.delete(key); // a later writer moves the key to its own position
  attributes.set(key, value);
}

function toRecord(event: LogEvent, options: OtlpEncodeOptions): { record: OtlpLogRecordModel; scopeName: string; scopeVersion: string } {
  const attributes = new Map<string, AttributeValue>();
  for (const key of Object.keys(event.tags)) {
    if (RESOURCE_TAG_KEYS.has(key)) continue;
    const values = event.tags[key];
    setAttribute(attributes, key, values.length === 0 ? '' : values.length === 1 ? values[0] : [...values]);
  }

  const source = event.attributes;
  const consumed = new Set<string>();
  const take = <T>(key: string, read: (value: unknown) => T | undefined): T | undefined => {
    if (!hasOwn(source, key)) return undefined;
    const value = read(source[key]);
    if (value !== undefined) consumed.add(key);
    return value;
  };
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

  const scopeName = take('otel.scope.name', text) ?? '';
  const scopeVersion = take('otel.scope.version', text) ?? '';
  const traceId = take('trace_id', (value) => hexBytes(value, 16));
  const spanId = take('span_id', (value) => hexBytes(value, 8));
  const flags = take('otel.flags', (value) => (isUint32(value) ? value : undefined)) ?? 0;
  const eventName = take('otel.event_name', text) ?? '';
  const droppedAttributesCount = take('otel.dropped_attributes_count', (value) => (isUint32(value) ? value : undefined)) ?? 0;
  const severityText =
    take('otel.severity_text', (value) =>
      typeof value === 'string' && severityFromText(value) === event.severity ? value : undefined,
    ) ?? severityName(event.severity);
  const body =
    take('otel.body', (value) =>
      typeof value === 'object' && value !== null && JSON.stringify(value) === event.message ? value : undefined,
    ) ?? event.message;

  for (const key of Object.keys(source)) {
    if (!consumed.has(key)) setAttribute(attributes, key, source[key]);
  }
  for (const [key, value] of Object.entries(options.additionalAttributes ?? {})) setAttribute(attributes, key, value);
  setAttribute(attributes, EVENT_ID_ATTRIBUTE, event.id);

  return {
    scopeName,
    scopeVersion,
    record: {
      timeUnixNano: nanos(event.eventTimestamp),
      observedTimeUnixNano: nanos(event.receivedTimestamp),
      severityNumber: event.severity,
      severityText,
      body,
      attributes,
      droppedAttributesCount,
      flags,
      traceId,
      spanId,
      eventName,
    },
  };
}

/** Groups events into ResourceLogs (by service, host and source) and ScopeLogs, keeping their order within each. */
export function buildLogsRequest(events: readonly LogEvent[], options: OtlpEncodeOptions = {}): OtlpResourceLogsModel[] {
  const resources = new Map<string, { model: OtlpResourceLogsModel; scopes: Map<string, OtlpScopeLogsModel> }>();
  for (const event of events) {
    const resourceAttributes: Array<[string, string]> = [];
    for (const [tag, attribute] of RESOURCE_TAGS) {
      const value = hasOwn(event.tags, tag) ? event.tags[tag][0] : undefined;
      if (value !== undefined) resourceAttributes.push([attribute, value]);
    }
    const resourceKey = JSON.stringify(resourceAttributes);
    let resource = resources.get(resourceKey);
    if (!resource) {
      resource = { model: { attributes: resourceAttributes, scopes: [] }, scopes: new Map() };
      resources.set(resourceKey, resource);
    }
    const { record, scopeName, scopeVersion } = toRecord(event, options);
    const scopeKey = JSON.stringify([scopeName, scopeVersion]);
    let scope = resource.scopes.get(scopeKey);
    if (!scope) {
      scope = { name: scopeName, version: scopeVersion, records: [] };
      resource.scopes.set(scopeKey, scope);
      resource.model.scopes.push(scope);
    }
    scope.records.push(record);
  }
  return [...resources.values()].map((resource) => resource.model);
}

// ---------------------------------------------------------------------------------------------
// Protobuf. Field numbers (opentelemetry/proto, logs v1 and common v1):
//   ExportLogsServiceRequest  1 resource_logs
//   ResourceLogs              1 resource   2 scope_logs
//   Resource                  1 attributes
//   ScopeLogs                 1 scope      2 log_records
//   InstrumentationScope      1 name       2 version
//   LogRecord                 1 time_unix_nano (fixed64)   2 severity_number (varint)
//                             3 severity_text   5 body   6 attributes   7 dropped_attributes_count
//                             8 flags (fixed32)  9 trace_id  10 span_id
//                             11 observed_time_unix_nano (fixed64)   12 event_name
//   KeyValue                  1 key   2 value
//   AnyValue                  1 string  2 bool  3 int64  4 double  5 array  6 kvlist  7 bytes
//   ArrayValue / KeyValueList 1 values
// Fields at their default value are omitted, as proto3 does (except inside AnyValue's oneof).

const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;
const FIXED32 = 5;
const INT64_LIMIT = 2 ** 63;

const utf8 = new TextEncoder();

function varintSize(value: number): number {
  let size = 1;
  while (value > 0x7f) {
    value = Math.floor(value / 128);
    size++;
  }
  return size;
}

/** A growable buffer with nested length-delimited messages. */
class ProtoWriter {
  private buf = new Uint8Array(4096);
  private view = new DataView(this.buf.buffer);
  private pos = 0;
  private readonly starts: number[] = [];

  private reserve(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + bytes) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  tag(field: number, wireType: number): void {
    this.uint32((field << 3) | wireType);
  }

  uint32(value: number): void {
    this.reserve(5);
    let n = value >>> 0;
    while (n > 0x7f) {
      this.buf[this.pos++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.buf[this.pos++] = n;
  }

  /** int64 as a varint: two's complement, so negative numbers take ten bytes. */
  int64(value: number | bigint): void {
    if (typeof value === 'number' && value >= 0 && value <= 0xffffffff) return this.uint32(value);
    let n = BigInt.asUintN(64, BigInt(value));
    this.reserve(10);
    while (n > 0x7fn) {
      this.buf[this.pos++] = Number(n & 0x7fn) | 0x80;
      n >>= 7n;
    }
    this.buf[this.pos++] = Number(n);
  }

  fixed32(value: number): void {
    this.reserve(4);
    this.view.setUint32(this.pos, value >>> 0, true);
    this.pos += 4;
  }

  fixed64(value: bigint): void {
    this.reserve(8);
    this.view.setBigUint64(this.pos, BigInt.asUintN(64, value), true);
    this.pos += 8;
  }

  double(value: number): void {
    this.reserve(8);
    this.view.setFloat64(this.pos, value, true);
    this.pos += 8;
  }

  string(field: number, value: string): void {
    this.begin(field);
    this.reserve(value.length * 3);
    this.pos += utf8.encodeInto(value, this.buf.subarray(this.pos)).written;
    this.end();
  }

  bytes(field: number, value: Uint8Array): void {
    this.tag(field, LEN);
    this.uint32(value.length);
    this.reserve(value.length);
    this.buf.set(value, this.pos);
    this.pos += value.length;
  }

  /** Opens a length-delimited field; its length is written by the matching end(). */
  begin(field: number): void {
    this.tag(field, LEN);
    this.reserve(1);
    this.starts.push(this.pos);
    this.pos += 1;
  }

  end(): void {
    const start = this.starts.pop()!;
    const length = this.pos - start - 1;
    if (length < 0x80) {
      this.buf[start] = length;
      return;
    }
    // The one byte reserved is too few: move the content right to make room for the varint.
    const extra = varintSize(length) - 1;
    this.reserve(extra);
    this.buf.copyWithin(start + 1 + extra, start + 1, this.pos);
    this.pos += extra;
    let at = start;
    let n = length;
    while (n > 0x7f) {
      this.buf[at++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.buf[at] = n;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

function writeAnyValue(writer: ProtoWriter, value: AttributeValue): void {
  switch (typeof value) {
    case 'string':
      return writer.string(1, value);
    case 'boolean':
      writer.tag(2, VARINT);
      return writer.uint32(value ? 1 : 0);
    case 'number':
      if (Number.isInteger(value) && value >= -INT64_LIMIT && value < INT64_LIMIT) {
        writer.tag(3, VARINT);
        return writer.int64(value);
      }
      writer.tag(4, FIXED64);
      return writer.double(value);
    case 'bigint':
      writer.tag(3, VARINT);
      return writer.int64(BigInt.asIntN(64, value));
    case 'object':
      if (value === null) return;
      if (value instanceof Uint8Array) return writer.bytes(7, value);
      if (Array.isArray(value)) {
        writer.begin(5);
        for (const item of value) {
          writer.begin(1);
          writeAnyValue(writer, item);
          writer.end();
        }
        return writer.end();
      }
      writer.begin(6);
      for (const key of Object.keys(value)) {
        const item = (value as Record<string, unknown>)[key];
        if (item !== undefined) writeKeyValue(writer, 1, key, item);
      }
      return writer.end();
    default:
      return; // undefined, functions and symbols have no OTLP form: an empty AnyValue
  }
}

function writeKeyValue(writer: ProtoWriter, field: number, key: string, value: AttributeValue): void {
  writer.begin(field);
  writer.string(1, key);
  writer.begin(2);
  writeAnyValue(writer, value);
  writer.end();
  writer.end();
}

function writeLogRecord(writer: ProtoWriter, record: OtlpLogRecordModel): void {
  writer.begin(2);
  if (record.timeUnixNano !== 0n) {
    writer.tag(1, FIXED64);
    writer.fixed64(record.timeUnixNano);
  }
  writer.tag(2, VARINT);
  writer.uint32(record.severityNumber);
  if (record.severityText !== '') writer.string(3, record.severityText);
  writer.begin(5);
  writeAnyValue(writer, record.body);
  writer.end();
  for (const [key, value] of record.attributes) writeKeyValue(writer, 6, key, value);
  if (record.droppedAttributesCount !== 0) {
    writer.tag(7, VARINT);
    writer.uint32(record.droppedAttributesCount);
  }
  if (record.flags !== 0) {
    writer.tag(8, FIXED32);
    writer.fixed32(record.flags);
  }
  if (record.traceId) writer.bytes(9, record.traceId);
  if (record.spanId) writer.bytes(10, record.spanId);
  if (record.observedTimeUnixNano !== 0n) {
    writer.tag(11, FIXED64);
    writer.fixed64(record.observedTimeUnixNano);
  }
  if (record.eventName !== '') writer.string(12, record.eventName);
  writer.end();
}

/** The ExportLogsServiceRequest as protobuf bytes. */
export function encodeLogsProtobuf(resources: readonly OtlpResourceLogsModel[]): Uint8Array {
  const writer = new ProtoWriter();
  for (const resource of resources) {
    writer.begin(1);
    if (resource.attributes.length > 0) {
      writer.begin(1);
      for (const [key, value] of resource.attributes) writeKeyValue(writer, 1, key, value);
      writer.end();
    }
    for (const scope of resource.scopes) {
      writer.begin(2);
      if (scope.name !== '' || scope.version !== '') {
        writer.begin(1);
        if (scope.name !== '') writer.string(1, scope.name);
        if (scope.version !== '') writer.string(2, scope.version);
        writer.end();
      }
      for (const record of scope.records) writeLogRecord(writer, record);
      writer.end();
    }
    writer.end();
  }
  return writer.finish();
}

// ---------------------------------------------------------------------------------------------
// OTLP/JSON: lowerCamelCase keys, 64-bit integers as decimal strings, enums as numbers, trace and
// span ids as hex, bytes as base64.

type JsonAnyValue = Record<string, unknown>;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex = (bytes: Uint8Array) => Array.from(bytes, (byte) => HEX[byte]).join('');

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  return btoa(binary);
}

function jsonAnyValue(value: AttributeValue): JsonAnyValue {
  switch (typeof value) {
    case 'string':
      return { stringValue: value };
    case 'boolean':
      return { boolValue: value };
    case 'number':
      if (Number.isInteger(value) && value >= -INT64_LIMIT && value < INT64_LIMIT) return { intValue: BigInt(value).toString() };
      return { doubleValue: Number.isFinite(value) ? value : String(value) };
    case 'bigint':
      return { intValue: BigInt.asIntN(64, value).toString() };
    case 'object':
      if (value === null) return {};
      if (value instanceof Uint8Array) return { bytesValue: base64(value) };
      if (Array.isArray(value)) return { arrayValue: { values: value.map(jsonAnyValue) } };
      return {
        kvlistValue: {
          values: Object.keys(value)
            .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
            .map((key) => ({ key, value: jsonAnyValue((value as Record<string, unknown>)[key]) })),
        },
      };
    default:
      return {};
  }
}

function jsonLogRecord(record: OtlpLogRecordModel): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  if (record.timeUnixNano !== 0n) json.timeUnixNano = record.timeUnixNano.toString();
  if (record.observedTimeUnixNano !== 0n) json.observedTimeUnixNano = record.observedTimeUnixNano.toString();
  json.severityNumber = record.severityNumber;
  if (record.severityText !== '') json.severityText = record.severityText;
  json.body = jsonAnyValue(record.body);
  json.attributes = [...record.attributes].map(([key, value]) => ({ key, value: jsonAnyValue(value) }));
  if (record.droppedAttributesCount !== 0) json.droppedAttributesCount = record.droppedAttributesCount;
  if (record.flags !== 0) json.flags = record.flags;
  if (record.traceId) json.traceId = hex(record.traceId);
  if (record.spanId) json.spanId = hex(record.spanId);
  if (record.eventName !== '') json.eventName = record.eventName;
  return json;
}

/** The ExportLogsServiceRequest as an OTLP/JSON value. */
export function logsRequestJson(resources: readonly OtlpResourceLogsModel[]): { resourceLogs: unknown[] } {
  return {
    resourceLogs: resources.map((resource) => ({
      resource: { attributes: resource.attributes.map(([key, value]) => ({ key, value: { stringValue: value } })) },
      scopeLogs: resource.scopes.map((scope) => ({
        ...(scope.name !== '' || scope.version !== ''
          ? { scope: { ...(scope.name !== '' && { name: scope.name }), ...(scope.version !== '' && { version: scope.version }) } }
          : {}),
        logRecords: scope.records.map(jsonLogRecord),
      })),
    })),
  };
}

export type OtlpEncoding = 'proto' | 'json';

/** LogEvents → the body of one OTLP/HTTP logs export in the given encoding. */
export function encodeOtlpLogs(events: readonly LogEvent[], encoding: OtlpEncoding, options: OtlpEncodeOptions = {}): Uint8Array {
  const request = buildLogsRequest(events, options);
  return encoding === 'json' ? utf8.encode(JSON.stringify(logsRequestJson(request))) : encodeLogsProtobuf(request);
}
