// What the vendor sinks share: split a write into requests under the vendor's limits, gzip each
// body, and POST it until the vendor accepts it. Sinks are at-least-once: a write resolves only
// when every request was accepted, and the engine commits source offsets after that, so a request
// that fails for good (or is interrupted by a stop) leaves its events to be replayed.
//
// Retried: network errors, request timeouts, 408, 429 and 5xx, with exponential backoff and jitter
// (capped at 30 s), or after the delay a 429/503 names in Retry-After (seconds or an HTTP date).
// Retrying goes on until the vendor accepts or the run stops; ingest meanwhile feels the
// backpressure and answers 429 itself. Any other status is final: the vendor will not change its
// mind about a bad key or payload, so the write fails with the vendor's answer in the message.
//
// Isomorphic: global fetch and CompressionStream only.
import type { OperatorContext, StartFailure } from '../../engine/operator';
import { startFailure } from '../../engine/operator';

export interface BatchLimits {
  /** Most events in one request. */
  maxEvents: number;
  /** Most bytes of one uncompressed body. A single event larger than this is sent alone. */
  maxBytes: number;
}

export interface VendorEndpoint {
  /** Vendor name for messages, e.g. "Datadog". */
  vendor: string;
  url: string;
  headers: Record<string, string>;
}

export interface DeliveryOptions {
  /** Aborts when the run stops: retrying ends and the write fails as interrupted. */
  signal: AbortSignal;
  /** Waits `ms`, returning early when the signal aborts. Tests replace it to skip real backoff. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  fetch: typeof fetch;
  /** Uniform in [0, 1), for jitter. */
  random: () => number;
  /** Wall-clock time, for Retry-After dates. */
  now: () => number;
  /** First backoff, doubled per failed attempt. */
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** Longest wait a Retry-After may ask for. */
  maxRetryAfterMs: number;
  /** An attempt taking longer than this is abandoned and retried. */
  requestTimeoutMs: number;
  /** Requests in flight at once for one write. */
  concurrency: number;
  gzip: boolean;
  /** Told about every failed attempt that will be retried (for logs and metrics). */
  onRetry?: (retry: { vendor: string; attempt: number; delayMs: number; reason: string }) => void;
}

export const defaultDeliveryOptions = (signal: AbortSignal): DeliveryOptions => ({
  signal,
  sleep: abortableSleep,
  fetch: (input, init) => globalThis.fetch(input, init),
  random: Math.random,
  now: Date.now,
  initialBackoffMs: 500,
  maxBackoffMs: 30_000,
  maxRetryAfterMs: 5 * 60_000,
  requestTimeoutMs: 60_000,
  concurrency: 4,
  gzip: true,
});

/** Options a sink is built with: the run's signal and clock, plus any overrides (tests). */
export type DeliveryTuning = Partial<Omit<DeliveryOptions, 'signal'>>;

/** A failure the vendor gave as final, or an interrupted delivery: the write fails with it. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

const utf8 = new TextEncoder();

/** UTF-8 bytes of a string body. */
export const utf8Bytes = (text: string): Uint8Array => utf8.encode(text);

/**
 * Encodes events into request bodies that respect the limits: at most `maxEvents` per body, and a
 * body over `maxBytes` is split in halves until each fits (or holds a single event).
 */
export function encodeRequests<T>(events: readonly T[], limits: BatchLimits, encode: (events: readonly T[]) => Uint8Array): Uint8Array[] {
  const bodies: Uint8Array[] = [];
  const place = (chunk: readonly T[]) => {
    const body = encode(chunk);
    if (body.byteLength <= limits.maxBytes || chunk.length === 1) {
      bodies.push(body);
      return;
    }
    const half = Math.ceil(chunk.length / 2);
    place(chunk.slice(0, half));
    place(chunk.slice(half));
  };
  for (let start = 0; start < events.length; start += limits.maxEvents) {
    place(events.slice(start, start + limits.maxEvents));
  }
  return bodies;
}

/**
 * Packs pre-serialized entries (JSON texts) greedily into bodies under the limits: each body is
 * `open + entries joined by separator + close`.
 */
