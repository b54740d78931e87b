// A small, hand-rolled protobuf wire-format decoder for exactly the OTLP logs messages
// (opentelemetry/proto/collector/logs/v1 ExportLogsServiceRequest and what it contains).
//
// Field numbers decoded (everything else is skipped by its wire type, as protobuf requires):
//   ExportLogsServiceRequest  1 resource_logs (ResourceLogs, repeated)
//   ResourceLogs              1 resource (Resource)            2 scope_logs (ScopeLogs, repeated)
//   Resource                  1 attributes (KeyValue, repeated)
//   ScopeLogs                 1 scope (InstrumentationScope)   2 log_records (LogRecord, repeated)
//   InstrumentationScope      1 name  2 version  3 attributes (KeyValue, repeated)
//   LogRecord                 1 time_unix_nano (fixed64)       11 observed_time_unix_nano (fixed64)
//                             2 severity_number (enum)         3 severity_text    5 body (AnyValue)
//                             6 attributes (KeyValue, rep.)    7 dropped_attributes_count (uint32)
//                             8 flags (fixed32)   9 trace_id (bytes)   10 span_id (bytes)
//                             12 event_name (string)
//   KeyValue                  1 key  2 value (AnyValue)
//   AnyValue (oneof)          1 string  2 bool  3 int64  4 double  5 ArrayValue  6 KeyValueList  7 bytes
//   ArrayValue                1 values (AnyValue, repeated)
//   KeyValueList              1 values (KeyValue, repeated)
// A known field number arriving with an unexpected wire type is skipped like an unknown field.
import { Buffer } from 'node:buffer';
import type { LogEvent } from '../model/log-event';
import { fail, normalizeReceived, setOwn, type DecodeOptions, type DecodeResult, type JsonObject } from './common';
import {
  emptyRecord,
  fixed64NanosToMillis,
  idHex,
  mapOtlpRecord,
  recordContext,
  resourceContext,
  type BodyKind,
  type OtlpRecordContext,
  type OtlpResourceContext,
  type OtlpScopeContext,
} from './otlp-map';

/** Deepest AnyValue nesting (arrays and kvlists inside each other) accepted. */
export const MAX_ANY_VALUE_DEPTH = 64;

const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;
const START_GROUP = 3;
const END_GROUP = 4;
const FIXED32 = 5;

class ProtobufError extends Error {}

class Reader {
  pos = 0;
  /** Low and high 32 bits of the last varint read. */
  lo = 0;
  hi = 0;
  /** Which oneof the last AnyValue read had set. */
  anyKind: BodyKind = 'absent';

  constructor(readonly buf: Buffer) {}

  truncated(what: string, at: number, detail: string): never {
    throw new ProtobufError(`protobuf: truncated ${what} at byte ${at} (${detail})`);
  }

  malformed(what: string, at: number, detail: string): never {
    throw new ProtobufError(`protobuf: malformed ${what} at byte ${at}: ${detail}`);
  }

