import { z } from 'zod';
import {
  createJob,
  jobGraph,
  jobState,
  jobStateTransition,
  jobVersionSummary,
  readJob,
  updateJob,
  validationProblem,
} from '../model/job';
import { logEvent } from '../model/log-event';
import { createIntegration } from '../model/integration';
import { createDataset } from '../model/dataset';
import { operations } from '../operations/registry';

const errorBody = z.object({ message: z.string(), errors: z.array(validationProblem) });

function schemaOf(schema: z.ZodType, io: 'input' | 'output' = 'output') {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonContent = (schema: object) => ({ 'application/json': { schema } });
const errorResponse = (description: string) => ({ description, content: jsonContent(ref('Error')) });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'Job id' };

let document: Record<string, unknown> | undefined;

/** The OpenAPI 3.1 document of the REST API, generated from the same zod schemas the handlers use. */
export function buildOpenApiDocument(): Record<string, unknown> {
  document ??= {
    openapi: '3.1.0',
    info: {
      title: 'Weir API',
      version: '1',
      description: 'Jobs (pipelines, backfills and queries) as graphs of sources, transforms and sinks.',
    },
    servers: [{ url: '/api/v1' }],
    paths: {
      '/jobs': {
        get: {
          operationId: 'getJobs',
          summary: 'List jobs (deleted jobs only when state=DELETED is asked for)',
          parameters: [
            { name: 'state', in: 'query', schema: { type: 'array', items: ref('JobState') }, style: 'form', explode: true },
            { name: 'name', in: 'query', schema: { type: 'string' } },
            { name: 'id', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
            { name: 'execution', in: 'query', schema: { enum: ['SYNCHRONOUS', 'ASYNCHRONOUS'] } },
            { name: 'processing', in: 'query', schema: { enum: ['STREAMING', 'BATCH'] } },
          ],
          responses: {
            200: {
              description: 'Jobs at their current version',
              content: jsonContent({ type: 'object', properties: { items: { type: 'array', items: ref('ReadJob') } } }),
            },
            400: errorResponse('A filter is not valid'),
          },
        },
      },
      '/jobs/async': {
        post: {
          operationId: 'submitAsyncJob',
          summary: 'Create an asynchronous job (a pipeline or a backfill)',
          requestBody: { required: true, content: jsonContent(ref('CreateJob')) },
          responses: { 201: { description: 'Created', content: jsonContent(ref('ReadJob')) }, 400: errorResponse('The job is not valid') },
        },
      },
      '/jobs/validate': {
        post: {
          operationId: 'validateJob',
          summary: 'Validate a job graph without creating anything',
          requestBody: { required: true, content: jsonContent(ref('CreateJob')) },
          responses: {
            200: {
              description: 'The validation report',
              content: jsonContent({
                type: 'object',
                properties: { valid: { type: 'boolean' }, errors: { type: 'array', items: ref('ValidationProblem') } },
              }),
            },
          },
        },
      },
      '/jobs/{id}': {
        get: {
          operationId: 'getJob',
          parameters: [idParam, { name: 'version', in: 'query', schema: { type: 'integer', minimum: 0 } }],
          responses: { 200: { description: 'The job', content: jsonContent(ref('ReadJob')) }, 404: errorResponse('No such job or version') },
        },
        put: {
          operationId: 'updateJob',
          summary: 'Deploy a new version; a stale fromVersion is rejected with 409',
          parameters: [idParam, { name: 'rollbackEnabled', in: 'query', schema: { type: 'boolean' } }],
          requestBody: { required: true, content: jsonContent(ref('UpdateJob')) },
          responses: {
            202: { description: 'The new version', content: jsonContent(ref('ReadJob')) },
            400: errorResponse('The update is not valid, or the job cannot be updated'),
            404: errorResponse('No such job'),
            409: errorResponse('fromVersion is not the current version'),
          },
        },
        delete: {
          operationId: 'deleteJob',
          parameters: [idParam],
          responses: { 202: { description: 'Deletion under way', content: jsonContent(ref('ReadJob')) }, 404: errorResponse('No such job') },
        },
      },
      '/jobs/{id}/versions': {
        get: {
          operationId: 'getJobVersions',
          parameters: [idParam],
          responses: {
            200: { description: 'Every version, newest first', content: jsonContent({ type: 'object', properties: { items: { type: 'array', items: ref('JobVersion') } } }) },
            404: errorResponse('No such job'),
          },
        },
      },
      '/jobs/{id}/events': {
        get: {
          operationId: 'getJobEvents',
          parameters: [idParam],
          responses: {
            200: { description: 'State transitions, oldest first', content: jsonContent({ type: 'object', properties: { items: { type: 'array', items: ref('JobStateTransition') } } }) },
            404: errorResponse('No such job'),
          },
        },
      },
      '/jobs/{id}/metrics': {
        get: {
          operationId: 'getJobMetrics',
          summary: 'Per-vertex events in and out, errors and rates of the running version',
          parameters: [idParam],
          responses: { 200: { description: 'Live metrics' }, 404: errorResponse('No such job') },
        },
      },
      '/jobs/sync': {
        post: {
          operationId: 'submitSyncJob',
          summary: 'Run a SYNCHRONOUS job and stream its results as NDJSON EventRecords',
          parameters: [{ name: 'timeoutSeconds', in: 'query', schema: { type: 'number', exclusiveMinimum: 0, maximum: 300, default: 30 } }],
          requestBody: { required: true, content: jsonContent(ref('CreateJob')) },
          responses: {
            200: {
              description: 'One EventRecord per line: {jobState: RUNNING, data: {type: "log", …LogEvent}}, {jobState: HEARTBEAT, heartbeatToken}, then FINISHED, FAILED, CANCELLED or TIMED_OUT',
              content: { 'application/x-ndjson': { schema: { type: 'object', properties: { jobState: { type: 'string' }, data: ref('LogEvent'), heartbeatToken: { type: 'string' }, message: { type: 'string' } } } } },
            },
            400: errorResponse('The job is not valid or cannot start'),
          },
        },
      },
      '/jobs/sync/heartbeat': {
        post: {
          operationId: 'heartbeatSyncJob',
          requestBody: { required: true, content: jsonContent({ type: 'string', description: 'A heartbeatToken from the stream' }) },
          responses: { 202: { description: 'Kept alive' }, 404: errorResponse('The job has ended or the token is wrong') },
        },
      },
      '/query/parse': {
        post: {
          operationId: 'parseQuery',
          requestBody: { required: true, content: jsonContent({ type: 'object', properties: { query: { type: 'string' } }, required: ['query'] }) },
          responses: { 200: { description: '{valid, errorMessage, parsedQuery}; errors give the position, e.g. "unexpected \')\' at 17"' } },
        },
      },
      '/integrations': {
        get: { operationId: 'getIntegrations', responses: { 200: { description: 'Integrations; secrets masked, tokens never shown' } } },
        post: {
          operationId: 'createIntegration',
          summary: 'Create a datadog, otlp or splunk integration; its ingest token is in this response only',
          requestBody: { required: true, content: jsonContent(ref('CreateIntegration')) },
          responses: { 201: { description: 'Created, with its token' }, 400: errorResponse('Not valid'), 409: errorResponse('The name is taken') },
        },
      },
      '/integrations/{id}': {
        get: { operationId: 'getIntegration', parameters: [idParam], responses: { 200: { description: 'The integration' }, 404: errorResponse('No such integration') } },
        put: { operationId: 'updateIntegration', parameters: [idParam], responses: { 200: { description: 'Updated; secrets left out are kept' }, 400: errorResponse('Not valid'), 404: errorResponse('No such integration') } },
        delete: { operationId: 'deleteIntegration', parameters: [idParam], responses: { 204: { description: 'Deleted' }, 409: errorResponse('Jobs still use it') } },
      },
      '/integrations/{id}/token': {
        post: { operationId: 'rotateIntegrationToken', parameters: [idParam], responses: { 200: { description: 'A new token, shown once; the old one stops working' } } },
      },
      '/datasets': {
        get: { operationId: 'getAllDatasets', responses: { 200: { description: 'Datasets of the raw store' } } },
        post: {
          operationId: 'createDataset',
          requestBody: { required: true, content: jsonContent(ref('CreateDataset')) },
          responses: { 201: { description: 'Created' }, 400: errorResponse('Not valid'), 409: errorResponse('The name is taken') },
        },
      },
      '/datasets/{id}': {
        get: { operationId: 'getDatasetById', parameters: [idParam], responses: { 200: { description: 'The dataset with its event count' }, 404: errorResponse('No such dataset') } },
        put: { operationId: 'updateDataset', parameters: [idParam], responses: { 200: { description: 'Updated' }, 404: errorResponse('No such dataset') } },
        delete: { operationId: 'deleteDataset', parameters: [idParam], responses: { 200: { description: 'Deleted with its events' }, 409: errorResponse('Jobs still use it') } },
      },
      '/operations': {
        get: {
          operationId: 'getOperations',
          summary: 'The operations catalogue, with each operation’s ports and params schema',
          responses: { 200: { description: 'The catalogue' } },
        },
      },
    },
    components: {
      schemas: {
        CreateJob: schemaOf(createJob, 'input'),
        UpdateJob: schemaOf(updateJob, 'input'),
        ReadJob: schemaOf(readJob),
        JobGraph: schemaOf(jobGraph, 'input'),
        JobState: schemaOf(jobState),
        JobVersion: schemaOf(jobVersionSummary),
        JobStateTransition: schemaOf(jobStateTransition),
        LogEvent: schemaOf(logEvent),
        ValidationProblem: schemaOf(validationProblem),
        CreateIntegration: schemaOf(createIntegration, 'input'),
        CreateDataset: schemaOf(createDataset, 'input'),
        Error: schemaOf(errorBody),
        ...Object.fromEntries(
          operations.map((operation) => [
            `Operation_${operation.type}`,
            {
              ...schemaOf(operation.params, 'input'),
              description: operation.description,
            },
          ]),
        ),
      },
    },
  };
  return document;
}
