import { and, asc, eq, gt, lte, max, notInArray, sql, sum } from 'drizzle-orm';
import type { LogEvent } from '../model/log-event';
import { rowsOf, type Database } from './client';
import { ingestLog } from './schema';
import { toStorableJson } from './storable-json';

export interface IngestBatch {
  seq: number;
  events: LogEvent[];
}

export function createIngestLogRepository(db: Database) {
  return {
    /**
     * Appends several requests' events in one statement, each as its own batch; resolves after the commit
     * with their sequence numbers, in the order given (the rows take their numbers in VALUES order), and
     * whether each batch was stored exactly as given (not when text had to be made storable).
     */
    async appendMany(integrationId: string, batches: LogEvent[][]): Promise<Array<{ seq: number; storedAsGiven: boolean }>> {
      const texts = batches.map((events) => toStorableJson(events));
      // The integration's lock, held to the commit, makes its sequence numbers commit in order even when
      // several processes take intake: none can commit a lower number after a reader has seen a higher one.
      const rows = await db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`weir.ingest.${integrationId}`}))`);
        return tx
          .insert(ingestLog)
          .values(batches.map((events, i) => ({ integrationId, events: sql`${texts[i]}::json`, eventCount: events.length })))
          .returning({ seq: ingestLog.seq });
      });
      const seqs = rows.map((row) => Number(row.seq)).sort((a, b) => a - b);
      // Any \u escape may be one toStorableJson rewrote; such a batch reads back from the store only.
      return seqs.map((seq, i) => ({ seq, storedAsGiven: !texts[i].includes('\\u') }));
    },

    /**
     * Batches after `afterSeq`, oldest first, up to about `maxEvents` events (always at least one batch).
     * The running count picks the batches first, so only the events that will be used are fetched and parsed;
     * batches `cached` has in memory are not fetched at all.
     */
    async readAfter(
      integrationId: string,
      afterSeq: number,
      maxEvents: number,
      cached: (seq: number) => LogEvent[] | undefined = () => undefined,
    ): Promise<IngestBatch[]> {
      const picked = rowsOf<{ seq: string | number }>(
        await db.execute(sql`
          with candidates as (
            select seq, event_count, sum(event_count) over (order by seq) as running
            from ingest_log where integration_id = ${integrationId} and seq > ${afterSeq}
            order by seq limit ${Math.max(1, maxEvents)})
          select seq from candidates
          where running <= ${maxEvents} or running = event_count
          order by seq`),
      ).map((row) => Number(row.seq));
      const batches = picked.map((seq) => ({ seq, events: cached(seq) }));
      const missing = batches.filter((batch) => batch.events === undefined).map((batch) => batch.seq);
      if (missing.length > 0) {
        const rows = rowsOf<{ seq: string | number; events: LogEvent[] | string }>(
          await db.execute(sql`select seq, events from ingest_log where seq in (${sql.join(missing.map((seq) => sql`${seq}`), sql`, `)})`),
        );
        const fetched = new Map(rows.map((row) => [Number(row.seq), typeof row.events === 'string' ? (JSON.parse(row.events) as LogEvent[]) : row.events]));
        for (const batch of batches) batch.events ??= fetched.get(batch.seq);
      }
      // A batch trimmed between the two statements is gone for every reader; the rest stay in order.
      return batches.filter((batch): batch is IngestBatch => batch.events !== undefined);
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
