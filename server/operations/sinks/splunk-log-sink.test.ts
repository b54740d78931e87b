import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStartFailure, type SinkOperator } from '../../engine/operator';
import { decodeHecEvents } from '../../ingest/splunk-hec';
import type { LogEvent } from '../../model/log-event';
import type { DeliveryTuning } from './http-delivery';
import { logEvent, recordingSleep, sinkContext, startVendorServer, type VendorServer } from './sink-test-support';
import { openSplunkSink, splunkEventUrl, splunkLogSink } from './splunk-log-sink';

const params = (overrides: Record<string, unknown> = {}) => splunkLogSink.params.parse({ integrationId: 'hec', ...overrides });

describe('splunk-log-sink', () => {
  let server: VendorServer;
  beforeEach(async () => {
    server = await startVendorServer();
    server.answer(() => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"text":"Success","code":0}' }));
  });
  afterEach(() => server.close());

  const integration = (settings: Record<string, unknown> = {}) => ({
    hec: {
      type: 'splunk',
      name: 'prod-splunk',
      settings: {
        ingestHost: '127.0.0.1',
        ingestPort: new URL(server.url).port,
        secure: false,
        authToken: 'hec-token',
        additionalTags: ['team:payments'],
        ...settings,
      },
    },
  });
  const open = async (config = params(), settings: Record<string, unknown> = {}, tuning: DeliveryTuning = {}) => {
    const sink = await openSplunkSink(config, sinkContext(integration(settings)), tuning);
    if (isStartFailure(sink)) throw new Error(sink.startFailure);
    return sink as SinkOperator;
  };
  const eventsSent = () =>
    server.requests.flatMap((request) =>
      request.body
        .toString()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    );

  it('posts gzip HEC events, one JSON object per line, with the Splunk token', async () => {
    const sink = await open(params({ additionalTags: ['processor:weir'] }));
    await sink.write([
      logEvent({
        tags: {
          host: ['web-1'],
          source: ['/var/log/app.log'],
          sourcetype: ['app:json'],
          service: ['checkout'],
          env: ['prod'],
          zone: ['a', 'b'],
          beta: [],
        },
        attributes: { http: { status_code: 500 }, duration: 12.5 },
      }),
      logEvent({ id: 'evt-2', eventTimestamp: 1723068000000, message: 'plain line', severity: 9 }),
    ]);
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request.path).toBe('/services/collector/event');
    expect(request.headers.authorization).toBe('Splunk hec-token');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['content-encoding']).toBe('gzip');
    expect(request.body.toString()).toBe(
      [
        JSON.stringify({
          time: 1723068000.123,
          host: 'web-1',
          source: '/var/log/app.log',
          sourcetype: 'app:json',
          event: { message: 'GET /checkout 500', severity: 'error', http: { status_code: 500 }, duration: 12.5 },
          fields: {
            service: 'checkout',
            env: 'prod',
            zone: ['a', 'b'],
            beta: '',
            team: 'payments',
            processor: 'weir',
            'weir.event_id': 'evt-1',
          },
        }),
        JSON.stringify({
          time: 1723068000,
          event: { message: 'plain line', severity: 'info' },
          fields: { team: 'payments', processor: 'weir', 'weir.event_id': 'evt-2' },
        }),
      ].join('\n'),
    );
  });

  it('round-trips through Weir\'s own HEC intake: tags, severity, attributes and time survive', async () => {
    const sink = await open(params(), { additionalTags: [] });
    const events: LogEvent[] = [
      logEvent({
        id: 'a',
        severity: 13,
        tags: { host: ['web-1'], source: ['app.log'], sourcetype: ['json'], index: ['main'], env: ['prod'], zone: ['a', 'b'] },
        attributes: { user: { id: 42, roles: ['admin'] }, ok: false },
      }),
      logEvent({ id: 'b', message: 'plain', severity: 9, tags: {}, attributes: {} }),
    ];
    await sink.write(events);
    const decoded = decodeHecEvents(server.requests[0].body, { receivedTimestamp: 1723068001000 });
    if (!decoded.ok) throw new Error(JSON.stringify(decoded));
    expect(decoded.events.map(({ id: _id, ...rest }) => rest)).toEqual(
      events.map(({ id, ...rest }) => ({ ...rest, tags: { ...rest.tags, 'weir.event_id': [id] } })),
    );
  });

  it('routes to the index override, else the event\'s index, else the default index', async () => {
    const events = [
      logEvent({ id: 'tagged', tags: { index: ['web'] } }),
      logEvent({ id: 'attributed', attributes: { index: 'audit' } }),
      logEvent({ id: 'unnamed' }),
    ];
    const indexes = async (config: ReturnType<typeof params>) => {
      server.requests.length = 0;
      await (await open(config)).write(events);
      return eventsSent().map((event) => event.index);
    };
    expect(await indexes(params())).toEqual(['web', 'audit', undefined]);
    expect(await indexes(params({ defaultIndex: 'main' }))).toEqual(['web', 'audit', 'main']);
    expect(await indexes(params({ defaultIndex: 'main', indexOverride: 'weir' }))).toEqual(['weir', 'weir', 'weir']);
  });

  it('builds the HEC URL from the integration\'s host, port and scheme', () => {
    expect(splunkEventUrl('splunk.example.com', '8088', true)).toBe('https://splunk.example.com:8088/services/collector/event');
    expect(splunkEventUrl('splunk.example.com', '8088', false)).toBe('http://splunk.example.com:8088/services/collector/event');
    expect(splunkEventUrl('https://hec.example.com/', '443', true)).toBe('https://hec.example.com:443/services/collector/event');
    expect(splunkEventUrl('hec.example.com:9443', '8088', true)).toBe('https://hec.example.com:9443/services/collector/event');
  });

  it('sends to the integration\'s full endpoint when it has one', async () => {
    const urls: string[] = [];
    const fetch = (async (url: string) => {
      urls.push(url);
      return new Response('{"text":"Success","code":0}', { status: 200 });
    }) as unknown as typeof globalThis.fetch;
    const sink = await open(params(), { ingestHost: undefined, endpoint: 'https://http-inputs-acme.splunkcloud.com/services/collector/event' }, { fetch });
    await sink.write([logEvent()]);
    expect(urls).toEqual(['https://http-inputs-acme.splunkcloud.com/services/collector/event']);
  });

  it('splits a large write into requests of at most 1,000 events, delivering each once', async () => {
    const sink = await open();
    const events = Array.from({ length: 2100 }, (_, i) => logEvent({ id: `e${i}`, message: `line ${i}` }));
    await sink.write(events);
    expect(server.requests.map((request) => request.body.toString().split('\n').length).sort((a, b) => b - a)).toEqual([1000, 1000, 100]);
    expect(eventsSent().map((event) => (event.fields as Record<string, string>)['weir.event_id']).sort()).toEqual(events.map((event) => event.id).sort());
  });

  it('waits out a busy 503 with Retry-After, then delivers', async () => {
    server.answer((_, index) =>
      index === 0 ? { status: 503, headers: { 'Retry-After': '5' }, body: '{"text":"Server is busy","code":9}' } : { status: 200 },
    );
    const { sleep, delays } = recordingSleep();
    const sink = await open(params(), {}, { sleep });
    await sink.write([logEvent()]);
    expect(delays).toEqual([5000]);
    expect(server.requests).toHaveLength(2);
  });

  it('fails the write on an invalid token, quoting Splunk', async () => {
    server.answer(() => ({ status: 403, body: '{"text":"Invalid token","code":4}' }));
    const sink = await open();
    await expect(sink.write([logEvent()])).rejects.toThrow('Splunk rejected the request: 403 Forbidden: {"text":"Invalid token","code":4}');
  });

  describe('start failures', () => {
    const failure = async (integrations: Parameters<typeof sinkContext>[0]) => {
      const result = await splunkLogSink.create(params(), sinkContext(integrations));
      return isStartFailure(result) ? result.startFailure : 'started';
    };

    it('a missing integration', async () => {
      expect(await failure({})).toBe('integration "hec" does not exist; create a splunk integration with POST /api/v1/integrations');
    });

    it('an integration of another type', async () => {
      expect(await failure({ hec: { type: 'otlp', name: 'collector', settings: {} } })).toBe(
        'integration "hec" (collector) is an otlp integration; a Splunk sink needs a splunk integration',
      );
    });

    it('an integration without a token', async () => {
      expect(await failure({ hec: { type: 'splunk', name: 'prod', settings: { ingestHost: 'splunk' } } })).toBe(
        'Splunk integration "prod" has no authToken: set the HEC token on the integration',
      );
    });

    it('an integration without a host or endpoint', async () => {
      expect(await failure({ hec: { type: 'splunk', name: 'prod', settings: { authToken: 't', ingestPort: '8088' } } })).toBe(
        'Splunk integration "prod" has neither an ingestHost nor an endpoint: set the HEC host (and port) on the integration',
      );
    });
  });

  it('takes Grepr\'s params with their defaults and rejects unknown ones', () => {
    expect(params()).toEqual({ integrationId: 'hec', additionalTags: [] });
    expect(params({ defaultIndex: 'main', indexOverride: 'ops' })).toMatchObject({ defaultIndex: 'main', indexOverride: 'ops' });
    expect(splunkLogSink.params.safeParse({ integrationId: 'hec', token: 'x' }).success).toBe(false);
  });
});
