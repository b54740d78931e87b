import { and, asc, eq, or, sql, type SQL } from 'drizzle-orm';
import type { LogEvent } from '../model/log-event';
import { rowsOf, type Store } from './client';
import { LOG_EVENT_COPY_COLUMNS, toCopyRows } from './log-event-copy-rows';
import { logEvents } from './raw-store-schema';
import { datasets } from './schema';
import { attributeJsonPath, compileQueryToSql } from '../query/sql';
import type { RawStoreQuery } from '../engine/operator';
import type { QueryNode } from '../query/ast';
import { toStorableJson } from './storable-json';

export type DatasetRow = typeof datasets.$inferSelect;

/** Rows per INSERT: 8 columns stay well under Postgres' 65,535 bind parameters. */
const INSERT_CHUNK = 5000;
const FIRST_PAGE = 100;
const PAGE = 1000;

interface StoredEventRow {
  id: string;
  event_ts: string | Date;
  received_ts: string | Date;
  message: string;
  severity: number;
  tags: Record<string, string[]> | string;
  attributes: Record<string, unknown> | string;
}

function toLogEvent(row: StoredEventRow): LogEvent {
  return {
    id: row.id,
    eventTimestamp: new Date(row.event_ts).getTime(),
    receivedTimestamp: new Date(row.received_ts).getTime(),
    message: row.message,
    severity: Number(row.severity),
    tags: typeof row.tags === 'string' ? JSON.parse(row.tags) : row.tags,
    attributes: typeof row.attributes === 'string' ? JSON.parse(row.attributes) : row.attributes,
  };
}
const DAY_MS = 86_400_000;

/** Epoch milliseconds as a timestamp, exactly: `to_timestamp(ms / 1000.0)` rounds through a double and can lose a millisecond. */
function epochMillisToTimestamp(millis: SQL): SQL {
  return sql`(to_timestamp(${millis} / 1000) + (${millis} % 1000) * interval '1 millisecond')`;
}

/** Postgres' unique_violation: the batch holds an event the dataset already has. */
const UNIQUE_VIOLATION = '23505';

