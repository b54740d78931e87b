import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStartFailure, type SinkOperator } from '../../engine/operator';
import { decodeOtlpJson, decodeOtlpProtobuf } from '../../ingest/otlp';
import type { LogEvent } from '../../model/log-event';
import type { DeliveryTuning } from './http-delivery';
import { openOtlpSink, otlpLogSink, otlpLogsUrl } from './otlp-log-sink';
import { logEvent, recordingSleep, sinkContext, startVendorServer, type VendorServer } from './sink-test-support';

const params = (overrides: Record<string, unknown> = {}) => otlpLogSink.params.parse({ integrationId: 'otel', ...overrides });

function decodedEvents(body: Uint8Array, json = false): LogEvent[] {
  const result = json ? decodeOtlpJson(body, { receivedTimestamp: 0 }) : decodeOtlpProtobuf(body, { receivedTimestamp: 0 });
  if (!result.ok) throw new Error(result.message);
  return result.events;
}

describe('otlp-log-sink', () => {
  let server: VendorServer;
  beforeEach(async () => {
    server = await startVendorServer();
    server.answer(() => ({ status: 200, headers: { 'Content-Type': 'application/x-protobuf' } }));
  });
  afterEach(() => server.close());

  const integration = (settings: Record<string, unknown> = {}) => ({
    otel: {
      type: 'otlp',
      name: 'collector',
      settings: {
        endpoint: `${server.url}/`,
        headers: [{ name: 'X-Scope-OrgID', value: 'tenant-1' }],
        secretHeaders: { 'api-key': 's3cret' },
        outputEncoding: 'proto',
        ...settings,
      },
    },
  });
  const open = async (config = params(), settings: Record<string, unknown> = {}, tuning: DeliveryTuning = {}) => {
    const sink = await openOtlpSink(config, sinkContext(integration(settings)), tuning);
    if (isStartFailure(sink)) throw new Error(sink.startFailure);
    return sink as SinkOperator;
  };

  const event = logEvent({
    tags: { service: ['checkout'], host: ['web-1'], env: ['prod'] },
    attributes: { 'http.status_code': 500, user: { id: 'u1' } },
  });

  it('exports gzip protobuf to <endpoint>/v1/logs with the integration\'s headers', async () => {
    const sink = await open(params({ additionalAttributes: { processor: 'weir' } }));
    await sink.write([event]);
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request.path).toBe('/v1/logs');
    expect(request.headers['content-type']).toBe('application/x-protobuf');
    expect(request.headers['content-encoding']).toBe('gzip');
    expect(request.headers['x-scope-orgid']).toBe('tenant-1');
    expect(request.headers['api-key']).toBe('s3cret');
    expect(decodedEvents(request.body).map(({ id: _id, ...rest }) => rest)).toEqual([
      {
        eventTimestamp: 1723068000123,
        receivedTimestamp: 0, // set by the decoding intake
        message: 'GET /checkout 500',
        severity: 17,
        tags: { service: ['checkout'], host: ['web-1'] },
        attributes: {
          env: 'prod',
          'http.status_code': 500,
          user: { id: 'u1' },
          processor: 'weir',
          'weir.event_id': 'evt-1',
          'otel.severity_text': 'ERROR',
        },
      },
    ]);
  });

  it('exports OTLP/JSON when the integration asks for it', async () => {
    const sink = await open(params(), { outputEncoding: 'json' });
    await sink.write([logEvent()]);
    const [request] = server.requests;
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body.toString())).toEqual({
      resourceLogs: [
        {
          resource: { attributes: [] },
          scopeLogs: [
            {
              logRecords: [
                {
                  timeUnixNano: '1723068000123000000',
                  observedTimeUnixNano: '1723068001000000000',
                  severityNumber: 17,
                  severityText: 'ERROR',
                  body: { stringValue: 'GET /checkout 500' },
                  attributes: [{ key: 'weir.event_id', value: { stringValue: 'evt-1' } }],
                },
              ],
            },
          ],
        },
      ],
    });
    expect(decodedEvents(request.body, true)).toHaveLength(1);
  });

  it('sends to logsEndpoint as given, and never lets a configured header change the content type', async () => {
    const sink = await open(params(), {
      endpoint: undefined,
      logsEndpoint: `${server.url}/otlp/custom-logs`,
      headers: [{ name: 'Content-Type', value: 'text/plain' }],
    });
    await sink.write([logEvent()]);
    expect(server.requests[0].path).toBe('/otlp/custom-logs');
    expect(server.requests[0].headers['content-type']).toBe('application/x-protobuf');
  });

  it('derives the logs URL from the base endpoint', () => {
    expect(otlpLogsUrl({ endpoint: 'https://otlp.example.com:4318' })).toBe('https://otlp.example.com:4318/v1/logs');
    expect(otlpLogsUrl({ endpoint: 'https://otlp.example.com/otlp/' })).toBe('https://otlp.example.com/otlp/v1/logs');
    expect(otlpLogsUrl({ endpoint: 'https://a', logsEndpoint: 'https://b/logs' })).toBe('https://b/logs');
    expect(otlpLogsUrl({})).toBeUndefined();
  });

  it('splits a large write into exports of at most 1,000 records, delivering each event once', async () => {
    const sink = await open();
    const events = Array.from({ length: 2100 }, (_, i) => logEvent({ id: `e${i}`, message: `line ${i}` }));
    await sink.write(events);
    const exported = server.requests.map((request) => decodedEvents(request.body));
    expect(exported.map((batch) => batch.length).sort((a, b) => b - a)).toEqual([1000, 1000, 100]);
    expect(exported.flat().map((e) => e.attributes['weir.event_id']).sort()).toEqual(events.map((e) => e.id).sort());
  });

  it('retries after a 429 with Retry-After and delivers once', async () => {
    server.answer((_, index) => (index === 0 ? { status: 429, headers: { 'Retry-After': '1' } } : { status: 200 }));
    const { sleep, delays } = recordingSleep();
    const sink = await open(params(), {}, { sleep });
    await sink.write([logEvent()]);
    expect(delays).toEqual([1000]);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1].body).toEqual(server.requests[0].body);
  });

  it('fails the write when the receiver refuses the payload', async () => {
    server.answer(() => ({ status: 400, body: '{"code":3,"message":"invalid"}' }));
    const sink = await open();
    await expect(sink.write([logEvent()])).rejects.toThrow('OTLP rejected the request: 400 Bad Request: {"code":3,"message":"invalid"}');
  });

  describe('start failures', () => {
    const failure = async (integrations: Parameters<typeof sinkContext>[0]) => {
      const result = await otlpLogSink.create(params(), sinkContext(integrations));
      return isStartFailure(result) ? result.startFailure : 'started';
    };

    it('a missing integration', async () => {
      expect(await failure({})).toBe('integration "otel" does not exist; create an otlp integration with POST /api/v1/integrations');
    });

    it('an integration of another type', async () => {
      expect(await failure({ otel: { type: 'datadog', name: 'dd', settings: {} } })).toBe(
        'integration "otel" (dd) is a datadog integration; an OTLP sink needs an otlp integration',
      );
    });

    it('an integration without an endpoint', async () => {
      expect(await failure({ otel: { type: 'otlp', name: 'collector', settings: { headers: [] } } })).toBe(
        'OTLP integration "collector" has neither an endpoint nor a logsEndpoint: set where to export logs on the integration',
      );
    });

    it('a header name HTTP cannot carry', async () => {
      expect(
        await failure({ otel: { type: 'otlp', name: 'collector', settings: { endpoint: 'http://c', headers: [{ name: 'bad header', value: 'v' }] } } }),
      ).toMatch(/^OTLP integration "collector" has a header HTTP cannot carry/);
    });
  });

  it('takes Grepr\'s params with their defaults and rejects unknown ones', () => {
    expect(params()).toEqual({ integrationId: 'otel', additionalAttributes: {} });
    expect(otlpLogSink.params.safeParse({ integrationId: 'otel', additionalAttributes: { n: 1 } }).success).toBe(false);
    expect(otlpLogSink.params.safeParse({ integrationId: 'otel', endpoint: 'x' }).success).toBe(false);
  });
});
