import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatasetsRepository } from '@/server/store/datasets-repository';
import type { LogEvent } from '@/server/model/log-event';
import { createTestWeir, type TestWeir } from '../support/test-weir';

let t: TestWeir;
let datasetId: string;
const T0 = Date.parse('2026-05-01T00:00:00Z');

beforeAll(async () => {
  t = await createTestWeir();
  datasetId = (await t.rest('POST', '/api/v1/datasets', { name: 'console_data' })).body.id;
  const events: LogEvent[] = Array.from({ length: 120 }, (_, i) => ({
    id: `q${i}`,
    eventTimestamp: T0 + i * 60_000, // one per minute for two hours
    receivedTimestamp: T0 + i * 60_000,
    message: i % 4 === 0 ? `checkout failed for order ${i}` : `checkout ok for order ${i}`,
    severity: i % 4 === 0 ? 17 : 9,
    tags: { service: [i % 2 === 0 ? 'checkout' : 'payments'], host: [`web-${i % 3}`] },
    attributes: { http: { status_code: i % 4 === 0 ? 500 : 200 } },
  }));
  await createDatasetsRepository(t.weir.store).writeEvents(datasetId, events);
});
afterAll(async () => {
  await t.close();
});

const scope = { start: '2026-05-01T00:00:00Z', end: '2026-05-01T02:00:00Z' };

describe('query console aggregates', () => {
  it('the histogram counts every matching event in even buckets across the range', async () => {
    const result = await t.trpc.query.histogram.query({ datasetId, ...scope, query: 'status:error', buckets: 12 });
    expect(result.bucketMs).toBe(600_000);
    expect(result.buckets).toHaveLength(12);
    expect(result.total).toBe(30);
    expect(result.buckets.every((bucket) => bucket.count === 2 || bucket.count === 3)).toBe(true);
  });

  it('facets count values over the whole result, tags, status and attributes alike', async () => {
    const result = await t.trpc.query.facets.query({ datasetId, ...scope, query: 'checkout', fields: ['service', 'status', '@http.status_code'] });
    const byField = Object.fromEntries(result.fields.map((field) => [field.field, field.values]));
    expect(byField.service).toEqual([
      { value: 'checkout', count: 60 },
      { value: 'payments', count: 60 },
    ]);
    expect(byField.status).toEqual([
      { value: 'info', count: 90 },
      { value: 'error', count: 30 },
    ]);
    expect(byField['@http.status_code']).toEqual([
      { value: '200', count: 90 },
      { value: '500', count: 30 },
    ]);
  });

  it('patterns group the result by reducer pattern, most frequent first, with a sample', async () => {
    const result = await t.trpc.query.patterns.query({ datasetId, ...scope, query: '' });
    expect(result.scanned).toBe(120);
    expect(result.patterns.map((pattern) => pattern.count)).toEqual([90, 30]);
    expect(result.patterns[0].sample).toMatch(/^checkout ok for order \d+$/);
    expect(result.patterns[1].pattern).toContain('failed');
  });

  it('field suggestions list tag keys, attribute paths and common values', async () => {
    const result = await t.trpc.query.fieldSuggestions.query({ datasetId });
    expect(result.tagKeys).toEqual(['host', 'service']);
    expect(result.attributePaths).toEqual(['http.status_code']);
    expect(result.values.service.sort()).toEqual(['checkout', 'payments']);
    expect(result.values['@http.status_code']).toEqual(['200', '500']);
  });

  it('a bad query is refused with its position, and an unknown dataset is NOT_FOUND', async () => {
    await expect(t.trpc.query.histogram.query({ datasetId, ...scope, query: 'service:(web' })).rejects.toMatchObject({ data: { code: 'BAD_REQUEST' } });
    await expect(t.trpc.query.facets.query({ datasetId: 'nope', ...scope, fields: ['service'] })).rejects.toMatchObject({ data: { code: 'NOT_FOUND' } });
  });

  it('the tail returns only events stored after the last one it saw', async () => {
    const repository = createDatasetsRepository(t.weir.store);
    const now = Date.now();
    await repository.writeEvents(datasetId, [
      { id: 'late1', eventTimestamp: now, receivedTimestamp: now, message: 'tail one', severity: 9, tags: {}, attributes: {} },
      { id: 'late2', eventTimestamp: now, receivedTimestamp: now + 1, message: 'tail two', severity: 17, tags: {}, attributes: {} },
    ]);
    const first = await t.weir.services.query.tail(datasetId, 'status:error', { receivedTimestamp: now - 1000, id: '' }, now - 60_000);
    expect(first.ok && first.value.map((event) => event.message)).toEqual(['tail two']);
    const next = await t.weir.services.query.tail(datasetId, '', { receivedTimestamp: now + 1, id: 'late2' }, now - 60_000);
    expect(next.ok && next.value).toEqual([]);
  });
});
