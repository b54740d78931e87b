import { and, asc, eq, gt, lte, max, notInArray, sql, sum } from 'drizzle-orm';
import type { LogEvent } from '../model/log-event';
import type { Database } from './client';
import { ingestLog } from './schema';
import { toStorableJson } from './storable-json';

export interface IngestBatch {
  seq: number;
  events: LogEvent[];
}

export function createIngestLogRepository(db: Database) {
  return {
    /** Appends one request's events; resolves after the commit, with the row's sequence number. */
    async append(integrationId: string, events: LogEvent[]): Promise<number> {
      const [row] = await db
        .insert(ingestLog)
        .values({ integrationId, events: sql`${toStorableJson(events)}::json`, eventCount: events.length })
        .returning({ seq: ingestLog.seq });
      return row.seq;
    },

    /** Batches after `afterSeq`, oldest first, up to about `maxEvents` events (always at least one batch). */
    async readAfter(integrationId: string, afterSeq: number, maxEvents: number): Promise<IngestBatch[]> {
      const rows = await db
        .select({ seq: ingestLog.seq, events: ingestLog.events, eventCount: ingestLog.eventCount })
        .from(ingestLog)
        .where(and(eq(ingestLog.integrationId, integrationId), gt(ingestLog.seq, afterSeq)))
        .orderBy(asc(ingestLog.seq))
        .limit(Math.max(1, Math.ceil(maxEvents / 100)));
      const batches: IngestBatch[] = [];
      let total = 0;
      for (const row of rows) {
        if (batches.length > 0 && total + row.eventCount > maxEvents) break;
        batches.push({ seq: row.seq, events: row.events as LogEvent[] });
        total += row.eventCount;
      }
      return batches;
    },

    /** The newest sequence number for an integration (0 when it has none): where a LATEST reader starts. */
    async latestSeq(integrationId: string): Promise<number> {
      const [row] = await db.select({ seq: max(ingestLog.seq) }).from(ingestLog).where(eq(ingestLog.integrationId, integrationId));
      return Number(row?.seq ?? 0);
    },

    /** Events not yet read past `afterSeq`: the backlog that tells intake to push back. */
    async backlog(integrationId: string, afterSeq: number): Promise<number> {
      const [row] = await db
        .select({ events: sum(ingestLog.eventCount) })
        .from(ingestLog)
        .where(and(eq(ingestLog.integrationId, integrationId), gt(ingestLog.seq, afterSeq)));
      return Number(row?.events ?? 0);
    },

    /** Drops batches every consumer has read. */
    async trim(integrationId: string, throughSeq: number): Promise<number> {
      const rows = await db
        .delete(ingestLog)
        .where(and(eq(ingestLog.integrationId, integrationId), lte(ingestLog.seq, throughSeq)))
        .returning({ seq: ingestLog.seq });
      return rows.length;
    },

    /** Drops batches received before `cutoff`, whoever has read them: the intake's outer retention bound. */
    async trimOlderThan(cutoff: Date): Promise<number> {
      const rows = await db
        .delete(ingestLog)
        .where(sql`${ingestLog.receivedAt} < ${cutoff.toISOString()}::timestamptz`)
        .returning({ seq: ingestLog.seq });
      return rows.length;
    },

    /** Drops old batches of integrations that no pipeline reads. */
    async trimUnreadOlderThan(readIntegrationIds: string[], cutoff: Date): Promise<number> {
      const unread = readIntegrationIds.length > 0 ? notInArray(ingestLog.integrationId, readIntegrationIds) : sql`true`;
      const rows = await db
        .delete(ingestLog)
        .where(and(unread, sql`${ingestLog.receivedAt} < ${cutoff.toISOString()}::timestamptz`))
        .returning({ seq: ingestLog.seq });
      return rows.length;
    },

    async count(): Promise<number> {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(ingestLog);
      return row.n;
    },
  };
}

export type IngestLogRepository = ReturnType<typeof createIngestLogRepository>;
