import { z } from 'zod';
import { createJob, desiredState, jobGraph, listJobsFilter } from '../../model/job';
import { pause } from '../../operations/pause';
import { publicProcedure, router, unwrap } from '../trpc';

const jobId = z.object({ id: z.string().min(1) });

export const jobsRouter = router({
  list: publicProcedure
    .input(listJobsFilter.optional())
    .query(async ({ ctx, input }) => unwrap(await ctx.weir.services.jobs.listJobs(input ?? {}, ctx.principal))),

  get: publicProcedure
    .input(jobId.extend({ version: z.int().nonnegative().optional() }))
    .query(async ({ ctx, input }) => unwrap(await ctx.weir.services.jobs.getJob(input.id, ctx.principal, input.version))),

  create: publicProcedure
    .input(createJob)
    .mutation(async ({ ctx, input }) => unwrap(await ctx.weir.services.jobs.createJob(input, ctx.principal))),

  update: publicProcedure
    .input(
      jobId.extend({
        fromVersion: z.int().nonnegative(),
        jobGraph,
        desiredState: desiredState.default('RUNNING'),
        message: z.string().max(1000).optional(),
        rollbackOf: z.int().nonnegative().optional(),
        rollbackEnabled: z.boolean().default(false),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { id, rollbackEnabled, ...update } = input;
      return unwrap(await ctx.weir.services.jobs.updateJob(id, update, { rollbackEnabled }, ctx.principal));
    }),

  delete: publicProcedure
    .input(jobId)
    .mutation(async ({ ctx, input }) => unwrap(await ctx.weir.services.jobs.deleteJob(input.id, ctx.principal))),

  validate: publicProcedure
    .input(z.object({ jobGraph: z.unknown(), execution: z.string().optional(), processing: z.string().optional(), name: z.string().optional() }))
    .query(async ({ ctx, input }) => unwrap(await ctx.weir.services.jobs.validateJob(input))),

  versions: publicProcedure
    .input(jobId)
    .query(async ({ ctx, input }) => unwrap(await ctx.weir.services.jobs.listVersions(input.id))),

  metrics: publicProcedure
    .input(jobId)
    .query(async ({ ctx, input }) => unwrap(await ctx.weir.services.jobs.getMetrics(input.id))),

  /** Live metrics of a job, once a second, over server-sent events. */
  metricsStream: publicProcedure.input(jobId).subscription(async function* ({ ctx, input, signal }) {
    while (!signal?.aborted) {
      yield unwrap(await ctx.weir.services.jobs.getMetrics(input.id));
      await pause(1000, signal ?? new AbortController().signal);
    }
  }),

  /** Events per second of every running job, keyed by job id. */
  throughput: publicProcedure.query(async ({ ctx }) => unwrap(await ctx.weir.services.jobs.throughput())),

  transitions: publicProcedure
    .input(jobId)
    .query(async ({ ctx, input }) => unwrap(await ctx.weir.services.jobs.listTransitions(input.id))),
});
