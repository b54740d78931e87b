import { jsonb, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The stored events of every dataset. Created by a hand-written migration (it is partitioned by
 * event time, which drizzle-kit does not model), so it is kept out of the schema drizzle-kit reads.
 */
export const logEvents = pgTable('log_events', {
  datasetId: text('dataset_id').notNull(),
  eventTs: timestamp('event_ts', { withTimezone: true, mode: 'date' }).notNull(),
  id: text('id').notNull(),
  receivedTs: timestamp('received_ts', { withTimezone: true, mode: 'date' }).notNull(),
  message: text('message').notNull(),
  severity: smallint('severity').notNull(),
  tags: jsonb('tags').$type<Record<string, string[]>>().notNull(),
  attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull(),
});
