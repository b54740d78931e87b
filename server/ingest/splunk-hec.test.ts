import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { logEvent, type LogEvent } from '../model/log-event';
import { decodeBody } from './decode-body';
import {
  decodeHecEvents,
  decodeHecRaw,
  hecFailureResponse,
  hecRawOptionsFromQuery,
  hecResponse,
  hecSuccessResponse,
  type HecDecodeResult,
  type HecFailure,
} from './splunk-hec';

const RECEIVED = 1_767_225_600_000; // 2026-01-01T00:00:00Z

function events(result: HecDecodeResult): Omit<LogEvent, 'id'>[] {
  if (!result.ok) throw new Error(result.message);
  const ids = result.events.map((event) => event.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const event of result.events) {
    expect(event.id).toMatch(/^[0-9a-z]{13}$/);
    expect(logEvent.parse(event)).toEqual(event);
  }
  return result.events.map(({ id: _id, ...rest }) => rest);
}

function failure(result: HecDecodeResult): Omit<HecFailure, 'ok'> {
  if (result.ok) throw new Error(`expected a failure, got ${result.events.length} events`);
  const { ok: _ok, ...rest } = result;
  return rest;
}

const decode = (body: string | Uint8Array) => decodeHecEvents(body, { receivedTimestamp: RECEIVED });

/** A batch as Splunk logging libraries and the OTel Collector's splunk_hec exporter send it. */
const batch = [
  '{"time":1767225601.234,"host":"web-01","source":"/var/log/nginx/access.log","sourcetype":"nginx:access","index":"web","event":"GET /health 200"}',
  '{"time":"1767225602","host":"api-7","sourcetype":"_json","fields":{"env":"prod","team":["payments","sre"],"replicas":3},"event":{"message":"charge declined","level":"ERROR","order":{"id":42,"amount":12.5}}}',
  '{"event":{"user":"u1","action":"login"},"severity":"warn"}',
].join('\n');

const expected: Omit<LogEvent, 'id'>[] = [
  {
    eventTimestamp: 1767225601234,
    receivedTimestamp: RECEIVED,
    message: 'GET /health 200',
    severity: 9,
    tags: { host: ['web-01'], source: ['/var/log/nginx/access.log'], sourcetype: ['nginx:access'], index: ['web'] },
    attributes: {},
  },
  {
    eventTimestamp: 1767225602000,
    receivedTimestamp: RECEIVED,
    message: 'charge declined',
    severity: 17,
    tags: { host: ['api-7'], sourcetype: ['_json'], env: ['prod'], team: ['payments', 'sre'], replicas: ['3'] },
    attributes: { order: { id: 42, amount: 12.5 } },
  },
  {
    eventTimestamp: RECEIVED,
    receivedTimestamp: RECEIVED,
    message: '{"user":"u1","action":"login"}',
    severity: 9,
    tags: {},
    attributes: { user: 'u1', action: 'login' },
  },
];

