// OTLP/HTTP logs (`POST /v1/logs`): `application/x-protobuf` (./otlp-protobuf.ts) and
// `application/json`, the OTLP JSON encoding of ExportLogsServiceRequest: lowerCamelCase keys
// (snake_case is tolerated), int64 values as strings or numbers, enums as numbers (enum names are
// tolerated), trace and span ids as hex (base64 is tolerated), bytes as base64.
// Unknown fields are ignored, as the OTLP specification asks of receivers.
//
// The LogEvent mapping is in ./otlp-map.ts. Also here: the OTLP/HTTP response bodies.
import { Buffer } from 'node:buffer';
import type { LogEvent } from '../model/log-event';
import {
  bodyText,
  fail,
  isObject,
  jsonType,
  normalizeReceived,
  parseJson,
  preview,
  setOwn,
  type DecodeOptions,
  type DecodeResult,
  type JsonObject,
} from './common';
import {
  emptyRecord,
  idHex,
  mapOtlpRecord,
  recordContext,
  resourceContext,
  type BodyKind,
  type OtlpRecord,
  type OtlpResourceContext,
  type OtlpScopeContext,
} from './otlp-map';
import { decodeOtlpProtobuf, encodeExportLogsResponse, encodeRpcStatus, MAX_ANY_VALUE_DEPTH } from './otlp-protobuf';

export { decodeOtlpProtobuf } from './otlp-protobuf';
export { OTLP_BODY_ATTRIBUTE } from './otlp-map';

export type OtlpFormat = 'json' | 'protobuf';

export const OTLP_CONTENT_TYPES: Readonly<Record<OtlpFormat, string>> = {
  json: 'application/json',
  protobuf: 'application/x-protobuf',
};

/** The OTLP encoding a Content-Type names, or undefined when it names neither. */
export function otlpFormat(contentType: string | null | undefined): OtlpFormat | undefined {
  const media = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (media === 'application/json') return 'json';
  if (media === 'application/x-protobuf' || media === 'application/protobuf') return 'protobuf';
  return undefined;
}

/** Decode an OTLP/HTTP logs body (already decompressed) in the encoding its Content-Type names. */
export function decodeOtlpLogs(
  body: Uint8Array,
  contentType: string | null | undefined,
  options: DecodeOptions,
): DecodeResult {
  const format = otlpFormat(contentType);
  if (format === 'json') return decodeOtlpJson(body, options);
  if (format === 'protobuf') return decodeOtlpProtobuf(body, options);
  return fail(
    `unsupported content-type ${contentType ? `"${contentType}"` : '(none)'}; ` +
      'OTLP/HTTP logs are application/x-protobuf or application/json',
  );
}

// --- JSON ------------------------------------------------------------------------------------

class JsonShapeError extends Error {}

function bad(path: string, expected: string, value: unknown): never {
  throw new JsonShapeError(`${path} must be ${expected}, not ${jsonType(value)} ${preview(value)}`.trimEnd());
}

/** A field by its lowerCamelCase name, or its original snake_case name. Null counts as absent. */
function get(object: JsonObject, camel: string, snake?: string): unknown {
  const value = Object.hasOwn(object, camel) ? object[camel] : undefined;
  if (value !== undefined && value !== null) return value;
  if (snake !== undefined && Object.hasOwn(object, snake)) {
    const other = object[snake];
    if (other !== null) return other;
  }
  return undefined;
}

function list(value: unknown, path: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) bad(path, 'an array', value);
  return value;
}

function object(value: unknown, path: string): JsonObject {
  if (!isObject(value)) bad(path, 'an object', value);
  return value;
}

function string(value: unknown, path: string): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') bad(path, 'a string', value);
  return value;
}

const DIGITS = /^-?\d+$/;

function int64(value: unknown, path: string): number | string {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && DIGITS.test(value) && value.length <= 21) {
    const n = Number(value);
    if (Number.isSafeInteger(n)) return n;
    const big = BigInt(value);
    if (big >= -(2n ** 63n) && big < 2n ** 63n) return big.toString();
  }
  return bad(path, 'a 64-bit integer (a number or a string of digits)', value);
}

function uint32(value: unknown, path: string): number {
  if (value === undefined) return 0;
  const n = typeof value === 'string' && DIGITS.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    bad(path, 'an unsigned 32-bit integer', value);
  }
  return n;
}

/** Nanoseconds since the epoch (string of digits or number) → ms; 0 when absent. */
function nanosToMillis(value: unknown, path: string): number {
  if (value === undefined) return 0;
  if (typeof value === 'string' && /^\d+$/.test(value) && value.length <= 20) {
    return value.length > 6 ? Number(value.slice(0, -6)) : 0;
  }
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 1e20) return Math.floor(value / 1e6);
  return bad(path, 'nanoseconds since the epoch as a string of digits', value);
}

function double(value: unknown, path: string): number | string {
  if (typeof value === 'number') return value;
  if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return bad(path, 'a number', value);
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

function base64(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length % 4 === 1 || !BASE64.test(value)) bad(path, 'base64 text', value);
  return value;
}

