import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as OTLPHttpJsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as OTLPProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  InMemoryLogRecordExporter,
  LoggerProvider,
  SimpleLogRecordProcessor,
  type ReadableLogRecord,
} from '@opentelemetry/sdk-logs';
import { describe, expect, it } from 'vitest';
import { logEvent, type LogEvent } from '../model/log-event';
import type { DecodeResult } from './common';
import { decodeBody } from './decode-body';
import {
  decodeOtlpJson,
  decodeOtlpLogs,
  decodeOtlpProtobuf,
  OTLP_BODY_ATTRIBUTE,
  otlpErrorResponse,
  otlpFormat,
  otlpSuccessResponse,
} from './otlp';

const RECEIVED = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const T1 = 1_767_225_601_234;
const T2 = 1_767_225_602_500;
const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = 'eee19b7ec3c1b174';

type Stripped = Omit<LogEvent, 'id'>;

function events(result: DecodeResult): Stripped[] {
  if (!result.ok) throw new Error(result.message);
  const ids = result.events.map((event) => event.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const event of result.events) {
    expect(event.id).toMatch(/^[0-9a-z]{13}$/);
    expect(logEvent.parse(event)).toEqual(event);
  }
  return result.events.map(({ id: _id, ...rest }) => rest);
}

function errorOf(result: DecodeResult): string {
  if (result.ok) throw new Error(`expected a failure, got ${result.events.length} events`);
  return result.message;
}

async function emitRecords(): Promise<ReadableLogRecord[]> {
  const memory = new InMemoryLogRecordExporter();
  const checkout = new LoggerProvider({
    resource: resourceFromAttributes({
      'service.name': 'checkout',
      'service.version': '2.4.1',
      'host.name': 'web-01',
      'telemetry.sdk.language': 'nodejs',
      'deployment.environment.name': 'prod',
      'process.pid': 4242,
    }),
    processors: [new SimpleLogRecordProcessor({ exporter: memory })],
  });
  const spanContext = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: TRACE_ID,
    spanId: SPAN_ID,
    traceFlags: TraceFlags.SAMPLED,
  });
  const app = checkout.getLogger('checkout-app', '1.0.0');
  app.emit({
    timestamp: T1,
    severityNumber: SeverityNumber.ERROR,
    severityText: 'ERROR',
    body: 'payment failed for order 42',
    attributes: {
      'http.method': 'POST',
      'http.status_code': 502,
      retry: true,
      ratio: 0.25,
      labels: ['a', 'b'],
      customer: { id: 'c-9', tier: 'gold' },
      raw: new Uint8Array([1, 2, 255]),
    },
    context: spanContext,
    eventName: 'payment.failed',
  });
  app.emit({
    timestamp: T2,
    severityText: 'warning',
    body: { user: 'u1', amount: 12.5, items: [1, 2] },
  });
  checkout.getLogger('db').emit({ timestamp: T2, severityNumber: SeverityNumber.DEBUG2, body: 'SELECT 1' });

  const worker = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'worker', source: 'jvm', 'telemetry.sdk.language': 'java' }),
    processors: [new SimpleLogRecordProcessor({ exporter: memory })],
  });
  worker.getLogger('jobs', '3.1').emit({ timestamp: T1, severityNumber: SeverityNumber.FATAL, body: 12 });
  await checkout.forceFlush();
  await worker.forceFlush();
  return memory.getFinishedLogRecords();
}

const resourceAttributes = {
  'service.version': '2.4.1',
  'telemetry.sdk.language': 'nodejs',
  'deployment.environment.name': 'prod',
  'process.pid': 4242,
};

