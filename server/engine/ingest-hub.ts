import type { LogEvent } from '../model/log-event';
import type { IngestLogRepository } from '../store/ingest-log-repository';
import type { IngestReader } from './operator';

/**
 * Joins intake and the pipelines that read it, inside one process: wakes readers when a batch lands,
 * and knows how far behind the slowest reader of each integration is, so intake can push back.
 */
/** At most this many events go into one group-commit statement. */
const MAX_GROUP_EVENTS = 20_000;

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

  // Appends to one integration are written one statement at a time, so its sequence numbers become
  // visible in order: were two appends in flight at once, a reader could see the later one commit first,
  // move its offset past the earlier one, and never read it. Requests that arrive while a statement is
  // being written go together in the next one (a group commit), which also saves a commit per request.
  const appendQueues = new Map<string, Array<{ events: LogEvent[]; resolve(seq: number): void; reject(error: unknown): void }>>();

  async function writeAppends(integrationId: string, queue: NonNullable<ReturnType<typeof appendQueues.get>>) {
    while (queue.length > 0) {
      const group: typeof queue = [];
      let events = 0;
      while (queue.length > 0 && (group.length === 0 || events + queue[0].events.length <= MAX_GROUP_EVENTS)) {
        events += queue[0].events.length;
        group.push(queue.shift()!);
      }
      try {
        const seqs = await ingestLog.appendMany(integrationId, group.map((append) => append.events));
        group.forEach((append, i) => append.resolve(seqs[i]));
      } catch (error) {
        if (group.length === 1) group[0].reject(error);
        // One request's failure must not fail the others written with it: write each alone, in order.
        else for (const append of group) {
          try {
            append.resolve((await ingestLog.appendMany(integrationId, [append.events]))[0]);
          } catch (alone) {
            append.reject(alone);
          }
        }
      }
    }
    appendQueues.delete(integrationId);
  }

  return {
    reader,
    async append(integrationId: string, events: LogEvent[]): Promise<number> {
      const seq = await new Promise<number>((resolve, reject) => {
        let queue = appendQueues.get(integrationId);
        const idle = !queue;
        if (!queue) appendQueues.set(integrationId, (queue = []));
        queue.push({ events, resolve, reject });
        if (idle) void writeAppends(integrationId, queue);
      });
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
