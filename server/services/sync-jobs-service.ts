import { randomBytes } from 'node:crypto';
import { createJob as createJobSchema, type ReadJob } from '../model/job';
import type { LogEvent } from '../model/log-event';
import { newId } from '../model/ids';
import { zodIssuesToProblems } from '../model/problems';
import { catalogueLookup } from '../operations/registry';
import { validateJobGraph } from '../model/validate-graph';
import { compileJobGraph } from '../engine/compile';
import type { EngineEnvironment } from '../engine/operator';
import { startPipeline, type RunOutcome } from '../engine/pipeline-run';
import type { JobsRepository } from '../store/jobs-repository';
import { toReadJob } from './job-mapping';
import { failure, ok, type Principal, type Result } from './result';

export const DEFAULT_SYNC_TIME_CAP_MS = 30_000;
export const MAX_SYNC_TIME_CAP_MS = 300_000;
const HEARTBEAT_INTERVAL_MS = 5_000;
/** A client that acknowledges no heartbeat for this long is gone; its job is cancelled. */
const HEARTBEAT_TIMEOUT_MS = 60_000;

/** One NDJSON line of a synchronous job's response, shaped like Grepr's EventRecord. */
type EventRecord =
  | { jobState: 'RUNNING'; data: LogEvent & { type: 'log' } }
  | { jobState: 'HEARTBEAT'; heartbeatToken: string }
  | FinalRecord;

export interface SyncRun {
  job: ReadJob;
  stream: ReadableStream<Uint8Array>;
}

export interface SyncJobsServiceDeps {
  jobs: JobsRepository;
  environment: EngineEnvironment;
}

