import { decodeBody } from '../ingest/decode-body';
import { decodeDatadogLogs } from '../ingest/datadog';
import { decodeOtlpLogs, otlpErrorResponse, otlpFormat, otlpSuccessResponse, RPC_CODE, type OtlpFormat } from '../ingest/otlp';
import {
  decodeHecEvents,
  decodeHecRaw,
  hecFailureResponse,
  hecRawOptionsFromQuery,
  hecResponse,
  hecSuccessResponse,
  HEC_CODE,
  type HecResponse,
} from '../ingest/splunk-hec';
import type { Decoded, IngestOutcome } from '../services/ingest-service';
import type { IntegrationType } from '../model/integration';
import type { Weir } from '../weir';

/** Compressed bodies above this size are refused before they are read. */
const MAX_REQUEST_BYTES = 32 * 1024 * 1024;

type Body = { ok: true; bytes: Uint8Array } | { ok: false; status: 400 | 413 | 415; message: string };

/** Reads and decompresses a request body, refusing oversize ones before buffering them. */
async function readBody(request: Request): Promise<Body> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_REQUEST_BYTES) return { ok: false, status: 413, message: `The body is larger than ${MAX_REQUEST_BYTES} bytes` };
  const raw = new Uint8Array(await request.arrayBuffer());
  if (raw.byteLength > MAX_REQUEST_BYTES) return { ok: false, status: 413, message: `The body is larger than ${MAX_REQUEST_BYTES} bytes` };
  const decoded = decodeBody(raw, request.headers.get('content-encoding'));
  return decoded.ok ? { ok: true, bytes: decoded.body } : decoded;
}

/** Runs one intake request through the service: auth, backpressure, decode, durable append. */
async function accept(weir: Weir, type: IntegrationType, token: string | undefined, request: Request, decode: (bytes: Uint8Array, receivedTimestamp: number) => Decoded): Promise<IngestOutcome> {
  return weir.services.ingest.accept(type, token, async () => {
    const body = await readBody(request);
    if (!body.ok) return { ok: false, status: body.status === 415 ? 400 : body.status, message: body.message };
    return decode(body.bytes, Date.now());
  });
}

const retryHeaders = (outcome: IngestOutcome): Record<string, string> =>
  !outcome.ok && outcome.retryAfterSeconds ? { 'retry-after': String(outcome.retryAfterSeconds) } : {};

function bearerToken(header: string | null, scheme: string): string | undefined {
  if (!header) return undefined;
  const match = new RegExp(`^${scheme}\\s+(.+)$`, 'i').exec(header.trim());
  return match?.[1].trim();
}

/** Datadog agent intake: POST /api/v2/logs with DD-API-KEY. */
export async function handleDatadogIntake(request: Request, weir: Weir): Promise<Response> {
  const url = new URL(request.url);
  const token = request.headers.get('dd-api-key') ?? url.searchParams.get('dd-api-key') ?? url.searchParams.get('api_key') ?? undefined;
  const outcome = await accept(weir, 'datadog', token, request, (bytes, receivedTimestamp) => decodeDatadogLogs(bytes, { receivedTimestamp }));
  if (outcome.ok) return Response.json({}, { status: 202 });
  const title = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 413: 'Payload Too Large', 429: 'Too Many Requests', 503: 'Service Unavailable' }[outcome.status];
  return Response.json(
    { errors: [{ status: String(outcome.status), title, detail: outcome.message }], message: outcome.message },
    { status: outcome.status, headers: retryHeaders(outcome) },
  );
}