  /** Reads a varint into lo/hi. */
  varint(end: number, what: string): void {
    const buf = this.buf;
    const start = this.pos;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= end) this.truncated(what, start, 'varint runs past the end');
      const b = buf[this.pos++];
      if (i < 4) lo |= (b & 0x7f) << (7 * i);
      else if (i === 4) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >>> 4;
      } else hi |= (b & 0x7f) << (7 * i - 32);
      if ((b & 0x80) === 0) {
        this.lo = lo >>> 0;
        this.hi = hi >>> 0;
        return;
      }
    }
    this.malformed(what, start, 'varint longer than 10 bytes');
  }

  /** Unsigned value of a varint (exact up to 2^53). */
  uint(end: number, what: string): number {
    this.varint(end, what);
    return this.hi * 4294967296 + this.lo;
  }

  /** A length prefix, checked against the bytes left in the enclosing message. */
  length(end: number, what: string, field: number): number {
    const at = this.pos;
    const len = this.uint(end, what);
    if (len > end - this.pos) {
      this.truncated(what, at, `field ${field} declares ${len} bytes but only ${end - this.pos} remain`);
    }
    return len;
  }

  /** Reads a tag; returns field number · 8 + wire type. */
  tag(end: number, what: string): number {
    const at = this.pos;
    this.varint(end, what);
    if (this.hi !== 0 || this.lo >>> 3 === 0) this.malformed(what, at, 'invalid field number');
    return this.lo;
  }

  string(end: number, what: string, field: number): string {
    const len = this.length(end, what, field);
    const start = this.pos;
    this.pos += len;
    return this.buf.toString('utf8', start, start + len);
  }

  bytes(end: number, what: string, field: number): Buffer {
    const len = this.length(end, what, field);
    const start = this.pos;
    this.pos += len;
    return this.buf.subarray(start, start + len);
  }

  need(end: number, count: number, what: string, field: number): void {
    if (end - this.pos < count) {
      this.truncated(what, this.pos, `field ${field} needs ${count} bytes but only ${end - this.pos} remain`);
    }
  }

  /** Skip one field's value by its wire type. */
  skip(tag: number, end: number, what: string, depth = 0): void {
    const field = tag >>> 3;
    const at = this.pos;
    switch (tag & 7) {
      case VARINT:
        this.varint(end, what);
        return;
      case FIXED64:
        this.need(end, 8, what, field);
        this.pos += 8;
        return;
      case LEN: {
        // Read the length first: `this.pos += this.length()` would add it to the old position.
        const len = this.length(end, what, field);
        this.pos += len;
        return;
      }
      case FIXED32:
        this.need(end, 4, what, field);
        this.pos += 4;
        return;
      case START_GROUP: {
        if (depth >= MAX_ANY_VALUE_DEPTH) this.malformed(what, at, 'groups nested too deeply');
        for (;;) {
          if (this.pos >= end) this.truncated(what, at, `group ${field} has no end`);
          const inner = this.tag(end, what);
          if ((inner & 7) === END_GROUP) {
            if (inner >>> 3 !== field) this.malformed(what, at, `group ${field} closed by field ${inner >>> 3}`);
            return;
          }
          this.skip(inner, end, what, depth + 1);
        }
      }
      case END_GROUP:
        return this.malformed(what, at, `unexpected end of group ${field}`);
      default:
        this.malformed(what, at, `invalid wire type ${tag & 7} for field ${field}`);
    }
  }
}

function readInt64(r: Reader): number | string {
  const { lo, hi } = r;
  if (hi < 0x200000) return hi * 4294967296 + lo; // 0 … 2^53 - 1
  if (hi >= 0xffe00000 && !(hi === 0xffe00000 && lo === 0)) {
    // Negative and above -2^53: two's complement.
    return -((~hi >>> 0) * 4294967296 + (~lo >>> 0) + 1);
  }
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString();
}

function jsonDouble(value: number): number | string {
  if (Number.isFinite(value)) return value;
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}

function readAnyValue(r: Reader, end: number, depth: number): unknown {
  if (depth > MAX_ANY_VALUE_DEPTH) r.malformed('AnyValue', r.pos, `values nested deeper than ${MAX_ANY_VALUE_DEPTH}`);
  let value: unknown = null;
  let kind: BodyKind = 'absent';
  while (r.pos < end) {
    const tag = r.tag(end, 'AnyValue');
    switch (tag) {
      case (1 << 3) | LEN:
        value = r.string(end, 'AnyValue', 1);
        kind = 'string';
        break;
      case (2 << 3) | VARINT:
        r.varint(end, 'AnyValue');
        value = r.lo !== 0 || r.hi !== 0;
        kind = 'scalar';
        break;
      case (3 << 3) | VARINT:
        r.varint(end, 'AnyValue');
        value = readInt64(r);
        kind = 'scalar';
        break;
      case (4 << 3) | FIXED64:
        r.need(end, 8, 'AnyValue', 4);
        value = jsonDouble(r.buf.readDoubleLE(r.pos));
        r.pos += 8;
        kind = 'scalar';
        break;
      case (5 << 3) | LEN: {
        const len = r.length(end, 'AnyValue', 5);
        value = readArrayValue(r, r.pos + len, depth + 1);
        kind = 'structured';
        break;
      }
      case (6 << 3) | LEN: {
        const len = r.length(end, 'AnyValue', 6);
        const object: JsonObject = {};
        readKeyValues(r, r.pos + len, object, 'KeyValueList', depth + 1);
        value = object;
        kind = 'structured';
        break;
      }
      case (7 << 3) | LEN:
        value = r.bytes(end, 'AnyValue', 7).toString('base64');
        kind = 'scalar';
        break;
      default:
        r.skip(tag, end, 'AnyValue');
    }
  }
  r.anyKind = kind;
  return value;
}

function readArrayValue(r: Reader, end: number, depth: number): unknown[] {
  const values: unknown[] = [];
  while (r.pos < end) {
    const tag = r.tag(end, 'ArrayValue');
    if (tag === ((1 << 3) | LEN)) {
      const len = r.length(end, 'ArrayValue', 1);
      values.push(readAnyValue(r, r.pos + len, depth));
    } else r.skip(tag, end, 'ArrayValue');
  }
  return values;
}

