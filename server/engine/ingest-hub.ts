import type { LogEvent } from '../model/log-event';
import type { IngestLogRepository } from '../store/ingest-log-repository';
import type { IngestReader } from './operator';

/**
 * Joins intake and the pipelines that read it, inside one process: wakes readers when a batch lands,
 * and knows how far behind the slowest reader of each integration is, so intake can push back.
 */
export function createIngestHub(ingestLog: IngestLogRepository) {
  const waiters = new Map<string, Set<() => void>>();
  /** Per integration: batches appended in this process, oldest first, until every reader has passed them. */
  const pending = new Map<string, Array<{ seq: number; count: number }>>();
  /** Per integration: each reader's position. */
  const positions = new Map<string, Map<string, number>>();

  function wake(integrationId: string) {
    const set = waiters.get(integrationId);
    if (!set) return;
    waiters.delete(integrationId);
    for (const resolve of set) resolve();
  }

  function slowestPosition(integrationId: string): number | undefined {
    const readers = positions.get(integrationId);
    if (!readers || readers.size === 0) return undefined;
    return Math.min(...readers.values());
  }

  function forgetRead(integrationId: string) {
    const queue = pending.get(integrationId);
    const slowest = slowestPosition(integrationId);
    if (!queue) return;
    if (slowest === undefined) {
      pending.delete(integrationId);
      return;
    }
    while (queue.length > 0 && queue[0].seq <= slowest) queue.shift();
  }

  const reader: IngestReader = {
    read: (integrationId, afterSeq, maxEvents) => ingestLog.readAfter(integrationId, afterSeq, maxEvents),
    latestSeq: (integrationId) => ingestLog.latestSeq(integrationId),
    waitForData(integrationId, signal, timeoutMs) {
      return new Promise<void>((resolve) => {
        if (signal.aborted) return resolve();
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          waiters.get(integrationId)?.delete(done);
          resolve();
        };
        // The timeout covers appends made by another process sharing the database.
        const timer = setTimeout(done, timeoutMs);
        signal.addEventListener('abort', done, { once: true });
        let set = waiters.get(integrationId);
        if (!set) waiters.set(integrationId, (set = new Set()));
        set.add(done);
      });
    },
    reportPosition(readerKey, integrationId, seq) {
      let readers = positions.get(integrationId);
      if (!readers) positions.set(integrationId, (readers = new Map()));
      readers.set(readerKey, seq);
      forgetRead(integrationId);
    },
    release(readerKey, integrationId) {
      positions.get(integrationId)?.delete(readerKey);
      forgetRead(integrationId);
    },
  };

  return {
    reader,
    async append(integrationId: string, events: LogEvent[]): Promise<number> {
      const seq = await ingestLog.append(integrationId, events);
      if (slowestPosition(integrationId) !== undefined) {
        let queue = pending.get(integrationId);
        if (!queue) pending.set(integrationId, (queue = []));
        queue.push({ seq, count: events.length });
      }
      wake(integrationId);
      return seq;
    },
    /** Events appended here that some running reader of the integration has not read yet. */
    backlog(integrationId: string): number {
      return (pending.get(integrationId) ?? []).reduce((total, batch) => total + batch.count, 0);
    },
  };
}

export type IngestHub = ReturnType<typeof createIngestHub>;