/** OTLP/HTTP logs: POST /v1/logs, protobuf or JSON, with a bearer token or an api-key header. */
export async function handleOtlpIntake(request: Request, weir: Weir): Promise<Response> {
  const contentType = request.headers.get('content-type');
  const format: OtlpFormat = otlpFormat(contentType) ?? 'json';
  const reply = (status: number, response: { contentType: string; body: string | Uint8Array }, headers: Record<string, string> = {}) =>
    new Response(response.body as BodyInit, { status, headers: { 'content-type': response.contentType, ...headers } });
  if (!otlpFormat(contentType)) {
    return reply(415, otlpErrorResponse('json', `Unsupported content type ${JSON.stringify(contentType)}: send application/x-protobuf or application/json`));
  }
  const token = bearerToken(request.headers.get('authorization'), 'Bearer') ?? request.headers.get('api-key') ?? undefined;
  const outcome = await accept(weir, 'otlp', token, request, (bytes, receivedTimestamp) => decodeOtlpLogs(bytes, contentType, { receivedTimestamp }));
  if (outcome.ok) return reply(200, otlpSuccessResponse(format));
  const code =
    outcome.status === 401 || outcome.status === 403
      ? RPC_CODE.UNAUTHENTICATED
      : outcome.status === 429
        ? RPC_CODE.RESOURCE_EXHAUSTED
        : outcome.status === 503
          ? RPC_CODE.UNAVAILABLE
          : RPC_CODE.INVALID_ARGUMENT;
  return reply(outcome.status, otlpErrorResponse(format, outcome.message, code), retryHeaders(outcome));
}

/** Splunk HEC: /services/collector/event (JSON events) and /services/collector/raw (lines). */
export async function handleSplunkIntake(request: Request, weir: Weir, mode: 'event' | 'raw'): Promise<Response> {
  const url = new URL(request.url);
  const authorization = request.headers.get('authorization');
  const token = bearerToken(authorization, 'Splunk') ?? bearerToken(authorization, 'Bearer');
  const reply = (response: HecResponse, headers: Record<string, string> = {}) =>
    Response.json(response.body, { status: response.status, headers });
  if (!authorization) return reply(hecResponse(HEC_CODE.TOKEN_REQUIRED));
  if (!token) return reply(hecResponse(HEC_CODE.INVALID_AUTHORIZATION));
  let hecFailure: HecResponse | undefined;
  const outcome = await accept(weir, 'splunk', token, request, (bytes, receivedTimestamp) => {
    const decoded =
      mode === 'event'
        ? decodeHecEvents(bytes, { receivedTimestamp, defaults: hostAndSource(url) })
        : decodeHecRaw(bytes, hecRawOptionsFromQuery(url.searchParams, receivedTimestamp));
    if (decoded.ok) return decoded;
    hecFailure = hecFailureResponse(decoded);
    return { ok: false, message: decoded.message };
  });
  if (outcome.ok) return reply(hecSuccessResponse());
  if (hecFailure) return reply(hecFailure);
  if (outcome.status === 403) return reply(hecResponse(HEC_CODE.INVALID_TOKEN, undefined, outcome.message));
  if (outcome.status === 401) return reply(hecResponse(HEC_CODE.TOKEN_REQUIRED));
  if (outcome.status === 429 || outcome.status === 503) {
    return reply(hecResponse(HEC_CODE.SERVER_BUSY, undefined, outcome.message), retryHeaders(outcome));
  }
  return reply(hecResponse(HEC_CODE.INVALID_DATA_FORMAT, undefined, outcome.message));
}

function hostAndSource(url: URL) {
  const pick = (name: string) => url.searchParams.get(name) ?? undefined;
  return { host: pick('host'), source: pick('source'), sourcetype: pick('sourcetype'), index: pick('index') };
}

/** Wraps an intake handler for a Next route: the shared Weir, and JSON instead of a 500 on a bug. */
export function ingestRoute(getWeir: () => Promise<Weir>, handle: (request: Request, weir: Weir) => Promise<Response>) {
  return async (request: Request) => {
    try {
      return await handle(request, await getWeir());
    } catch (error) {
      console.error('[weir] intake failed', error);
      return Response.json({ message: 'Weir hit an unexpected error; the details are in the server log' }, { status: 500 });
    }
  };
}
