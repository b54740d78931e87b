import { z } from 'zod';
import { defineOperation } from '../define-operation';
import { createIngestLogSource, integrationIdParam, offsetResetStrategy } from './ingest-log-reader';

export const splunkLogHttpSource = defineOperation({
  type: 'splunk-log-http-source',
  kind: 'source',
  title: 'Splunk HEC',
  description: 'Receives logs sent to Weir with the Splunk HTTP Event Collector protocol (/services/collector/event and /raw).',
  params: z.strictObject({
    integrationId: integrationIdParam,
    offsetResetStrategy,
    filterQuery: z.string().default('').describe('Accepted for compatibility; use a Filter vertex to select events'),
  }),
  inputs: [],
  outputs: () => ['out'],
  create: (params, ctx) => createIngestLogSource('splunk', params, ctx),
});