const expected: Stripped[] = [
  {
    eventTimestamp: T1,
    receivedTimestamp: RECEIVED,
    message: 'payment failed for order 42',
    severity: 17,
    tags: { service: ['checkout'], host: ['web-01'], source: ['nodejs'] },
    attributes: {
      ...resourceAttributes,
      'otel.scope.name': 'checkout-app',
      'otel.scope.version': '1.0.0',
      'http.method': 'POST',
      'http.status_code': 502,
      retry: true,
      ratio: 0.25,
      labels: ['a', 'b'],
      customer: { id: 'c-9', tier: 'gold' },
      raw: 'AQL/',
      trace_id: TRACE_ID,
      span_id: SPAN_ID,
      'otel.flags': 1,
      'otel.severity_text': 'ERROR',
      'otel.event_name': 'payment.failed',
    },
  },
  {
    eventTimestamp: T2,
    receivedTimestamp: RECEIVED,
    message: '{"user":"u1","amount":12.5,"items":[1,2]}',
    severity: 13,
    tags: { service: ['checkout'], host: ['web-01'], source: ['nodejs'] },
    attributes: {
      ...resourceAttributes,
      'otel.scope.name': 'checkout-app',
      'otel.scope.version': '1.0.0',
      'otel.severity_text': 'warning',
      [OTLP_BODY_ATTRIBUTE]: { user: 'u1', amount: 12.5, items: [1, 2] },
    },
  },
  {
    eventTimestamp: T2,
    receivedTimestamp: RECEIVED,
    message: 'SELECT 1',
    severity: 6,
    tags: { service: ['checkout'], host: ['web-01'], source: ['nodejs'] },
    attributes: { ...resourceAttributes, 'otel.scope.name': 'db' },
  },
  {
    eventTimestamp: T1,
    receivedTimestamp: RECEIVED,
    message: '12',
    severity: 21,
    tags: { service: ['worker'], source: ['jvm'] },
    attributes: { 'telemetry.sdk.language': 'java', 'otel.scope.name': 'jobs', 'otel.scope.version': '3.1' },
  },
];

