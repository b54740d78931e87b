import { z } from 'zod';
import { datadogQueryPredicate, datasetId, isoInstant } from '../shared-params';
import { defineOperation } from '../define-operation';
import { startFailure } from '../../engine/operator';

export const logsIcebergTableSource = defineOperation({
  type: 'logs-iceberg-table-source',
  kind: 'source',
  title: 'Raw store query',
  description: 'Reads stored log events from a dataset of the raw store, in a time range and matching a query.',
  params: z
    .strictObject({
      datasetId: datasetId.optional().describe('The dataset to read.'),
      table: z.string().min(1).optional().describe('The dataset to read, by name (accepted instead of datasetId).'),
      start: isoInstant.describe('Start of the time range (inclusive).'),
      end: isoInstant.describe('End of the time range (exclusive).'),
      query: datadogQueryPredicate.describe('Which events to read.'),
      limit: z.int().positive().default(2500).describe('The maximum number of events to read.'),
      offset: z.int().nonnegative().default(0).describe('How many matching events to skip.'),
      sortOrder: z.enum(['ASCENDING', 'DESCENDING', 'UNSORTED']).default('ASCENDING'),
      variables: z.record(z.string(), z.unknown()).default({}),
    })
    .refine((params) => params.datasetId !== undefined || params.table !== undefined, {
      message: 'name the dataset to read with datasetId (or table)',
      path: ['datasetId'],
    })
    .refine((params) => Date.parse(params.start) <= Date.parse(params.end), {
      message: 'start must not be after end',
      path: ['end'],
    }),
  legacyFields: ['processing', 'integrationId'],
  inputs: [],
  outputs: () => ['out'],
  async create(params, ctx) {
    const dataset = params.datasetId ?? params.table ?? '';
    if (!(await ctx.rawStore.findDataset(dataset))) return startFailure(`dataset "${dataset}" does not exist; create it with POST /api/v1/datasets`);
    return startFailure('reading from the raw store is not available in this version of Weir yet');
  },
});
