import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestHub } from '@/server/engine/ingest-hub';
import { createIngestLogRepository } from '@/server/store/ingest-log-repository';
import type { LogEvent } from '@/server/model/log-event';
import { createTestWeir, testDatabase, type TestWeir } from '../support/test-weir';

let t: TestWeir;
beforeAll(async () => {
  t = await createTestWeir();
});
afterAll(async () => {
  await t.close();
});

const event = (id: string): LogEvent => ({ id, eventTimestamp: 1, receivedTimestamp: 1, message: id, severity: 9, tags: {}, attributes: {} });

describe(`intake ordering (${testDatabase})`, () => {
  it('a reader following the intake while hundreds of requests land at once reads every event exactly once', async () => {
    const hub = createIngestHub(createIngestLogRepository(t.weir.store.db));
    const requests = 300;
    // Every tenth request is large, so its write takes longer after it has been given its sequence number.
    const sizeOf = (r: number) => (r % 10 === 0 ? 3000 : 5);
    const total = Array.from({ length: requests }, (_, r) => sizeOf(r)).reduce((a, b) => a + b, 0);
    let appending = true;
    const appends = Promise.all(
      Array.from({ length: requests }, (_, r) => hub.append('busy', Array.from({ length: sizeOf(r) }, (_, i) => event(`r${r}e${i}`)))),
    ).finally(() => (appending = false));

    const seen: string[] = [];
    let offset = 0;
    for (;;) {
      const wasAppending = appending;
      const batches = await hub.reader.read('busy', offset, 50);
      for (const batch of batches) seen.push(...batch.events.map((e) => e.id));
      if (batches.length > 0) offset = batches[batches.length - 1].seq;
      else if (!wasAppending) break;
      else await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const seqs = await appends;
    expect(new Set(seqs).size).toBe(requests);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('a request whose commit is slow holds back later requests, so a reader never skips past it', async () => {
    const db = t.weir.store.db;
    const repository = createIngestLogRepository(db);
    // The request carrying "slow" is given its sequence number, then takes a while to commit.
    const slowToCommit: typeof repository = {
      ...repository,
      async appendMany(integrationId, batches) {
        if (!batches.some((events) => events.some((e) => e.id === 'slow'))) return repository.appendMany(integrationId, batches);
        return db.transaction(async (tx) => {
          const seqs = await createIngestLogRepository(tx as unknown as typeof db).appendMany(integrationId, batches);
          await new Promise((resolve) => setTimeout(resolve, 300));
          return seqs;
        });
      },
    };
    const hub = createIngestHub(slowToCommit);
    const slow = hub.append('held', [event('slow')]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const fast = hub.append('held', [event('fast')]);
    // A reader that polls while the slow request is still committing.
    const seen: string[] = [];
    let offset = 0;
    for (let polls = 0; polls < 100 && seen.length < 2; polls++) {
      const batches = await hub.reader.read('held', offset, 100);
      for (const batch of batches) seen.push(...batch.events.map((e) => e.id));
      if (batches.length > 0) offset = batches[batches.length - 1].seq;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await Promise.all([slow, fast]);
    expect(seen).toEqual(['slow', 'fast']);
  });

  it('two processes taking intake for one integration commit in sequence order, so a reader skips neither', async () => {
    const db = t.weir.store.db;
    // Process A's request is numbered first and commits late; process B's arrives meanwhile.
    const slowRepository = createIngestLogRepository(db);
    const processA = createIngestHub({
      ...slowRepository,
      appendMany: (integrationId, batches) =>
        db.transaction(async (tx) => {
          const stored = await createIngestLogRepository(tx as unknown as typeof db).appendMany(integrationId, batches);
          await new Promise((resolve) => setTimeout(resolve, 300));
          return stored;
        }),
    });
    const processB = createIngestHub(createIngestLogRepository(db));
    const slow = processA.append('two_processes', [event('from-a')]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const fast = processB.append('two_processes', [event('from-b')]);
    const seen: string[] = [];
    let offset = 0;
    for (let polls = 0; polls < 100 && seen.length < 2; polls++) {
      const batches = await processB.reader.read('two_processes', offset, 100);
      for (const batch of batches) seen.push(...batch.events.map((e) => e.id));
      if (batches.length > 0) offset = batches[batches.length - 1].seq;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await Promise.all([slow, fast]);
    expect(seen).toEqual(['from-a', 'from-b']);
  });

  it('a request whose batch the database refuses fails alone; the requests grouped with it are stored', async () => {
    const hub = createIngestHub(createIngestLogRepository(t.weir.store.db));
    const refused = { ...event('bad'), message: 'x'.repeat(10) } as LogEvent;
    // A value the store cannot hold as JSON: a BigInt makes serialisation throw for that batch only.
    (refused.attributes as Record<string, unknown>).size = BigInt(1);
    const outcomes = await Promise.allSettled([
      hub.append('mixed', [event('a')]),
      hub.append('mixed', [refused]),
      hub.append('mixed', [event('b')]),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const stored = (await hub.reader.read('mixed', 0, 100)).flatMap((batch) => batch.events.map((e) => e.id));
    expect(stored).toEqual(['a', 'b']);
  });

  it('a reader keeping up reads the batches another process appended too, in order, and sees stored text as stored', async () => {
    const hub = createIngestHub(createIngestLogRepository(t.weir.store.db));
    const otherProcess = createIngestLogRepository(t.weir.store.db);
    hub.reader.reportPosition('job/source', 'shared', 0);
    await hub.append('shared', [event('here-1')]);
    await otherProcess.appendMany('shared', [[event('elsewhere')]]);
    await hub.append('shared', [{ ...event('here-2'), message: 'nul[\0]' }]);
    const batches = await hub.reader.read('shared', 0, 100);
    expect(batches.flatMap((batch) => batch.events.map((e) => [e.id, e.message]))).toEqual([
      ['here-1', 'here-1'],
      ['elsewhere', 'elsewhere'],
      ['here-2', 'nul[\ufffd]'],
    ]);
    hub.reader.release('job/source', 'shared');
  });
});

