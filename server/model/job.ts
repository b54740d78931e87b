import { z } from 'zod';

export const JOB_STATES = [
  'CREATED',
  'PENDING',
  'STARTING',
  'RUNNING',
  'STOPPING',
  'STOPPED',
  'UPDATING',
  'ROLLING_BACK',
  'FINISHED',
  'FAILED',
  'CANCELLED',
  'DELETED',
] as const;
export const jobState = z.enum(JOB_STATES);
export type JobState = z.infer<typeof jobState>;

/** States a version never leaves. */
export const TERMINAL_STATES: readonly JobState[] = ['FINISHED', 'FAILED', 'CANCELLED', 'DELETED'];
export const isTerminal = (state: JobState) => TERMINAL_STATES.includes(state);

export const DESIRED_STATES = ['RUNNING', 'STOPPED', 'DELETED'] as const;
export const desiredState = z.enum(DESIRED_STATES);
export type DesiredState = z.infer<typeof desiredState>;

export const execution = z.enum(['SYNCHRONOUS', 'ASYNCHRONOUS']);
export type Execution = z.infer<typeof execution>;
export const processing = z.enum(['STREAMING', 'BATCH']);
export type Processing = z.infer<typeof processing>;

export const NAME_PATTERN = /^[a-z0-9_]{1,128}$/;
export const jobName = z
  .string()
  .regex(NAME_PATTERN, 'must be 1–128 characters of lowercase letters, digits and underscores');

/**
 * A vertex as submitted: `type` and `name` plus the operation's own params, flat.
 * Param checking is per operation and happens in graph validation, which reports the exact path.
 */
export const vertex = z.looseObject({
  type: z.string(),
  name: z.string(),
});
export type Vertex = z.infer<typeof vertex> & Record<string, unknown>;

export const jobGraph = z.object({
  vertices: z.array(vertex).default([]),
  edges: z.array(z.string()).default([]),
});
export type JobGraph = { vertices: Vertex[]; edges: string[] };

const tagMap = z.record(z.string(), z.string());

export const createJob = z.object({
  name: jobName,
  execution: execution.default('ASYNCHRONOUS'),
  processing: processing.default('STREAMING'),
  jobGraph,
  desiredState: desiredState.default('RUNNING'),
  tags: tagMap.default({}),
  teamIds: z.array(z.string()).default([]),
  /** Versions carry an optional human message, shown in the history. */
  message: z.string().max(1000).optional(),
});
export type CreateJob = z.output<typeof createJob>;
export type CreateJobInput = z.input<typeof createJob>;

export const updateJob = z.object({
  fromVersion: z.int().nonnegative(),
  jobGraph,
  desiredState: desiredState.default('RUNNING'),
  teamIds: z.array(z.string()).optional(),
  tags: tagMap.optional(),
  message: z.string().max(1000).optional(),
  /** Marks the new version as a rollback to this earlier one (the graph is the caller's to send). */
  rollbackOf: z.int().nonnegative().optional(),
});
export type UpdateJob = z.output<typeof updateJob>;
export type UpdateJobInput = z.input<typeof updateJob>;

export const readJob = z.object({
  id: z.string(),
  name: z.string(),
  version: z.int(),
  state: jobState,
  desiredState: z.enum([...JOB_STATES]),
  execution,
  processing,
  jobGraph,
  tags: tagMap,
  teamIds: z.array(z.string()),
  organizationId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
  message: z.string().optional(),
  failureReason: z.string().optional(),
  rollbackOf: z.int().optional(),
  /** Batch jobs: events processed so far, out of the estimate made when the job started. */
  progress: z.object({ eventsDone: z.int(), eventsEstimated: z.int().optional() }).optional(),
});
export type ReadJob = z.infer<typeof readJob>;

export const jobVersionSummary = z.object({
  version: z.int(),
  state: jobState,
  desiredState: z.enum([...JOB_STATES]),
  message: z.string().optional(),
  failureReason: z.string().optional(),
  rollbackOf: z.int().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
});
export type JobVersionSummary = z.infer<typeof jobVersionSummary>;

export const jobStateTransition = z.object({
  version: z.int(),
  from: jobState.nullable(),
  to: jobState,
  at: z.string(),
  reason: z.string().optional(),
});
export type JobStateTransition = z.infer<typeof jobStateTransition>;

export const listJobsFilter = z.object({
  state: z.array(jobState).optional(),
  name: z.string().optional(),
  id: z.array(z.string()).optional(),
  execution: execution.optional(),
  processing: processing.optional(),
});
export type ListJobsFilter = z.infer<typeof listJobsFilter>;

export const validationProblem = z.object({ path: z.string(), message: z.string() });
export type ValidationProblem = z.infer<typeof validationProblem>;
