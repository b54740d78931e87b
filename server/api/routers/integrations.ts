import { z } from 'zod';
import { publicProcedure, router, unwrap } from '../trpc';

const integrationId = z.object({ id: z.string().min(1) });

export const integrationsRouter = router({
  list: publicProcedure.query(async ({ ctx }) => unwrap(await ctx.weir.services.integrations.list())),
  get: publicProcedure.input(integrationId).query(async ({ ctx, input }) => unwrap(await ctx.weir.services.integrations.get(input.id))),
  // Inputs are validated by the service, which reports per-field problems the same way for REST and tRPC.
  create: publicProcedure.input(z.unknown()).mutation(async ({ ctx, input }) => unwrap(await ctx.weir.services.integrations.create(input))),
  update: publicProcedure
    .input(integrationId.extend({ changes: z.unknown() }))
    .mutation(async ({ ctx, input }) => unwrap(await ctx.weir.services.integrations.update(input.id, input.changes))),
  rotateToken: publicProcedure
    .input(integrationId)
    .mutation(async ({ ctx, input }) => unwrap(await ctx.weir.services.integrations.rotateToken(input.id))),
  delete: publicProcedure.input(integrationId).mutation(async ({ ctx, input }) => unwrap(await ctx.weir.services.integrations.remove(input.id))),
});
