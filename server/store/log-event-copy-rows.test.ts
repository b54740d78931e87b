import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../model/random';
import { createIsoTimestampFormatter, toCopyRows } from './log-event-copy-rows';
import type { LogEvent } from '../model/log-event';

const event = (overrides: Partial<LogEvent>): LogEvent => ({
  id: 'e1',
  eventTimestamp: Date.parse('2026-11-23T10:15:30.007Z'),
  receivedTimestamp: Date.parse('2026-11-23T10:15:31.250Z'),
  message: 'hello',
  severity: 9,
  tags: {},
  attributes: {},
  ...overrides,
});

describe('COPY rows of log events', () => {
  it('formats times exactly as toISOString does, at minute, second and millisecond edges and at random', () => {
    const format = createIsoTimestampFormatter();
    const random = mulberry32(7);
    const edges = [0, 999, 1000, 59_999, 60_000, 86_399_999, 951_782_400_000, Date.parse('9999-12-31T23:59:59.999Z')];
    const samples = [...edges, ...Array.from({ length: 20_000 }, () => Math.floor(random() * 253_402_300_799_999))];
    // Also runs of nearby times, which reuse the cached minute.
    for (let i = 0; i < 5000; i++) samples.push(1_795_000_000_000 + i * 37);
    for (const millis of samples) expect(format(millis)).toBe(new Date(millis).toISOString());
  });

  it('escapes tabs, newlines, carriage returns and backslashes, and turns NUL into U+FFFD', () => {
    const rows = toCopyRows('ds\t1', [event({ id: 'a\\b', message: 'one\ttwo\nthree\r\\four\0', tags: { k: ['v\tw'] }, attributes: { path: 'C:\\x' } })]);
    expect(rows).toBe(
      'ds\\t1\t2026-11-23T10:15:30.007Z\ta\\\\b\t2026-11-23T10:15:31.250Z\tone\\ttwo\\nthree\\r\\\\four\ufffd\t9\t{"k":["v\\\\tw"]}\t{"path":"C:\\\\\\\\x"}\n',
    );
  });

  it('gives up on the whole batch when a time is past the year 9999, which COPY cannot read', () => {
    expect(toCopyRows('ds', [event({}), event({ id: 'far', eventTimestamp: Date.parse('+010000-01-01T00:00:00Z') })])).toBeUndefined();
  });
});
