import type { LogEvent } from '../model/log-event';
import type { IngestLogRepository } from '../store/ingest-log-repository';
import type { IngestReader } from './operator';

/** At most this many events go into one group-commit statement. */
const MAX_GROUP_EVENTS = 20_000;
/** Per integration: how many of the newest appended events stay in memory for readers in this process. */
const CACHED_EVENTS = 30_000;

interface QueuedAppend {
  events: LogEvent[];
  resolve(seq: number): void;
  reject(error: unknown): void;
}

/**
 * Joins intake and the pipelines that read it, inside one process: wakes readers when a batch lands,
 * knows how far behind the slowest reader of each integration is, so intake can push back, and keeps the
 * newest batches in memory so that a reader keeping up gets them without the store sending and parsing
 * them again. The store still decides which batches follow a reader's offset.
 */
export function createIngestHub(ingestLog: IngestLogRepository) {
  const waiters = new Map<string, Set<() => void>>();
  /** Per integration: batches appended in this process, oldest first, until every reader has passed them. */
  const pending = new Map<string, Array<{ seq: number; count: number }>>();
  /** Per integration: each reader's position. */
  const positions = new Map<string, Map<string, number>>();
  /** Per integration: the events of the newest pending batches, by sequence number. */
  const cache = new Map<string, { batches: Map<number, LogEvent[]>; events: number }>();

  function remember(integrationId: string, seq: number, events: LogEvent[]) {
    let entry = cache.get(integrationId);
    if (!entry) cache.set(integrationId, (entry = { batches: new Map(), events: 0 }));
    entry.batches.set(seq, events);
    entry.events += events.length;
    // Map iteration follows insertion, which is sequence order: the oldest go first.
    for (const [oldSeq, oldEvents] of entry.batches) {
      if (entry.events <= CACHED_EVENTS || oldSeq === seq) break;
      entry.batches.delete(oldSeq);
      entry.events -= oldEvents.length;
    }
  }

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
    const cached = cache.get(integrationId);
    if (slowest === undefined) {
      pending.delete(integrationId);
      cache.delete(integrationId);
      return;
    }
    while (queue && queue.length > 0 && queue[0].seq <= slowest) queue.shift();
    if (cached) {
      for (const [seq, events] of cached.batches) {
        if (seq > slowest) break;
        cached.batches.delete(seq);
        cached.events -= events.length;
      }
    }
  }

  const reader: IngestReader = {
    read: (integrationId, afterSeq, maxEvents) =>
      ingestLog.readAfter(integrationId, afterSeq, maxEvents, (seq) => cache.get(integrationId)?.batches.get(seq)),
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
  const appendQueues = new Map<string, QueuedAppend[]>();

  async function writeAppends(integrationId: string, queue: QueuedAppend[]) {
    while (queue.length > 0) {
      const group: QueuedAppend[] = [];
      let events = 0;
      while (queue.length > 0 && (group.length === 0 || events + queue[0].events.length <= MAX_GROUP_EVENTS)) {
        events += queue[0].events.length;
        group.push(queue.shift()!);
      }
      const written = (append: QueuedAppend, stored: { seq: number; storedAsGiven: boolean }) => {
        if (stored.storedAsGiven && slowestPosition(integrationId) !== undefined) remember(integrationId, stored.seq, append.events);
        append.resolve(stored.seq);
      };
      try {
        const stored = await ingestLog.appendMany(integrationId, group.map((append) => append.events));
        group.forEach((append, i) => written(append, stored[i]));
      } catch (error) {
        if (group.length === 1) group[0].reject(error);
        // One request's failure must not fail the others written with it: write each alone, in order.
        else for (const append of group) {
          try {
            written(append, (await ingestLog.appendMany(integrationId, [append.events]))[0]);
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