export function packEntries(
  entries: readonly string[],
  limits: BatchLimits,
  framing: { open: string; separator: string; close: string },
): Uint8Array[] {
  const bodies: Uint8Array[] = [];
  const frameBytes = utf8.encode(framing.open).byteLength + utf8.encode(framing.close).byteLength;
  const separatorBytes = utf8.encode(framing.separator).byteLength;
  let batch: string[] = [];
  let batchBytes = frameBytes;
  const close = () => {
    if (batch.length === 0) return;
    bodies.push(utf8.encode(framing.open + batch.join(framing.separator) + framing.close));
    batch = [];
    batchBytes = frameBytes;
  };
  for (const entry of entries) {
    const size = byteLength(entry);
    if (batch.length > 0 && (batch.length >= limits.maxEvents || batchBytes + separatorBytes + size > limits.maxBytes)) close();
    batchBytes += (batch.length > 0 ? separatorBytes : 0) + size;
    batch.push(entry);
  }
  close();
  return bodies;
}

/** UTF-8 length without allocating: what TextEncoder would produce (lone surrogates count 3). */
export function byteLength(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 2; // 4 bytes for 2 UTF-16 units
        i++;
      } else bytes += 2;
    } else bytes += 2;
  }
  return bytes;
}

export async function gzip(body: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([body as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const RETRIABLE = (status: number) => status === 408 || status === 429 || status >= 500;
const HONOURS_RETRY_AFTER = (status: number) => status === 429 || status === 503;

/** Delay a Retry-After header asks for, in ms; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Exponential backoff with "equal jitter": between half and all of the capped exponential delay. */
export function backoffMs(attempt: number, options: Pick<DeliveryOptions, 'initialBackoffMs' | 'maxBackoffMs' | 'random'>): number {
  const ceiling = Math.min(options.maxBackoffMs, options.initialBackoffMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + options.random() * (ceiling / 2));
}

/** A controller that also aborts with `parent`; release() unhooks it from the parent when done. */
function linkedSignal(parent: AbortSignal): { signal: AbortSignal; abort(): void; release(): void } {
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (parent.aborted) abort();
  else parent.addEventListener('abort', abort, { once: true });
  return { signal: controller.signal, abort, release: () => parent.removeEventListener('abort', abort) };
}

async function responseText(response: Response): Promise<string> {
  try {
    const text = (await response.text()).trim();
    return text.length > 300 ? text.slice(0, 300) : text;
  } catch {
    return '';
  }
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const detail = cause instanceof Error ? cause.message : undefined;
  return detail && detail !== error.message ? `${error.message} (${detail})` : error.message;
}

/** POSTs one body until the vendor accepts it. Throws DeliveryError when it refuses for good or the signal aborts. */
export async function postWithRetry(endpoint: VendorEndpoint, body: Uint8Array, options: DeliveryOptions): Promise<void> {
  const { vendor } = endpoint;
  const payload = options.gzip ? await gzip(body) : body;
  const headers = options.gzip ? { ...endpoint.headers, 'Content-Encoding': 'gzip' } : endpoint.headers;
  let lastProblem: string | undefined;
  for (let attempt = 0; ; attempt++) {
    if (options.signal.aborted) break;
    const attemptSignal = linkedSignal(options.signal);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      attemptSignal.abort();
    }, options.requestTimeoutMs);
    let delayMs: number;
    try {
      const response = await options.fetch(endpoint.url, {
        method: 'POST',
        headers,
        body: payload as Uint8Array<ArrayBuffer>,
        signal: attemptSignal.signal,
      });
      if (response.ok) {
        await response.body?.cancel().catch(() => {});
        return;
      }
      const text = await responseText(response);
      const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
      lastProblem = text ? `${status}: ${text}` : status;
      if (!RETRIABLE(response.status)) {
        throw new DeliveryError(`${vendor} rejected the request: ${lastProblem}`, response.status);
      }
      const asked = HONOURS_RETRY_AFTER(response.status) ? retryAfterMs(response.headers.get('retry-after'), options.now()) : undefined;
      delayMs = asked !== undefined ? Math.min(asked, options.maxRetryAfterMs) : backoffMs(attempt, options);
    } catch (error) {
      if (error instanceof DeliveryError) throw error;
      if (options.signal.aborted) break;
      lastProblem = timedOut
        ? `no answer within ${options.requestTimeoutMs >= 1000 ? `${options.requestTimeoutMs / 1000} s` : `${options.requestTimeoutMs} ms`}`
        : `could not reach ${endpoint.url}: ${errorText(error)}`;
      delayMs = backoffMs(attempt, options);
    } finally {
      clearTimeout(timer);
      attemptSignal.release();
    }
    options.onRetry?.({ vendor, attempt: attempt + 1, delayMs, reason: lastProblem });
    await options.sleep(delayMs, options.signal);
  }
  const last = lastProblem === undefined ? '' : ` (last attempt: ${lastProblem})`;
  throw new DeliveryError(`${vendor} delivery was interrupted: the run stopped before ${vendor} accepted the events${last}`);
}

/**
 * Delivers every body, a few at a time; resolves once all were accepted. The first final failure
 * stops the others and is what the write fails with.
 */
export async function deliverAll(endpoint: VendorEndpoint, bodies: readonly Uint8Array[], options: DeliveryOptions): Promise<void> {
  if (bodies.length === 0) return;
  if (bodies.length === 1) return postWithRetry(endpoint, bodies[0], options);
  const stop = linkedSignal(options.signal);
  const shared = { ...options, signal: stop.signal };
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (failure === undefined && next < bodies.length) {
      const body = bodies[next++];
      try {
        await postWithRetry(endpoint, body, shared);
      } catch (error) {
        if (failure === undefined) failure = error;
        stop.abort();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency, bodies.length) }, worker));
  } finally {
    stop.release();
  }
  if (failure !== undefined) throw failure;
}

