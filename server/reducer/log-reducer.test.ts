import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../model/log-event';
import { DEFAULT_ENABLED_MASKS, builtinMask } from './builtin-masks';
import { hashId } from './hash';
import { LogReducer, formatDuration, type ReducerConfig } from './log-reducer';
import { MAX_TOKENS, MessageScanner } from './scanner';

const DELIMITERS = [' ', ':', ',', '=', '[', ']'];

function reducer(overrides: Partial<ReducerConfig> = {}, masks: readonly string[] = DEFAULT_ENABLED_MASKS) {
  return new LogReducer({
    scanner: new MessageScanner({ delimiters: DELIMITERS, masks: masks.map((name) => ({ name, builtin: builtinMask(name)! })) }),
    similarityThreshold: 70,
    dedupThreshold: 1,
    windowMs: 60_000,
    logarithmBase: null,
    repeatCountInSummaryMessage: false,
    partitionByTags: [],
    partitionByAttributes: [],
    isException: null,
    now: () => 0,
    ...overrides,
  });
}

let counter = 0;
const event = (message: string, fields: Partial<LogEvent> = {}): LogEvent => ({
  id: `r${++counter}`,
  eventTimestamp: 1_000,
  receivedTimestamp: 1_000,
  message,
  severity: 9,
  tags: {},
  attributes: {},
  ...fields,
});

const templates = (r: LogReducer, partition = '') => r.patternsOf(partition).map((pattern) => pattern.template);

describe('clustering', () => {
  it('gives the message to the most similar pattern, the older one on a tie', () => {
    const r = reducer({ similarityThreshold: 80 });
    r.cluster('job alpha started on node a by cron');
    r.cluster('job alpha started on node b by hand'); // 6 of 8 equal: apart
    expect(templates(r)).toEqual(['job alpha started on node a by cron', 'job alpha started on node b by hand']);
    // 7 of 8 tokens equal the second pattern, 6 of 8 the first.
    expect(r.cluster('job alpha started on node c by hand')).toBe(hashId('job alpha started on node b by hand'));
    // 7 of 8 equal each: the older wins.
    expect(r.cluster('job alpha started on node a by hand')).toBe(hashId('job alpha started on node a by cron'));
  });

  it('never counts a generalized position as equal, so a pattern cannot drift into matching everything', () => {
    const r = reducer();
    r.cluster('a b c d e f g h i j');
    r.cluster('a b c d e f g x y z'); // 70%: joins, and 3 positions become <*>
    expect(templates(r)).toEqual(['a b c d e f g <*> <*> <*>']);
    r.cluster('a b c d e f q x y z'); // 6 of 10 equal now: a new pattern
    expect(templates(r)).toEqual(['a b c d e f g <*> <*> <*>', 'a b c d e f q x y z']);
  });

  it('sends the 101st distinct first token of a length to a shared branch, where it is still compared', () => {
    const r = reducer();
    for (let n = 0; n < 100; n++) r.cluster(`w${String.fromCharCode(97 + (n % 26))}${String.fromCharCode(97 + Math.floor(n / 26))} x y z`);
    r.cluster('overflow one two three');
    expect(r.cluster('overflow one two four')).toBe(hashId('overflow one two three'));
    expect(r.stats().patterns).toBe(101);
  });

  it(`clusters a long message on its first ${MAX_TOKENS} tokens, apart from messages of exactly that many`, () => {
    const r = reducer();
    const exact = 'w '.repeat(MAX_TOKENS).trim();
    const longer = `${exact} tail`;
    const longerStill = `${exact} other tail`;
    const exactId = r.cluster(exact);
    const longerId = r.cluster(longer);
    expect(longerId).not.toBe(exactId);
    expect(r.cluster(longerStill)).toBe(longerId);
    expect(templates(r)[1].endsWith('w …')).toBe(true);
  });
});

describe('bounds', () => {
  it('evicts the least recently used pattern of a partition beyond its bound', () => {
    const r = reducer({ maxPatternsPerPartition: 2 });
    r.cluster('alpha');
    r.cluster('beta');
    r.cluster('alpha');
    r.cluster('gamma');
    expect(templates(r)).toEqual(['alpha', 'gamma']);
  });

  it('bounds patterns across partitions too, forgetting partitions left empty', () => {
    const r = reducer({ maxPatterns: 3, partitionByTags: ['host'] });
    const out = r.process(['a', 'b', 'c', 'd'].map((host) => event('disk full', { tags: { host: [host] } })));
    expect(out).toHaveLength(4);
    expect(r.stats()).toMatchObject({ partitions: 3, patterns: 3 });
  });

  it('summarizes an evicted pattern’s open window right away, so no count is lost', () => {
    const r = reducer({ maxPatternsPerPartition: 1 });
    const out = r.process([event('alpha', { id: 'a1' }), event('alpha', { id: 'a2' }), event('alpha', { id: 'a3' }), event('beta', { id: 'b1' })]);
    expect(out.map((e) => [e.tags['grepr.messagetype'][0], e.message, (e.attributes.grepr as { repeatCount: number }).repeatCount])).toEqual([
      ['sample', 'alpha', 1],
      ['summary', 'alpha', 2],
      ['sample', 'beta', 1],
    ]);
    expect(r.flush()).toEqual([]);
  });
});

describe('checkpoints', () => {
  const stream = (from: number, count: number) =>
    [...Array(count)].map((_, k) => {
      const n = from + k;
      return event([`alpha ${n % 5} beta`, `gamma delta u${n % 13}`, `eps${n % 7}`, `zeta ${n}`][n % 4], {
        id: `s${n}`,
        eventTimestamp: 1_000 + n * 900,
        tags: { host: [`h${n % 3}`] },
      });
    });

  it('restores patterns, their order of use and their open windows exactly, evictions included', () => {
    const config = { maxPatternsPerPartition: 4, maxPatterns: 9, partitionByTags: ['host'], dedupThreshold: 2 };
    const uninterrupted = reducer(config);
    uninterrupted.process(stream(0, 150));
    const expected = [...uninterrupted.process(stream(150, 150)), ...uninterrupted.flush()];

    const first = reducer(config);
    first.process(stream(0, 150));
    const restored = reducer(config);
    restored.restore(JSON.parse(JSON.stringify(first.snapshot())));
    expect(restored.snapshot()).toEqual(first.snapshot());
    expect([...restored.process(stream(150, 150)), ...restored.flush()]).toEqual(expected);
    expect(restored.snapshot()).toEqual(uninterrupted.snapshot());
  });

  it('keeps patterns whose mask is no longer enabled, which then match nothing', () => {
    const before = reducer({}, ['number']);
    before.cluster('retry 3 of 5');
    const after = reducer({}, []);
    after.restore(JSON.parse(JSON.stringify(before.snapshot())));
    expect(templates(after)).toEqual(['retry <number> of <number>']);
    expect(after.cluster('retry 3 of 5')).not.toBe(hashId('retry <number> of <number>'));
  });
});

describe('formatDuration', () => {
  it.each([
    [120_000, '2m'],
    [30_000, '30s'],
    [5_400_000, '1h30m'],
    [20_345, '20s345ms'],
    [86_400_000, '1d'],
  ])('%i ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
