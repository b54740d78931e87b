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

/** A graph whose source emits its values once: in a BATCH job it runs to the end and finishes. */
export const oneShotGraph = (): JobGraph => ({
  vertices: [
    { type: 'logs-values-source', name: 'source', loop: false, values: [{ message: 'once', severity: 9 }] },
    { type: 'discarding-sink', name: 'sink' },
  ],
  edges: ['source -> sink'],
});

/** An asynchronous batch job (a backfill, in Grepr's terms): PENDING → RUNNING → FINISHED. */
export const batchJob = (name: string, jobGraph: JobGraph = oneShotGraph()): CreateJobInput => ({
  name,
  execution: 'ASYNCHRONOUS',
  processing: 'BATCH',
  jobGraph,
});

/** A looping graph that differs from loopingGraph() by its message, to tell versions apart. */
export const loopingGraphSaying = (message: string): JobGraph => ({
  vertices: [
    { type: 'logs-values-source', name: 'source', loop: true, values: [{ message, severity: 9 }] },
    { type: 'discarding-sink', name: 'sink' },
  ],
  edges: ['source -> sink'],
});
