import { z } from 'zod';
import { publicProcedure, router, unwrap } from '../trpc';

const datasetId = z.object({ id: z.string().min(1) });

export const datasetsRouter = router({
  list: publicProcedure.query(async ({ ctx }) => unwrap(await ctx.weir.services.datasets.list(ctx.principal))),
  get: publicProcedure.input(datasetId).query(async ({ ctx, input }) => unwrap(await ctx.weir.services.datasets.get(input.id, ctx.principal))),
  // The service validates and reports per-field problems, the same for REST and tRPC.
  create: publicProcedure.input(z.unknown()).mutation(async ({ ctx, input }) => unwrap(await ctx.weir.services.datasets.create(input, ctx.principal))),
  update: publicProcedure
    .input(datasetId.extend({ changes: z.unknown() }))
    .mutation(async ({ ctx, input }) => unwrap(await ctx.weir.services.datasets.update(input.id, input.changes, ctx.principal))),
  delete: publicProcedure.input(datasetId).mutation(async ({ ctx, input }) => unwrap(await ctx.weir.services.datasets.remove(input.id))),
});