describe('decodeHecEvents', () => {
  it('maps newline-separated concatenated events', () => {
    expect(events(decode(batch))).toEqual(expected);
  });

  it('also takes events glued together, spread over lines, or in an array', () => {
    const glued = batch.replaceAll('\n', '');
    expect(events(decode(glued))).toEqual(expected);
    const spaced = batch.split('\n').map((line) => JSON.stringify(JSON.parse(line), null, 2)).join('\r\n\r\n  ');
    expect(events(decode(spaced))).toEqual(expected);
    expect(events(decode(`[${batch.split('\n').join(',')}]`))).toEqual(expected);
    expect(events(decode(`[${batch.split('\n').slice(0, 2).join(',')}] ${batch.split('\n')[2]}`))).toEqual(expected);
  });

  it('copes with braces and escapes inside strings', () => {
    const body = '{"event":"a } { \\" ] [ \\\\"}{"event":{"message":"}{","x":"\\"}"}}';
    expect(events(decode(body)).map((event) => [event.message, event.attributes])).toEqual([
      ['a } { " ] [ \\', {}],
      ['}{', { x: '"}' }],
    ]);
  });

  it('decodes gzip bodies', () => {
    const body = decodeBody(zlib.gzipSync(Buffer.from(batch)), 'gzip');
    if (!body.ok) throw new Error(body.message);
    expect(events(decode(body.body))).toEqual(expected);
  });

  it('takes the message from msg or log, severity from severity or level, and stringifies other events', () => {
    const body = [
      { event: { msg: 'from msg', severity: 'debug', other: 1 } },
      { event: { log: 'from log', level: 3 } },
      { event: { message: { nested: true }, level: 'nope' } },
      { event: 42 },
      { event: ['a', 1] },
      { event: true },
    ]
      .map((event) => JSON.stringify(event))
      .join('');
    expect(events(decode(body)).map((event) => [event.message, event.severity, event.attributes])).toEqual([
      ['from msg', 5, { other: 1 }],
      ['from log', 17, {}],
      ['{"message":{"nested":true},"level":"nope"}', 9, { message: { nested: true }, level: 'nope' }],
      ['42', 9, {}],
      ['["a",1]', 9, {}],
      ['true', 9, {}],
    ]);
  });

  it('reads time as seconds, float or string, and recognises milliseconds', () => {
    const body = [1767225601, 1767225601.5, '1767225601.25', 1767225601999, null]
      .map((time) => JSON.stringify({ time, event: 'x' }))
      .join('\n');
    expect(events(decode(body)).map((event) => event.eventTimestamp)).toEqual([
      1767225601000, 1767225601500, 1767225601250, 1767225601999, RECEIVED,
    ]);
  });

  it('applies defaults from the query string to events without their own', () => {
    const result = decodeHecEvents('{"event":"a"}{"event":"b","host":"own"}', {
      receivedTimestamp: RECEIVED,
      defaults: { host: 'qhost', sourcetype: 'qtype', index: 'main' },
    });
    expect(events(result).map((event) => event.tags)).toEqual([
      { host: ['qhost'], sourcetype: ['qtype'], index: ['main'] },
      { host: ['own'], sourcetype: ['qtype'], index: ['main'] },
    ]);
  });

  it('answers with Splunk codes and the number of the event that failed', () => {
    expect(failure(decode(''))).toEqual({ code: 5, message: 'the body is empty; send one or more HEC event objects' });
    expect(failure(decode('[]'))).toEqual({ code: 5, message: 'the body holds no events' });
    expect(failure(decode('{"event":"a"}\n{"time":1}'))).toEqual({
      code: 12,
      message: 'event 1: the "event" field is required',
      invalidEventNumber: 1,
    });
    expect(failure(decode('{"event":"a"}{"event":""}'))).toEqual({
      code: 13,
      message: 'event 1: the "event" field must not be blank',
      invalidEventNumber: 1,
    });
    expect(failure(decode('{"event":"a"}{"event":"b"}{"event":"c","time":"soon"}'))).toEqual({
      code: 6,
      message: 'event 2: time must be a number of seconds since the epoch, not "soon"',
      invalidEventNumber: 2,
    });
    expect(failure(decode('{"event":"a"}{"event":"b"} hello'))).toEqual({
      code: 6,
      message: 'event 2: expected a JSON object at character 27, found "hello"',
      invalidEventNumber: 2,
    });
    expect(failure(decode('{"event":"a"}{"event":"b"'))).toEqual({
      code: 6,
      message: 'event 1: unterminated JSON object starting at character 13',
      invalidEventNumber: 1,
    });
    expect(failure(decode('{"event":"a"}{"event":b}'))).toMatchObject({
      code: 6,
      message: expect.stringMatching(/^event 1: the JSON starting at character 13 is not valid: /),
      invalidEventNumber: 1,
    });
    expect(failure(decode('{"event":"a","fields":{"k":{"nested":1}}}'))).toEqual({
      code: 15,
      message: 'event 0: fields.k must be a string or an array of strings, not an object',
      invalidEventNumber: 0,
    });
    expect(failure(decode('{"event":"a","host":["x"]}'))).toEqual({
      code: 6,
      message: 'event 0: host must be a string, not an array',
      invalidEventNumber: 0,
    });
    expect(failure(decode('"just text"'))).toEqual({
      code: 6,
      message: 'event 0: must be a JSON object, not a string',
      invalidEventNumber: 0,
    });
  });
});

describe('decodeHecRaw', () => {
  it('makes one event per non-blank line, with tags from the query string', () => {
    const options = hecRawOptionsFromQuery(
      new URLSearchParams('host=fw-1&source=syslog&sourcetype=cisco:asa&index=net&channel=00000000-0000-0000-0000-000000000000&time=1767225601'),
      RECEIVED,
    );
    expect(options.channel).toBe('00000000-0000-0000-0000-000000000000');
    const body = 'first line\r\n\n   \nsecond {"json": true}\nthird without newline';
    const tags = { host: ['fw-1'], source: ['syslog'], sourcetype: ['cisco:asa'], index: ['net'] };
    expect(events(decodeHecRaw(body, options))).toEqual(
      ['first line', 'second {"json": true}', 'third without newline'].map((message) => ({
        eventTimestamp: 1767225601000,
        receivedTimestamp: RECEIVED,
        message,
        severity: 9,
        tags,
        attributes: {},
      })),
    );
  });

  it('uses the intake time without a time parameter, and gzip bodies decode', () => {
    const body = decodeBody(zlib.gzipSync('a\nb\n'), 'gzip');
    if (!body.ok) throw new Error(body.message);
    const result = events(decodeHecRaw(body.body, { receivedTimestamp: RECEIVED }));
    expect(result.map((event) => [event.message, event.eventTimestamp, event.tags])).toEqual([
      ['a', RECEIVED, {}],
      ['b', RECEIVED, {}],
    ]);
  });

  it('fails with Splunk codes', () => {
    expect(failure(decodeHecRaw(' \n\r\n', { receivedTimestamp: RECEIVED }))).toEqual({
      code: 5,
      message: 'the body is empty; send one event per line',
    });
    expect(failure(decodeHecRaw('x', { receivedTimestamp: RECEIVED, time: 'noon' }))).toEqual({
      code: 6,
      message: 'the time query parameter must be a number of seconds since the epoch, not "noon"',
    });
  });
});

describe('HEC responses', () => {
  it('speaks Splunk', () => {
    expect(hecSuccessResponse()).toEqual({ status: 200, body: { text: 'Success', code: 0 } });
    expect(hecResponse(5)).toEqual({ status: 400, body: { text: 'No data', code: 5 } });
    expect(hecResponse(4)).toEqual({ status: 403, body: { text: 'Invalid token', code: 4 } });
    expect(hecResponse(9)).toEqual({ status: 503, body: { text: 'Server is busy', code: 9 } });
    const failed = decode('{"event":"a"}{"time":"x","event":"b"}');
    if (failed.ok) throw new Error('expected a failure');
    expect(hecFailureResponse(failed)).toEqual({
      status: 400,
      body: {
        text: 'Invalid data format',
        code: 6,
        'invalid-event-number': 1,
        detail: 'event 1: time must be a number of seconds since the epoch, not "x"',
      },
    });
  });
});
