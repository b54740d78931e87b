import { z } from 'zod';
import type { OperatorContext, SourceOperator, StartFailure } from '../../engine/operator';
import { startFailure } from '../../engine/operator';

/** How many events a source hands downstream at most per batch. */
const MAX_BATCH_EVENTS = 5000;
/** How long an idle source waits before looking again (covers appends from other processes). */
const IDLE_POLL_MS = 500;

export const integrationIdParam = z.string().min(1).describe('The integration whose intake this source reads');
export const offsetResetStrategy = z
  .enum(['LATEST', 'EARLIEST'])
  .default('LATEST')
  .describe('Where to start without a checkpoint: only new events (LATEST) or everything still in the intake (EARLIEST)');

/**
 * The runtime of every agent source: reads the integration's batches from the durable ingest log,
 * from its checkpointed offset. A batch job reads what was there when it started, then ends.
 */
export async function createIngestLogSource(
  integrationType: string,
  params: { integrationId: string; offsetResetStrategy?: 'LATEST' | 'EARLIEST' },
  ctx: OperatorContext,
): Promise<SourceOperator | StartFailure> {
  const integration = await ctx.findIntegration(params.integrationId);
  if (!integration) return startFailure(`integration "${params.integrationId}" does not exist`);
  if (integration.type !== integrationType) {
    return startFailure(`integration "${params.integrationId}" is a ${integration.type} integration, not ${integrationType}`);
  }
  const restored = ctx.checkpoint as { offset?: number } | undefined;
  let offset =
    restored?.offset ??
    (params.offsetResetStrategy === 'EARLIEST' ? 0 : await ctx.ingest.latestSeq(params.integrationId));
  const endAt = ctx.processing === 'BATCH' ? await ctx.ingest.latestSeq(params.integrationId) : Infinity;
  const { ingest, readerKey } = ctx;

  return {
    kind: 'source',
    snapshot: () => ({ offset }),
    async run(out, signal) {
      ingest.reportPosition(readerKey, params.integrationId, offset);
      const readAfter = (seq: number) => {
        const read = ingest.read(params.integrationId, seq, MAX_BATCH_EVENTS);
        read.catch(() => {}); // a read prefetched for a run that then stops is never awaited
        return read;
      };
      // The next read is already under way while the current batch travels the graph.
      let prefetched: ReturnType<typeof readAfter> | undefined;
      try {
        while (!signal.aborted && offset < endAt) {
          const batches = await (prefetched ?? readAfter(offset));
          prefetched = undefined;
          if (batches.length === 0) {
            if (ctx.processing === 'BATCH') break;
            await ingest.waitForData(params.integrationId, signal, IDLE_POLL_MS);
            continue;
          }
          const lastSeq = batches[batches.length - 1].seq;
          const events = batches.length === 1 ? batches[0].events : batches.flatMap((batch) => batch.events);
          if (lastSeq < endAt) prefetched = readAfter(lastSeq);
          await out.emit('out', events, () => {
            offset = lastSeq;
          });
          ingest.reportPosition(readerKey, params.integrationId, offset);
        }
      } finally {
        ingest.release(readerKey, params.integrationId);
      }
    },
  };
}
