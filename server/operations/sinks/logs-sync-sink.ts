import { z } from 'zod';
import { defineOperation } from '../define-operation';
import { startFailure } from '../../engine/operator';

export const logsSyncSink = defineOperation({
  type: 'logs-sync-sink',
  aliases: ['sync-sink'],
  kind: 'sink',
  title: 'Return to caller',
  description: 'Streams the events back to the caller of a SYNCHRONOUS job (POST /api/v1/jobs/sync).',
  params: z.strictObject({}),
  inputs: ['in'],
  outputs: () => [],
  syncSink: true,
  create(_params, ctx) {
    const output = ctx.syncOutput;
    if (!output) return startFailure('a sync sink only runs in a SYNCHRONOUS job submitted to POST /api/v1/jobs/sync');
    return { kind: 'sink', write: (events) => output(events) };
  },
});