/** A trace or span id: hex of `size` bytes (or base64 of them); '' when absent, empty or zero. */
function id(value: unknown, size: number, path: string): string {
  if (value === undefined || value === '') return '';
  if (typeof value === 'string') {
    if (value.length === size * 2 && /^[0-9a-fA-F]+$/.test(value)) {
      return /^0+$/.test(value) ? '' : value.toLowerCase();
    }
    if (BASE64.test(value)) {
      const bytes = Buffer.from(value, 'base64');
      if (bytes.length === size) return idHex(bytes);
    }
  }
  return bad(path, `${size * 2} hex characters`, value);
}

const SEVERITY_NAMES: Readonly<Record<string, number>> = (() => {
  const names: Record<string, number> = { SEVERITY_NUMBER_UNSPECIFIED: 0 };
  ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].forEach((name, range) => {
    for (let step = 0; step < 4; step++) {
      names[`SEVERITY_NUMBER_${name}${step === 0 ? '' : step + 1}`] = range * 4 + step + 1;
    }
  });
  return names;
})();

function severityNumber(value: unknown, path: string): number {
  if (value === undefined) return 0;
  if (typeof value === 'number' && Number.isInteger(value)) return value < 0 ? 0 : value;
  if (typeof value === 'string') {
    if (DIGITS.test(value)) return Math.max(0, Math.min(Number(value), 2 ** 31));
    if (Object.hasOwn(SEVERITY_NAMES, value)) return SEVERITY_NAMES[value];
  }
  return bad(path, 'a severity number 0–24', value);
}

interface AnyOut {
  value: unknown;
  kind: BodyKind;
}

function anyValue(raw: unknown, path: string, depth: number): AnyOut {
  if (depth > MAX_ANY_VALUE_DEPTH) throw new JsonShapeError(`${path}: values nested deeper than ${MAX_ANY_VALUE_DEPTH}`);
  const av = object(raw, path);
  let v: unknown;
  if ((v = get(av, 'stringValue', 'string_value')) !== undefined) {
    return { value: string(v, `${path}.stringValue`), kind: 'string' };
  }
  if ((v = get(av, 'boolValue', 'bool_value')) !== undefined) {
    if (typeof v !== 'boolean') bad(`${path}.boolValue`, 'true or false', v);
    return { value: v, kind: 'scalar' };
  }
  if ((v = get(av, 'intValue', 'int_value')) !== undefined) {
    return { value: int64(v, `${path}.intValue`), kind: 'scalar' };
  }
  if ((v = get(av, 'doubleValue', 'double_value')) !== undefined) {
    return { value: double(v, `${path}.doubleValue`), kind: 'scalar' };
  }
  if ((v = get(av, 'arrayValue', 'array_value')) !== undefined) {
    const arrayPath = `${path}.arrayValue`;
    const values = list(get(object(v, arrayPath), 'values'), `${arrayPath}.values`);
    return {
      value: values.map((item, i) => anyValue(item, `${arrayPath}.values[${i}]`, depth + 1).value),
      kind: 'structured',
    };
  }
  if ((v = get(av, 'kvlistValue', 'kvlist_value')) !== undefined) {
    const kvPath = `${path}.kvlistValue`;
    const out: JsonObject = {};
    keyValues(get(object(v, kvPath), 'values'), `${kvPath}.values`, out, depth + 1);
    return { value: out, kind: 'structured' };
  }
  if ((v = get(av, 'bytesValue', 'bytes_value')) !== undefined) {
    return { value: base64(v, `${path}.bytesValue`), kind: 'scalar' };
  }
  return { value: null, kind: 'absent' };
}

function keyValues(raw: unknown, path: string, into: JsonObject, depth: number): void {
  const entries = list(raw, path);
  for (let i = 0; i < entries.length; i++) {
    const entryPath = `${path}[${i}]`;
    const kv = object(entries[i], entryPath);
    const key = string(get(kv, 'key'), `${entryPath}.key`);
    const value = get(kv, 'value');
    setOwn(into, key, value === undefined ? null : anyValue(value, `${entryPath}.value`, depth).value);
  }
}

function logRecord(raw: unknown, path: string): OtlpRecord {
  const lr = object(raw, path);
  const record = emptyRecord();
  record.timeMs = nanosToMillis(get(lr, 'timeUnixNano', 'time_unix_nano'), `${path}.timeUnixNano`);
  record.observedMs = nanosToMillis(
    get(lr, 'observedTimeUnixNano', 'observed_time_unix_nano'),
    `${path}.observedTimeUnixNano`,
  );
  record.severityNumber = severityNumber(get(lr, 'severityNumber', 'severity_number'), `${path}.severityNumber`);
  record.severityText = string(get(lr, 'severityText', 'severity_text'), `${path}.severityText`);
  const body = get(lr, 'body');
  if (body !== undefined) {
    const out = anyValue(body, `${path}.body`, 0);
    record.body = out.value;
    record.bodyKind = out.kind;
  }
  keyValues(get(lr, 'attributes'), `${path}.attributes`, record.attributes, 0);
  record.droppedAttributesCount = uint32(
    get(lr, 'droppedAttributesCount', 'dropped_attributes_count'),
    `${path}.droppedAttributesCount`,
  );
  record.flags = uint32(get(lr, 'flags'), `${path}.flags`);
  record.traceId = id(get(lr, 'traceId', 'trace_id'), 16, `${path}.traceId`);
  record.spanId = id(get(lr, 'spanId', 'span_id'), 8, `${path}.spanId`);
  record.eventName = string(get(lr, 'eventName', 'event_name'), `${path}.eventName`);
  return record;
}

