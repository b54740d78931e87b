import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  backoffMs,
  byteLength,
  defaultDeliveryOptions,
  deliverAll,
  encodeRequests,
  packEntries,
  postWithRetry,
  retryAfterMs,
  type DeliveryOptions,
  type VendorEndpoint,
} from './http-delivery';
import { recordingSleep, startVendorServer, type VendorServer } from './sink-test-support';

const text = (body: Uint8Array) => new TextDecoder().decode(body);

describe('batching', () => {
  it('packs entries in order into bodies under both the event and the byte limit', () => {
    const entries = Array.from({ length: 7 }, (_, i) => `"${'x'.repeat(8)}${i}"`); // 11 bytes each
    const bodies = packEntries(entries, { maxEvents: 3, maxBytes: 30 }, { open: '[', separator: ',', close: ']' }).map(text);
    // 2 fit in 30 bytes ([ + 11 + , + 11 + ] = 25; a third would make 37).
    expect(bodies).toEqual([
      `[${entries[0]},${entries[1]}]`,
      `[${entries[2]},${entries[3]}]`,
      `[${entries[4]},${entries[5]}]`,
      `[${entries[6]}]`,
    ]);
    const byCount = packEntries(entries, { maxEvents: 3, maxBytes: 1000 }, { open: '', separator: '\n', close: '' }).map(text);
    expect(byCount).toEqual([entries.slice(0, 3).join('\n'), entries.slice(3, 6).join('\n'), entries[6]]);
    for (const body of packEntries(entries, { maxEvents: 100, maxBytes: 40 }, { open: '[', separator: ',', close: ']' })) {
      expect(body.byteLength).toBeLessThanOrEqual(40);
    }
  });

  it('sends an entry larger than the byte limit alone rather than dropping it', () => {
    const bodies = packEntries(['"a"', `"${'b'.repeat(50)}"`, '"c"'], { maxEvents: 10, maxBytes: 20 }, { open: '[', separator: ',', close: ']' });
    expect(bodies.map(text)).toEqual(['["a"]', `["${'b'.repeat(50)}"]`, '["c"]']);
  });

  it('measures UTF-8 bytes exactly, as TextEncoder does', () => {
    for (const sample of ['plain', 'héllo', '日本語', 'emoji 🎉', 'lone \ud800 surrogate', '\udc00']) {
      expect(byteLength(sample)).toBe(new TextEncoder().encode(sample).byteLength);
    }
  });

  it('halves an encoded chunk until it fits, keeping event order', () => {
    const events = Array.from({ length: 10 }, (_, i) => i);
    const encode = (chunk: readonly number[]) => new Uint8Array(chunk.length * 10).fill(chunk[0]);
    const bodies = encodeRequests(events, { maxEvents: 8, maxBytes: 35 }, encode);
    // 8 → 4+4 (40 > 35) → 2+2+2+2, then the last 2.
    expect(bodies.map((body) => [body[0], body.byteLength])).toEqual([
      [0, 20],
      [2, 20],
      [4, 20],
      [6, 20],
      [8, 20],
    ]);
  });
});

describe('retry timing', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2024-08-07T22:00:00Z');
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('Wed, 07 Aug 2024 22:00:12 GMT', now)).toBe(12_000);
    expect(retryAfterMs('Wed, 07 Aug 2024 21:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });

  it('backs off exponentially with jitter, capped at 30 s', () => {
    const at = (random: number) => (attempt: number) => backoffMs(attempt, { initialBackoffMs: 500, maxBackoffMs: 30_000, random: () => random });
    expect([0, 1, 2, 3].map(at(1 - 1e-9))).toEqual([500, 1000, 2000, 4000]);
    expect([0, 1, 2, 3].map(at(0))).toEqual([250, 500, 1000, 2000]);
    expect(at(1 - 1e-9)(20)).toBe(30_000);
    expect(at(0)(20)).toBe(15_000);
  });
});

