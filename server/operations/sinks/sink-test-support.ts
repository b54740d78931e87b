// Test support for the vendor sinks: a real local HTTP server that records what it receives and
// answers as a vendor would, and an OperatorContext with given integrations. Tests only.
import { fakeEngineEnvironment } from '../../engine/fake-environment';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import type { OperatorContext } from '../../engine/operator';
import type { LogEvent } from '../../model/log-event';

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. /api/v2/logs. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The body as sent (gzip when Content-Encoding says so). */
  raw: Buffer;
  /** The body after undoing Content-Encoding: gzip. */
  body: Buffer;
}

/** What the server answers: a response, or 'destroy' (drop the connection) or 'hang' (never answer). */
export type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'destroy' | 'hang';

export interface VendorServer {
  url: string;
  requests: RecordedRequest[];
  /** Sets how to answer; the default accepts everything with 202. */
  answer(respond: (request: RecordedRequest, index: number) => Answer): void;
  close(): Promise<void>;
}

export async function startVendorServer(): Promise<VendorServer> {
  const requests: RecordedRequest[] = [];
  let respond: (request: RecordedRequest, index: number) => Answer = () => ({ status: 202, body: '{}' });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      const request: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, raw, body };
      requests.push(request);
      const answer = respond(request, requests.length - 1);
      if (answer === 'destroy') return req.socket.destroy();
      if (answer === 'hang') return;
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer: (next) => {
      respond = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Integration = { type: string; name: string; settings: Record<string, unknown> };

export function sinkContext(integrations: Record<string, Integration>, signal = new AbortController().signal): OperatorContext {
  return {
    jobId: 'job',
    version: 0,
    vertexName: 'sink',
    execution: 'ASYNCHRONOUS',
    processing: 'STREAMING',
    checkpoint: undefined,
    signal,
    readerKey: 'job/sink',
    now: () => Date.parse('2024-08-07T22:00:00Z'),
    compileRegex: () => {
      throw new Error('not used by sinks');
    },
    ...fakeEngineEnvironment({ findIntegration: async (id) => integrations[id] }),
  };
}

/** Sleeps that return at once and remember what was asked. */
export function recordingSleep(): { sleep: (ms: number, signal: AbortSignal) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return { delays, sleep: async (ms) => void delays.push(ms) };
}

export const logEvent = (overrides: Partial<LogEvent> = {}): LogEvent => ({
  id: 'evt-1',
  eventTimestamp: 1723068000123,
  receivedTimestamp: 1723068001000,
  message: 'GET /checkout 500',
  severity: 17,
  tags: {},
  attributes: {},
  ...overrides,
});
