import { describe, expect, it } from 'vitest';
import type { Emitter, OperatorContext, TransformOperator } from '../../engine/operator';
import { compileRegex } from '../../engine/re2-regex';
import type { LogEvent } from '../../model/log-event';
import { BUILTIN_MASKS } from '../../reducer/builtin-masks';
import { hashId } from '../../reducer/hash';
import { MAX_PATTERNS_PER_PARTITION } from '../../reducer/log-reducer';
import { expectSnapshotRoundTrip, paramProblems, runOperation, testEvent, TEST_NOW } from '../test-harness';
import { DEFAULT_DELIMITERS, logReducer } from './log-reducer';

/** The start of the two-minute window TEST_NOW falls in (windows are aligned to the epoch). */
const W = TEST_NOW - (TEST_NOW % 120_000);
const MINUTE = 60_000;

/** What a forwarded sample looks like: the event, tagged, with its pattern. */
function sample(event: LogEvent, template: string): LogEvent {
  return {
    ...event,
    tags: { ...event.tags, 'grepr.messagetype': ['sample'] },
    attributes: { ...event.attributes, grepr: { patternId: hashId(template), repeatCount: 1 } },
  };
}

function tagged(event: LogEvent, type: 'passthrough' | 'exception'): LogEvent {
  return { ...event, tags: { ...event.tags, 'grepr.messagetype': [type] } };
}

interface SummaryFields {
  template: string;
  repeatCount: number;
  first: number;
  last: number;
  /** When the summary went out (the wall clock). */
  at?: number;
  windowStart?: number;
  seq?: number;
  message?: string;
  severity?: number;
  tags?: Record<string, string[]>;
  attributes?: Record<string, unknown>;
}

/** What a summary looks like. */
function summary(fields: SummaryFields): LogEvent {
  const at = fields.at ?? TEST_NOW;
  const patternId = hashId(fields.template);
  return {
    id: `${patternId}-${(fields.windowStart ?? W).toString(36)}-${(fields.seq ?? 0).toString(36)}`,
    eventTimestamp: fields.first,
    receivedTimestamp: at,
    message: fields.message ?? `[${fields.repeatCount} ${fields.repeatCount === 1 ? 'message' : 'messages'} in 2m] ${fields.template}`,
    severity: fields.severity ?? 9,
    tags: { ...(fields.tags ?? {}), 'grepr.messagetype': ['summary'] },
    attributes: {
      ...(fields.attributes ?? {}),
      grepr: {
        patternId,
        repeatCount: fields.repeatCount,
        firstTimeTimestamp: fields.first,
        lastTimeTimestamp: fields.last,
        receivedTimestamp: at,
      },
    },
  };
}

const login = (n: number, fields: Partial<LogEvent> = {}) =>
  testEvent({ message: `user ${n} logged in from 10.0.${n % 256}.7:${1024 + n}`, eventTimestamp: W + n, ...fields });
const LOGIN = 'user <number> logged in from <ipport>';

