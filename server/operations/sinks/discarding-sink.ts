import { z } from 'zod';
import { defineOperation } from '../define-operation';

export const discardingSink = defineOperation({
  type: 'discarding-sink',
  kind: 'sink',
  title: 'Discard',
  description: 'Accepts events and drops them. Useful for testing pipelines and measuring throughput.',
  params: z.strictObject({}),
  inputs: ['in'],
  outputs: () => [],
  create: () => ({ kind: 'sink', write() {} }),
});