function scopeContext(raw: unknown, path: string): OtlpScopeContext {
  const scope: OtlpScopeContext = { name: '', version: '', attributes: {} };
  if (raw === undefined) return scope;
  const s = object(raw, path);
  scope.name = string(get(s, 'name'), `${path}.name`);
  scope.version = string(get(s, 'version'), `${path}.version`);
  keyValues(get(s, 'attributes'), `${path}.attributes`, scope.attributes, 0);
  return scope;
}

function resourceOf(raw: unknown, path: string): OtlpResourceContext {
  const attributes: JsonObject = {};
  if (raw !== undefined) keyValues(get(object(raw, path), 'attributes'), `${path}.attributes`, attributes, 0);
  return resourceContext(attributes);
}

/** Decode an OTLP/HTTP JSON body (ExportLogsServiceRequest, already decompressed). */
export function decodeOtlpJson(body: string | Uint8Array, options: DecodeOptions): DecodeResult {
  try {
    const received = normalizeReceived(options.receivedTimestamp);
    const parsed = parseJson(bodyText(body));
    if (!parsed.ok) return fail(`body is not valid JSON: ${parsed.message}`);
    const request = parsed.value;
    if (!isObject(request)) return fail(`body must be a JSON object with resourceLogs, not ${jsonType(request)}`);
    const events: LogEvent[] = [];
    const resourceLogs = list(get(request, 'resourceLogs', 'resource_logs'), 'resourceLogs');
    for (let i = 0; i < resourceLogs.length; i++) {
      const rlPath = `resourceLogs[${i}]`;
      const rl = object(resourceLogs[i], rlPath);
      const resource = resourceOf(get(rl, 'resource'), `${rlPath}.resource`);
      const scopeLogs = list(get(rl, 'scopeLogs', 'scope_logs'), `${rlPath}.scopeLogs`);
      for (let j = 0; j < scopeLogs.length; j++) {
        const slPath = `${rlPath}.scopeLogs[${j}]`;
        const sl = object(scopeLogs[j], slPath);
        const scope = scopeContext(get(sl, 'scope'), `${slPath}.scope`);
        const records = list(get(sl, 'logRecords', 'log_records'), `${slPath}.logRecords`);
        const context = recordContext(resource, scope);
        for (let k = 0; k < records.length; k++) {
          events.push(mapOtlpRecord(context, logRecord(records[k], `${slPath}.logRecords[${k}]`), received));
        }
      }
    }
    return { ok: true, events };
  } catch (error) {
    if (error instanceof JsonShapeError) return fail(error.message);
    return fail(`could not decode the OTLP JSON request: ${error instanceof Error ? error.message : String(error)}`);
  }
}

// --- Responses -------------------------------------------------------------------------------

export interface OtlpResponse {
  contentType: string;
  body: string | Uint8Array;
}

/**
 * The body of a successful export: `{"partialSuccess":{}}` in JSON, an empty
 * ExportLogsServiceResponse (zero bytes) in protobuf. With rejected records, a partial success.
 */
export function otlpSuccessResponse(format: OtlpFormat, rejectedLogRecords = 0, errorMessage = ''): OtlpResponse {
  if (format === 'protobuf') {
    return { contentType: OTLP_CONTENT_TYPES.protobuf, body: encodeExportLogsResponse(rejectedLogRecords, errorMessage) };
  }
  const partialSuccess: Record<string, string> = {};
  if (rejectedLogRecords > 0) partialSuccess.rejectedLogRecords = String(Math.floor(rejectedLogRecords));
  if (errorMessage !== '') partialSuccess.errorMessage = errorMessage;
  return { contentType: OTLP_CONTENT_TYPES.json, body: JSON.stringify({ partialSuccess }) };
}

/** gRPC status codes used in OTLP/HTTP error bodies. */
export const RPC_CODE = { INVALID_ARGUMENT: 3, RESOURCE_EXHAUSTED: 8, UNAVAILABLE: 14, UNAUTHENTICATED: 16 } as const;

/**
 * The body of a failed export: a google.rpc.Status `{code, message}` in the request's encoding.
 * Use INVALID_ARGUMENT (the default) with HTTP 400 for a bad payload.
 */
export function otlpErrorResponse(format: OtlpFormat, message: string, code: number = RPC_CODE.INVALID_ARGUMENT): OtlpResponse {
  if (format === 'protobuf') return { contentType: OTLP_CONTENT_TYPES.protobuf, body: encodeRpcStatus(code, message) };
  return { contentType: OTLP_CONTENT_TYPES.json, body: JSON.stringify({ code, message }) };
}