describe('delivery to a vendor', () => {
  let server: VendorServer;
  let endpoint: VendorEndpoint;
  beforeEach(async () => {
    server = await startVendorServer();
    endpoint = { vendor: 'Datadog', url: `${server.url}/api/v2/logs`, headers: { 'Content-Type': 'application/json', 'DD-API-KEY': 'k' } };
  });
  afterEach(() => server.close());

  const options = (overrides: Partial<DeliveryOptions> = {}) => ({
    ...defaultDeliveryOptions(new AbortController().signal),
    random: () => 0.5,
    ...overrides,
  });
  const body = new TextEncoder().encode('[{"message":"hello"}]');

  it('posts the body gzip-compressed with the endpoint headers', async () => {
    await postWithRetry(endpoint, body, options());
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/api/v2/logs');
    expect(request.headers['content-encoding']).toBe('gzip');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['dd-api-key']).toBe('k');
    expect(request.raw.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(request.body.toString()).toBe('[{"message":"hello"}]');
  });

  it('waits as long as a 429 Retry-After asks, then delivers the same body once', async () => {
    server.answer((_, index) => (index === 0 ? { status: 429, headers: { 'Retry-After': '7' }, body: 'slow down' } : { status: 202 }));
    const { sleep, delays } = recordingSleep();
    const retries: string[] = [];
    await postWithRetry(endpoint, body, options({ sleep, onRetry: (retry) => retries.push(retry.reason) }));
    expect(delays).toEqual([7000]);
    expect(retries).toEqual(['429 Too Many Requests: slow down']);
    expect(server.requests.map((request) => request.body.toString())).toEqual([
      '[{"message":"hello"}]',
      '[{"message":"hello"}]',
    ]);
  });

  it('honours a 503 Retry-After given as an HTTP date', async () => {
    server.answer((_, index) =>
      index === 0 ? { status: 503, headers: { 'Retry-After': 'Wed, 07 Aug 2024 22:00:03 GMT' } } : { status: 200 },
    );
    const { sleep, delays } = recordingSleep();
    await postWithRetry(endpoint, body, options({ sleep, now: () => Date.parse('2024-08-07T22:00:00Z') }));
    expect(delays).toEqual([3000]);
    expect(server.requests).toHaveLength(2);
  });

  it('retries 500s and 502s with growing backoff until the vendor accepts', async () => {
    server.answer((_, index) => (index < 3 ? { status: index === 1 ? 502 : 500 } : { status: 202 }));
    const { sleep, delays } = recordingSleep();
    await postWithRetry(endpoint, body, options({ sleep }));
    expect(delays).toEqual([375, 750, 1500]);
    expect(server.requests).toHaveLength(4);
  });

  it('retries 408 and dropped connections', async () => {
    server.answer((_, index) => (index === 0 ? { status: 408 } : index === 1 ? 'destroy' : { status: 202 }));
    const { sleep, delays } = recordingSleep();
    const reasons: string[] = [];
    await postWithRetry(endpoint, body, options({ sleep, onRetry: (retry) => reasons.push(retry.reason) }));
    expect(delays).toHaveLength(2);
    expect(reasons[0]).toBe('408 Request Timeout');
    expect(reasons[1]).toMatch(/^could not reach http:\/\/127\.0\.0\.1:\d+\/api\/v2\/logs: fetch failed/);
    expect(server.requests).toHaveLength(3);
  });

  it('abandons an attempt that gets no answer in time and tries again', async () => {
    server.answer((_, index) => (index === 0 ? 'hang' : { status: 202 }));
    const { sleep } = recordingSleep();
    const reasons: string[] = [];
    await postWithRetry(endpoint, body, options({ sleep, requestTimeoutMs: 100, onRetry: (retry) => reasons.push(retry.reason) }));
    expect(reasons).toEqual(['no answer within 100 ms']);
    expect(server.requests).toHaveLength(2);
  });

  it('fails at once on 403, naming the vendor, the status and what the vendor said', async () => {
    server.answer(() => ({ status: 403, body: '{"errors":["Forbidden"]}' }));
    const { sleep, delays } = recordingSleep();
    await expect(postWithRetry(endpoint, body, options({ sleep }))).rejects.toThrow(
      'Datadog rejected the request: 403 Forbidden: {"errors":["Forbidden"]}',
    );
    expect(delays).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it.each([400, 401, 404, 413])('does not retry %i', async (status) => {
    server.answer(() => ({ status }));
    await expect(postWithRetry(endpoint, body, options())).rejects.toThrow(`Datadog rejected the request: ${status} `);
    expect(server.requests).toHaveLength(1);
  });

  it('quotes at most 300 characters of the vendor\'s answer', async () => {
    server.answer(() => ({ status: 400, body: 'e'.repeat(1000) }));
    const error = await postWithRetry(endpoint, body, options()).catch((caught: Error) => caught);
    expect((error as Error).message).toBe(`Datadog rejected the request: 400 Bad Request: ${'e'.repeat(300)}`);
  });

  it('gives up promptly when the run stops during a backoff', async () => {
    server.answer(() => ({ status: 429, headers: { 'Retry-After': '60' } }));
    const stop = new AbortController();
    const started = Date.now();
    const delivery = postWithRetry(endpoint, body, options({ signal: stop.signal }));
    setTimeout(() => stop.abort(), 50);
    await expect(delivery).rejects.toThrow(
      'Datadog delivery was interrupted: the run stopped before Datadog accepted the events (last attempt: 429 Too Many Requests)',
    );
    expect(Date.now() - started).toBeLessThan(1000);
    expect(server.requests).toHaveLength(1);
  });

  it('gives up promptly when the run stops while a request is in flight', async () => {
    server.answer(() => 'hang');
    const stop = new AbortController();
    const delivery = postWithRetry(endpoint, body, options({ signal: stop.signal }));
    setTimeout(() => stop.abort(), 50);
    await expect(delivery).rejects.toThrow(/^Datadog delivery was interrupted/);
  });

  it('delivers every body of a write, a few at a time', async () => {
    const bodies = Array.from({ length: 9 }, (_, i) => new TextEncoder().encode(`[${i}]`));
    await deliverAll(endpoint, bodies, options({ concurrency: 3 }));
    expect(server.requests.map((request) => request.body.toString()).sort()).toEqual(bodies.map(text).sort());
  });

  it('stops the rest of a write at the first final failure', async () => {
    server.answer((request) => (request.body.toString() === '[1]' ? { status: 400, body: 'bad' } : { status: 202 }));
    const bodies = Array.from({ length: 5 }, (_, i) => new TextEncoder().encode(`[${i}]`));
    await expect(deliverAll(endpoint, bodies, options({ concurrency: 1 }))).rejects.toThrow('Datadog rejected the request: 400 Bad Request: bad');
    expect(server.requests.map((request) => request.body.toString())).toEqual(['[0]', '[1]']);
  });
});
