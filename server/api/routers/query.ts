import { z } from 'zod';
import { pause } from '../../operations/pause';
import { parseQueryResponse } from '../../query';
import { publicProcedure, router, unwrap } from '../trpc';

/** Tail polls this often; new events show within about a second of being stored. */
const TAIL_INTERVAL_MS = 1000;

export const queryRouter = router({
  parse: publicProcedure.input(z.object({ query: z.string().max(10_000) })).query(({ input }) => parseQueryResponse(input.query)),
  // The service validates inputs and reports per-field problems, the same for REST and tRPC.
  histogram: publicProcedure.input(z.unknown()).query(async ({ ctx, input }) => unwrap(await ctx.weir.services.query.histogram(input))),
  facets: publicProcedure.input(z.unknown()).query(async ({ ctx, input }) => unwrap(await ctx.weir.services.query.facets(input))),
  patterns: publicProcedure.input(z.unknown()).query(async ({ ctx, input }) => unwrap(await ctx.weir.services.query.patterns(input))),
  fieldSuggestions: publicProcedure.input(z.unknown()).query(async ({ ctx, input }) => unwrap(await ctx.weir.services.query.fieldSuggestions(input))),

  /** New matching events as they are stored, in batches, over server-sent events. */
  tail: publicProcedure
    .input(
      z.object({
        datasetId: z.string().min(1),
        query: z.string().max(10_000).default(''),
        /** Start after events received at this time (epoch ms), e.g. when a query run began; default now. */
        afterReceived: z.number().nonnegative().optional(),
      }),
    )
    .subscription(async function* ({ ctx, input, signal }) {
      const stop = signal ?? new AbortController().signal;
      const startAt = input.afterReceived ?? Date.now();
      const since = Math.min(startAt, Date.now()) - 5 * 60_000;
      let after = { receivedTimestamp: startAt, id: '' };
      while (!stop.aborted) {
        const events = unwrap(await ctx.weir.services.query.tail(input.datasetId, input.query, after, since));
        if (events.length > 0) {
          const last = events[events.length - 1];
          after = { receivedTimestamp: last.receivedTimestamp, id: last.id };
          yield events;
        }
        if (events.length < 500) await pause(TAIL_INTERVAL_MS, stop);
      }
    }),
});
