import { z } from 'zod';
import { datasetId } from '../shared-params';
import { defineOperation } from '../define-operation';
import { startFailure } from '../../engine/operator';

export const logsIcebergTableSink = defineOperation({
  type: 'logs-iceberg-table-sink',
  kind: 'sink',
  title: 'Raw store',
  description: 'Writes every event into a dataset of the raw store, where it can be queried and replayed. Replayed events are never stored twice.',
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
    const wanted = params.datasetId ?? params.table ?? '';
    const dataset = await ctx.rawStore.findDataset(wanted);
    if (!dataset) return startFailure(`dataset "${wanted}" does not exist; create it with POST /api/v1/datasets`);
    return {
      kind: 'sink',
      async write(events) {
        await ctx.rawStore.writeEvents(dataset.id, events);
      },
    };
  },
});
