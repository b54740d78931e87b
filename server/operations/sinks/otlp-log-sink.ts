// OTLP/HTTP logs: POST <endpoint>/v1/logs (or the integration's logsEndpoint) with an
// ExportLogsServiceRequest, protobuf (application/x-protobuf) unless the integration asks for JSON,
// gzip-compressed, at most 1,000 log records and 4 MB uncompressed per request. The integration's
// headers and secret headers go with every request (an api-key or Authorization header, say).
// The LogEvent → OTLP mapping is in ./otlp-encode.ts.
import { z } from 'zod';
import type { OperatorContext, SinkOperator, StartFailure } from '../../engine/operator';
import { defineOperation } from '../define-operation';
import { connectVendor, deliverAll, encodeRequests, text, type BatchLimits, type DeliveryTuning } from './http-delivery';
import { encodeOtlpLogs, type OtlpEncoding } from './otlp-encode';

export const OTLP_LIMITS: BatchLimits = { maxEvents: 1000, maxBytes: 4_000_000 };

const CONTENT_TYPES: Record<OtlpEncoding, string> = { proto: 'application/x-protobuf', json: 'application/json' };

const params = z.strictObject({
  integrationId: z.string().min(1).describe('The OpenTelemetry integration whose endpoint and headers to export with'),
  additionalAttributes: z
    .record(z.string(), z.string())
    .default({})
    .describe('Attributes added to every log record, e.g. {"processor": "weir"}'),
});
export type OtlpLogSinkParams = z.output<typeof params>;

/** The logs URL: the integration's logsEndpoint, else its endpoint with /v1/logs appended. */
export function otlpLogsUrl(settings: Record<string, unknown>): string | undefined {
  const logsEndpoint = text(settings.logsEndpoint);
  if (logsEndpoint) return logsEndpoint;
  const endpoint = text(settings.endpoint);
  return endpoint && `${endpoint.replace(/\/+$/, '')}/v1/logs`;
}

function integrationHeaders(settings: Record<string, unknown>): Record<string, string> {
  const headers: Record<string, string> = {};
  if (Array.isArray(settings.headers)) {
    for (const header of settings.headers as unknown[]) {
      const { name, value } = (header ?? {}) as { name?: unknown; value?: unknown };
      if (typeof name === 'string' && name.trim() !== '' && typeof value === 'string') headers[name.trim()] = value;
    }
  }
  const secret = settings.secretHeaders;
  if (secret && typeof secret === 'object' && !Array.isArray(secret)) {
    for (const [name, value] of Object.entries(secret as Record<string, unknown>)) {
      if (name.trim() !== '' && typeof value === 'string') headers[name.trim()] = value;
    }
  }
  return headers;
}

/** Builds the runtime; `tuning` replaces delivery defaults (tests use it to skip real backoff). */
export async function openOtlpSink(
  config: OtlpLogSinkParams,
  ctx: OperatorContext,
  tuning: DeliveryTuning = {},
): Promise<SinkOperator | StartFailure> {
  let encoding: OtlpEncoding = 'proto';
  const connected = await connectVendor(ctx, config.integrationId, 'otlp', 'OTLP', tuning, (settings) => {
    const url = otlpLogsUrl(settings);
    if (!url) return 'has neither an endpoint nor a logsEndpoint: set where to export logs on the integration';
    encoding = settings.outputEncoding === 'json' ? 'json' : 'proto';
    // Ours last: a configured header cannot change what the body is.
    const headers = Object.fromEntries(
      Object.entries(integrationHeaders(settings)).filter(([name]) => !/^content-(type|encoding|length)$/i.test(name)),
    );
    return { url, headers: { ...headers, 'Content-Type': CONTENT_TYPES[encoding] } };
  });
  if ('startFailure' in connected) return connected;
  const { endpoint, delivery } = connected;
  const options = { additionalAttributes: config.additionalAttributes };
  return {
    kind: 'sink',
    async write(events) {
      const bodies = encodeRequests(events, OTLP_LIMITS, (chunk) => encodeOtlpLogs(chunk, encoding, options));
      await deliverAll(endpoint, bodies, delivery);
    },
  };
}

export const otlpLogSink = defineOperation({
  type: 'otlp-log-sink',
  kind: 'sink',
  title: 'OpenTelemetry (OTLP)',
  description:
    'Exports events as OTLP logs over HTTP to the integration\'s endpoint (protobuf or JSON), gzip-compressed in batches, retrying until the receiver accepts them.',
  params,
  inputs: ['in'],
  outputs: () => [],
  create: (config, ctx) => openOtlpSink(config, ctx),
});
