import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatasetsRepository } from '@/server/store/datasets-repository';
import type { LogEvent } from '@/server/model/log-event';
import { createTestWeir, testDatabase, type TestWeir } from '../support/test-weir';

let t: TestWeir;
let repository: ReturnType<typeof createDatasetsRepository>;
const T0 = Date.parse('2026-06-01T12:00:00Z');
const everything = { start: 0, end: Date.parse('9999-12-31T23:59:59.999Z'), where: { kind: 'all' as const }, order: 'ASCENDING' as const, limit: 1000, offset: 0 };

function event(id: string, overrides: Partial<LogEvent> = {}): LogEvent {
  return { id, eventTimestamp: T0, receivedTimestamp: T0 + 5, message: `event ${id}`, severity: 9, tags: {}, attributes: {}, ...overrides };
}

async function stored(datasetId: string): Promise<LogEvent[]> {
  const events: LogEvent[] = [];
  for await (const page of repository.readEvents(datasetId, everything, new AbortController().signal)) events.push(...page);
  return events;
}

async function newDataset(name: string): Promise<string> {
  return (await t.rest('POST', '/api/v1/datasets', { name })).body.id;
}

beforeAll(async () => {
  t = await createTestWeir();
  repository = createDatasetsRepository(t.weir.store);
});
afterAll(async () => {
  await t.close();
});

describe(`raw store writes (${testDatabase})`, () => {
  it('a replayed batch stores nothing twice, and a batch mixing stored and new events stores only the new ones', async () => {
    const datasetId = await newDataset('replays');
    const first = [event('a'), event('b'), event('c')];
    expect(await repository.writeEvents(datasetId, first)).toBe(3);
    expect(await repository.writeEvents(datasetId, first)).toBe(0);
    expect(await repository.writeEvents(datasetId, [event('c'), event('d'), event('d')])).toBe(1);
    expect((await stored(datasetId)).map((e) => e.id).sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('messages, tags and attributes keep tabs, newlines, backslashes and any Unicode exactly; NUL becomes U+FFFD', async () => {
    const datasetId = await newDataset('awkward_text');
    const awkward = event('awkward', {
      message: 'tab\there\nnew line\r\nback\\slash \\N \\t literal, emoji 🚀, accents é, NUL[\0]',
      severity: 17,
      tags: { 'team\tname': ['a\\b', 'line\nbreak'] },
      attributes: { path: 'C:\\logs\\app.log', nested: { quote: '"quoted"', nul: 'x\0y' }, list: [1, 2.5, null, true] },
    });
    expect(await repository.writeEvents(datasetId, [awkward])).toBe(1);
    const [back] = await stored(datasetId);
    expect(back.message).toBe('tab\there\nnew line\r\nback\\slash \\N \\t literal, emoji 🚀, accents é, NUL[\ufffd]');
    expect(back.severity).toBe(17);
    expect(back.tags).toEqual({ 'team\tname': ['a\\b', 'line\nbreak'] });
    expect(back.attributes).toEqual({ path: 'C:\\logs\\app.log', nested: { quote: '"quoted"', nul: 'x\ufffdy' }, list: [1, 2.5, null, true] });
    expect(back.eventTimestamp).toBe(T0);
    expect(back.receivedTimestamp).toBe(T0 + 5);
  });

  it('timestamps from the epoch to beyond the year 9999 are stored to the millisecond', async () => {
    const datasetId = await newDataset('far_times');
    const late = Date.parse('9999-12-31T23:59:59.123Z');
    const beyond = Date.parse('+012000-01-01T00:00:00.123Z');
    expect(await repository.writeEvents(datasetId, [event('epoch', { eventTimestamp: 0 }), event('late', { eventTimestamp: late }), event('beyond', { eventTimestamp: beyond })])).toBe(3);
    expect(await repository.countEvents(datasetId)).toBe(3);
    expect((await stored(datasetId)).map((e) => [e.id, e.eventTimestamp])).toEqual([
      ['epoch', 0],
      ['late', late],
    ]);
  });

  it('a batch of thousands of events is stored whole and reads back in time order', async () => {
    const datasetId = await newDataset('big_batch');
    const batch = Array.from({ length: 12_000 }, (_, i) => event(`n${i}`, { eventTimestamp: T0 + i, message: `line ${i}` }));
    expect(await repository.writeEvents(datasetId, batch)).toBe(12_000);
    expect(await repository.countEvents(datasetId)).toBe(12_000);
    const head = await stored(datasetId);
    expect(head.slice(0, 3).map((e) => e.message)).toEqual(['line 0', 'line 1', 'line 2']);
  });
});
