import { ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { describe, expect, it } from 'vitest';
import type { DecodeResult } from '../../ingest/common';
import { decodeOtlpJson, decodeOtlpProtobuf } from '../../ingest/otlp';
import type { LogEvent } from '../../model/log-event';
import { encodeOtlpLogs } from './otlp-encode';
import { logEvent } from './sink-test-support';

const RECEIVED = 1723068001000;

function decoded(result: DecodeResult): LogEvent[] {
  if (!result.ok) throw new Error(result.message);
  return result.events;
}
const withoutIds = (events: LogEvent[]) => events.map(({ id: _id, ...rest }) => rest);
const fromProtobuf = (body: Uint8Array) => decoded(decodeOtlpProtobuf(body, { receivedTimestamp: RECEIVED }));
const fromJson = (body: Uint8Array) => decoded(decodeOtlpJson(body, { receivedTimestamp: RECEIVED }));

/** Events with every kind of value the mapping handles. */
const varied: LogEvent[] = [
  logEvent({
    id: 'a',
    severity: 17,
    tags: { service: ['checkout'], host: ['web-1'], source: ['nodejs'], env: ['prod'], zone: ['a', 'b'], beta: [] },
    attributes: {
      'http.status_code': 502,
      negative: -7,
      big: 2 ** 60,
      ratio: 0.25,
      retry: true,
      nothing: null,
      labels: ['x', 1, false, null, { deep: [1.5] }],
      customer: { id: 'c-9', tier: 'gold', 'ünïcode': '日本語 🎉' },
      trace_id: '5b8efff798038103d269b633813fc60c',
      span_id: 'eee19b7ec3c1b174',
      'otel.flags': 1,
      'otel.scope.name': 'checkout-app',
      'otel.scope.version': '1.0.0',
      'otel.severity_text': 'ERROR',
      'otel.event_name': 'payment.failed',
    },
  }),
  logEvent({
    id: 'b',
    message: '{"user":"u1","amount":12.5}',
    severity: 13,
    tags: { service: ['checkout'], host: ['web-1'], source: ['nodejs'] },
    attributes: { 'otel.body': { user: 'u1', amount: 12.5 }, 'otel.scope.name': 'checkout-app', 'otel.scope.version': '1.0.0' },
  }),
  logEvent({ id: 'c', message: 'x'.repeat(20_000), severity: 5, tags: { service: ['worker'] }, attributes: { long: 'y'.repeat(300) } }),
  logEvent({ id: 'd', message: '', severity: 9, eventTimestamp: 0, receivedTimestamp: RECEIVED }),
];

/** What Weir's OTLP intake makes of the encoding of `events`: the events, plus what the encoding adds. */
const expectedRoundTrip = (events: LogEvent[], added: Record<string, string> = {}) =>
  events.map(({ id, ...event }) => {
    const attributes: Record<string, unknown> = { ...event.attributes };
    if (!('otel.severity_text' in attributes)) attributes['otel.severity_text'] = severityNames[event.severity];
    // Tags other than service, host and source travel as record attributes.
    for (const [key, values] of Object.entries(event.tags)) {
      if (!['service', 'host', 'source'].includes(key)) attributes[key] = values.length === 0 ? '' : values.length === 1 ? values[0] : values;
    }
    const tags = Object.fromEntries(Object.entries(event.tags).filter(([key]) => ['service', 'host', 'source'].includes(key)));
    // The intake reads an int64 beyond 2^53 as its exact decimal text.
    if (typeof attributes.big === 'number') attributes.big = BigInt(attributes.big).toString();
    return {
      ...event,
      eventTimestamp: event.eventTimestamp === 0 ? RECEIVED : event.eventTimestamp,
      tags,
      attributes: { ...attributes, ...added, 'weir.event_id': id },
    };
  });
const severityNames: Record<number, string> = { 5: 'DEBUG', 9: 'INFO', 13: 'WARN', 17: 'ERROR' };

describe('OTLP encoding', () => {
  it('writes the protobuf wire format byte for byte', () => {
    const body = encodeOtlpLogs([logEvent({ id: 'x', eventTimestamp: 1, receivedTimestamp: 0, message: 'hi', severity: 9 })], 'proto');
    const keyValue = [0x0a, 13, ...Buffer.from('weir.event_id'), 0x12, 3, 0x0a, 1, ...Buffer.from('x')];
    const record = [
      0x09, 0x40, 0x42, 0x0f, 0, 0, 0, 0, 0, // time_unix_nano: 1 ms = 1,000,000 ns, fixed64
      0x10, 9, // severity_number
      0x1a, 4, ...Buffer.from('INFO'), // severity_text
      0x2a, 4, 0x0a, 2, ...Buffer.from('hi'), // body: AnyValue string
      0x32, keyValue.length, ...keyValue, // attributes
    ];
    const scopeLogs = [0x12, record.length, ...record];
    const resourceLogs = [0x12, scopeLogs.length, ...scopeLogs];
    expect([...body]).toEqual([0x0a, resourceLogs.length, ...resourceLogs]);
  });

  it('protobuf decodes, in Weir\'s own OTLP intake, to the events it was made from', () => {
    const body = encodeOtlpLogs(varied, 'proto', { additionalAttributes: { processor: 'weir' } });
    expect(withoutIds(fromProtobuf(body))).toEqual(expectedRoundTrip(varied, { processor: 'weir' }));
  });

  it('OTLP/JSON decodes, in Weir\'s own OTLP intake, to the events it was made from', () => {
    const body = encodeOtlpLogs(varied, 'json', { additionalAttributes: { processor: 'weir' } });
    expect(withoutIds(fromJson(body))).toEqual(expectedRoundTrip(varied, { processor: 'weir' }));
  });

  it('writes OTLP/JSON with string int64s, numeric enums and hex ids', () => {
    const event = logEvent({
      tags: { service: ['api'], host: ['web-1'], env: ['prod'] },
      attributes: { count: 3, ratio: 0.5, trace_id: '5b8efff798038103d269b633813fc60c', 'otel.scope.name': 'app' },
    });
    expect(JSON.parse(new TextDecoder().decode(encodeOtlpLogs([event], 'json')))).toEqual({
      resourceLogs: [
        {
          resource: {
            attributes: [
              { key: 'service.name', value: { stringValue: 'api' } },
              { key: 'host.name', value: { stringValue: 'web-1' } },
            ],
          },
          scopeLogs: [
            {
              scope: { name: 'app' },
              logRecords: [
                {
                  timeUnixNano: '1723068000123000000',
                  observedTimeUnixNano: '1723068001000000000',
                  severityNumber: 17,
                  severityText: 'ERROR',
                  body: { stringValue: 'GET /checkout 500' },
                  attributes: [
                    { key: 'env', value: { stringValue: 'prod' } },
                    { key: 'count', value: { intValue: '3' } },
                    { key: 'ratio', value: { doubleValue: 0.5 } },
                    { key: 'weir.event_id', value: { stringValue: 'evt-1' } },
                  ],
                  traceId: '5b8efff798038103d269b633813fc60c',
                },
              ],
            },
          ],
        },
      ],
    });
  });

  it('groups events into one ResourceLogs per service, host and source, keeping their order', () => {
    const events = [
      logEvent({ id: '1', tags: { service: ['a'] } }),
      logEvent({ id: '2', tags: { service: ['b'] } }),
      logEvent({ id: '3', tags: { service: ['a'] } }),
    ];
    const json = JSON.parse(new TextDecoder().decode(encodeOtlpLogs(events, 'json'))) as {
      resourceLogs: Array<{ scopeLogs: Array<{ logRecords: unknown[] }> }>;
    };
    expect(json.resourceLogs.map((resource) => resource.scopeLogs[0].logRecords.length)).toEqual([2, 1]);
    expect(fromProtobuf(encodeOtlpLogs(events, 'proto')).map((event) => event.attributes['weir.event_id'])).toEqual(['1', '3', '2']);
  });

  it('keeps a stale severity text as an attribute and names the severity the event has now', () => {
    const [event] = fromProtobuf(encodeOtlpLogs([logEvent({ severity: 18, attributes: { 'otel.severity_text': 'INFO' } })], 'proto'));
    expect(event.severity).toBe(18);
    expect(event.attributes['otel.severity_text']).toBe('ERROR2');
  });

  it('carries what the OpenTelemetry SDK exported through Weir unchanged', async () => {
    const memory = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': 'checkout', 'host.name': 'web-01', 'telemetry.sdk.language': 'nodejs', 'process.pid': 42 }),
      processors: [new SimpleLogRecordProcessor({ exporter: memory })],
    });
    const context = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
      traceFlags: TraceFlags.SAMPLED,
    });
    const logger = provider.getLogger('checkout-app', '1.0.0');
    logger.emit({
      timestamp: 1723068000123,
      severityNumber: SeverityNumber.ERROR,
      severityText: 'ERROR',
      body: 'payment failed',
      attributes: { 'http.status_code': 502, retry: true, ratio: 0.25, labels: ['a', 'b'], customer: { id: 'c-9' } },
      context,
      eventName: 'payment.failed',
    });
    logger.emit({ timestamp: 1723068000456, severityNumber: SeverityNumber.WARN, severityText: 'WARN', body: { user: 'u1', items: [1, 2] } });
    provider.getLogger('db').emit({ timestamp: 1723068000789, severityNumber: SeverityNumber.DEBUG2, severityText: 'DEBUG2', body: 'SELECT 1' });
    await provider.forceFlush();
    const records = memory.getFinishedLogRecords();

    // What Weir received from the SDK, then what a receiver gets from Weir, read by the same decoder.
    const received = fromProtobuf(ProtobufLogsSerializer.serializeRequest(records)!);
    expect(received).toHaveLength(3);
    const forwardedProto = fromProtobuf(encodeOtlpLogs(received, 'proto'));
    const forwardedJson = fromJson(encodeOtlpLogs(received, 'json'));
    const expected = received.map(({ id, ...event }) => ({ ...event, attributes: { ...event.attributes, 'weir.event_id': id } }));
    expect(withoutIds(forwardedProto)).toEqual(expected);
    expect(withoutIds(forwardedJson)).toEqual(expected);
    expect(withoutIds(fromJson(JsonLogsSerializer.serializeRequest(records)!))).toEqual(withoutIds(received));
  });
});
