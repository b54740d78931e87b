import { z } from 'zod';
import { defineOperation } from '../define-operation';
import { createIngestLogSource, integrationIdParam, offsetResetStrategy } from './ingest-log-reader';

export const datadogLogAgentSource = defineOperation({
  type: 'datadog-log-agent-source',
  kind: 'source',
  title: 'Datadog agent',
  description: 'Receives logs that Datadog agents send to Weir (POST /api/v2/logs with the integration token as DD-API-KEY).',
  params: z.strictObject({
    integrationId: integrationIdParam,
    offsetResetStrategy,
    hostEnrichmentEnabled: z.boolean().default(false).describe('Accepted for compatibility; Weir keeps the host the agent sends'),
  }),
  inputs: [],
  outputs: () => ['out'],
  create: (params, ctx) => createIngestLogSource('datadog', params, ctx),
});
