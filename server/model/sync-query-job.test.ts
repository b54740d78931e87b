import { describe, expect, it } from 'vitest';
import { catalogueLookup } from '../operations/registry';
import { syncQueryJob } from './sync-query-job';
import { validateJobGraph } from './validate-graph';

describe('the sync query job', () => {
  const job = syncQueryJob({ datasetId: 'ds1', query: 'service:checkout status:error', start: Date.parse('2026-11-23T10:00:00Z'), end: Date.parse('2026-11-23T11:00:00Z'), limit: 500 });

  it('is a synchronous batch job the server accepts as it stands', () => {
    expect(job).toMatchObject({ execution: 'SYNCHRONOUS', processing: 'BATCH' });
    expect(validateJobGraph(job.jobGraph, { execution: 'SYNCHRONOUS', processing: 'BATCH', ...catalogueLookup }).errors).toEqual([]);
  });

  it('asks for the newest events first, in the range given as ISO instants, up to the limit', () => {
    expect(job.jobGraph.vertices[0]).toMatchObject({
      datasetId: 'ds1',
      start: '2026-11-23T10:00:00.000Z',
      end: '2026-11-23T11:00:00.000Z',
      limit: 500,
      sortOrder: 'DESCENDING',
      query: { type: 'datadog-query', query: 'service:checkout status:error' },
    });
  });
});
