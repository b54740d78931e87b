import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createDatasetsRepository } from '@/server/store/datasets-repository';
import { rowsOf } from '@/server/store/client';
import type { LogEvent } from '@/server/model/log-event';
import { parseQuery } from '@/server/query/parse';
import { createTestWeir, testDatabase, type TestWeir } from '../support/test-weir';

const HOUR = 3_600_000;
let t: TestWeir;
let repository: ReturnType<typeof createDatasetsRepository>;

async function partitions(): Promise<string[]> {
  return rowsOf<{ name: string }>(
    await t.weir.store.db.execute(sql`
      select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
      where p.relname = 'log_events' order by 1`),
  ).map((row) => row.name);
}

async function indexesOf(table: string): Promise<string[]> {
  return rowsOf<{ name: string }>(await t.weir.store.db.execute(sql`select indexname as name from pg_indexes where tablename = ${table} order by 1`)).map(
    (row) => row.name,
  );
}

async function partitionHolding(datasetId: string, id: string): Promise<string> {
  const [row] = rowsOf<{ name: string }>(
    await t.weir.store.db.execute(sql`select tableoid::regclass::text as name from log_events where dataset_id = ${datasetId} and id = ${id}`),
  );
  return row.name;
}

function hourName(ms: number): string {
  return `log_events_p${new Date(ms).toISOString().slice(0, 13).replace(/[-T]/g, '')}`;
}

function event(id: string, at: number, message: string): LogEvent {
  return { id, eventTimestamp: at, receivedTimestamp: at, message, severity: 9, tags: { service: ['checkout'] }, attributes: { user: { id: id } } };
}

async function search(datasetId: string, text: string, from: number, to: number): Promise<string[]> {
  const parsed = parseQuery(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const ids: string[] = [];
  const query = { start: from, end: to, where: parsed.ast, order: 'ASCENDING' as const, limit: 1000, offset: 0 };
  for await (const page of repository.readEvents(datasetId, query, new AbortController().signal)) ids.push(...page.map((e) => e.id));
  return ids;
}

beforeAll(async () => {
  t = await createTestWeir();
  repository = createDatasetsRepository(t.weir.store);
});
afterAll(async () => {
  await t.close();
});

describe(`raw store partitions (${testDatabase})`, () => {
  it('the current and coming hours have their own partitions, and current events land in them', async () => {
    const now = Date.now();
    const names = await partitions();
    for (const hour of [now - HOUR, now, now + HOUR, now + 6 * HOUR]) expect(names).toContain(hourName(hour));
    const datasetId = (await t.rest('POST', '/api/v1/datasets', { name: 'hourly' })).body.id;
    await repository.writeEvents(datasetId, [event('now', now, 'checkout ok'), event('ancient', Date.parse('2001-01-01T00:00:00Z'), 'old news')]);
    expect(await partitionHolding(datasetId, 'now')).toBe(hourName(now));
    expect(await partitionHolding(datasetId, 'ancient')).toBe('log_events_default');
  });

  it('a partition gets its search indexes only once its hour has passed, and answers the same before and after', async () => {
    const base = Math.floor(Date.now() / HOUR) * HOUR + 2 * HOUR;
    await repository.maintainPartitions(base);
    const datasetId = (await t.rest('POST', '/api/v1/datasets', { name: 'sealing' })).body.id;
    const events = Array.from({ length: 300 }, (_, i) => event(`s${i}`, base + i * 1000, i % 10 === 0 ? `payment declined for order ${i}` : `payment ok for order ${i}`));
    await repository.writeEvents(datasetId, events);
    const partition = hourName(base);
    expect((await indexesOf(partition)).filter((name) => name.endsWith('_idx'))).toEqual([]);
    const before = await search(datasetId, 'declined @user.id:s1*', base, base + HOUR);

    expect(await repository.indexSealedPartitions(base + HOUR)).not.toContain(partition); // still within the grace period
    expect(await repository.indexSealedPartitions(base + HOUR + 5 * 60_000)).toContain(partition);
    expect((await indexesOf(partition)).filter((name) => name.endsWith('_idx'))).toEqual(
      [`${partition}_attributes_idx`, `${partition}_message_trgm_idx`, `${partition}_tags_idx`].sort(),
    );
    expect(await search(datasetId, 'declined @user.id:s1*', base, base + HOUR)).toEqual(before);
    expect(before).toEqual(events.filter((e) => e.message.includes('declined') && e.id.startsWith('s1')).map((e) => e.id));
    expect(before).toHaveLength(11);
    // Indexing again finds nothing left to do.
    expect(await repository.indexSealedPartitions(base + HOUR + 5 * 60_000)).not.toContain(partition);
  });

  it('an hour being written gets planner statistics without waiting for autovacuum, so recent-first queries walk the key', async () => {
    const now = Date.now();
    const datasetId = (await t.rest('POST', '/api/v1/datasets', { name: 'fresh_statistics' })).body.id;
    await repository.writeEvents(datasetId, Array.from({ length: 3000 }, (_, i) => event(`f${i}`, now - (i % 1000), `user ${i % 3 === 0 ? 'alice' : 'bob'} signed in`)));
    const estimatedRows = async () =>
      Number(rowsOf<{ n: number }>(await t.weir.store.db.execute(sql`select reltuples as n from pg_class where relname = ${hourName(now)}`))[0]?.n ?? -1);
    await expect.poll(estimatedRows, { timeout: 10_000 }).toBeGreaterThanOrEqual(3000);
  });

  it('retention drops whole partitions once every dataset is past them, and single rows before that', async () => {
    const now = Date.now();
    const datasetId = (await t.rest('POST', '/api/v1/datasets', { name: 'retained' })).body.id;
    await repository.writeEvents(datasetId, [event('old', now - HOUR, 'an hour ago'), event('new', now, 'just now')]);
    await repository.applyRetention(new Map([[datasetId, new Date(Math.floor(now / HOUR) * HOUR)]]));
    expect(await partitions()).not.toContain(hourName(now - HOUR));
    expect(await partitions()).toContain(hourName(now));
    expect(await search(datasetId, '*', now - 2 * HOUR, now + HOUR)).toEqual(['new']);
  });

  it('a day partition made before partitions were hourly keeps its hours: none overlap it', async () => {
    const day = Math.floor(Date.now() / 86_400_000) * 86_400_000 + 10 * 86_400_000;
    const from = new Date(day).toISOString();
    const to = new Date(day + 86_400_000).toISOString();
    const dayName = `log_events_p${from.slice(0, 10).replaceAll('-', '')}`;
    await t.weir.store.db.execute(sql.raw(`create table ${dayName} partition of log_events for values from ('${from}') to ('${to}')`));
    await repository.maintainPartitions(day + 3 * HOUR);
    const names = await partitions();
    expect(names).toContain(dayName);
    expect(names.filter((name) => name.startsWith(dayName) && name !== dayName)).toEqual([]);
    expect(await repository.indexSealedPartitions(day + 86_400_000 + 5 * 60_000)).toContain(dayName);
  });
});
