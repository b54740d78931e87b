import { z } from 'zod';
import {
  createJob as createJobSchema,
  execution as executionSchema,
  isTerminal,

  listJobsFilter,
  processing as processingSchema,
  updateJob as updateJobSchema,
  type Execution,
  type JobStateTransition,
  type JobVersionSummary,
  type ListJobsFilter,
  type Processing,
  type ReadJob,
  type ValidationProblem,
} from '../model/job';
import { newId } from '../model/ids';
import { zodIssuesToProblems } from '../model/problems';
import { validateJobGraph } from '../model/validate-graph';
import { catalogueLookup, getOperation } from '../operations/registry';
import type { JobsRepository } from '../store/jobs-repository';
import type { VertexMetrics } from '../engine/pipeline-run';
import { toReadJob, toTransition, toVersionSummary } from './job-mapping';
import { failure, ok, type Principal, type Result } from './result';

export interface JobsServiceDeps {
  jobs: JobsRepository;
  /** Live per-vertex metrics of a job's running version, from the engine. */
  liveMetrics: (jobId: string) => VertexMetrics[];
  /** Live progress of a running batch job, from the engine. */
  liveProgress: (jobId: string) => { done: number; total?: number } | undefined;
  /** Tells the reconciler something changed, so it acts now rather than on its next tick. */
  onChange: () => void;
}

export interface ValidationReport {
  valid: boolean;
  errors: ValidationProblem[];
}

const validateRequest = z.object({
  name: createJobSchema.shape.name.optional(),
  execution: executionSchema.default('ASYNCHRONOUS'),
  processing: processingSchema.default('STREAMING'),
  jobGraph: z.unknown(),
});

