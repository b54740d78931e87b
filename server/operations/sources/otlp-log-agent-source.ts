import { z } from 'zod';
import { defineOperation } from '../define-operation';
import { createIngestLogSource, integrationIdParam, offsetResetStrategy } from './ingest-log-reader';

export const otlpLogAgentSource = defineOperation({
  type: 'otlp-log-agent-source',
  kind: 'source',
  title: 'OpenTelemetry (OTLP)',
  description: 'Receives logs that OpenTelemetry SDKs and collectors export to Weir over OTLP/HTTP (POST /v1/logs).',
  params: z.strictObject({ integrationId: integrationIdParam, offsetResetStrategy }),
  inputs: [],
  outputs: () => ['out'],
  create: (params, ctx) => createIngestLogSource('otlp', params, ctx),
});
