import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validateJobGraph } from '../../model/validate-graph';
import { logsValuesSource } from '../sources/logs-values-source';
import { discardingSink } from '../sinks/discarding-sink';
import { expectSnapshotRoundTrip, paramProblems, runOperation, testEvent, TEST_NOW } from '../test-harness';
import { logsFilter } from './logs-filter';
import { parseIsoDuration } from '../shared-params';

const query = (text: string) => ({ type: 'datadog-query' as const, query: text });

const apiError = testEvent({ message: 'payment failed', severity: 17, tags: { service: ['api'] } });
const apiDebug = testEvent({ message: 'cache warm', severity: 5, tags: { service: ['api'] } });
const webInfo = testEvent({ message: 'GET /index.html 200', tags: { service: ['web'] } });

describe('logs-filter', () => {
  it('keeps the events that match the predicate', async () => {
    const { outputs } = await runOperation(logsFilter, { predicate: query('service:api') }, [apiError, apiDebug, webInfo]);
    expect(outputs).toEqual({ out: [apiError, apiDebug] });
  });

  it('drops the matching events when inverted', async () => {
    const { outputs } = await runOperation(
      logsFilter,
      { predicate: query('status:debug'), inverted: true },
      [apiError, apiDebug, webInfo],
    );
    expect(outputs).toEqual({ out: [apiError, webInfo] });
  });

  it('keeps everything with an empty query, and nothing with it inverted', async () => {
    expect((await runOperation(logsFilter, { predicate: query('') }, [apiError, webInfo])).outputs).toEqual({
      out: [apiError, webInfo],
    });
    expect(
      (await runOperation(logsFilter, { predicate: query(''), inverted: true }, [apiError, webInfo])).outputs,
    ).toEqual({ out: [] });
  });

  it('matches attributes and message words', async () => {
    const slow = testEvent({ message: 'request done', attributes: { http: { duration_ms: 1200 } } });
    const fast = testEvent({ message: 'request done', attributes: { http: { duration_ms: 12 } } });
    const { outputs } = await runOperation(logsFilter, { predicate: query('request @http.duration_ms:>1000') }, [slow, fast]);
    expect(outputs).toEqual({ out: [slow] });
  });

  it('drops events received later than maxLateEventTimestampDelta after they happened, even when inverted', async () => {
    const onTime = testEvent({ eventTimestamp: TEST_NOW - 30_000, receivedTimestamp: TEST_NOW, tags: { service: ['web'] } });
    const late = testEvent({ eventTimestamp: TEST_NOW - 30_001, receivedTimestamp: TEST_NOW, tags: { service: ['web'] } });
    const params = { predicate: query('service:api'), inverted: true, maxLateEventTimestampDelta: 'PT30S' };
    const { outputs } = await runOperation(logsFilter, params, [onTime, late]);
    expect(outputs).toEqual({ out: [onTime] });
  });

  it('behaves the same after a restart (it keeps no state)', async () => {
    const after = await expectSnapshotRoundTrip(logsFilter, { predicate: query('service:api') }, [apiError], [webInfo, apiDebug]);
    expect(after).toEqual({ out: [apiDebug] });
  });

  it('reads ISO-8601 durations as Java writes them', () => {
    expect(parseIsoDuration('PT20.345S')).toBe(20_345);
    expect(parseIsoDuration('PT5M')).toBe(300_000);
    expect(parseIsoDuration('P1DT2H')).toBe(93_600_000);
    expect(parseIsoDuration('P')).toBeUndefined();
    expect(parseIsoDuration('PT')).toBeUndefined();
    expect(parseIsoDuration('5m')).toBeUndefined();
  });

  describe('validation', () => {
    it('reports a query that does not parse at predicate.query, with its position', () => {
      expect(paramProblems(logsFilter, { predicate: query('service:(api') })).toEqual([
        { path: 'predicate.query', message: "unclosed '(' at 8" },
      ]);
    });

    it('requires a predicate and rejects unknown params', () => {
      expect(paramProblems(logsFilter, { invert: true })).toEqual([
        { path: 'predicate', message: 'is required (an object)' },
        { path: 'invert', message: 'unknown field "invert"' },
      ]);
    });

    it('rejects a malformed maxLateEventTimestampDelta', () => {
      expect(paramProblems(logsFilter, { predicate: query(''), maxLateEventTimestampDelta: '30s' })).toEqual([
        { path: 'maxLateEventTimestampDelta', message: 'must be an ISO-8601 duration such as PT30S, PT5M, PT1H or P1D' },
      ]);
    });

    it('points a bad query in a job graph at the vertex and field', () => {
      const operations = [logsValuesSource, logsFilter, discardingSink];
      const result = validateJobGraph(
        {
          vertices: [
            { type: 'logs-values-source', name: 'source' },
            { type: 'logs-filter', name: 'errors_only', predicate: query('status:error AND') },
            { type: 'discarding-sink', name: 'sink' },
          ],
          edges: ['source -> errors_only', 'errors_only -> sink'],
        },
        { lookup: (type) => operations.find((operation) => operation.type === type) as never },
      );
      expect(result.errors).toEqual([
        {
          path: 'jobGraph.vertices[1].predicate.query',
          message: "vertex 'errors_only' (logs-filter): param 'predicate.query': expected a search term after 'AND' at 16",
        },
      ]);
    });

    it('has a params schema the inspector form can render', () => {
      expect(() => z.toJSONSchema(logsFilter.params)).not.toThrow();
    });
  });
});
