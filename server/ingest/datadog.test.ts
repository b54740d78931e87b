import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { logEvent, type LogEvent } from '../model/log-event';
import { decodeBody } from './decode-body';
import { decodeDatadogLogs, parseDdtags } from './datadog';

const RECEIVED = 1_767_225_600_000; // 2026-01-01T00:00:00Z

function decodeOk(body: string | Uint8Array, defaults?: Parameters<typeof decodeDatadogLogs>[1]['defaults']) {
  const result = decodeDatadogLogs(body, { receivedTimestamp: RECEIVED, defaults });
  if (!result.ok) throw new Error(result.message);
  const ids = result.events.map((event) => event.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const event of result.events) {
    expect(event.id).toMatch(/^[0-9a-z]{13}$/);
    expect(logEvent.safeParse(event).success).toBe(true);
  }
  return result.events.map(({ id: _id, ...rest }) => rest);
}

function decodeError(body: string | Uint8Array): string {
  const result = decodeDatadogLogs(body, { receivedTimestamp: RECEIVED });
  if (result.ok) throw new Error('expected a failure');
  return result.message;
}

/** What the Datadog agent sends for two tailed lines. */
const agentPayload = [
  {
    message: '127.0.0.1 - - [01/Jan/2026:00:00:01 +0000] "GET /health HTTP/1.1" 200 2',
    status: 'info',
    timestamp: 1767225601000,
    hostname: 'web-01',
    service: 'nginx',
    ddsource: 'nginx',
    ddtags: 'env:prod,version:1.25.3,filename:access.log,kube_namespace:web,team:edge,team:sre',
  },
  {
    message: '{"level":"error","msg":"payment failed","order":42}',
    status: 'error',
    timestamp: 1767225602345,
    hostname: 'web-02',
    service: 'checkout',
    ddsource: 'java',
    ddtags: 'env:prod,beta,version:2',
    http: { method: 'POST', status_code: 502 },
    'dd.trace_id': '1234567890',
  },
];

const expectedEvents: Omit<LogEvent, 'id'>[] = [
  {
    eventTimestamp: 1767225601000,
    receivedTimestamp: RECEIVED,
    message: '127.0.0.1 - - [01/Jan/2026:00:00:01 +0000] "GET /health HTTP/1.1" 200 2',
    severity: 9,
    tags: {
      host: ['web-01'],
      service: ['nginx'],
      source: ['nginx'],
      env: ['prod'],
      version: ['1.25.3'],
      filename: ['access.log'],
      kube_namespace: ['web'],
      team: ['edge', 'sre'],
    },
    attributes: {},
  },
  {
    eventTimestamp: 1767225602345,
    receivedTimestamp: RECEIVED,
    message: '{"level":"error","msg":"payment failed","order":42}',
    severity: 17,
    tags: { host: ['web-02'], service: ['checkout'], source: ['java'], env: ['prod'], beta: [], version: ['2'] },
    attributes: { http: { method: 'POST', status_code: 502 }, 'dd.trace_id': '1234567890' },
  },
];