// ---------------------------------------------------------------------------------------------
// Integrations: where a vendor sink sends, and with which credentials.

/** A non-empty trimmed string setting, else undefined. */
export const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** A setting that should be a list of strings; anything else reads as empty. */
export const stringList = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

const article = (word: string) => (/^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`);

export interface VendorConnection {
  endpoint: VendorEndpoint;
  delivery: DeliveryOptions;
  settings: Record<string, unknown>;
}

/**
 * Looks up the sink's integration and builds its endpoint. Everything that would make every
 * request fail (no such integration, the wrong type, no endpoint or credentials, a URL or header
 * that HTTP cannot carry) is a start failure, so the job fails at once with a reason to act on.
 */
export async function connectVendor(
  ctx: OperatorContext,
  integrationId: string,
  integrationType: string,
  vendor: string,
  tuning: DeliveryTuning,
  build: (settings: Record<string, unknown>) => string | { url: string; headers: Record<string, string> },
): Promise<VendorConnection | StartFailure> {
  const integration = await ctx.findIntegration(integrationId);
  if (!integration) {
    return startFailure(`integration "${integrationId}" does not exist; create ${article(integrationType)} integration with POST /api/v1/integrations`);
  }
  if (integration.type !== integrationType) {
    return startFailure(
      `integration "${integrationId}" (${integration.name}) is ${article(integration.type)} integration; ${article(vendor)} sink needs ${article(integrationType)} integration`,
    );
  }
  const named = `${vendor} integration "${integration.name}"`;
  const built = build(integration.settings ?? {});
  if (typeof built === 'string') return startFailure(`${named} ${built}`);
  let url: URL;
  try {
    url = new URL(built.url);
  } catch {
    return startFailure(`${named} has an endpoint that is not a URL: "${built.url}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return startFailure(`${named} has an endpoint that is not an http:// or https:// URL: "${built.url}"`);
  }
  try {
    new Headers(built.headers);
  } catch (error) {
    return startFailure(`${named} has a header HTTP cannot carry: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    endpoint: { vendor, url: url.href, headers: built.headers },
    delivery: { ...defaultDeliveryOptions(ctx.signal), now: () => ctx.now(), ...tuning },
    settings: integration.settings ?? {},
  };
}
