import { z } from 'zod';
import { defineOperation } from '../define-operation';
import { startFailure } from '../../engine/operator';

export const logsSyncSink = defineOperation({
  type: 'logs-sync-sink',
  aliases: ['sync-sink'],
  kind: 'sink',
  title: 'Return to caller',
  description: 'Streams the events back to the caller of a SYNCHRONOUS job.',
  params: z.strictObject({}),
  inputs: ['in'],
  outputs: () => [],
  syncSink: true,
  create: () => startFailure('synchronous jobs are not runnable in this version of Weir yet'),
});
