import { JOB_STATES, type CreateJobInput } from '../model/job';
import { LOCAL_OPERATOR } from './result';
import type { JobsService } from './jobs-service';

export const DEMO_JOB_NAME = 'demo_pipeline';

const demoJob: CreateJobInput = {
  name: DEMO_JOB_NAME,
  execution: 'ASYNCHRONOUS',
  processing: 'STREAMING',
  message: 'Demo pipeline created on first start',
  tags: { demo: 'true' },
  jobGraph: {
    vertices: [
      {
        type: 'logs-values-source',
        name: 'demo_logs',
        loop: true,
        values: [
          { message: 'GET /api/orders 200 12ms', severity: 9, tags: { service: ['checkout'], host: ['web-1'] } },
          { message: 'payment authorized for order 4411', severity: 9, tags: { service: ['payments'], host: ['web-2'] } },
          { message: 'slow query on orders table took 1843ms', severity: 13, tags: { service: ['orders-db'], host: ['db-1'] } },
          { message: 'upstream timeout calling inventory', severity: 17, tags: { service: ['checkout'], host: ['web-1'] } },
        ],
      },
      { type: 'discarding-sink', name: 'discard' },
    ],
    edges: ['demo_logs -> discard'],
  },
};

/** On a store with no jobs at all, creates a running demo pipeline so a newcomer sees something alive. */
export async function seedDemo(jobs: JobsService, log: (message: string) => void = () => {}) {
  const existing = await jobs.listJobs({ state: [...JOB_STATES] }, LOCAL_OPERATOR);
  if (!existing.ok || existing.value.items.length > 0) return;
  const created = await jobs.createJob(demoJob, LOCAL_OPERATOR);
  if (created.ok) log(`created the demo pipeline ${created.value.name} (${created.value.id})`);
  else log(`could not create the demo pipeline: ${created.error.message}`);
}