/** Reads repeated KeyValue entries (field 1 of a KeyValueList) up to `end`. */
function readKeyValues(r: Reader, end: number, into: JsonObject, what: string, depth: number): void {
  while (r.pos < end) {
    const tag = r.tag(end, what);
    if (tag === ((1 << 3) | LEN)) {
      const len = r.length(end, what, 1);
      readKeyValue(r, r.pos + len, into, depth);
    } else r.skip(tag, end, what);
  }
}

function readKeyValue(r: Reader, end: number, into: JsonObject, depth: number): void {
  let key = '';
  let value: unknown = null;
  while (r.pos < end) {
    const tag = r.tag(end, 'KeyValue');
    if (tag === ((1 << 3) | LEN)) key = r.string(end, 'KeyValue', 1);
    else if (tag === ((2 << 3) | LEN)) {
      const len = r.length(end, 'KeyValue', 2);
      value = readAnyValue(r, r.pos + len, depth);
    } else r.skip(tag, end, 'KeyValue');
  }
  setOwn(into, key, value);
}

function readResource(r: Reader, end: number): JsonObject {
  const attributes: JsonObject = {};
  while (r.pos < end) {
    const tag = r.tag(end, 'Resource');
    if (tag === ((1 << 3) | LEN)) {
      const len = r.length(end, 'Resource', 1);
      readKeyValue(r, r.pos + len, attributes, 0);
    } else r.skip(tag, end, 'Resource');
  }
  return attributes;
}

function readScope(r: Reader, end: number): OtlpScopeContext {
  const scope: OtlpScopeContext = { name: '', version: '', attributes: {} };
  while (r.pos < end) {
    const tag = r.tag(end, 'InstrumentationScope');
    if (tag === ((1 << 3) | LEN)) scope.name = r.string(end, 'InstrumentationScope', 1);
    else if (tag === ((2 << 3) | LEN)) scope.version = r.string(end, 'InstrumentationScope', 2);
    else if (tag === ((3 << 3) | LEN)) {
      const len = r.length(end, 'InstrumentationScope', 3);
      readKeyValue(r, r.pos + len, scope.attributes, 0);
    } else r.skip(tag, end, 'InstrumentationScope');
  }
  return scope;
}

function readFixed64Millis(r: Reader, end: number, field: number): number {
  r.need(end, 8, 'LogRecord', field);
  const lo = r.buf.readUInt32LE(r.pos);
  const hi = r.buf.readUInt32LE(r.pos + 4);
  r.pos += 8;
  return fixed64NanosToMillis(lo, hi);
}

function readLogRecord(r: Reader, end: number, context: OtlpRecordContext, received: number): LogEvent {
  const record = emptyRecord();
  while (r.pos < end) {
    const tag = r.tag(end, 'LogRecord');
    switch (tag) {
      case (1 << 3) | FIXED64:
        record.timeMs = readFixed64Millis(r, end, 1);
        break;
      case (11 << 3) | FIXED64:
        record.observedMs = readFixed64Millis(r, end, 11);
        break;
      case (2 << 3) | VARINT:
        r.varint(end, 'LogRecord');
        // An enum is an int32: a negative one arrives sign-extended, and counts as unset.
        record.severityNumber = (r.lo | 0) < 0 ? 0 : r.lo | 0;
        break;
      case (3 << 3) | LEN:
        record.severityText = r.string(end, 'LogRecord', 3);
        break;
      case (5 << 3) | LEN: {
        const len = r.length(end, 'LogRecord', 5);
        record.body = readAnyValue(r, r.pos + len, 0);
        record.bodyKind = r.anyKind;
        break;
      }
      case (6 << 3) | LEN: {
        const len = r.length(end, 'LogRecord', 6);
        readKeyValue(r, r.pos + len, record.attributes, 0);
        break;
      }
      case (7 << 3) | VARINT:
        record.droppedAttributesCount = r.uint(end, 'LogRecord');
        break;
      case (8 << 3) | FIXED32:
        r.need(end, 4, 'LogRecord', 8);
        record.flags = r.buf.readUInt32LE(r.pos);
        r.pos += 4;
        break;
      case (9 << 3) | LEN:
        record.traceId = idHex(r.bytes(end, 'LogRecord', 9));
        break;
      case (10 << 3) | LEN:
        record.spanId = idHex(r.bytes(end, 'LogRecord', 10));
        break;
      case (12 << 3) | LEN:
        record.eventName = r.string(end, 'LogRecord', 12);
        break;
      default:
        r.skip(tag, end, 'LogRecord');
    }
  }
  return mapOtlpRecord(context, record, received);
}

