import { and, asc, desc, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import type { Execution, JobGraph, JobState, Processing } from '../model/job';
import type { Database } from './client';
import { checkpoints, jobEvents, jobs, jobVersions } from './schema';

export type JobRow = typeof jobs.$inferSelect;
export type JobVersionRow = typeof jobVersions.$inferSelect;
export type JobEventRow = typeof jobEvents.$inferSelect;
export interface JobWithVersion {
  job: JobRow;
  version: JobVersionRow;
}

export interface NewJob {
  id: string;
  name: string;
  execution: Execution;
  processing: Processing;
  tags: Record<string, string>;
  teamIds: string[];
}

export interface NewVersion {
  jobGraph: JobGraph;
  state: JobState;
  desiredState: JobState;
  rollbackEnabled?: boolean;
  rollbackOf?: number | null;
  message?: string | null;
  /** Why the version was created, recorded with its first state. */
  reason?: string;
}

export interface JobFilter {
  states?: JobState[];
  name?: string;
  ids?: string[];
  execution?: Execution;
  processing?: Processing;
}

export interface TransitionChanges {
  reason?: string;
  desiredState?: JobState;
  failureReason?: string;
}

export type AddVersionResult =
  | { ok: true; job: JobRow; version: JobVersionRow }
  | { ok: false; problem: 'not-found' }
  | { ok: false; problem: 'conflict'; currentVersion: number };

const STARTED_STATES: readonly JobState[] = ['RUNNING'];
const ENDED_STATES: readonly JobState[] = ['FINISHED', 'FAILED', 'CANCELLED', 'DELETED', 'STOPPED'];

/** All SQL about jobs, their versions, state transitions and checkpoints. */
export function createJobsRepository(db: Database) {
  return {
    async createJob(job: NewJob, first: NewVersion): Promise<JobWithVersion> {
      return db.transaction(async (tx) => {
        const [jobRow] = await tx.insert(jobs).values({ ...job, currentVersion: 0 }).returning();
        const [versionRow] = await tx
          .insert(jobVersions)
          .values(versionValues(job.id, 0, first))
          .returning();
        await tx
          .insert(jobEvents)
          .values({ jobId: job.id, version: 0, fromState: null, toState: first.state, reason: first.reason });
        return { job: jobRow, version: versionRow };
      });
    },

    async getJob(id: string): Promise<JobRow | undefined> {
      const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
      return row;
    },

    async getVersion(jobId: string, version: number): Promise<JobVersionRow | undefined> {
      if (!isStoredVersion(version)) return undefined;
      const [row] = await db
        .select()
        .from(jobVersions)
        .where(and(eq(jobVersions.jobId, jobId), eq(jobVersions.version, version)));
      return row;
    },

    async getJobWithVersion(jobId: string, version?: number): Promise<JobWithVersion | undefined> {
      if (version !== undefined && !isStoredVersion(version)) return undefined;
      const [row] = await db
        .select({ job: jobs, version: jobVersions })
        .from(jobs)
        .innerJoin(jobVersions, eq(jobVersions.jobId, jobs.id))
        .where(
          and(
            eq(jobs.id, jobId),
            version === undefined ? eq(jobVersions.version, jobs.currentVersion) : eq(jobVersions.version, version),
          ),
        );
      return row;
    },

    /** Jobs with their current version, newest first. Deleted jobs appear only when DELETED is asked for. */
    async listJobs(filter: JobFilter = {}): Promise<JobWithVersion[]> {
      const conditions = [eq(jobVersions.version, jobs.currentVersion)];
      if (filter.states?.length) conditions.push(inArray(jobVersions.state, filter.states));
      if (!filter.states?.includes('DELETED')) conditions.push(isNull(jobs.deletedAt));
      if (filter.name) conditions.push(eq(jobs.name, filter.name));
      if (filter.ids?.length) conditions.push(inArray(jobs.id, filter.ids));
      if (filter.execution) conditions.push(eq(jobs.execution, filter.execution));
      if (filter.processing) conditions.push(eq(jobs.processing, filter.processing));
      return db
        .select({ job: jobs, version: jobVersions })
        .from(jobs)
        .innerJoin(jobVersions, eq(jobVersions.jobId, jobs.id))
        .where(and(...conditions))
        .orderBy(desc(jobs.id));
    },

    /** Appends version current+1, only if `expectedVersion` is still the current one (optimistic concurrency). */
    async addVersion(jobId: string, expectedVersion: number, next: NewVersion, jobChanges: Partial<Pick<NewJob, 'tags' | 'teamIds'>> = {}): Promise<AddVersionResult> {
      return db.transaction(async (tx) => {
        const [current] = await tx.select().from(jobs).where(eq(jobs.id, jobId)).for('update');
        if (!current || current.deletedAt) return { ok: false as const, problem: 'not-found' as const };
        if (current.currentVersion !== expectedVersion) {
          return { ok: false as const, problem: 'conflict' as const, currentVersion: current.currentVersion };
        }
        const version = current.currentVersion + 1;
        const [jobRow] = await tx
          .update(jobs)
          .set({ currentVersion: version, updatedAt: new Date(), ...jobChanges })
          .where(eq(jobs.id, jobId))
          .returning();
        const [versionRow] = await tx.insert(jobVersions).values(versionValues(jobId, version, next)).returning();
        await tx
          .insert(jobEvents)
          .values({ jobId, version, fromState: null, toState: next.state, reason: next.reason });
        return { ok: true as const, job: jobRow, version: versionRow };
      });
    },

    /** Moves a version to a new state and records the transition. A move to the state it already has records nothing. */
    async transition(jobId: string, version: number, to: JobState, changes: TransitionChanges = {}): Promise<JobVersionRow | undefined> {
      return db.transaction(async (tx) => {
        const [row] = await tx
          .select()
          .from(jobVersions)
          .where(and(eq(jobVersions.jobId, jobId), eq(jobVersions.version, version)))
          .for('update');
        if (!row) return undefined;
        const desiredChanged = changes.desiredState !== undefined && changes.desiredState !== row.desiredState;
        if (row.state === to && !desiredChanged) return row;
        const now = new Date();
        const [updated] = await tx
          .update(jobVersions)
          .set({
            state: to,
            updatedAt: now,
            ...(changes.desiredState ? { desiredState: changes.desiredState } : {}),
            ...(changes.failureReason !== undefined ? { failureReason: changes.failureReason } : {}),
            ...(STARTED_STATES.includes(to) && row.state !== to ? { startedAt: now, endedAt: null } : {}),
            ...(ENDED_STATES.includes(to) && row.state !== to ? { endedAt: now } : {}),
          })
          .where(and(eq(jobVersions.jobId, jobId), eq(jobVersions.version, version)))
          .returning();
        if (row.state !== to) {
          await tx.insert(jobEvents).values({ jobId, version, fromState: row.state, toState: to, reason: changes.reason, at: now });
          await tx.update(jobs).set({ updatedAt: now }).where(eq(jobs.id, jobId));
        }
        return updated;
      });
    },

    async setDesiredState(jobId: string, version: number, desiredState: JobState): Promise<void> {
      await db
        .update(jobVersions)
        .set({ desiredState, updatedAt: new Date() })
        .where(and(eq(jobVersions.jobId, jobId), eq(jobVersions.version, version)));
    },

    async markDeleted(jobId: string): Promise<void> {
      await db.update(jobs).set({ deletedAt: new Date(), updatedAt: new Date() }).where(eq(jobs.id, jobId));
    },

    async listVersions(jobId: string): Promise<JobVersionRow[]> {
      return db.select().from(jobVersions).where(eq(jobVersions.jobId, jobId)).orderBy(desc(jobVersions.version));
    },

    async listEvents(jobId: string): Promise<JobEventRow[]> {
      return db.select().from(jobEvents).where(eq(jobEvents.jobId, jobId)).orderBy(asc(jobEvents.id));
    },

    /** Versions not yet in a terminal state: the reconciler's asynchronous jobs, or synchronous ones left over by a restart. */
    async listLiveVersions(execution: Execution = 'ASYNCHRONOUS'): Promise<JobWithVersion[]> {
      return db
        .select({ job: jobs, version: jobVersions })
        .from(jobVersions)
        .innerJoin(jobs, eq(jobs.id, jobVersions.jobId))
        .where(and(eq(jobs.execution, execution), notInArray(jobVersions.state, ['FINISHED', 'FAILED', 'CANCELLED', 'DELETED'])))
        .orderBy(asc(jobVersions.jobId), asc(jobVersions.version));
    },

    /** The newest version before `beforeVersion` that ever reached RUNNING: the graph a rollback restores. */
    async lastGoodVersion(jobId: string, beforeVersion: number): Promise<JobVersionRow | undefined> {
      const [row] = await db
        .select({ version: jobVersions })
        .from(jobVersions)
        .where(
          and(
            eq(jobVersions.jobId, jobId),
            sql`${jobVersions.version} < ${beforeVersion}`,
            sql`exists (select 1 from ${jobEvents} e where e.job_id = ${jobVersions.jobId} and e.version = ${jobVersions.version} and e.to_state = 'RUNNING')`,
          ),
        )
        .orderBy(desc(jobVersions.version))
        .limit(1);
      return row?.version;
    },

    async readCheckpoint(jobId: string): Promise<Map<string, unknown>> {
      const rows = await db.select().from(checkpoints).where(eq(checkpoints.jobId, jobId));
      return new Map(rows.map((row) => [row.vertexName, row.state]));
    },

    async writeCheckpoint(jobId: string, states: Map<string, unknown>): Promise<void> {
      if (states.size === 0) return;
      const now = new Date();
      await db
        .insert(checkpoints)
        .values([...states].map(([vertexName, state]) => ({ jobId, vertexName, state: state as object, updatedAt: now })))
        .onConflictDoUpdate({
          target: [checkpoints.jobId, checkpoints.vertexName],
          set: { state: sql`excluded.state`, updatedAt: now },
        });
    },
  };
}

export type JobsRepository = ReturnType<typeof createJobsRepository>;

/** Versions are int4 in the store; anything else cannot name one. */
const isStoredVersion = (version: number) => Number.isInteger(version) && version >= 0 && version <= 2_147_483_647;

function versionValues(jobId: string, version: number, next: NewVersion) {
  return {
    jobId,
    version,
    jobGraph: next.jobGraph,
    state: next.state,
    desiredState: next.desiredState,
    rollbackEnabled: next.rollbackEnabled ?? false,
    rollbackOf: next.rollbackOf ?? null,
    message: next.message ?? null,
  };
}
