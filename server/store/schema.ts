import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, json, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { JobGraph, JobState } from '../model/job';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
};

export const jobs = pgTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    execution: text('execution').$type<'SYNCHRONOUS' | 'ASYNCHRONOUS'>().notNull(),
    processing: text('processing').$type<'STREAMING' | 'BATCH'>().notNull(),
    tags: jsonb('tags').$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    teamIds: jsonb('team_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    currentVersion: integer('current_version').notNull().default(0),
    deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
    ...timestamps,
  },
  (table) => [index('jobs_name_idx').on(table.name)],
);

export const jobVersions = pgTable(
  'job_versions',
  {
    jobId: text('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    jobGraph: jsonb('job_graph').$type<JobGraph>().notNull(),
    state: text('state').$type<JobState>().notNull(),
    desiredState: text('desired_state').$type<JobState>().notNull(),
    rollbackEnabled: boolean('rollback_enabled').notNull().default(false),
    rollbackOf: integer('rollback_of'),
    message: text('message'),
    failureReason: text('failure_reason'),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
    endedAt: timestamp('ended_at', { withTimezone: true, mode: 'date' }),
    ...timestamps,
  },
  (table) => [primaryKey({ columns: [table.jobId, table.version] }), index('job_versions_state_idx').on(table.state)],
);

export const jobEvents = pgTable(
  'job_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    jobId: text('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    fromState: text('from_state').$type<JobState>(),
    toState: text('to_state').$type<JobState>().notNull(),
    reason: text('reason'),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [index('job_events_job_idx').on(table.jobId, table.id)],
);

/** Per-vertex state a running job saves (source offsets, operator snapshots), kept across versions. */
export const checkpoints = pgTable(
  'checkpoints',
  {
    jobId: text('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    vertexName: text('vertex_name').notNull(),
    state: jsonb('state').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.jobId, table.vertexName] })],
);

/** Where shippers' logs land and where vendor sinks send; the token is stored only as a hash. */
export const integrations = pgTable('integrations', {
  id: text('id').primaryKey(),
  type: text('type').$type<'datadog' | 'otlp' | 'splunk'>().notNull(),
  name: text('name').notNull().unique(),
  tokenHash: text('token_hash').notNull().unique(),
  tokenPrefix: text('token_prefix').notNull(),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  ...timestamps,
});

/**
 * The durable intake: one row per accepted request, holding its events in arrival order. `seq` is the
 * offset pipelines read from, and a request is acknowledged only once its row is committed.
 */
export const ingestLog = pgTable(
  'ingest_log',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    integrationId: text('integration_id').notNull(),
    // json, not jsonb: the intake only stores and replays batches, and json costs Postgres far less to write.
    events: json('events').$type<unknown[]>().notNull(),
    eventCount: integer('event_count').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [index('ingest_log_integration_seq_idx').on(table.integrationId, table.seq)],
);

/** Named collections of stored LogEvents (the raw store). Their events live in `log_events`. */
export const datasets = pgTable('datasets', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  retention: text('retention').notNull().default('P30D'),
  integrationId: text('integration_id'),
  teamIds: jsonb('team_ids').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  ...timestamps,
});