export function createJobsService({ jobs, onChange, liveMetrics, liveProgress }: JobsServiceDeps) {
  /** Adds progress to batch jobs: live while they run, else what their checkpoint recorded. */
  async function withProgress(job: ReadJob): Promise<ReadJob> {
    if (job.processing !== 'BATCH' || job.execution !== 'ASYNCHRONOUS') return job;
    const live = liveProgress(job.id);
    if (live) return { ...job, progress: { eventsDone: live.done, ...(live.total !== undefined ? { eventsEstimated: live.total } : {}) } };
    const checkpoint = await jobs.readCheckpoint(job.id);
    const done = [...checkpoint.values()].reduce<number>((sum, state) => sum + ((state as { done?: number } | null)?.done ?? 0), 0);
    return { ...job, progress: { eventsDone: done, ...(job.state === 'FINISHED' ? { eventsEstimated: done } : {}) } };
  }

  function checkGraph(graph: unknown, execution: Execution, processing: Processing): ValidationProblem[] {
    return validateJobGraph(graph, { execution, processing, ...catalogueLookup }).errors;
  }

  /** Parses a request body, then validates the job graph inside it; every problem carries its JSON path. */
  function parseWithGraph<Schema extends z.ZodType>(schema: Schema, input: unknown, execution: (parsed: z.output<Schema>) => Execution, processing: (parsed: z.output<Schema>) => Processing) {
    const parsed = schema.safeParse(input, { reportInput: true });
    if (!parsed.success) {
      const problems = zodIssuesToProblems(parsed.error.issues);
      // Shape errors in the graph are better told by the graph validator, with vertex-level paths.
      const graphInput = (input as { jobGraph?: unknown } | null)?.jobGraph;
      const otherProblems = problems.filter((problem) => !problem.path.startsWith('jobGraph'));
      const graphProblems = problems.some((problem) => problem.path.startsWith('jobGraph'))
        ? checkGraph(graphInput, 'ASYNCHRONOUS', 'STREAMING')
        : [];
      return failure(400, 'The request is not valid', [...otherProblems, ...graphProblems]);
    }
    const problems = checkGraph((parsed.data as { jobGraph: unknown }).jobGraph, execution(parsed.data), processing(parsed.data));
    if (problems.length > 0) return failure(400, 'The job graph is not valid', problems);
    return ok(parsed.data as z.output<Schema>);
  }

  async function readJob(id: string, principal: Principal, version?: number): Promise<Result<ReadJob>> {
    const found = await jobs.getJobWithVersion(id, version);
    if (!found) {
      if (version !== undefined && (await jobs.getJob(id))) return failure(404, `Job ${id} has no version ${version}`);
      return failure(404, `Job ${id} not found`);
    }
    return ok(await withProgress(toReadJob(found, principal.organizationId)));
  }

  return {
    async createJob(input: unknown, principal: Principal): Promise<Result<ReadJob>> {
      const parsed = parseWithGraph(createJobSchema, input, (job) => job.execution, (job) => job.processing);
      if (!parsed.ok) return parsed;
      const job = parsed.value;
      if (job.desiredState === 'DELETED') {
        return failure(400, 'A job cannot be created already deleted', [{ path: 'desiredState', message: 'must be RUNNING or STOPPED' }]);
      }
      if (job.execution === 'SYNCHRONOUS') {
        return failure(400, 'SYNCHRONOUS jobs stream their results to the caller: submit them to POST /api/v1/jobs/sync', [
          { path: 'execution', message: 'must be ASYNCHRONOUS for /jobs/async' },
        ]);
      }
      const created = await jobs.createJob(
        { id: newId(), name: job.name, execution: job.execution, processing: job.processing, tags: job.tags, teamIds: job.teamIds },
        {
          jobGraph: job.jobGraph,
          state: job.desiredState === 'RUNNING' ? 'PENDING' : 'CREATED',
          desiredState: job.desiredState,
          message: job.message,
          reason: 'created',
        },
      );
      onChange();
      return ok(toReadJob(created, principal.organizationId));
    },

    getJob: readJob,

    async listJobs(input: unknown, principal: Principal): Promise<Result<{ items: ReadJob[] }>> {
      const parsed = listJobsFilter.safeParse(input ?? {}, { reportInput: true });
      if (!parsed.success) return failure(400, 'The filter is not valid', zodIssuesToProblems(parsed.error.issues));
      const filter: ListJobsFilter = parsed.data;
      const rows = await jobs.listJobs({
        states: filter.state,
        name: filter.name,
        ids: filter.id,
        execution: filter.execution,
        processing: filter.processing,
      });
      return ok({ items: await Promise.all(rows.map((row) => withProgress(toReadJob(row, principal.organizationId)))) });
    },

    async updateJob(id: string, input: unknown, options: { rollbackEnabled: boolean }, principal: Principal): Promise<Result<ReadJob>> {
      const existing = await jobs.getJobWithVersion(id);
      if (!existing || existing.job.deletedAt) return failure(404, `Job ${id} not found`);
      const { job } = existing;
      if (job.execution === 'ASYNCHRONOUS' && job.processing === 'BATCH') {
        return failure(400, 'Asynchronous batch jobs cannot be updated: submit a new job instead');
      }
      const parsed = parseWithGraph(updateJobSchema, input, () => job.execution, () => job.processing);
      if (!parsed.ok) return parsed;
      const update = parsed.value;
      if (update.desiredState === 'DELETED') {
        return failure(400, 'To delete a job, use DELETE /api/v1/jobs/{id}', [
          { path: 'desiredState', message: 'must be RUNNING or STOPPED in an update' },
        ]);
      }
      if (update.rollbackOf !== undefined && update.rollbackOf >= update.fromVersion + 1) {
        return failure(400, 'rollbackOf must name an earlier version', [{ path: 'rollbackOf', message: `must be at most ${update.fromVersion}` }]);
      }
      const added = await jobs.addVersion(
        id,
        update.fromVersion,
        {
          jobGraph: update.jobGraph,
          state: update.desiredState === 'RUNNING' ? 'PENDING' : 'CREATED',
          desiredState: update.desiredState,
          rollbackEnabled: options.rollbackEnabled,
          rollbackOf: update.rollbackOf,
          message: update.message,
          reason: update.rollbackOf !== undefined ? `rollback to version ${update.rollbackOf}` : 'updated',
        },
        { ...(update.tags ? { tags: update.tags } : {}), ...(update.teamIds ? { teamIds: update.teamIds } : {}) },
      );
      if (!added.ok) {
        if (added.problem === 'not-found') return failure(404, `Job ${id} not found`);
        return failure(
          409,
          `Job ${id} is at version ${added.currentVersion}, not ${update.fromVersion}: someone else updated it. Reload it and apply your change to version ${added.currentVersion}.`,
          [{ path: 'fromVersion', message: `stale: the current version is ${added.currentVersion}` }],
        );
      }
      onChange();
      return ok(toReadJob(added, principal.organizationId));
    },

    async deleteJob(id: string, principal: Principal): Promise<Result<ReadJob>> {
      const existing = await jobs.getJobWithVersion(id);
      if (!existing || existing.job.deletedAt) return failure(404, `Job ${id} not found`);
      const { job, version } = existing;
      if (job.execution === 'ASYNCHRONOUS' && job.processing === 'BATCH') {
        return failure(400, 'Asynchronous batch jobs cannot be deleted: they finish on their own');
      }
      if (isTerminal(version.state)) {
        // Nothing runs, so there is nothing for the reconciler to stop.
        await jobs.transition(id, version.version, 'DELETED', { reason: 'deleted by request', desiredState: 'DELETED' });
        await jobs.markDeleted(id);
      } else {
        await jobs.setDesiredState(id, version.version, 'DELETED');
        onChange();
      }
      return readJob(id, principal);
    },

    async validateJob(input: unknown): Promise<Result<ValidationReport>> {
      const parsed = validateRequest.safeParse(input ?? {}, { reportInput: true });
      if (!parsed.success) return ok({ valid: false, errors: zodIssuesToProblems(parsed.error.issues) });
      const errors = checkGraph(parsed.data.jobGraph, parsed.data.execution, parsed.data.processing);
      return ok({ valid: errors.length === 0, errors });
    },

    async listVersions(id: string): Promise<Result<{ items: JobVersionSummary[] }>> {
      if (!(await jobs.getJob(id))) return failure(404, `Job ${id} not found`);
      return ok({ items: (await jobs.listVersions(id)).map(toVersionSummary) });
    },

    /** Per-vertex counters and rates of the running version; empty when nothing runs. */
    async getMetrics(id: string): Promise<Result<{ jobId: string; vertices: VertexMetrics[]; eventsPerSecond: number }>> {
      const found = await jobs.getJobWithVersion(id);
      if (!found || found.job.deletedAt) return failure(404, `Job ${id} not found`);
      const vertices = liveMetrics(id);
      return ok({ jobId: id, vertices, eventsPerSecond: sourceRate(found.version.jobGraph, vertices) });
    },

    /** Events per second leaving the sources of every running job, for lists. */
    async throughput(): Promise<Result<Record<string, number>>> {
      const running = await jobs.listJobs({ states: ['RUNNING'] });
      return ok(Object.fromEntries(running.map(({ job, version }) => [job.id, sourceRate(version.jobGraph, liveMetrics(job.id))])));
    },

    async listTransitions(id: string): Promise<Result<{ items: JobStateTransition[] }>> {
      if (!(await jobs.getJob(id))) return failure(404, `Job ${id} not found`);
      return ok({ items: (await jobs.listEvents(id)).map(toTransition) });
    },
  };
}

export type JobsService = ReturnType<typeof createJobsService>;

/** A job's throughput: what its sources emit per second. */
function sourceRate(graph: { vertices: Array<{ type: string; name: string }> }, vertices: VertexMetrics[]): number {
  const sources = new Set(graph.vertices.filter((vertex) => getOperation(vertex.type)?.kind === 'source').map((vertex) => vertex.name));
  return vertices.filter((vertex) => sources.has(vertex.vertex)).reduce((sum, vertex) => sum + vertex.eventsOutPerSecond, 0);
}
