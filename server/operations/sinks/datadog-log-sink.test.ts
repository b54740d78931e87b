import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStartFailure, type SinkOperator } from '../../engine/operator';
import { decodeDatadogLogs } from '../../ingest/datadog';
import type { LogEvent } from '../../model/log-event';
import { datadogIntakeUrl, datadogLogSink, openDatadogSink } from './datadog-log-sink';
import type { DeliveryTuning } from './http-delivery';
import { logEvent, recordingSleep, sinkContext, startVendorServer, type VendorServer } from './sink-test-support';

const params = (overrides: Record<string, unknown> = {}) => datadogLogSink.params.parse({ integrationId: 'dd', ...overrides });

describe('datadog-log-sink', () => {
  let server: VendorServer;
  beforeEach(async () => {
    server = await startVendorServer();
  });
  afterEach(() => server.close());

  const integration = (settings: Record<string, unknown> = {}) => ({
    dd: {
      type: 'datadog',
      name: 'prod-datadog',
      settings: { site: 'datadoghq.com', endpoint: `${server.url}/api/v2/logs`, apiKey: 'dd-api-key', additionalTags: ['team:payments'], ...settings },
    },
  });
  const open = async (config = params(), settings: Record<string, unknown> = {}, tuning: DeliveryTuning = {}) => {
    const sink = await openDatadogSink(config, sinkContext(integration(settings)), tuning);
    if (isStartFailure(sink)) throw new Error(sink.startFailure);
    return sink as SinkOperator;
  };
  const logsSent = () => server.requests.flatMap((request) => JSON.parse(request.body.toString()) as Array<Record<string, unknown>>);

  it('posts a gzip JSON array to the intake with the API key, one Datadog log per event', async () => {
    const sink = await open(params({ additionalTags: ['processor:weir'] }));
    await sink.write([
      logEvent({
        tags: { host: ['web-1'], service: ['checkout'], source: ['nginx'], env: ['prod'], beta: [], region: ['us', 'eu'] },
        attributes: { http: { status_code: 500, method: 'GET' }, duration: 12.5 },
      }),
    ]);
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request.path).toBe('/api/v2/logs');
    expect(request.headers['dd-api-key']).toBe('dd-api-key');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['content-encoding']).toBe('gzip');
    expect(request.body.toString()).toBe(
      JSON.stringify([
        {
          http: { status_code: 500, method: 'GET' },
          duration: 12.5,
          message: 'GET /checkout 500',
          status: 'error',
          timestamp: 1723068000123,
          hostname: 'web-1',
          service: 'checkout',
          ddsource: 'nginx',
          ddtags: 'env:prod,beta,region:us,region:eu,team:payments,processor:weir',
          'weir.event_id': 'evt-1',
        },
      ]),
    );
  });

  it('maps severities to the status words Datadog reads', async () => {
    const sink = await open();
    const severities = [1, 5, 9, 10, 13, 17, 18, 21, 22, 24];
    await sink.write(severities.map((severity, i) => logEvent({ id: `e${i}`, severity })));
    expect(logsSent().map((log) => log.status)).toEqual([
      'trace',
      'debug',
      'info',
      'notice',
      'warn',
      'error',
      'critical',
      'alert',
      'emergency',
      'emergency',
    ]);
  });

  it('round-trips through Weir\'s own Datadog intake: tags, severity, attributes and time survive', async () => {
    const sink = await open(params(), { additionalTags: [] });
    const events: LogEvent[] = [
      logEvent({
        id: 'a',
        severity: 13,
        tags: { host: ['web-1', 'web-1b'], service: ['api'], source: ['java'], env: ['prod'], flag: [] },
        attributes: { user: { id: 42, roles: ['admin'] }, ok: false, note: null },
      }),
      logEvent({ id: 'b', message: 'plain', severity: 9, tags: {}, attributes: {} }),
    ];
    await sink.write(events);
    const decoded = decodeDatadogLogs(server.requests[0].body, { receivedTimestamp: 1723068001000 });
    if (!decoded.ok) throw new Error(decoded.message);
    expect(decoded.events.map(({ id: _id, ...rest }) => rest)).toEqual(
      events.map(({ id, ...rest }) => ({ ...rest, attributes: { ...rest.attributes, 'weir.event_id': id } })),
    );
  });

  it('writes the host to each of hostFieldNames', async () => {
    const sink = await open(params({ hostFieldNames: ['hostname', 'host', 'syslog.hostname'] }));
    await sink.write([logEvent({ tags: { host: ['web-1'] } })]);
    expect(logsSent()[0]).toMatchObject({ hostname: 'web-1', host: 'web-1', 'syslog.hostname': 'web-1' });
  });

  it('lets reserved fields win over attributes of the same name', async () => {
    const sink = await open();
    await sink.write([logEvent({ attributes: { message: 'shadow', status: 'ok', custom: 1 } })]);
    expect(logsSent()[0]).toMatchObject({ message: 'GET /checkout 500', status: 'error', custom: 1 });
  });

  it('splits a large write into requests of at most 1,000 logs, delivering each event once', async () => {
    const sink = await open();
    const events = Array.from({ length: 2100 }, (_, i) => logEvent({ id: `e${i}`, message: `line ${i}` }));
    await sink.write(events);
    expect(server.requests.map((request) => (JSON.parse(request.body.toString()) as unknown[]).length).sort((a, b) => b - a)).toEqual([
      1000, 1000, 100,
    ]);
    expect(logsSent().map((log) => log['weir.event_id']).sort()).toEqual(events.map((event) => event.id).sort());
  });

  it('keeps every request under 5 MB uncompressed', async () => {
    const sink = await open();
    const big = 'x'.repeat(400_000);
    await sink.write(Array.from({ length: 14 }, (_, i) => logEvent({ id: `e${i}`, message: big })));
    expect(server.requests.map((request) => (JSON.parse(request.body.toString()) as unknown[]).length).sort((a, b) => b - a)).toEqual([12, 2]);
    for (const request of server.requests) expect(request.body.byteLength).toBeLessThanOrEqual(5_000_000);
  });

  it('retries after a 429 with Retry-After, so the events arrive once and nothing is lost', async () => {
    server.answer((_, index) => (index === 0 ? { status: 429, headers: { 'Retry-After': '2' } } : { status: 202 }));
    const { sleep, delays } = recordingSleep();
    const sink = await open(params(), {}, { sleep });
    await sink.write([logEvent({ id: 'a' }), logEvent({ id: 'b' })]);
    expect(delays).toEqual([2000]);
    const accepted = server.requests.slice(1).flatMap((request) => JSON.parse(request.body.toString()) as Array<Record<string, unknown>>);
    expect(accepted.map((log) => log['weir.event_id'])).toEqual(['a', 'b']);
  });

  it('fails the write when Datadog refuses the key', async () => {
    server.answer(() => ({ status: 403, body: '{"errors":["Forbidden"]}' }));
    const sink = await open();
    await expect(sink.write([logEvent()])).rejects.toThrow('Datadog rejected the request: 403 Forbidden: {"errors":["Forbidden"]}');
  });

  it('sends to the intake of the integration\'s site', async () => {
    const urls: string[] = [];
    const fetch = (async (url: string) => {
      urls.push(url);
      return new Response(null, { status: 202 });
    }) as unknown as typeof globalThis.fetch;
    const sink = await open(params(), { endpoint: undefined, site: 'datadoghq.eu' }, { fetch });
    await sink.write([logEvent()]);
    expect(urls).toEqual(['https://http-intake.logs.datadoghq.eu/api/v2/logs']);
  });

  it('derives intake URLs from sites as Datadog names them', () => {
    expect(datadogIntakeUrl('datadoghq.com')).toBe('https://http-intake.logs.datadoghq.com/api/v2/logs');
    expect(datadogIntakeUrl('us3.datadoghq.com')).toBe('https://http-intake.logs.us3.datadoghq.com/api/v2/logs');
    expect(datadogIntakeUrl('ddog-gov.com')).toBe('https://http-intake.logs.ddog-gov.com/api/v2/logs');
    expect(datadogIntakeUrl('https://app.datadoghq.eu/')).toBe('https://http-intake.logs.datadoghq.eu/api/v2/logs');
  });

  it('writes nothing for an empty batch', async () => {
    const sink = await open();
    await sink.write([]);
    expect(server.requests).toHaveLength(0);
  });

  describe('start failures', () => {
    const failure = async (integrations: Parameters<typeof sinkContext>[0]) => {
      const result = await datadogLogSink.create(params(), sinkContext(integrations));
      return isStartFailure(result) ? result.startFailure : 'started';
    };

    it('a missing integration', async () => {
      expect(await failure({})).toBe('integration "dd" does not exist; create a datadog integration with POST /api/v1/integrations');
    });

    it('an integration of another type', async () => {
      expect(await failure({ dd: { type: 'splunk', name: 'hec', settings: {} } })).toBe(
        'integration "dd" (hec) is a splunk integration; a Datadog sink needs a datadog integration',
      );
    });

    it('an integration without an API key', async () => {
      expect(await failure({ dd: { type: 'datadog', name: 'prod', settings: { site: 'datadoghq.com' } } })).toBe(
        'Datadog integration "prod" has no apiKey: set the Datadog API key on the integration',
      );
    });

    it('an API key HTTP cannot carry', async () => {
      expect(await failure({ dd: { type: 'datadog', name: 'prod', settings: { apiKey: 'abc\ndef' } } })).toMatch(
        /^Datadog integration "prod" has a header HTTP cannot carry/,
      );
    });

    it('an endpoint that is not an http URL', async () => {
      expect(await failure({ dd: { type: 'datadog', name: 'prod', settings: { apiKey: 'k', endpoint: 'ftp://intake' } } })).toBe(
        'Datadog integration "prod" has an endpoint that is not an http:// or https:// URL: "ftp://intake"',
      );
    });
  });

  it('takes Grepr\'s params with their defaults and rejects unknown ones', () => {
    expect(params()).toEqual({ integrationId: 'dd', additionalTags: [], hostFieldNames: [], browserLogGroupByAttributes: [] });
    expect(datadogLogSink.params.safeParse({ integrationId: 'dd', apiKey: 'x' }).success).toBe(false);
    expect(datadogLogSink.params.safeParse({}).success).toBe(false);
  });
});
