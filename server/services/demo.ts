import { JOB_STATES, type CreateJobInput } from '../model/job';
import { LOCAL_OPERATOR } from './result';
import type { JobsService } from './jobs-service';
import type { IntegrationsService } from './integrations-service';

export const DEMO_JOB_NAME = 'demo_pipeline';
export const DEMO_INTEGRATION_NAME = 'demo_datadog';

function demoJob(integrationId: string): CreateJobInput {
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
        { type: 'discarding-sink', name: 'discard' },
      ],
      edges: ['generated_logs -> discard', 'datadog_agents -> discard'],
    },
  };
}

/**
 * On a store with no jobs at all, creates a demo Datadog integration and a running demo pipeline fed by
 * the log generator (and by any agent using the demo token), so a newcomer sees data flowing.
 */
export async function seedDemo(services: { jobs: JobsService; integrations: IntegrationsService }, log: (message: string) => void = () => {}) {
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
  const job = await services.jobs.createJob(demoJob(integrationId), LOCAL_OPERATOR);
  if (job.ok) log(`created the demo pipeline ${job.value.name} (${job.value.id})`);
  else log(`could not create the demo pipeline: ${job.error.message}`);
}
