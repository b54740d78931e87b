import { z } from 'zod';
import { datasetId } from '../shared-params';
import { defineOperation } from '../define-operation';
import { startFailure } from '../../engine/operator';

export const logsIcebergTableSink = defineOperation({
  type: 'logs-iceberg-table-sink',
  kind: 'sink',
  title: 'Raw store',
  description: 'Writes every event into a dataset of the raw store, where it can be queried and replayed.',
  params: z
    .strictObject({
      datasetId: datasetId.optional().describe('The dataset to write to.'),
      table: z.string().min(1).optional().describe('The dataset to write to, by name (accepted instead of datasetId).'),
    })
    .refine((params) => params.datasetId !== undefined || params.table !== undefined, {
      message: 'name the dataset to write to with datasetId (or table)',
      path: ['datasetId'],
    }),
  inputs: ['in'],
  outputs: () => [],
  async create(params, ctx) {
    const dataset = params.datasetId ?? params.table ?? '';
    if (!(await ctx.findDataset(dataset))) return startFailure(`dataset "${dataset}" does not exist`);
    return startFailure('writing to the raw store is not available in this version of Weir yet');
  },
});