export function createSyncJobsService({ jobs, environment }: SyncJobsServiceDeps) {
  /** Heartbeat token → the liveness record of the job it was sent for. */
  const heartbeats = new Map<string, { jobId: string; lastAck: number }>();
  const encoder = new TextEncoder();

  return {
    /** Starts a synchronous job and returns its results as an NDJSON stream of EventRecords. */
    async submit(input: unknown, principal: Principal, options: { signal: AbortSignal; timeCapMs?: number }): Promise<Result<SyncRun>> {
      const parsed = createJobSchema.safeParse(input, { reportInput: true });
      if (!parsed.success) return failure(400, 'The job is not valid', zodIssuesToProblems(parsed.error.issues));
      const spec = parsed.data;
      if (spec.execution !== 'SYNCHRONOUS') {
        return failure(400, 'POST /jobs/sync runs SYNCHRONOUS jobs; submit asynchronous ones to POST /api/v1/jobs/async', [
          { path: 'execution', message: 'must be SYNCHRONOUS' },
        ]);
      }
      const problems = validateJobGraph(spec.jobGraph, { execution: spec.execution, processing: spec.processing, ...catalogueLookup }).errors;
      if (problems.length > 0) return failure(400, 'The job graph is not valid', problems);
      const compiled = compileJobGraph(spec.jobGraph, spec.execution, spec.processing);
      if (!compiled.ok) return failure(400, compiled.reason);

      const created = await jobs.createJob(
        { id: newId(), name: spec.name, execution: spec.execution, processing: spec.processing, tags: spec.tags, teamIds: spec.teamIds },
        { jobGraph: spec.jobGraph, state: 'PENDING', desiredState: 'RUNNING', message: spec.message, reason: 'submitted' },
      );
      const jobId = created.job.id;
      const timeCapMs = Math.min(options.timeCapMs ?? DEFAULT_SYNC_TIME_CAP_MS, MAX_SYNC_TIME_CAP_MS);

      // The stream pulls: when the client reads slowly, the sync sink waits, and so does the whole run.
      let controller!: ReadableStreamDefaultController<Uint8Array>;
      let wakeWriter: (() => void) | undefined;
      let clientGone = false;
      const stream = new ReadableStream<Uint8Array>(
        {
          start: (c) => void (controller = c),
          pull: () => {
            wakeWriter?.();
            wakeWriter = undefined;
          },
          cancel: () => {
            clientGone = true;
            wakeWriter?.();
            stopFor('CANCELLED', 'the client disconnected');
          },
        },
        { highWaterMark: 16 },
      );
      const send = async (records: EventRecord[]) => {
        if (clientGone || records.length === 0) return;
        controller.enqueue(encoder.encode(records.map((record) => JSON.stringify(record)).join('\n') + '\n'));
        if ((controller.desiredSize ?? 1) <= 0) await new Promise<void>((resolve) => (wakeWriter = resolve));
      };

      const started = await startPipeline(compiled.graph, {
        jobId,
        version: 0,
        execution: spec.execution,
        processing: spec.processing,
        checkpoint: new Map(),
        saveCheckpoint: async () => {},
        environment: {
          ...environment,
          syncOutput: (events) => send(events.map((event) => ({ jobState: 'RUNNING', data: { type: 'log', ...event } }))),
        },
      });
      if (!started.ok) {
        await jobs.transition(jobId, 0, 'FAILED', { reason: started.reason, failureReason: started.reason });
        return failure(400, started.reason);
      }
      await jobs.transition(jobId, 0, 'RUNNING', { reason: 'started' });
      const run = started.run;

      let ending: { state: 'CANCELLED' | 'TIMED_OUT'; message: string } | undefined;
      function stopFor(state: 'CANCELLED' | 'TIMED_OUT', message: string) {
        ending ??= { state, message };
        void run.stop();
      }
      const onAbort = () => stopFor('CANCELLED', 'the client disconnected');
      options.signal.addEventListener('abort', onAbort, { once: true });
      const capTimer = setTimeout(
        () => stopFor('TIMED_OUT', `the job reached its time cap of ${timeCapMs / 1000} s; narrow the time range or the query`),
        timeCapMs,
      );
      const liveness = { jobId, lastAck: Date.now() };
      const heartbeatTimer = setInterval(() => {
        if (Date.now() - liveness.lastAck > HEARTBEAT_TIMEOUT_MS) return stopFor('CANCELLED', 'no heartbeat from the client');
        const token = randomBytes(16).toString('hex');
        heartbeats.set(token, liveness);
        void send([{ jobState: 'HEARTBEAT', heartbeatToken: token }]);
      }, HEARTBEAT_INTERVAL_MS);

      void run.outcome.then(async (outcome: RunOutcome) => {
        clearTimeout(capTimer);
        clearInterval(heartbeatTimer);
        options.signal.removeEventListener('abort', onAbort);
        for (const [token, beat] of heartbeats) if (beat.jobId === jobId) heartbeats.delete(token);
        const final = finalRecord(outcome, ending);
        const state = final.jobState === 'TIMED_OUT' ? 'CANCELLED' : final.jobState;
        await jobs.transition(jobId, 0, state, { reason: final.message ?? 'all results returned', failureReason: state === 'FAILED' ? final.message : undefined }).catch(() => {});
        if (!clientGone) {
          controller.enqueue(encoder.encode(JSON.stringify(final) + '\n'));
          controller.close();
        }
      });

      return ok({ job: toReadJob(created, principal.organizationId), stream });
    },

    /** Keeps a synchronous job alive; the token comes from one of its HEARTBEAT records. */
    heartbeat(token: unknown): Result<{ jobId: string }> {
      if (typeof token !== 'string' || token === '') {
        return failure(400, 'Send the heartbeat token as a JSON string', [{ path: '', message: 'must be a non-empty string' }]);
      }
      const beat = heartbeats.get(token);
      if (!beat) return failure(404, 'Unknown heartbeat token: the job has ended or the token is wrong');
      beat.lastAck = Date.now();
      return ok({ jobId: beat.jobId });
    },

    /** Synchronous jobs that were running when the server stopped cannot resume: their callers are gone. */
    async cancelOrphans(): Promise<void> {
      for (const { job, version } of await jobs.listLiveVersions('SYNCHRONOUS')) {
        await jobs.transition(job.id, version.version, 'CANCELLED', { reason: 'Weir restarted while the job ran' });
      }
    },
  };
}

type FinalRecord = { jobState: 'FINISHED' | 'FAILED' | 'CANCELLED' | 'TIMED_OUT'; message?: string };

function finalRecord(outcome: RunOutcome, ending: { state: 'CANCELLED' | 'TIMED_OUT'; message: string } | undefined): FinalRecord {
  if (outcome.kind === 'failed') return { jobState: 'FAILED', message: outcome.reason };
  if (ending) return { jobState: ending.state, message: ending.message };
  return { jobState: 'FINISHED' };
}

export type SyncJobsService = ReturnType<typeof createSyncJobsService>;
