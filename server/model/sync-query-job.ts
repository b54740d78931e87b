/** What a raw-store search asks for: a Datadog query over a dataset and a time range, newest first. */
export interface RawStoreSearch {
  datasetId: string;
  query: string;
  /** Epoch milliseconds; start inclusive, end exclusive. */
  start: number;
  end: number;
  limit: number;
}

/** The SYNCHRONOUS BATCH job that streams a raw-store search back as NDJSON (`POST /api/v1/jobs/sync`). */
export function syncQueryJob(search: RawStoreSearch, name = 'console_query') {
  return {
    name,
    execution: 'SYNCHRONOUS',
    processing: 'BATCH',
    jobGraph: {
      vertices: [
        {
          type: 'logs-iceberg-table-source',
          name: 'source',
          datasetId: search.datasetId,
          start: new Date(search.start).toISOString(),
          end: new Date(search.end).toISOString(),
          query: { type: 'datadog-query', query: search.query },
          limit: search.limit,
          sortOrder: 'DESCENDING',
        },
        { type: 'logs-sync-sink', name: 'sink' },
      ],
      edges: ['source -> sink'],
    },
  };
}
