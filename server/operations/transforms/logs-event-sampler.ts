import { z } from 'zod';
import type { LogEvent } from '../../model/log-event';
import { isStartFailure } from '../../engine/operator';
import { defineOperation } from '../define-operation';
import { predicateMatcher, predicateParam } from './predicate-param';

/** What a checkpoint keeps: the tokens left in the bucket when it was last topped up, and when that was. */
interface BucketState {
  tokens: number;
  updatedAt: number;
}

export const logsEventSampler = defineOperation({
  type: 'logs-event-sampler',
  kind: 'transform',
  title: 'Rate limit',
  description:
    'Passes at most maxAllowedRate events per second, with bursts of up to maxBurstLimit, and drops the rest ' +
    '(a token bucket on the wall clock). With a filter, only the matching events are sampled; the others are dropped.',
  params: z.strictObject({
    maxAllowedRate: z
      .number()
      .positive()
      .default(10)
      .describe('Events per second let through once a burst is spent (the bucket refills at this rate).'),
    maxBurstLimit: z
      .int()
      .min(1)
      .max(2_147_483_647)
      .default(2000)
      .describe('How many events may pass at once after a quiet period (the bucket size).'),
    filter: predicateParam.optional().describe('Sample only the events matching this query; the others are dropped.'),
  }),
  inputs: ['in'],
  outputs: () => ['out'],
  create(params, ctx) {
    const filter = params.filter ? predicateMatcher(params.filter, 'filter') : undefined;
    if (filter && isStartFailure(filter)) return filter;

    const restored = ctx.checkpoint as Partial<BucketState> | undefined;
    const bucket: BucketState =
      typeof restored?.tokens === 'number' && typeof restored.updatedAt === 'number'
        ? { tokens: Math.min(restored.tokens, params.maxBurstLimit), updatedAt: restored.updatedAt }
        : { tokens: params.maxBurstLimit, updatedAt: ctx.now() };

    const refill = () => {
      const now = ctx.now();
      // A clock that steps back refills nothing rather than draining the bucket.
      if (now > bucket.updatedAt) {
        bucket.tokens = Math.min(params.maxBurstLimit, bucket.tokens + ((now - bucket.updatedAt) / 1000) * params.maxAllowedRate);
        bucket.updatedAt = now;
      }
    };

    return {
      kind: 'transform',
      snapshot: (): BucketState => ({ ...bucket }),
      async process(events, out) {
        refill();
        const passed: LogEvent[] = [];
        for (const event of events) {
          if (filter && !filter.match(event)) continue;
          if (bucket.tokens < 1) continue;
          bucket.tokens -= 1;
          passed.push(event);
        }
        if (passed.length > 0) await out.emit('out', passed);
      },
    };
  },
});