function readScopeLogs(r: Reader, end: number, resource: OtlpResourceContext, received: number, events: LogEvent[]) {
  // The scope may follow the records on the wire, so note where the records are first.
  let scope: OtlpScopeContext = { name: '', version: '', attributes: {} };
  const records: number[] = [];
  while (r.pos < end) {
    const tag = r.tag(end, 'ScopeLogs');
    if (tag === ((1 << 3) | LEN)) {
      const len = r.length(end, 'ScopeLogs', 1);
      scope = readScope(r, r.pos + len);
    } else if (tag === ((2 << 3) | LEN)) {
      const len = r.length(end, 'ScopeLogs', 2);
      records.push(r.pos, r.pos + len);
      r.pos += len;
    } else r.skip(tag, end, 'ScopeLogs');
  }
  const context = recordContext(resource, scope);
  for (let i = 0; i < records.length; i += 2) {
    r.pos = records[i];
    events.push(readLogRecord(r, records[i + 1], context, received));
  }
  r.pos = end;
}

function readResourceLogs(r: Reader, end: number, received: number, events: LogEvent[]) {
  let resourceAttributes: JsonObject = {};
  const scopes: number[] = [];
  while (r.pos < end) {
    const tag = r.tag(end, 'ResourceLogs');
    if (tag === ((1 << 3) | LEN)) {
      const len = r.length(end, 'ResourceLogs', 1);
      resourceAttributes = readResource(r, r.pos + len);
    } else if (tag === ((2 << 3) | LEN)) {
      const len = r.length(end, 'ResourceLogs', 2);
      scopes.push(r.pos, r.pos + len);
      r.pos += len;
    } else r.skip(tag, end, 'ResourceLogs');
  }
  const resource = resourceContext(resourceAttributes);
  for (let i = 0; i < scopes.length; i += 2) {
    r.pos = scopes[i];
    readScopeLogs(r, scopes[i + 1], resource, received, events);
  }
  r.pos = end;
}

/** Decode an OTLP/HTTP protobuf body (ExportLogsServiceRequest, already decompressed). */
export function decodeOtlpProtobuf(body: Uint8Array, options: DecodeOptions): DecodeResult {
  try {
    const received = normalizeReceived(options.receivedTimestamp);
    const buf = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    const r = new Reader(buf);
    const end = buf.length;
    const events: LogEvent[] = [];
    while (r.pos < end) {
      const tag = r.tag(end, 'ExportLogsServiceRequest');
      if (tag === ((1 << 3) | LEN)) {
        const len = r.length(end, 'ExportLogsServiceRequest', 1);
        readResourceLogs(r, r.pos + len, received, events);
      } else r.skip(tag, end, 'ExportLogsServiceRequest');
    }
    return { ok: true, events };
  } catch (error) {
    if (error instanceof ProtobufError) return fail(error.message);
    return fail(`protobuf: could not decode the request: ${error instanceof Error ? error.message : String(error)}`);
  }
}

// --- Responses -------------------------------------------------------------------------------

function pushVarint(out: number[], value: number): void {
  let v = value;
  while (v > 0x7f) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

function pushString(out: number[], field: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  pushVarint(out, (field << 3) | LEN);
  pushVarint(out, bytes.length);
  for (const b of bytes) out.push(b);
}

/** ExportLogsServiceResponse { partial_success { rejected_log_records, error_message } } as bytes. */
export function encodeExportLogsResponse(rejectedLogRecords = 0, errorMessage = ''): Uint8Array {
  if (rejectedLogRecords <= 0 && errorMessage === '') return new Uint8Array(0);
  const inner: number[] = [];
  if (rejectedLogRecords > 0) {
    pushVarint(inner, (1 << 3) | VARINT);
    pushVarint(inner, Math.floor(rejectedLogRecords));
  }
  if (errorMessage !== '') pushString(inner, 2, errorMessage);
  const out: number[] = [];
  pushVarint(out, (1 << 3) | LEN);
  pushVarint(out, inner.length);
  return Uint8Array.from([...out, ...inner]);
}

/** google.rpc.Status { code, message } as bytes: the body of an OTLP/HTTP protobuf error response. */
export function encodeRpcStatus(code: number, message: string): Uint8Array {
  const out: number[] = [];
  if (code !== 0) {
    pushVarint(out, (1 << 3) | VARINT);
    pushVarint(out, code);
  }
  if (message !== '') pushString(out, 2, message);
  return Uint8Array.from(out);
}
