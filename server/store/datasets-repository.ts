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

/** Events per INSERT on the JSON path: keeps each statement's one parameter to a few megabytes. */
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
const HOUR_MS = 3_600_000;
/** Rows written to an hour before its partition is first analyzed. */
const ANALYZE_AFTER_ROWS = 1000;
/** How much an hour must grow before it is analyzed again. */
const ANALYZE_GROWTH = 4;
/** Hours whose write counts are kept (the most recent ones). */
const HOURS_TRACKED = 48;
const DAY_MS = 86_400_000;

/** Epoch milliseconds as a timestamp, exactly: `to_timestamp(ms / 1000.0)` rounds through a double and can lose a millisecond. */
function epochMillisToTimestamp(millis: SQL): SQL {
  return sql`(to_timestamp(${millis} / 1000) + (${millis} % 1000) * interval '1 millisecond')`;
}

/** Postgres' unique_violation: the batch holds an event the dataset already has. */
const UNIQUE_VIOLATION = '23505';

export function createDatasetsRepository(store: Pick<Store, 'db' | 'copyIn' | 'driver'>) {
  const { db, copyIn, driver } = store;

  /** The time partitions of `log_events` (not the default one), with their end and their search indexes. */
  async function listPartitions(): Promise<Array<{ name: string; end?: number; validIndexes: string[]; invalidIndexes: string[] }>> {
    const rows = rowsOf<{ name: string; valid_indexes: string[] | null; invalid_indexes: string[] | null }>(
      await db.execute(sql`
        select c.relname as name,
               array_agg(ic.relname::text) filter (where ix.indisvalid) as valid_indexes,
               array_agg(ic.relname::text) filter (where not ix.indisvalid) as invalid_indexes
        from pg_inherits i
        join pg_class c on c.oid = i.inhrelid
        join pg_class p on p.oid = i.inhparent
        left join pg_index ix on ix.indrelid = c.oid
        left join pg_class ic on ic.oid = ix.indexrelid
        where p.relname = 'log_events' and c.relname <> 'log_events_default'
        group by c.relname
        order by c.relname`),
    );
    return rows.map((row) => ({
      name: row.name,
      end: partitionEnd(row.name),
      validIndexes: row.valid_indexes ?? [],
      invalidIndexes: row.invalid_indexes ?? [],
    }));
  }

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

  async function copyOrInsert(datasetId: string, events: LogEvent[]): Promise<number> {
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
  }

  // A partition being written has no planner statistics until autovacuum gets to it, and without them the
  // planner takes it for empty and sorts whole hours instead of walking the primary key. Each hour this
  // process writes is analyzed in the background whenever its row count has quadrupled since the last time.
  const hourlyWrites = new Map<number, { rows: number; analyzedAtRows: number }>();
  let analyzing = false;
  function keepStatisticsFresh(events: LogEvent[]) {
    for (const event of events) {
      const hour = Math.floor(event.eventTimestamp / HOUR_MS) * HOUR_MS;
      const entry = hourlyWrites.get(hour);
      if (entry) entry.rows += 1;
      else hourlyWrites.set(hour, { rows: 1, analyzedAtRows: 0 });
    }
    const due = [...hourlyWrites].find(([, entry]) => entry.rows >= Math.max(ANALYZE_AFTER_ROWS, ANALYZE_GROWTH * entry.analyzedAtRows));
    if (!due || analyzing) return;
    const [hour, entry] = due;
    entry.analyzedAtRows = entry.rows;
    if (hourlyWrites.size > HOURS_TRACKED) {
      for (const known of [...hourlyWrites.keys()].sort((a, b) => a - b).slice(0, hourlyWrites.size - HOURS_TRACKED)) hourlyWrites.delete(known);
    }
    analyzing = true;
    db.execute(sql.raw(`analyze ${partitionName(hour, HOUR_MS)}`))
      .catch(() => {}) // the hour may have no partition of its own (its events are in the default one) or be gone
      .finally(() => (analyzing = false));
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
      const written = await copyOrInsert(datasetId, events);
      keepStatisticsFresh(events);
      return written;
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
     * Creates hourly partitions from the previous hour to `hoursAhead` hours out, so current events avoid
     * the default partition. An hour inside a daily partition (from before partitions were hourly), or whose
     * events already sit in the default partition, gets no partition of its own.
     */
    async maintainPartitions(now = Date.now(), hoursAhead = 6): Promise<void> {
      const existing = new Set((await listPartitions()).map((partition) => partition.name));
      const thisHour = Math.floor(now / HOUR_MS) * HOUR_MS;
      for (let hour = thisHour - HOUR_MS; hour <= thisHour + hoursAhead * HOUR_MS; hour += HOUR_MS) {
        const name = partitionName(hour, HOUR_MS);
        if (existing.has(name) || existing.has(partitionName(Math.floor(hour / DAY_MS) * DAY_MS, DAY_MS))) continue;
        const from = new Date(hour).toISOString();
        const to = new Date(hour + HOUR_MS).toISOString();
        const [{ clash }] = rowsOf<{ clash: boolean }>(
          await db.execute(
            sql`select exists (select 1 from log_events_default where event_ts >= ${from}::timestamptz and event_ts < ${to}::timestamptz) as clash`,
          ),
        );
        if (clash) continue;
        await db.execute(sql.raw(`create table if not exists ${name} partition of log_events for values from ('${from}') to ('${to}')`));
      }
    },

    /**
     * Builds the search indexes of partitions whose time has passed (plus a grace period for stragglers),
     * one bulk pass per index. On PostgreSQL the build runs CONCURRENTLY, so late writes to the partition
     * are not blocked; an index a crashed build left invalid is dropped and built again. The partition is
     * then analyzed.
     * Resolves with the partitions it indexed.
     */
    async indexSealedPartitions(now = Date.now(), graceMs = 2 * 60_000): Promise<string[]> {
      const indexed: string[] = [];
      const concurrently = driver === 'postgres' ? 'concurrently' : '';
      for (const partition of await listPartitions()) {
        if (partition.end === undefined || partition.end > now - graceMs) continue;
        let built = false;
        for (const index of PARTITION_INDEXES) {
          const name = `${partition.name}_${index.suffix}`;
          if (partition.validIndexes.includes(name)) continue;
          if (partition.invalidIndexes.includes(name)) await db.execute(sql.raw(`drop index ${concurrently} if exists ${name}`));
          await db.execute(sql.raw(`create index ${concurrently} if not exists ${name} on ${partition.name} using ${index.using}`));
          built = true;
        }
        if (!built) continue;
        // Fresh statistics, so the planner weighs the new indexes against walking the primary key.
        await db.execute(sql.raw(`analyze ${partition.name}`));
        indexed.push(partition.name);
      }
      return indexed;
    },

    /**
     * Deletes events past each dataset's retention: whole partitions once every dataset's retention
     * has passed them, then single rows for datasets that keep less.
     */
    async applyRetention(cutoffByDataset: Map<string, Date>): Promise<void> {
      if (cutoffByDataset.size === 0) return;
      const oldestKept = Math.min(...[...cutoffByDataset.values()].map((cutoff) => cutoff.getTime()));
      for (const partition of await listPartitions()) {
        if (partition.end !== undefined && partition.end <= oldestKept) await db.execute(sql.raw(`drop table if exists ${partition.name}`));
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

/** `log_events_pYYYYMMDDHH` for an hour, `log_events_pYYYYMMDD` for a day (partitions made before hourly ones). */
function partitionName(startMs: number, lengthMs: number): string {
  const stamp = new Date(startMs).toISOString();
  const day = stamp.slice(0, 10).replaceAll('-', '');
  return `log_events_p${lengthMs === DAY_MS ? day : day + stamp.slice(11, 13)}`;
}

/** When a partition's range ends, read from its name (undefined for a name Weir did not make). */
function partitionEnd(name: string): number | undefined {
  const match = /^log_events_p(\d{4})(\d{2})(\d{2})(\d{2})?$/.exec(name);
  if (!match) return undefined;
  const start = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4] ?? 0));
  return start + (match[4] === undefined ? DAY_MS : HOUR_MS);
}

/** The search indexes every sealed partition gets (the default partition has them from its migration). */
const PARTITION_INDEXES = [
  { suffix: 'tags_idx', using: 'gin (tags jsonb_path_ops)' },
  { suffix: 'attributes_idx', using: 'gin (attributes jsonb_path_ops)' },
  { suffix: 'message_trgm_idx', using: 'gin (message gin_trgm_ops)' },
];