export function createDatasetsRepository(store: Pick<Store, 'db' | 'copyIn'>) {
  const { db, copyIn } = store;

  /** Inserts through one JSON parameter that Postgres unpacks, skipping events already stored. */
  async function insertSkippingStored(datasetId: string, events: LogEvent[]): Promise<number> {
    let written = 0;
    for (let start = 0; start < events.length; start += INSERT_CHUNK) {
      const chunk = events.slice(start, start + INSERT_CHUNK);
      const result = await db.execute(sql`
        with inserted as (insert into log_events (dataset_id, event_ts, id, received_ts, message, severity, tags, attributes)
        select ${datasetId}, ${epochMillisToTimestamp(sql`(e->>'eventTimestamp')::bigint`)}, e->>'id',
               ${epochMillisToTimestamp(sql`(e->>'receivedTimestamp')::bigint`)}, coalesce(e->>'message', ''),
               coalesce((e->>'severity')::smallint, 9), coalesce(e->'tags', '{}'::jsonb), coalesce(e->'attributes', '{}'::jsonb)
        from jsonb_array_elements(${toStorableJson(chunk)}::jsonb) as e
        on conflict do nothing
        returning 1)
        select count(*)::int as n from inserted`);
      written += rowsOf<{ n: number }>(result)[0].n;
    }
    return written;
  }

  return {
    async insert(dataset: Omit<DatasetRow, 'createdAt' | 'updatedAt'>): Promise<DatasetRow> {
      const [row] = await db.insert(datasets).values(dataset).returning();
      return row;
    },
    async get(id: string): Promise<DatasetRow | undefined> {
      const [row] = await db.select().from(datasets).where(eq(datasets.id, id));
      return row;
    },
    /** A dataset by id or by name (jobs may name the table instead of the id). */
    async find(idOrName: string): Promise<DatasetRow | undefined> {
      const [row] = await db
        .select()
        .from(datasets)
        .where(or(eq(datasets.id, idOrName), eq(datasets.name, idOrName)));
      return row;
    },
    async getByName(name: string): Promise<DatasetRow | undefined> {
      const [row] = await db.select().from(datasets).where(eq(datasets.name, name));
      return row;
    },
    async list(): Promise<DatasetRow[]> {
      return db.select().from(datasets).orderBy(asc(datasets.name));
    },
    async update(id: string, changes: Partial<Pick<DatasetRow, 'name' | 'retention' | 'teamIds'>>): Promise<DatasetRow | undefined> {
      const [row] = await db.update(datasets).set({ ...changes, updatedAt: new Date() }).where(eq(datasets.id, id)).returning();
      return row;
    },
    async remove(id: string): Promise<boolean> {
      return db.transaction(async (tx) => {
        await tx.delete(logEvents).where(eq(logEvents.datasetId, id));
        const rows = await tx.delete(datasets).where(eq(datasets.id, id)).returning({ id: datasets.id });
        return rows.length > 0;
      });
    },
    async countEvents(id: string): Promise<number> {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(logEvents).where(eq(logEvents.datasetId, id));
      return row.n;
    },

    /**
     * Stores events; an event already stored (same dataset, time and id) is skipped, so replays never
     * duplicate. On PostgreSQL the batch goes in with COPY, several times faster than INSERT; COPY is all or
     * nothing, so a batch that repeats a stored event fails whole and is written again skipping duplicates.
     */
    async writeEvents(datasetId: string, events: LogEvent[]): Promise<number> {
      if (events.length === 0) return 0;
      const rows = copyIn && toCopyRows(datasetId, events);
      if (copyIn && rows) {
        try {
          await copyIn(`copy log_events (${LOG_EVENT_COPY_COLUMNS}) from stdin`, rows);
          return events.length;
        } catch (error) {
          if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
        }
      }
      return insertSkippingStored(datasetId, events);
    },

    /**
     * Reads matching events in pages ordered by time (then id), resuming each page after the last row of the
     * previous one, so the first page arrives fast and memory stays flat whatever the range.
     */
    async *readEvents(datasetId: string, query: RawStoreQuery, signal: AbortSignal): AsyncGenerator<LogEvent[]> {
      const descending = query.order === 'DESCENDING';
      const where = compileQueryToSql(query.where);
      let remaining = query.limit;
      let toSkip = query.offset;
      let after: { ts: Date; id: string } | undefined = query.after && { ts: new Date(query.after.eventTimestamp), id: query.after.id };
      // Small first page for a quick first row, then larger ones.
      let pageSize = FIRST_PAGE;
      while (remaining > 0 && !signal.aborted) {
        const cursor = after
          ? descending
            ? sql`(event_ts, id) < (${after.ts.toISOString()}::timestamptz, ${after.id})`
            : sql`(event_ts, id) > (${after.ts.toISOString()}::timestamptz, ${after.id})`
          : sql`true`;
        const rows = rowsOf<StoredEventRow>(
          await db.execute(sql`
            select id, event_ts, received_ts, message, severity, tags, attributes from log_events
            where dataset_id = ${datasetId}
              and event_ts >= ${new Date(query.start).toISOString()}::timestamptz
              and event_ts < ${new Date(query.end).toISOString()}::timestamptz
              and ${cursor} and ${where}
            order by event_ts ${sql.raw(descending ? 'desc' : 'asc')}, id ${sql.raw(descending ? 'desc' : 'asc')}
            limit ${pageSize}`),
        );
        if (rows.length === 0) return;
        const last = rows[rows.length - 1];
        after = { ts: new Date(last.event_ts), id: last.id };
        let page = rows.map(toLogEvent);
        if (toSkip > 0) {
          const skipped = Math.min(toSkip, page.length);
          page = page.slice(skipped);
          toSkip -= skipped;
        }
        if (page.length > remaining) page = page.slice(0, remaining);
        remaining -= page.length;
        if (page.length > 0) yield page;
        if (rows.length < pageSize) return;
        pageSize = PAGE;
      }
    },

    /** Matching events per time bucket, over the whole result. */
    async histogram(datasetId: string, range: TimeRange, where: QueryNode, bucketMs: number): Promise<Array<{ start: number; count: number }>> {
      const rows = rowsOf<{ bucket: string | number; n: number }>(
        await db.execute(sql`
          select floor(extract(epoch from event_ts) * 1000 / ${bucketMs})::bigint as bucket, count(*)::int as n
          from log_events
          where ${matching(datasetId, range, where)}
          group by 1 order by 1`),
      );
      return rows.map((row) => ({ start: Number(row.bucket) * bucketMs, count: row.n }));
    },

    /** The most frequent values of a tag, over the whole result. */
    async topTagValues(datasetId: string, range: TimeRange, where: QueryNode, key: string, limit: number): Promise<Array<{ value: string; count: number }>> {
      return rowsOf<{ value: string; count: number }>(
        await db.execute(sql`
          select v as value, count(*)::int as count
          from log_events, jsonb_array_elements_text(case when jsonb_typeof(tags -> ${key}::text) = 'array' then tags -> ${key}::text else '[]'::jsonb end) as v
          where ${matching(datasetId, range, where)}
          group by v order by count desc, v limit ${limit}`),
      );
    },

    /** The most frequent values at an attribute path (first value per event), over the whole result. */
    async topAttributeValues(datasetId: string, range: TimeRange, where: QueryNode, path: string[], limit: number): Promise<Array<{ value: string; count: number }>> {
      const jsonPath = attributeJsonPath(path);
      return rowsOf<{ value: string; count: number }>(
        await db.execute(sql`
          select value, count(*)::int as count from (
            select coalesce(jsonb_path_query_first(attributes, ${jsonPath}::jsonpath), attributes -> ${path.join('.')}::text) #>> '{}' as value
            from log_events where ${matching(datasetId, range, where)}
          ) as found
          where value is not null
          group by value order by count desc, value limit ${limit}`),
      );
    },

    /** Matching events per severity number, over the whole result. */
    async severityCounts(datasetId: string, range: TimeRange, where: QueryNode): Promise<Array<{ severity: number; count: number }>> {
      return rowsOf<{ severity: number; count: number }>(
        await db.execute(sql`
          select severity::int as severity, count(*)::int as count from log_events
          where ${matching(datasetId, range, where)} group by severity`),
      );
    },

    /** Events received after a point, oldest first: what a live tail shows next. */
    async readReceivedAfter(datasetId: string, where: QueryNode, after: { receivedTimestamp: number; id: string }, sinceEventTs: number, limit: number): Promise<LogEvent[]> {
      const rows = rowsOf<StoredEventRow>(
        await db.execute(sql`
          select id, event_ts, received_ts, message, severity, tags, attributes from log_events
          where dataset_id = ${datasetId}
            and event_ts >= ${new Date(sinceEventTs).toISOString()}::timestamptz
            and (received_ts, id) > (${new Date(after.receivedTimestamp).toISOString()}::timestamptz, ${after.id})
            and ${compileQueryToSql(where)}
          order by received_ts, id limit ${limit}`),
      );
      return rows.map(toLogEvent);
    },

    async countMatching(datasetId: string, query: RawStoreQuery): Promise<number> {
      const [row] = rowsOf<{ n: number }>(
        await db.execute(sql`
          select count(*)::int as n from (
            select 1 from log_events
            where dataset_id = ${datasetId}
              and event_ts >= ${new Date(query.start).toISOString()}::timestamptz
              and event_ts < ${new Date(query.end).toISOString()}::timestamptz
              and ${compileQueryToSql(query.where)}
            limit ${query.offset + query.limit}) as matching`),
      );
      return Math.max(0, row.n - query.offset);
    },

    /**
     * Creates the daily partitions from yesterday to `daysAhead` days out, so today's events avoid the
     * default partition, and drops whole partitions older than the longest retention.
     */
    async maintainPartitions(now = Date.now(), daysAhead = 2): Promise<void> {
      const today = Math.floor(now / DAY_MS) * DAY_MS;
      for (let day = today - DAY_MS; day <= today + daysAhead * DAY_MS; day += DAY_MS) {
        const name = partitionName(day);
        const from = new Date(day).toISOString();
        const to = new Date(day + DAY_MS).toISOString();
        // A day whose events already sit in the default partition cannot get its own partition; they stay there.
        const [{ clash }] = rowsOf<{ clash: boolean }>(
          await db.execute(
            sql`select exists (select 1 from log_events_default where event_ts >= ${from}::timestamptz and event_ts < ${to}::timestamptz) as clash`,
          ),
        );
        if (clash) continue;
        await db.execute(
          sql.raw(`create table if not exists ${name} partition of log_events for values from ('${from}') to ('${to}')`),
        );
      }
    },

    /**
     * Deletes events past each dataset's retention: whole daily partitions once every dataset's retention
     * has passed them, then single rows for datasets that keep less.
     */
    async applyRetention(cutoffByDataset: Map<string, Date>): Promise<void> {
      if (cutoffByDataset.size === 0) return;
      const oldestKept = Math.min(...[...cutoffByDataset.values()].map((cutoff) => cutoff.getTime()));
      const partitions = rowsOf<{ name: string }>(
        await db.execute(
          sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent where p.relname = 'log_events'`,
        ),
      );
      for (const { name } of partitions) {
        const match = /^log_events_p(\d{4})(\d{2})(\d{2})$/.exec(name);
        if (!match) continue;
        const dayEnd = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) + DAY_MS;
        if (dayEnd <= oldestKept) await db.execute(sql.raw(`drop table if exists ${name}`));
      }
      for (const [datasetId, cutoff] of cutoffByDataset) {
        await db
          .delete(logEvents)
          .where(and(eq(logEvents.datasetId, datasetId), sql`${logEvents.eventTs} < ${cutoff.toISOString()}::timestamptz`));
      }
    },
  };
}

export interface TimeRange {
  start: number;
  end: number;
}

function matching(datasetId: string, range: TimeRange, where: QueryNode) {
  return sql`dataset_id = ${datasetId}
    and event_ts >= ${new Date(range.start).toISOString()}::timestamptz
    and event_ts < ${new Date(range.end).toISOString()}::timestamptz
    and ${compileQueryToSql(where)}`;
}

export type DatasetsRepository = ReturnType<typeof createDatasetsRepository>;

function partitionName(dayStartMs: number): string {
  return `log_events_p${new Date(dayStartMs).toISOString().slice(0, 10).replaceAll('-', '')}`;
}
