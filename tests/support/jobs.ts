import type { CreateJobInput, JobGraph } from '@/server/model/job';

export const loopingGraph = (): JobGraph => ({
  vertices: [
    { type: 'logs-values-source', name: 'source', loop: true, values: [{ message: 'hello', severity: 9 }] },
    { type: 'discarding-sink', name: 'sink' },
  ],
  edges: ['source -> sink'],
});

export const missingDatasetGraph = (): JobGraph => ({
  vertices: [
    { type: 'logs-values-source', name: 'source', loop: true, values: [{ message: 'hello' }] },
    { type: 'logs-iceberg-table-sink', name: 'lake', datasetId: 'nosuchdataset' },
  ],
  edges: ['source -> lake'],
});

export const streamingJob = (name: string, jobGraph: JobGraph = loopingGraph()): CreateJobInput => ({
  name,
  execution: 'ASYNCHRONOUS',
  processing: 'STREAMING',
  jobGraph,
});

/** The seed's example: a synchronous query of the raw store, as written in the Job Model page. */
export const seedQueryJob = {
  id: '0ABC12DEF4G',
  name: 'seed_query',
  execution: 'SYNCHRONOUS',
  processing: 'BATCH',
  jobGraph: {
    vertices: [
      {
        end: '2024-08-07T22:05:07Z',
        integrationId: '0jn5rdc93r10t',
        name: 'source',
        processing: 'BATCH',
        query: { query: 'service:grepr-query', type: 'datadog-query' },
        start: '2024-08-07T22:00:07Z',
        table: 'logevent_raw_devpipeline',
        type: 'logs-iceberg-table-source',
      },
      { name: 'sink', type: 'sync-sink' },
    ],
    edges: ['source -> sink'],
  },
};
