import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { at, expectSnapshotRoundTrip, paramProblems, runOperation, testEvent, TEST_NOW } from '../test-harness';
import { logsEventSampler } from './logs-event-sampler';

const events = (count: number, fields = {}) => Array.from({ length: count }, () => testEvent(fields));

describe('logs-event-sampler', () => {
  it('lets a burst of up to maxBurstLimit through at once and drops the rest', async () => {
    const burst = events(8);
    const { outputs } = await runOperation(logsEventSampler, { maxAllowedRate: 1, maxBurstLimit: 5 }, burst);
    expect(outputs).toEqual({ out: burst.slice(0, 5) });
  });

  it('refills at maxAllowedRate events per second of wall-clock time', async () => {
    const [first, second, third] = [events(3), events(10), events(10)];
    const { outputs, snapshot } = await runOperation(logsEventSampler, { maxAllowedRate: 4, maxBurstLimit: 3 }, [
      at(TEST_NOW, first),
      at(TEST_NOW + 500, second), // half a second: 2 tokens
      at(TEST_NOW + 60_000, third), // a minute: refilled, but only up to the burst limit
    ]);
    expect(outputs).toEqual({ out: [...first, ...second.slice(0, 2), ...third.slice(0, 3)] });
    expect(snapshot).toEqual({ tokens: 0, updatedAt: TEST_NOW + 60_000 });
  });

  it('keeps fractional tokens between batches', async () => {
    const batches = [0, 250, 500, 750, 1000].map((offset) => at(TEST_NOW + offset, events(1)));
    const { outputs } = await runOperation(logsEventSampler, { maxAllowedRate: 2, maxBurstLimit: 1 }, batches);
    // 0.5 token every 250 ms: the first event uses the initial token, then every other one passes.
    expect(outputs.out).toEqual([batches[0], batches[2], batches[4]].flatMap((batch) => batch.events));
  });

  it('samples only the events matching the filter and drops the others', async () => {
    const api = events(3, { tags: { service: ['api'] } });
    const web = events(2, { tags: { service: ['web'] } });
    const { outputs } = await runOperation(
      logsEventSampler,
      { maxAllowedRate: 1, maxBurstLimit: 2, filter: { type: 'datadog-query', query: 'service:api' } },
      [web[0], api[0], web[1], api[1], api[2]],
    );
    expect(outputs).toEqual({ out: [api[0], api[1]] });
  });

  it('resumes from a checkpoint with the tokens it had', async () => {
    const params = { maxAllowedRate: 2, maxBurstLimit: 4 };
    const after = await expectSnapshotRoundTrip(
      logsEventSampler,
      params,
      [at(TEST_NOW, events(3))],
      [at(TEST_NOW + 1000, events(6)), at(TEST_NOW + 1500, events(2))],
    );
    // 1 token left, plus 2 after a second, then 1 more after half a second.
    expect(after.out).toHaveLength(4);
  });

  it('refills for the time a stopped job was down', async () => {
    const first = await runOperation(logsEventSampler, { maxAllowedRate: 1, maxBurstLimit: 10 }, [at(TEST_NOW, events(10))]);
    expect(first.snapshot).toEqual({ tokens: 0, updatedAt: TEST_NOW });
    const resumed = await runOperation(
      logsEventSampler,
      { maxAllowedRate: 1, maxBurstLimit: 10 },
      [at(TEST_NOW + 4000, events(10))],
      { checkpoint: first.snapshot },
    );
    expect(resumed.outputs.out).toHaveLength(4);
  });

  describe('validation', () => {
    it("fills in Grepr's defaults", () => {
      expect(logsEventSampler.params.parse({})).toEqual({ maxAllowedRate: 10, maxBurstLimit: 2000 });
    });

    it('rejects a rate or burst that could never pass an event, and unknown params', () => {
      expect(paramProblems(logsEventSampler, { maxAllowedRate: 0, maxBurstLimit: 1.5, rate: 3 })).toEqual([
        { path: 'maxAllowedRate', message: 'Too small: expected number to be >0' },
        { path: 'maxBurstLimit', message: 'must be an int, got number 1.5' },
        { path: 'rate', message: 'unknown field "rate"' },
      ]);
    });

    it('reports a filter query that does not parse at filter.query', () => {
      expect(paramProblems(logsEventSampler, { filter: { type: 'datadog-query', query: 'service:' } })).toEqual([
        { path: 'filter.query', message: expect.stringMatching(/ at 8$/) },
      ]);
    });

    it('has a params schema the inspector form can render', () => {
      expect(() => z.toJSONSchema(logsEventSampler.params)).not.toThrow();
    });
  });
});