describe('log-reducer', () => {
  describe('params', () => {
    it("defaults to Grepr's: 70% similarity, 4 samples, PT2M windows, the four default masks and Grepr's delimiters", () => {
      const params = logReducer.params.parse({});
      expect(params).toEqual({
        similarityThreshold: 70,
        dedupThreshold: 4,
        reductionTimeWindow: 'PT2M',
        samplingConfig: { type: 'constant-sampling' },
        repeatCountInSummaryMessageEnabled: true,
        partitionByTags: [],
        partitionByAttributes: [],
        partitionByAttributePaths: [],
        masks: BUILTIN_MASKS.map((mask) => [mask.name, mask.pattern]),
        enabledMasks: ['ipport', 'timestamp', 'uuid', 'number'],
        delimiters: DEFAULT_DELIMITERS,
        logReducerExceptions: [],
      });
      expect(params.masks.map(([name]) => name)).toEqual(['ipport', 'timestamp', 'uuid', 'number', 'awsarn', 'awstoken']);
      expect(params.delimiters).not.toContain('@');
      expect(params.delimiters).not.toContain('.');
    });

    it('accepts the job Grepr documents, with its own masks replacing the defaults', () => {
      expect(
        paramProblems(logReducer, {
          logReducerExceptions: [{ type: 'datadog-query', query: 'skipAggregation:true' }],
          partitionByTags: ['service'],
          partitionByAttributes: ['http.url_details.path', 'http.method'],
          similarityThreshold: 80.0,
          dedupThreshold: 5,
          reductionTimeWindow: 'PT120S',
          samplingConfig: { type: 'window-based-logarithmic-sampling', logarithmBase: 2 },
          masks: [
            ['timestamp', '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}'],
            ['uuid', '[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}'],
          ],
          enabledMasks: ['timestamp', 'uuid'],
        }),
      ).toEqual([]);
    });

    it('reports a user mask regex RE2 cannot run at its field', () => {
      expect(paramProblems(logReducer, { masks: [['session', '(?<=sid=)\\w+']], enabledMasks: ['session'] })).toEqual([
        { path: 'masks[0][1]', message: 'lookbehind (?<=…) at character 1 is not supported (user regexes run on RE2)' },
      ]);
      expect(paramProblems(logReducer, { masks: [['broken', '(unclosed']], enabledMasks: [] })).toEqual([
        { path: 'masks[0][1]', message: expect.stringMatching(/^is not a valid regular expression: /) },
      ]);
      expect(paramProblems(logReducer, { masks: [['empty', '']] })).toEqual([{ path: 'masks[0][1]', message: 'must not be empty' }]);
    });

    it('requires mask names of lowercase letters, defined once, and enabled masks that exist', () => {
      expect(
        paramProblems(logReducer, {
          masks: [
            ['Order_ID', 'ORD-\\d+'],
            ['orders', 'x'],
            ['orders', 'y'],
          ],
          enabledMasks: ['number', 'orders', 'ordrs'],
        }),
      ).toEqual([
        { path: 'masks[0][0]', message: 'a mask name must be 1–50 lowercase letters' },
        { path: 'masks[2][0]', message: 'the mask "orders" is defined twice' },
        {
          path: 'enabledMasks[2]',
          message: 'no mask is named "ordrs"; known masks: orders, ipport, timestamp, uuid, number, awsarn, awstoken',
        },
      ]);
    });

    it('rejects out-of-range thresholds, bad windows, delimiters and sampling bases at their fields', () => {
      expect(
        paramProblems(logReducer, {
          similarityThreshold: 10,
          dedupThreshold: 0,
          reductionTimeWindow: '2m',
          delimiters: [' ', '::', '\\t'],
          samplingConfig: { type: 'window-based-logarithmic-sampling', logarithmBase: 1 },
        }),
      ).toEqual([
        { path: 'similarityThreshold', message: expect.stringMatching(/20/) },
        { path: 'dedupThreshold', message: expect.stringMatching(/1/) },
        { path: 'reductionTimeWindow', message: 'must be an ISO-8601 duration such as PT30S, PT5M, PT1H or P1D' },
        { path: 'samplingConfig.logarithmBase', message: expect.stringMatching(/2/) },
        { path: 'delimiters[1]', message: 'must be a single character, or one of the escapes \\t \\n \\r \\b \\f \\v \\0' },
      ]);
      expect(paramProblems(logReducer, { reductionTimeWindow: 'PT0S' })).toEqual([
        { path: 'reductionTimeWindow', message: 'must be longer than zero' },
      ]);
    });

    it('reports an exception query that does not parse at its field', () => {
      expect(paramProblems(logReducer, { logReducerExceptions: [{ type: 'datadog-query', query: 'status:(error' }] })).toEqual([
        { path: 'logReducerExceptions[0].query', message: expect.stringMatching(/unclosed/) },
      ]);
    });
  });

  describe('samples and summaries', () => {
    it('forwards the first 4 messages of a pattern as samples and summarizes the rest when input ends', async () => {
      const events = [0, 1, 2, 3, 4, 5, 6].map((n) => login(n));
      const { outputs } = await runOperation(logReducer, {}, events);
      expect(outputs.out).toEqual([
        ...events.slice(0, 4).map((event) => sample(event, LOGIN)),
        summary({ template: LOGIN, repeatCount: 3, first: W + 4, last: W + 6 }),
      ]);
    });

    it('forwards dedupThreshold samples', async () => {
      const events = [0, 1, 2, 3].map((n) => login(n));
      const { outputs } = await runOperation(logReducer, { dedupThreshold: 1 }, events);
      expect(outputs.out).toEqual([sample(events[0], LOGIN), summary({ template: LOGIN, repeatCount: 3, first: W + 1, last: W + 3 })]);
    });

    it('emits no summary for a pattern that stayed within its samples', async () => {
      const events = [0, 1, 2, 3].map((n) => login(n));
      const { outputs } = await runOperation(logReducer, {}, events);
      expect(outputs.out).toEqual(events.map((event) => sample(event, LOGIN)));
    });

    it("closes a window when a later event shows it has passed: its summaries go out before that event, and counts start over", async () => {
      const first = [0, 1, 2, 3, 4, 5].map((n) => login(n));
      const later = [0, 1, 2, 3, 4].map((n) => login(n, { eventTimestamp: W + 2 * MINUTE + 10 + n }));
      const { outputs } = await runOperation(logReducer, {}, [...first, ...later]);
      expect(outputs.out).toEqual([
        ...first.slice(0, 4).map((event) => sample(event, LOGIN)),
        summary({ template: LOGIN, repeatCount: 2, first: W + 4, last: W + 5 }),
        ...later.slice(0, 4).map((event) => sample(event, LOGIN)),
        summary({ template: LOGIN, repeatCount: 1, first: W + 2 * MINUTE + 14, last: W + 2 * MINUTE + 14, windowStart: W + 2 * MINUTE, seq: 1 }),
      ]);
    });

    it('counts a late event (older than the open window) in the open window, with its own timestamp', async () => {
      const events = [login(0, { eventTimestamp: W + 3 * MINUTE }), ...[1, 2, 3].map((n) => login(n, { eventTimestamp: W + 3 * MINUTE + n })), login(4, { eventTimestamp: W + 5 })];
      const { outputs } = await runOperation(logReducer, {}, events);
      expect(outputs.out.at(-1)).toEqual(
        summary({ template: LOGIN, repeatCount: 1, first: W + 5, last: W + 5, windowStart: W + 2 * MINUTE }),
      );
    });

    it('uses reductionTimeWindow for the window and in the summary prefix', async () => {
      const events = [0, 1, 2].map((n) => login(n, { eventTimestamp: W + n * 20_000 }));
      const { outputs } = await runOperation(logReducer, { reductionTimeWindow: 'PT30S', dedupThreshold: 1 }, events);
      expect(outputs.out.map((event) => event.message)).toEqual([
        events[0].message,
        '[1 message in 30s] user <number> logged in from <ipport>',
        events[2].message,
      ]);
    });

    it('leaves the count out of the summary message when repeatCountInSummaryMessageEnabled is off', async () => {
      const events = [0, 1, 2, 3, 4].map((n) => login(n));
      const { outputs } = await runOperation(logReducer, { repeatCountInSummaryMessageEnabled: false }, events);
      expect(outputs.out.at(-1)).toEqual(summary({ template: LOGIN, repeatCount: 1, first: W + 4, last: W + 4, message: LOGIN }));
    });

    it("keeps the tags and attributes all summarized messages agree on; attributes that differ read '*', tags that differ are dropped", async () => {
      const base = { tags: { service: ['api'], host: ['a'] }, attributes: { http: { method: 'GET', status: 200 }, region: 'eu' } };
      const events = [
        ...[0, 1, 2, 3].map((n) => login(n, base)),
        login(4, { ...base, severity: 13 }),
        login(5, { tags: { service: ['api'], host: ['b'] }, attributes: { http: { method: 'GET', status: 500 }, region: 'eu', extra: 1 } }),
      ];
      const { outputs } = await runOperation(logReducer, {}, events);
      expect(outputs.out.at(-1)).toEqual(
        summary({
          template: LOGIN,
          repeatCount: 2,
          first: W + 4,
          last: W + 5,
          severity: 13,
          tags: { service: ['api'] },
          attributes: { http: { method: 'GET', status: '*' }, region: 'eu', extra: '*' },
        }),
      );
    });

    it('passes messages without tokens through, tagged passthrough', async () => {
      const empty = testEvent({ message: '' });
      const punctuation = testEvent({ message: ' [] ' });
      const { outputs } = await runOperation(logReducer, {}, [empty, punctuation]);
      expect(outputs.out).toEqual([tagged(empty, 'passthrough'), tagged(punctuation, 'passthrough')]);
    });
  });

  describe('clustering', () => {
    /** Five templates filled with random numbers, addresses, uuids and timestamps. */
    function generated(count: number) {
      let state = 42;
      const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
      const int = (n: number) => Math.floor(next() * n);
      const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[int(16)]).join('');
      const ip = () => `${1 + int(254)}.${int(256)}.${int(256)}.${1 + int(254)}`;
      const templates: Array<[string, () => string]> = [
        ['GET /api/orders/<number> <number> <number>', () => `GET /api/orders/${int(99999)} ${[200, 404, 500][int(3)]} ${int(900)}ms`],
        ['Connection from <ipport> closed after <number> bytes', () => `Connection from ${ip()}:${1024 + int(60000)} closed after ${int(1e6)} bytes`],
        ['Job <uuid> finished in <number> seconds', () => `Job ${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)} finished in ${(next() * 100).toFixed(2)} seconds`],
        ['<timestamp> WARN disk usage at <number>% on <ipport>', () => `2024-05-0${1 + int(9)}T1${int(10)}:2${int(10)}:3${int(10)}Z WARN disk usage at ${int(100)}% on ${ip()}`],
        ['cache miss for key <number> in region <uuid>', () => `cache miss for key ${int(1e9)} in region ${hex(32)}`],
      ];
      return Array.from({ length: count }, (_, n) => {
        const [template, make] = templates[n % templates.length];
        return { template, event: testEvent({ message: make(), eventTimestamp: W + n }) };
      });
    }

    it('finds exactly the 5 templates behind 500 generated messages', async () => {
      const messages = generated(500);
      const { outputs } = await runOperation(logReducer, {}, messages.map((message) => message.event));
      const templates = [...new Set(messages.map((message) => message.template))];
      expect(new Set(outputs.out.map((event) => (event.attributes.grepr as { patternId: string }).patternId))).toEqual(
        new Set(templates.map(hashId)),
      );
      const summaries = outputs.out.filter((event) => event.tags['grepr.messagetype'][0] === 'summary');
      expect(summaries.map((event) => event.message)).toEqual(templates.map((template) => `[96 messages in 2m] ${template}`));
      expect(outputs.out.filter((event) => event.tags['grepr.messagetype'][0] === 'sample')).toHaveLength(20);
    });

    it('joins a message that differs in few enough tokens to a pattern, generalizing those positions to <*>', async () => {
      const names = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
      const events = names.map((name, n) => testEvent({ message: `session opened for user ${name} by sshd`, eventTimestamp: W + n }));
      const { outputs } = await runOperation(logReducer, {}, events);
      const template = 'session opened for user alice by sshd';
      expect(outputs.out).toEqual([
        ...events.slice(0, 4).map((event) => sample(event, template)),
        summary({ template, repeatCount: 2, first: W + 4, last: W + 5, message: '[2 messages in 2m] session opened for user <*> by sshd' }),
      ]);
    });

    it('keeps messages apart below the similarity threshold', async () => {
      const events = ['disk full: a on b', 'disk full: c on d', 'disk full: e on f', 'disk full: g on h', 'disk full: i on j'].map((message, n) =>
        testEvent({ message, eventTimestamp: W + n }),
      );
      // 3 of 5 tokens are equal: 60%.
      const apart = await runOperation(logReducer, {}, events);
      expect(apart.outputs.out.every((event) => event.tags['grepr.messagetype'][0] === 'sample')).toBe(true);
      const together = await runOperation(logReducer, { similarityThreshold: 60 }, events);
      expect(together.outputs.out.at(-1)?.message).toBe('[1 message in 2m] disk full: <*> on <*>');
    });

    it('like Drain, compares only messages with the same first two tokens, unless those contain digits', async () => {
      const events = ['alice logged in from home', 'bob logged in from home', 'carol logged in from home', 'dave logged in from home', 'erin logged in from home'];
      const byName = await runOperation(logReducer, {}, events.map((message, n) => testEvent({ message, eventTimestamp: W + n })));
      expect(byName.outputs.out.every((event) => event.tags['grepr.messagetype'][0] === 'sample')).toBe(true);
      const byId = await runOperation(
        logReducer,
        {},
        ['u1', 'u2', 'u3', 'u4', 'u5'].map((user, n) => testEvent({ message: `${user} logged in from home`, eventTimestamp: W + n })),
      );
      expect(byId.outputs.out.at(-1)?.message).toBe('[1 message in 2m] <*> logged in from home');
    });

    it('keeps messages with different token counts apart', async () => {
      const events = [...Array(5)].map((_, n) => testEvent({ message: n % 2 ? 'task done' : 'task done twice', eventTimestamp: W + n }));
      const { outputs } = await runOperation(logReducer, {}, events);
      expect(outputs.out.every((event) => event.tags['grepr.messagetype'][0] === 'sample')).toBe(true);
    });

    it('applies user masks on RE2, and a built-in redefined by the user', async () => {
      const params = {
        masks: [
          ['orderid', 'ORD-[0-9A-F]+'],
          ['timestamp', '\\d{2}h\\d{2}'],
        ] as Array<[string, string]>,
        enabledMasks: ['orderid', 'timestamp', 'number'],
        dedupThreshold: 1,
      };
      const events = ['ORD-1F shipped at 10h30 in 3 boxes', 'ORD-2A shipped at 11h45 in 12 boxes'].map((message, n) =>
        testEvent({ message, eventTimestamp: W + n }),
      );
      const { outputs } = await runOperation(logReducer, params, events);
      expect(outputs.out.at(-1)?.message).toBe('[1 message in 2m] <orderid> shipped at <timestamp> in <number> boxes');
    });

    it('splits on the configured delimiters only', async () => {
      const events = ['a-1 b', 'a-2 b', 'a-3 b'].map((message, n) => testEvent({ message, eventTimestamp: W + n }));
      const apart = await runOperation(logReducer, { delimiters: [' '], enabledMasks: [], dedupThreshold: 1 }, events);
      expect(apart.outputs.out.every((event) => event.tags['grepr.messagetype'][0] === 'sample')).toBe(true);
      const together = await runOperation(logReducer, { delimiters: [' ', '-'], enabledMasks: [], dedupThreshold: 1, similarityThreshold: 60 }, events);
      expect(together.outputs.out.at(-1)?.message).toBe('[2 messages in 2m] a-<*> b');
    });
  });

  describe('partitions', () => {
    it('clusters each combination of partitionByTags values on its own, and its summaries carry those tags', async () => {
      const events = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => login(n, { tags: { service: [n % 2 ? 'api' : 'web'] } }));
      const { outputs } = await runOperation(logReducer, { partitionByTags: ['service'] }, events);
      expect(outputs.out.filter((event) => event.tags['grepr.messagetype'][0] === 'sample')).toHaveLength(8);
      expect(outputs.out.slice(8)).toEqual([
        summary({ template: LOGIN, repeatCount: 1, first: W + 8, last: W + 8, tags: { service: ['web'] }, seq: 0 }),
        summary({ template: LOGIN, repeatCount: 1, first: W + 9, last: W + 9, tags: { service: ['api'] }, seq: 1 }),
      ]);
    });

    it('partitions by attributes: dotted names read nested attributes, or a flat dotted key; paths are exact', async () => {
      const nested = (method: string) => ({ attributes: { http: { method } } });
      const flat = (method: string) => ({ attributes: { 'http.method': method } });
      const events = [
        ...[0, 1, 2, 3, 4].map((n) => login(n, nested('GET'))),
        ...[5, 6, 7, 8, 9].map((n) => login(n, flat('GET'))),
        ...[10, 11, 12, 13, 14].map((n) => login(n, nested('POST'))),
      ];
      const byName = await runOperation(logReducer, { partitionByAttributes: ['http.method'] }, events);
      expect(byName.outputs.out.filter((event) => event.tags['grepr.messagetype'][0] === 'summary').map((event) => event.attributes.grepr)).toEqual([
        expect.objectContaining({ repeatCount: 6 }),
        expect.objectContaining({ repeatCount: 1 }),
      ]);
      // An exact path does not read the flat key: those five events form a partition of their own.
      const byPath = await runOperation(logReducer, { partitionByAttributePaths: [['http', 'method']] }, events);
      expect(byPath.outputs.out.filter((event) => event.tags['grepr.messagetype'][0] === 'summary').map((event) => event.attributes.grepr)).toEqual([
        expect.objectContaining({ repeatCount: 1 }),
        expect.objectContaining({ repeatCount: 1 }),
        expect.objectContaining({ repeatCount: 1 }),
      ]);
    });
  });

  describe('exceptions', () => {
    it('passes events matching an exception through unchanged, tagged exception, and does not count them', async () => {
      const error = (n: number) => login(n, { severity: 17 });
      const events = [login(0), error(1), login(2), error(3), login(4), login(5), login(6)];
      const { outputs } = await runOperation(
        logReducer,
        { logReducerExceptions: [{ type: 'datadog-query', query: 'status:error' }] },
        events,
      );
      expect(outputs.out).toEqual([
        sample(events[0], LOGIN),
        tagged(events[1], 'exception'),
        sample(events[2], LOGIN),
        tagged(events[3], 'exception'),
        sample(events[4], LOGIN),
        sample(events[5], LOGIN),
        summary({ template: LOGIN, repeatCount: 1, first: W + 6, last: W + 6 }),
      ]);
    });

    it('treats an event matching any of several exceptions as one', async () => {
      const events = [login(0, { tags: { team: ['core'] } }), login(1, { attributes: { skipAggregation: true } }), login(2)];
      const { outputs } = await runOperation(
        logReducer,
        {
          logReducerExceptions: [
            { type: 'datadog-query', query: 'team:core' },
            { type: 'datadog-query', query: '@skipAggregation:true' },
          ],
        },
        events,
      );
      expect(outputs.out.map((event) => event.tags['grepr.messagetype'][0])).toEqual(['exception', 'exception', 'sample']);
    });
  });

  describe('logarithmic sampling', () => {
    it('after dedupThreshold samples, forwards one more at base^(dedupThreshold+1) messages and at each further power', async () => {
      const events = [...Array(40)].map((_, n) => login(n));
      const { outputs } = await runOperation(
        logReducer,
        { dedupThreshold: 2, samplingConfig: { type: 'window-based-logarithmic-sampling', logarithmBase: 2 } },
        events,
      );
      // Samples are the 1st, 2nd, 8th (2^3), 16th and 32nd messages.
      expect(outputs.out).toEqual([
        ...[0, 1, 7, 15, 31].map((n) => sample(events[n], LOGIN)),
        summary({ template: LOGIN, repeatCount: 35, first: W + 2, last: W + 39 }),
      ]);
    });

    it("uses Grepr's example: base 2 and 4 samples send extra samples at the 32nd and 64th messages", async () => {
      const events = [...Array(70)].map((_, n) => login(n));
      const { outputs } = await runOperation(logReducer, { samplingConfig: { type: 'window-based-logarithmic-sampling' } }, events);
      const samples = outputs.out.filter((event) => event.tags['grepr.messagetype'][0] === 'sample');
      expect(samples.map((event) => event.id)).toEqual([0, 1, 2, 3, 31, 63].map((n) => events[n].id));
      expect(outputs.out.at(-1)?.attributes.grepr).toMatchObject({ repeatCount: 64 });
    });

    it('starts over in each window', async () => {
      const window = (start: number) => [...Array(9)].map((_, n) => login(n, { eventTimestamp: start + n }));
      const events = [...window(W), ...window(W + 2 * MINUTE)];
      const { outputs } = await runOperation(
        logReducer,
        { dedupThreshold: 2, samplingConfig: { type: 'window-based-logarithmic-sampling', logarithmBase: 2 } },
        events,
      );
      expect(outputs.out.filter((event) => event.tags['grepr.messagetype'][0] === 'sample').map((event) => event.id)).toEqual(
        [0, 1, 7, 9, 10, 16].map((n) => events[n].id),
      );
    });
  });

  describe('bounded memory', () => {
    it(`keeps at most ${MAX_PATTERNS_PER_PARTITION} patterns per partition, evicting the least recently used after summarizing it`, async () => {
      const repeated = [0, 1, 2, 3, 4, 5].map((n) => testEvent({ message: 'heartbeat ok', eventTimestamp: W + n }));
      const novel = [...Array(MAX_PATTERNS_PER_PARTITION)].map((_, n) => testEvent({ message: `novel${n}`, eventTimestamp: W + 10 }));
      const { outputs, snapshot } = await runOperation(logReducer, { dedupThreshold: 4 }, [...repeated, ...novel], { flush: false });
      const heartbeat = summary({ template: 'heartbeat ok', repeatCount: 2, first: W + 4, last: W + 5 });
      // The pattern made by the last novel message pushed out "heartbeat ok": its summary went out right then.
      expect(outputs.out.at(-2)).toEqual(heartbeat);
      expect(outputs.out.at(-1)).toEqual(sample(novel.at(-1)!, `novel${MAX_PATTERNS_PER_PARTITION - 1}`));
      const state = snapshot as { patterns: Array<{ id: string }> };
      expect(state.patterns).toHaveLength(MAX_PATTERNS_PER_PARTITION);
      expect(state.patterns.map((pattern) => pattern.id)).not.toContain(hashId('heartbeat ok'));
    });
  });

  describe('checkpoints', () => {
    const params = {
      dedupThreshold: 2,
      partitionByTags: ['service'],
      samplingConfig: { type: 'window-based-logarithmic-sampling' as const, logarithmBase: 2 },
      logReducerExceptions: [{ type: 'datadog-query' as const, query: 'status:error' }],
    };
    const mixed = (from: number, count: number, start: number) =>
      [...Array(count)].map((_, k) => {
        const n = from + k;
        const service = n % 3 === 0 ? 'web' : 'api';
        const message = [`user u${n % 7} logged in from 10.0.0.${n % 9}`, `cache miss for ${n}`, `disk ${n % 4} at ${n}% on node${n % 2}`][n % 3];
        return testEvent({ id: `m${n}`, message, eventTimestamp: start + k * 1000, severity: n % 11 === 0 ? 17 : 9, tags: { service: [service] } });
      });

    it('restoring a snapshot taken mid-window continues exactly as if never stopped', async () => {
      const outputs = await expectSnapshotRoundTrip(logReducer, params, mixed(0, 60, W), mixed(60, 200, W + 60_000));
      expect(outputs.out.filter((event) => event.tags['grepr.messagetype'][0] === 'summary').length).toBeGreaterThan(0);
    });

    it('keeps pattern ids across a restore', async () => {
      const first = await runOperation(logReducer, params, mixed(0, 30, W), { flush: false });
      const restored = await runOperation(logReducer, params, mixed(30, 30, W + 30_000), { checkpoint: first.snapshot });
      const ids = (events: LogEvent[]) => new Set(events.map((event) => (event.attributes.grepr as { patternId?: string } | undefined)?.patternId));
      expect(ids(restored.outputs.out)).toEqual(ids(first.outputs.out));
    });

    it('starts empty from a checkpoint it does not recognize', async () => {
      const { outputs } = await runOperation(logReducer, {}, [login(0)], { checkpoint: { something: 'else' } });
      expect(outputs.out).toEqual([sample(login(0, { id: outputs.out[0].id }), LOGIN)]);
    });
  });

  describe('delivery', () => {
    it('re-sends what a batch produced when the engine retries it, without counting it twice', async () => {
      const ctx = { checkpoint: undefined, compileRegex, now: () => TEST_NOW } as unknown as OperatorContext;
      const operator = (await logReducer.create(logReducer.params.parse({ dedupThreshold: 1 }), ctx)) as TransformOperator;
      const batch = [0, 1, 2].map((n) => login(n));
      const emitted: LogEvent[][] = [];
      let failNext = true;
      const out: Emitter = {
        async emit(_port, events) {
          if (failNext) {
            failNext = false;
            throw new Error('downstream unavailable');
          }
          emitted.push(events);
        },
      };
      await expect(operator.process(batch, out)).rejects.toThrow('downstream unavailable');
      await operator.process(batch, out);
      await operator.flush!(out);
      expect(emitted).toEqual([[sample(batch[0], LOGIN)], [summary({ template: LOGIN, repeatCount: 2, first: W + 1, last: W + 2 })]]);
    });
  });
});
