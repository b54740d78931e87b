import { z } from 'zod';
import { datasetId, isoInstant } from '../shared-params';
import { predicateParam } from '../transforms/predicate-param';
import { defineOperation } from '../define-operation';
import { startFailure } from '../../engine/operator';
import { parseQuery } from '../../query';

export const logsIcebergTableSource = defineOperation({
  type: 'logs-iceberg-table-source',
  kind: 'source',
  title: 'Raw store query',
  description: 'Reads stored log events from a dataset of the raw store, in a time range and matching a query, in time order.',
  params: z
    .strictObject({
      datasetId: datasetId.optional().describe('The dataset to read.'),
      table: z.string().min(1).optional().describe('The dataset to read, by name (accepted instead of datasetId).'),
      start: isoInstant.describe('Start of the time range (inclusive).'),
      end: isoInstant.describe('End of the time range (exclusive).'),
      query: predicateParam.describe('Which events to read (Datadog search syntax).'),
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
  legacyFields: ['processing', 'integrationId', 'reductionInterval'],
  inputs: [],
  outputs: () => ['out'],
  async create(params, ctx) {
    const wanted = params.datasetId ?? params.table ?? '';
    const dataset = await ctx.rawStore.findDataset(wanted);
    if (!dataset) return startFailure(`dataset "${wanted}" does not exist; create it with POST /api/v1/datasets`);
    const parsed = parseQuery(params.query.query);
    if (!parsed.ok) return startFailure(`the query is not valid: ${parsed.error.message}`);
    // A checkpoint (an interrupted backfill) resumes after the last event it handed on.
    const restored = ctx.checkpoint as { after?: { eventTimestamp: number; id: string }; done?: number } | undefined;
    let after = restored?.after;
    let done = restored?.done ?? 0;
    const query = {
      start: Date.parse(params.start),
      end: Date.parse(params.end),
      where: parsed.ast,
      order: params.sortOrder === 'DESCENDING' ? ('DESCENDING' as const) : ('ASCENDING' as const),
      limit: params.limit,
      offset: params.offset,
    };
    let total: number | undefined;
    return {
      kind: 'source',
      snapshot: () => ({ after, done }),
      progress: () => ({ done, total }),
      async run(out, signal) {
        // Async jobs report progress against an estimate; a synchronous query starts streaming at once.
        if (ctx.execution === 'ASYNCHRONOUS') total = await ctx.rawStore.countMatching(dataset.id, query);
        const resumed = { ...query, limit: query.limit - done, offset: after ? 0 : query.offset, after };
        if (resumed.limit <= 0) return;
        for await (const page of ctx.rawStore.readEvents(dataset.id, resumed, signal)) {
          const last = page[page.length - 1];
          await out.emit('out', page, () => {
            after = { eventTimestamp: last.eventTimestamp, id: last.id };
            done += page.length;
          });
          if (signal.aborted) break;
        }
      },
    };
  },
});
