import { JOB_STATES, type CreateJobInput } from '../model/job';
import { LOCAL_OPERATOR } from './result';
import type { JobsService } from './jobs-service';
import type { IntegrationsService } from './integrations-service';
import type { DatasetsService } from './datasets-service';

export const DEMO_JOB_NAME = 'demo_pipeline';
export const DEMO_INTEGRATION_NAME = 'demo_datadog';

export const DEMO_DATASET_NAME = 'demo_raw';

function demoJob(integrationId: string, datasetId: string): CreateJobInput {
  return {
    name: DEMO_JOB_NAME,
    execution: 'ASYNCHRONOUS',
    processing: 'STREAMING',
    message: 'Demo pipeline created on first start',
    tags: { demo: 'true' },
    jobGraph: {
      vertices: [
        { type: 'logs-generator-source', name: 'generated_logs', rate: 50 },
        { type: 'datadog-log-agent-source', name: 'datadog_agents', integrationId },
        { type: 'json-log-processor', name: 'parse_json' },
        { type: 'logs-iceberg-table-sink', name: 'raw_store', datasetId },
        { type: 'logs-filter', name: 'drop_debug', predicate: { type: 'datadog-query', query: 'status:debug' }, inverted: true },
        { type: 'log-reducer', name: 'reduce' },
        { type: 'discarding-sink', name: 'vendor' },
      ],
      edges: [
        'generated_logs -> parse_json',
        'datadog_agents -> parse_json',
        'parse_json -> raw_store',
        'parse_json -> drop_debug',
        'drop_debug -> reduce',
        'reduce -> vendor',
      ],
    },
  };
}

/**
 * On a store with no jobs at all, creates a demo Datadog integration, a demo dataset, and a running demo
 * pipeline fed by the log generator (and by any agent using the demo token), so a newcomer sees data
 * flowing and has logs to query.
 */
export async function seedDemo(services: { jobs: JobsService; integrations: IntegrationsService; datasets: DatasetsService }, log: (message: string) => void = () => {}) {
  const existing = await services.jobs.listJobs({ state: [...JOB_STATES] }, LOCAL_OPERATOR);
  if (!existing.ok || existing.value.items.length > 0) return;
  const integrations = await services.integrations.list();
  let integrationId = integrations.ok ? integrations.value.items.find((item) => item.name === DEMO_INTEGRATION_NAME)?.id : undefined;
  if (!integrationId) {
    const created = await services.integrations.create({ type: 'datadog', name: DEMO_INTEGRATION_NAME });
    if (!created.ok) return log(`could not create the demo integration: ${created.error.message}`);
    integrationId = created.value.id;
    log(`created the demo Datadog integration ${integrationId}; its token (shown once): ${created.value.token}`);
  }
  const datasets = await services.datasets.list(LOCAL_OPERATOR);
  let datasetId = datasets.ok ? datasets.value.items.find((item) => item.name === DEMO_DATASET_NAME)?.id : undefined;
  if (!datasetId) {
    const created = await services.datasets.create({ name: DEMO_DATASET_NAME, retention: 'P7D' }, LOCAL_OPERATOR);
    if (!created.ok) return log(`could not create the demo dataset: ${created.error.message}`);
    datasetId = created.value.id;
  }
  const job = await services.jobs.createJob(demoJob(integrationId, datasetId), LOCAL_OPERATOR);
  if (job.ok) log(`created the demo pipeline ${job.value.name} (${job.value.id})`);
  else log(`could not create the demo pipeline: ${job.error.message}`);
}