describe('OTLP built with the OpenTelemetry SDK', () => {
  it('decodes the protobuf encoding', async () => {
    const body = ProtobufLogsSerializer.serializeRequest(await emitRecords())!;
    expect(events(decodeOtlpProtobuf(body, { receivedTimestamp: RECEIVED }))).toEqual(expected);
    expect(events(decodeOtlpLogs(body, 'application/x-protobuf', { receivedTimestamp: RECEIVED }))).toEqual(expected);
  });

  it('decodes the JSON encoding', async () => {
    const body = JsonLogsSerializer.serializeRequest(await emitRecords())!;
    expect(events(decodeOtlpJson(body, { receivedTimestamp: RECEIVED }))).toEqual(expected);
    expect(events(decodeOtlpLogs(body, 'application/json; charset=utf-8', { receivedTimestamp: RECEIVED }))).toEqual(
      expected,
    );
  });

  it('decodes gzip-compressed bodies', async () => {
    const records = await emitRecords();
    const proto = decodeBody(zlib.gzipSync(ProtobufLogsSerializer.serializeRequest(records)!), 'gzip');
    const json = decodeBody(zlib.gzipSync(JsonLogsSerializer.serializeRequest(records)!), 'gzip');
    if (!proto.ok || !json.ok) throw new Error('decompression failed');
    expect(events(decodeOtlpProtobuf(proto.body, { receivedTimestamp: RECEIVED }))).toEqual(expected);
    expect(events(decodeOtlpJson(json.body, { receivedTimestamp: RECEIVED }))).toEqual(expected);
  });

  it('answers the real exporters so that they report success', async () => {
    const records = await emitRecords();
    const seen: Array<{ contentType: string; encoding: string; body: Buffer }> = [];
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const contentType = String(request.headers['content-type'] ?? '');
        const encoding = String(request.headers['content-encoding'] ?? '');
        seen.push({ contentType, encoding, body: Buffer.concat(chunks) });
        const format = otlpFormat(contentType)!;
        const reply = otlpSuccessResponse(format);
        response.writeHead(200, { 'content-type': reply.contentType });
        response.end(reply.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/logs`;
    try {
      const compression = 'gzip' as unknown as NonNullable<ConstructorParameters<typeof OTLPProtoLogExporter>[0]>['compression'];
      for (const exporter of [
        new OTLPProtoLogExporter({ url, compression }),
        new OTLPHttpJsonLogExporter({ url, compression }),
        new OTLPProtoLogExporter({ url }),
      ]) {
        const result = await new Promise<{ code: number; error?: Error }>((resolve) => exporter.export(records, resolve));
        expect(result.error).toBeUndefined();
        expect(result.code).toBe(0);
        await exporter.shutdown();
      }
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect(seen.map(({ contentType, encoding }) => [contentType, encoding])).toEqual([
      ['application/x-protobuf', 'gzip'],
      ['application/json', 'gzip'],
      ['application/x-protobuf', ''],
    ]);
    for (const request of seen) {
      const body = decodeBody(request.body, request.encoding);
      if (!body.ok) throw new Error(body.message);
      expect(events(decodeOtlpLogs(body.body, request.contentType, { receivedTimestamp: RECEIVED }))).toEqual(expected);
    }
  });
});

// --- OTLP JSON written by hand ----------------------------------------------------------------

function jsonBody(logRecords: unknown[], resourceAttrs: unknown[] = [], scope: unknown = { name: 's' }) {
  return JSON.stringify({
    resourceLogs: [{ resource: { attributes: resourceAttrs }, scopeLogs: [{ scope, logRecords }] }],
  });
}

function decodeJson(body: string) {
  return decodeOtlpJson(body, { receivedTimestamp: RECEIVED });
}

describe('decodeOtlpJson', () => {
  it('reads every AnyValue form, int64 as strings, and NaN/Infinity doubles', () => {
    const [event] = events(
      decodeJson(
        jsonBody([
          {
            timeUnixNano: '1767225601234567890',
            severityNumber: 9,
            body: { stringValue: 'hello' },
            attributes: [
              { key: 'i', value: { intValue: '42' } },
              { key: 'neg', value: { intValue: '-7' } },
              { key: 'big', value: { intValue: '9223372036854775807' } },
              { key: 'n', value: { intValue: 5 } },
              { key: 'd', value: { doubleValue: 1.5 } },
              { key: 'nan', value: { doubleValue: 'NaN' } },
              { key: 'inf', value: { doubleValue: '-Infinity' } },
              { key: 'b', value: { boolValue: false } },
              { key: 'bytes', value: { bytesValue: 'AQID' } },
              { key: 'arr', value: { arrayValue: { values: [{ stringValue: 'x' }, { intValue: '1' }, {}] } } },
              { key: 'kv', value: { kvlistValue: { values: [{ key: 'deep', value: { kvlistValue: {} } }] } } },
              { key: 'empty', value: {} },
              { key: 'nothing' },
            ],
          },
        ]),
      ),
    );
    expect(event.eventTimestamp).toBe(1767225601234);
    expect(event.attributes).toEqual({
      'otel.scope.name': 's',
      i: 42,
      neg: -7,
      big: '9223372036854775807',
      n: 5,
      d: 1.5,
      nan: 'NaN',
      inf: '-Infinity',
      b: false,
      bytes: 'AQID',
      arr: ['x', 1, null],
      kv: { deep: {} },
      empty: null,
      nothing: null,
    });
  });

  it('tolerates snake_case keys, enum names and base64 ids', () => {
    const body = JSON.stringify({
      resource_logs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { string_value: 'svc' } }] },
          scope_logs: [
            {
              log_records: [
                {
                  time_unix_nano: 1767225601000000000,
                  severity_number: 'SEVERITY_NUMBER_WARN2',
                  body: { string_value: 'snake' },
                  trace_id: Buffer.from(TRACE_ID, 'hex').toString('base64'),
                  span_id: SPAN_ID.toUpperCase(),
                },
              ],
            },
          ],
        },
      ],
    });
    expect(events(decodeJson(body))).toEqual([
      {
        eventTimestamp: 1767225601000,
        receivedTimestamp: RECEIVED,
        message: 'snake',
        severity: 14,
        tags: { service: ['svc'] },
        attributes: { trace_id: TRACE_ID, span_id: SPAN_ID },
      },
    ]);
  });

  it('derives severity from text when the number is unset, clamps, and defaults to INFO', () => {
    const result = events(
      decodeJson(
        jsonBody([
          { severityText: 'E' },
          { severityNumber: 0, severityText: 'Critical' },
          { severityNumber: 99 },
          { severityText: 'whatever' },
          {},
        ]),
      ),
    );
    expect(result.map((event) => event.severity)).toEqual([17, 18, 24, 9, 9]);
  });

  it('falls back to the observed time, then to the intake time', () => {
    const result = events(
      decodeJson(
        jsonBody([
          { timeUnixNano: '0', observedTimeUnixNano: '1767225602000000000' },
          { observedTimeUnixNano: '1767225603000000000' },
          {},
        ]),
      ),
    );
    expect(result.map((event) => event.eventTimestamp)).toEqual([1767225602000, 1767225603000, RECEIVED]);
    expect(result[2]).toEqual({
      eventTimestamp: RECEIVED,
      receivedTimestamp: RECEIVED,
      message: '',
      severity: 9,
      tags: {},
      attributes: { 'otel.scope.name': 's' },
    });
  });

  it('drops all-zero trace ids and ignores unknown fields', () => {
    const [event] = events(
      decodeJson(
        jsonBody([
          { traceId: '00000000000000000000000000000000', spanId: '', futureField: { x: 1 }, body: { stringValue: 'x' } },
        ]),
      ),
    );
    expect(event.attributes).toEqual({ 'otel.scope.name': 's' });
  });

  it('gives every event its own copy of nested resource attributes', () => {
    const body = jsonBody(
      [{ body: { stringValue: 'a' } }, { body: { stringValue: 'b' }, attributes: [{ key: 'args', value: { stringValue: 'own' } }] }, {}],
      [{ key: 'args', value: { arrayValue: { values: [{ stringValue: '--port' }, { intValue: '80' }] } } }],
    );
    const result = decodeJson(body);
    if (!result.ok) throw new Error(result.message);
    const [first, second, third] = result.events;
    expect(first.attributes.args).toEqual(['--port', 80]);
    expect(second.attributes.args).toBe('own');
    expect(third.attributes.args).toEqual(first.attributes.args);
    expect(third.attributes.args).not.toBe(first.attributes.args);
  });

  it('keeps hostile attribute keys as plain data', () => {
    const body = jsonBody(
      [{ attributes: [{ key: '__proto__', value: { kvlistValue: { values: [{ key: 'admin', value: { boolValue: true } }] } } }] }],
      [{ key: '__proto__', value: { stringValue: 'r' } }, { key: 'constructor', value: { stringValue: 'c' } }],
    );
    const result = decodeJson(body);
    if (!result.ok) throw new Error(result.message);
    const { attributes } = result.events[0];
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(attributes, '__proto__')?.value).toEqual({ admin: true });
    expect(attributes.constructor).toBe('c');
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('accepts an empty request', () => {
    expect(decodeJson('{}')).toEqual({ ok: true, events: [] });
    expect(decodeJson('{"resourceLogs":[]}')).toEqual({ ok: true, events: [] });
  });

  it('says what is wrong and where', () => {
    expect(errorOf(decodeJson('not json'))).toMatch(/^body is not valid JSON: /);
    expect(errorOf(decodeJson('[]'))).toBe('body must be a JSON object with resourceLogs, not an array');
    expect(errorOf(decodeJson('{"resourceLogs":{}}'))).toBe('resourceLogs must be an array, not an object {}');
    expect(errorOf(decodeJson(jsonBody([{}, { timeUnixNano: 'yesterday' }])))).toBe(
      'resourceLogs[0].scopeLogs[0].logRecords[1].timeUnixNano must be nanoseconds since the epoch as a string of digits, not a string "yesterday"',
    );
    expect(errorOf(decodeJson(jsonBody([{ attributes: [{ key: 'a', value: { intValue: '1.5' } }] }])))).toBe(
      'resourceLogs[0].scopeLogs[0].logRecords[0].attributes[0].value.intValue must be a 64-bit integer (a number or a string of digits), not a string "1.5"',
    );
    expect(errorOf(decodeJson(jsonBody([{ traceId: 'xyz' }])))).toBe(
      'resourceLogs[0].scopeLogs[0].logRecords[0].traceId must be 32 hex characters, not a string "xyz"',
    );
    expect(errorOf(decodeJson(jsonBody([{ severityNumber: true }])))).toBe(
      'resourceLogs[0].scopeLogs[0].logRecords[0].severityNumber must be a severity number 0–24, not a boolean true',
    );
    expect(errorOf(decodeJson(jsonBody([], [{ key: 'k', value: { boolValue: 'yes' } }])))).toBe(
      'resourceLogs[0].resource.attributes[0].value.boolValue must be true or false, not a string "yes"',
    );
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    let value: unknown = { stringValue: 'leaf' };
    for (let i = 0; i < 200; i++) value = { arrayValue: { values: [value] } };
    expect(errorOf(decodeJson(jsonBody([{ body: value }])))).toMatch(/values nested deeper than 64$/);
  });
});

// --- OTLP protobuf written by hand ------------------------------------------------------------

function varint(value: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v > 0x7fn) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}
const tag = (field: number, wire: number) => varint(field * 8 + wire);
const len = (field: number, bytes: number[]) => [...tag(field, 2), ...varint(bytes.length), ...bytes];
const str = (field: number, text: string) => len(field, [...Buffer.from(text, 'utf8')]);
const num = (field: number, value: number | bigint) => [...tag(field, 0), ...varint(value)];
function fixed64(field: number, value: bigint): number[] {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(value);
  return [...tag(field, 1), ...b];
}
function fixed32(field: number, value: number): number[] {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value);
  return [...tag(field, 5), ...b];
}
const kv = (field: number, key: string, anyValue: number[]) => len(field, [...str(1, key), ...len(2, anyValue)]);
/** Unknown fields of every wire type, including a (deprecated) group. */
const junk = [
  ...num(90, 7),
  ...fixed64(91, 1n),
  ...fixed32(92, 2),
  ...str(93, 'future'),
  ...tag(94, 3),
  ...num(1, 1),
  ...str(2, 'in group'),
  ...tag(94, 4),
];

function request(records: number[][], scope: number[] = [], resource: number[] = []): Uint8Array {
  const scopeLogs = [...records.flatMap((record) => len(2, record)), ...junk, ...len(1, scope)];
  const resourceLogs = [...len(2, scopeLogs), ...junk, ...len(1, resource)];
  return Uint8Array.from([...junk, ...len(1, resourceLogs)]);
}

function decodeProto(body: Uint8Array) {
  return decodeOtlpProtobuf(body, { receivedTimestamp: RECEIVED });
}

describe('decodeOtlpProtobuf', () => {
  it('skips unknown fields of every wire type and reads scopes and resources that follow their records', () => {
    const record = [
      ...junk,
      ...fixed64(1, 1767225601234999999n),
      ...num(2, 13),
      ...str(3, 'WARN'),
      ...len(5, str(1, 'disk almost full')),
      ...kv(6, 'int', num(3, -5)),
      ...kv(6, 'min', num(3, -(2n ** 63n))),
      ...kv(6, 'max', num(3, 2n ** 63n - 1n)),
      ...kv(6, 'safe', num(3, 2 ** 53 - 1)),
      ...kv(6, 'bool', num(2, 1)),
      ...kv(6, 'dbl', fixed64(4, BigInt.asUintN(64, new BigInt64Array(new Float64Array([Number.NaN]).buffer)[0]))),
      ...kv(6, 'obj', len(6, [...kv(1, 'a', str(1, 'b')), ...junk])),
      ...kv(6, 'arr', len(5, [...len(1, num(3, 1)), ...len(1, str(1, 'two')), ...len(1, [])])),
      ...kv(6, 'bytes', len(7, [0xde, 0xad])),
      ...num(7, 3),
      ...fixed32(8, 1),
      ...len(9, [...Buffer.from(TRACE_ID, 'hex')]),
      ...len(10, [...Buffer.from(SPAN_ID, 'hex')]),
      ...fixed64(11, 1767225609000000000n),
      ...str(12, 'disk.warning'),
      ...junk,
    ];
    const scope = [...str(1, 'fs'), ...str(2, '0.9'), ...kv(3, 'scope.attr', str(1, 'x')), ...junk];
    const resource = [...kv(1, 'service.name', str(1, 'agent')), ...kv(1, 'host.name', str(1, 'db-3')), ...junk];
    expect(events(decodeProto(request([record], scope, resource)))).toEqual([
      {
        eventTimestamp: 1767225601234,
        receivedTimestamp: RECEIVED,
        message: 'disk almost full',
        severity: 13,
        tags: { service: ['agent'], host: ['db-3'] },
        attributes: {
          'scope.attr': 'x',
          'otel.scope.name': 'fs',
          'otel.scope.version': '0.9',
          int: -5,
          min: '-9223372036854775808',
          max: '9223372036854775807',
          safe: 2 ** 53 - 1,
          bool: true,
          dbl: 'NaN',
          obj: { a: 'b' },
          arr: [1, 'two', null],
          bytes: '3q0=',
          trace_id: TRACE_ID,
          span_id: SPAN_ID,
          'otel.flags': 1,
          'otel.severity_text': 'WARN',
          'otel.event_name': 'disk.warning',
          'otel.dropped_attributes_count': 3,
        },
      },
    ]);
  });

  it('treats zero bytes as an empty request, and maps bare records', () => {
    expect(decodeProto(new Uint8Array(0))).toEqual({ ok: true, events: [] });
    const result = events(decodeProto(request([[], [...num(2, 0), ...str(3, 'fatal')], num(2, 30)])));
    expect(result.map((event) => [event.message, event.severity, event.eventTimestamp])).toEqual([
      ['', 9, RECEIVED],
      ['', 21, RECEIVED],
      ['', 24, RECEIVED],
    ]);
  });

  it('converts times exactly at millisecond boundaries', () => {
    const times = [1767225601000000000n, 1767225600999999999n, 2n ** 64n - 1n, 999999n];
    const result = events(decodeProto(request(times.map((t) => fixed64(1, t)))));
    expect(result.map((event) => event.eventTimestamp)).toEqual(times.map((t) => (t >= 1000000n ? Number(t / 1000000n) : RECEIVED)));
  });

  it('reports truncation and malformed input with the message and byte', () => {
    const good = ProtobufLogsSerializer.serializeRequest([])!;
    expect(decodeProto(good)).toEqual({ ok: true, events: [] });
    const body = request([[...len(5, str(1, 'hello world')), ...str(12, 'name')]]);
    for (let cut = 1; cut < body.length; cut++) {
      const result = decodeProto(body.subarray(0, cut));
      if (!result.ok) expect(result.message).toMatch(/^protobuf: (truncated|malformed) \w+ at byte \d+/);
    }
    expect(errorOf(decodeProto(body.subarray(0, body.length - 3)))).toMatch(
      /^protobuf: truncated ExportLogsServiceRequest at byte \d+ \(field 1 declares \d+ bytes but only \d+ remain\)$/,
    );
    const record = [...len(5, str(1, 'hello')), ...tag(3, 2), 50, 1, 2];
    expect(errorOf(decodeProto(request([record])))).toMatch(
      /^protobuf: truncated LogRecord at byte \d+ \(field 3 declares 50 bytes but only 2 remain\)$/,
    );
    expect(errorOf(decodeProto(Uint8Array.from([0x0f])))).toBe(
      'protobuf: malformed ExportLogsServiceRequest at byte 1: invalid wire type 7 for field 1',
    );
    expect(errorOf(decodeProto(Uint8Array.from([0x00])))).toBe(
      'protobuf: malformed ExportLogsServiceRequest at byte 0: invalid field number',
    );
    expect(errorOf(decodeProto(Uint8Array.from([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])))).toBe(
      'protobuf: malformed ExportLogsServiceRequest at byte 1: varint longer than 10 bytes',
    );
    expect(errorOf(decodeProto(Uint8Array.from([...tag(5, 3), ...tag(6, 4)])))).toMatch(/group 5 closed by field 6/);
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    let value = str(1, 'leaf');
    for (let i = 0; i < 100; i++) value = len(5, len(1, value));
    expect(errorOf(decodeProto(request([len(5, value)])))).toMatch(/values nested deeper than 64$/);
  });
});

describe('OTLP responses', () => {
  it('encodes success as the collector does', () => {
    expect(otlpSuccessResponse('json')).toEqual({ contentType: 'application/json', body: '{"partialSuccess":{}}' });
    expect(otlpSuccessResponse('protobuf')).toEqual({ contentType: 'application/x-protobuf', body: new Uint8Array(0) });
  });

  it('encodes partial success that the OpenTelemetry client can read', () => {
    const proto = otlpSuccessResponse('protobuf', 3, 'three records were too old');
    expect(ProtobufLogsSerializer.deserializeResponse(proto.body as Uint8Array)).toEqual({
      partialSuccess: { rejectedLogRecords: 3, errorMessage: 'three records were too old' },
    });
    const json = otlpSuccessResponse('json', 3, 'three records were too old');
    expect(JSON.parse(json.body as string)).toEqual({
      partialSuccess: { rejectedLogRecords: '3', errorMessage: 'three records were too old' },
    });
  });

  it('encodes errors as google.rpc.Status', () => {
    expect(otlpErrorResponse('json', 'bad')).toEqual({ contentType: 'application/json', body: '{"code":3,"message":"bad"}' });
    expect(Buffer.from(otlpErrorResponse('protobuf', 'bad').body as Uint8Array)).toEqual(
      Buffer.from([0x08, 0x03, 0x12, 0x03, 0x62, 0x61, 0x64]),
    );
  });

  it('recognises content types', () => {
    expect(otlpFormat('application/x-protobuf')).toBe('protobuf');
    expect(otlpFormat('Application/JSON; charset=utf-8')).toBe('json');
    expect(otlpFormat('text/plain')).toBeUndefined();
    expect(otlpFormat(null)).toBeUndefined();
    expect(errorOf(decodeOtlpLogs(new Uint8Array(), 'text/plain', { receivedTimestamp: RECEIVED }))).toBe(
      'unsupported content-type "text/plain"; OTLP/HTTP logs are application/x-protobuf or application/json',
    );
  });
});
