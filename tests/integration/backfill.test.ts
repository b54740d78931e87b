import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatasetsRepository } from '@/server/store/datasets-repository';
import type { LogEvent } from '@/server/model/log-event';
import { createTestWeir, type TestWeir } from '../support/test-weir';

let t: TestWeir;
beforeAll(async () => {
  t = await createTestWeir();
});
afterAll(async () => {
  await t.close();
});

const BASE_TIME = Date.parse('2026-03-01T00:00:00Z');
const storedEvents = (count: number): LogEvent[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `evt${String(i).padStart(4, '0')}`,
    eventTimestamp: BASE_TIME + i * 1000,
    receivedTimestamp: BASE_TIME + i * 1000,
    message: i % 3 === 0 ? `payment ${i} failed` : `payment ${i} ok`,
    severity: i % 3 === 0 ? 17 : 9,
    tags: { service: ['payments'] },
    attributes: { n: i },
  }));

async function datasetWith(name: string, events: LogEvent[]) {
  const dataset = await t.rest('POST', '/api/v1/datasets', { name });
  await createDatasetsRepository(t.weir.store).writeEvents(dataset.body.id, events);
  return dataset.body.id as string;
}

const backfill = (name: string, from: string, to: string, query = '*') => ({
  name,
  execution: 'ASYNCHRONOUS',
  processing: 'BATCH',
  jobGraph: {
    vertices: [
      { type: 'logs-iceberg-table-source', name: 'stored', datasetId: from, start: '2026-03-01T00:00:00Z', end: '2026-03-02T00:00:00Z', limit: 100_000, query: { type: 'datadog-query', query } },
      { type: 'logs-iceberg-table-sink', name: 'copy', datasetId: to },
    ],
    edges: ['stored -> copy'],
  },
});

describe('backfills (asynchronous batch jobs)', () => {
  it('replays matching stored events into another dataset, goes PENDING → RUNNING → FINISHED, and reports progress', async () => {
    const from = await datasetWith('backfill_from', storedEvents(3000));
    const to = (await t.rest('POST', '/api/v1/datasets', { name: 'backfill_to' })).body.id;
    const created = await t.rest('POST', '/api/v1/jobs/async', backfill('errors_backfill', from, to, 'status:error'));
    expect(created.status).toBe(201);
    expect(created.body.state).toBe('PENDING');
    await t.settle();
    await expect.poll(async () => (await t.rest('GET', `/api/v1/jobs/${created.body.id}`)).body.state, { timeout: 15_000 }).toBe('FINISHED');
    const job = (await t.rest('GET', `/api/v1/jobs/${created.body.id}`)).body;
    expect(job.progress).toEqual({ eventsDone: 1000, eventsEstimated: 1000 });
    expect((await t.rest('GET', `/api/v1/datasets/${to}`)).body.eventCount).toBe(1000);
    const transitions = (await t.rest('GET', `/api/v1/jobs/${created.body.id}/events`)).body.items.map((item: { to: string }) => item.to);
    expect(transitions).toEqual(['PENDING', 'RUNNING', 'FINISHED']);
  });

  it('an interrupted backfill resumes after its checkpoint instead of starting over', async () => {
    const from = await datasetWith('resume_from', storedEvents(500));
    const to = (await t.rest('POST', '/api/v1/datasets', { name: 'resume_to' })).body.id;
    const created = await t.rest('POST', '/api/v1/jobs/async', backfill('resumed_backfill', from, to));
    // As if a previous run had handed on the first 200 events before Weir went down.
    await t.weir.store.db.execute(
      sql`insert into checkpoints (job_id, vertex_name, state) values (${created.body.id}, 'stored', ${JSON.stringify({ after: { eventTimestamp: BASE_TIME + 199_000, id: 'evt0199' }, done: 200 })}::jsonb)`,
    );
    await t.settle();
    await expect.poll(async () => (await t.rest('GET', `/api/v1/jobs/${created.body.id}`)).body.state, { timeout: 15_000 }).toBe('FINISHED');
    expect((await t.rest('GET', `/api/v1/datasets/${to}`)).body.eventCount).toBe(300);
    expect((await t.rest('GET', `/api/v1/jobs/${created.body.id}`)).body.progress.eventsDone).toBe(500);
  });

  it('a backfill from a dataset that does not exist fails with the reason', async () => {
    const to = (await t.rest('POST', '/api/v1/datasets', { name: 'orphan_to' })).body.id;
    const created = await t.rest('POST', '/api/v1/jobs/async', backfill('missing_backfill', 'nosuchdataset', to));
    await t.settle();
    const job = (await t.rest('GET', `/api/v1/jobs/${created.body.id}`)).body;
    expect(job.state).toBe('FAILED');
    expect(job.failureReason).toMatch(/dataset "nosuchdataset" does not exist/);
  });
});