describe('decodeDatadogLogs', () => {
  it('maps an agent batch onto LogEvents', () => {
    expect(decodeOk(JSON.stringify(agentPayload))).toEqual(expectedEvents);
  });

  it('decodes gzip and deflate bodies as the agent sends them', () => {
    const json = Buffer.from(JSON.stringify(agentPayload));
    for (const [encoding, compressed] of [
      ['gzip', zlib.gzipSync(json)],
      ['deflate', zlib.deflateSync(json)],
      ['deflate', zlib.deflateRawSync(json)],
    ] as const) {
      const body = decodeBody(compressed, encoding);
      if (!body.ok) throw new Error(body.message);
      expect(decodeOk(body.body)).toEqual(expectedEvents);
    }
  });

  it('accepts a single object', () => {
    expect(decodeOk(JSON.stringify(agentPayload[0]))).toEqual([expectedEvents[0]]);
  });

  it('maps every status word to an OTel severity', () => {
    const statuses = ['emergency', 'alert', 'critical', 'error', 'warn', 'warning', 'notice', 'info', 'debug', 'trace', 'ok'];
    const events = decodeOk(JSON.stringify(statuses.map((status) => ({ message: status, status }))));
    expect(events.map((event) => event.severity)).toEqual([22, 21, 18, 17, 13, 13, 10, 9, 5, 1, 9]);
    expect(events.every((event) => Object.keys(event.attributes).length === 0)).toBe(true);
  });

  it('takes syslog numbers and level/severity fields when status is missing', () => {
    const events = decodeOk(
      JSON.stringify([
        { message: 'a', status: 3 },
        { message: 'b', level: 'WARN' },
        { message: 'c', severity: 'Critical', level: 'x' },
        { message: 'd', status: 'bogus' },
        { message: 'e' },
      ]),
    );
    expect(events.map((event) => event.severity)).toEqual([17, 13, 18, 9, 9]);
    expect(events[2].attributes).toEqual({ level: 'x' });
    expect(events[3].attributes).toEqual({ status: 'bogus' });
  });

  it('reads timestamps in milliseconds, seconds, nanoseconds, ISO dates, and date as a fallback', () => {
    const events = decodeOk(
      JSON.stringify([
        { message: 'ms', timestamp: 1767225601234 },
        { message: 's', timestamp: 1767225601.5 },
        { message: 'ns', timestamp: '1767225601234567890' },
        { message: 'iso', timestamp: '2026-01-01T00:00:01.234Z' },
        { message: 'date', date: '2026-01-01T00:00:02Z' },
        { message: 'bad date', date: 'yesterday-ish' },
        { message: 'none' },
      ]),
    );
    expect(events.map((event) => event.eventTimestamp)).toEqual([
      1767225601234, 1767225601500, 1767225601234, 1767225601234, 1767225602000, RECEIVED, RECEIVED,
    ]);
    expect(events[5].attributes).toEqual({ date: 'yesterday-ish' });
    expect(events.every((event) => event.receivedTimestamp === RECEIVED)).toBe(true);
  });

  it('falls back to host, source, msg and log fields, as Fluent Bit and the Forwarder send them', () => {
    const [event] = decodeOk(JSON.stringify([{ log: 'line from fluent-bit', host: 'node-7', source: 'k8s', container: 'api' }]));
    expect(event).toMatchObject({
      message: 'line from fluent-bit',
      tags: { host: ['node-7'], source: ['k8s'] },
      attributes: { container: 'api' },
    });
    const [structured] = decodeOk(JSON.stringify([{ msg: 'm', host: { name: 'x' } }]));
    expect(structured).toMatchObject({ message: 'm', tags: {}, attributes: { host: { name: 'x' } } });
  });

  it('applies request-wide defaults from the query string', () => {
    const [event] = decodeOk(JSON.stringify([{ message: 'x', service: 'own' }]), {
      ddtags: 'env:staging,region:eu',
      ddsource: 'python',
      service: 'default-service',
      hostname: 'h1',
    });
    expect(event.tags).toEqual({ host: ['h1'], service: ['own'], source: ['python'], env: ['staging'], region: ['eu'] });
  });

  it('stringifies non-string messages and keeps JSON messages verbatim', () => {
    const events = decodeOk(JSON.stringify([{ message: 42 }, { message: { a: 1 } }, { message: null }, {}]));
    expect(events.map((event) => event.message)).toEqual(['42', '{"a":1}', '', '']);
  });

  it('parses ddtags', () => {
    const tags: Record<string, string[]> = {};
    parseDdtags(' env:prod , ,image:repo/app:1.2, bare,empty:,:novalue, env:prod ', tags);
    expect(tags).toEqual({ env: ['prod'], image: ['repo/app:1.2'], bare: [], empty: [] });
  });

  it('keeps hostile keys as plain data', () => {
    const [event] = decodeOk('[{"message":"x","ddtags":"__proto__:polluted,constructor:c","__proto__":{"admin":true}}]');
    expect(Object.getPrototypeOf(event.tags)).toBe(Object.prototype);
    expect(Object.hasOwn(event.tags, '__proto__')).toBe(true);
    expect(event.tags.constructor).toEqual(['c']);
    expect(Object.hasOwn(event.attributes, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('says what is wrong and where', () => {
    expect(decodeError('')).toBe('body is empty; expected a JSON array of log objects');
    expect(decodeError('[{"message":')).toMatch(/^body is not valid JSON: /);
    expect(decodeError('"hello"')).toBe('body must be a JSON array of log objects, not a string');
    expect(decodeError('[{"message":"a"},7]')).toBe('log 1: must be a JSON object, not a number');
    expect(decodeError('[{"message":"a"},{"message":"b","ddtags":["env:prod"]}]')).toBe(
      'log 1: ddtags must be a string like "env:prod,team:payments", not an array',
    );
    expect(decodeError('[{"message":"a","timestamp":true}]')).toBe(
      'log 0: timestamp must be epoch milliseconds or an ISO 8601 date, not true',
    );
    expect(decodeError('[{"message":"a","timestamp":-5}]')).toBe(
      'log 0: timestamp must be epoch milliseconds or an ISO 8601 date, not -5',
    );
  });

  it('accepts an empty batch', () => {
    expect(decodeDatadogLogs('[]', { receivedTimestamp: RECEIVED })).toEqual({ ok: true, events: [] });
  });
});
