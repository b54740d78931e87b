// Datadog logs intake v2: POST https://http-intake.logs.<site>/api/v2/logs with DD-API-KEY, a gzip
// JSON array of at most 1,000 logs and 5 MB (uncompressed) per request.
//
// One LogEvent → one Datadog log (the reverse of Weir's Datadog intake, server/ingest/datadog.ts):
//
//   | LogEvent                          | Datadog log                                              |
//   |-----------------------------------|----------------------------------------------------------|
//   | attributes                        | top-level fields, nested JSON as is                      |
//   | message                           | message                                                  |
//   | severity (1–24)                   | status: trace, debug, info, notice, warn, error,         |
//   |                                   | critical, alert or emergency (server/ingest/severity.ts)  |
//   | eventTimestamp                    | timestamp (epoch ms)                                     |
//   | tags.host (1st value)             | hostname (or each of the sink's hostFieldNames)           |
//   | tags.service / tags.source (1st)  | service / ddsource                                       |
//   | every other tag value             | ddtags "k:v,k:v2,bare" (extra host/service/source values   |
//   |                                   | too), then the integration's and the sink's             |
//   |                                   | additionalTags                                           |
//   | id                                | weir.event_id, so receivers can deduplicate replays       |
//
// The reserved fields are written after the attributes, so they win over attributes of the same name.
import { z } from 'zod';
import type { LogEvent } from '../../model/log-event';
import type { OperatorContext, SinkOperator, StartFailure } from '../../engine/operator';
import { severityToStatus } from '../../ingest/severity';
import { defineOperation } from '../define-operation';
import { connectVendor, deliverAll, packEntries, stringList, text, type BatchLimits, type DeliveryTuning } from './http-delivery';

export const DATADOG_LIMITS: BatchLimits = { maxEvents: 1000, maxBytes: 5_000_000 };
export const DATADOG_EVENT_ID_FIELD = 'weir.event_id';

const params = z.strictObject({
  integrationId: z.string().min(1).describe('The Datadog integration whose site (or endpoint) and API key to send with'),
  additionalTags: z
    .array(z.string())
    .default([])
    .describe('Tags added to every log, e.g. processor:weir; combined with the integration\'s additionalTags'),
  hostFieldNames: z
    .array(z.string().min(1))
    .default([])
    .describe('Top-level fields to write the host to (default ["hostname"]); Datadog reads the ones in its host attributes list'),
  browserLogGroupByAttributes: z
    .array(z.string())
    .default([])
    .describe('Accepted for compatibility with Grepr; Weir sends every log to the logs intake'),
});
export type DatadogLogSinkParams = z.output<typeof params>;

/** The intake URL for a Datadog site, e.g. datadoghq.eu → https://http-intake.logs.datadoghq.eu/api/v2/logs. */
export function datadogIntakeUrl(site: string): string {
  const host = site
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
    .replace(/^app\./i, '')
    .toLowerCase();
  return `https://http-intake.logs.${host}/api/v2/logs`;
}

const tagText = (key: string, value: string) => `${key}:${value}`.replaceAll(',', '_');

/** One Datadog log for an event. */
export function toDatadogLog(event: LogEvent, hostFields: readonly string[], extraTags: readonly string[]): Record<string, unknown> {
  const log: Record<string, unknown> = {};
  for (const key of Object.keys(event.attributes)) {
    const value = event.attributes[key];
    if (key === '__proto__') Object.defineProperty(log, key, { value, enumerable: true, writable: true, configurable: true });
    else log[key] = value;
  }
  log.message = event.message;
  log.status = severityToStatus(event.severity);
  log.timestamp = event.eventTimestamp;

  const ddtags: string[] = [];
  for (const key of Object.keys(event.tags)) {
    const values = event.tags[key];
    let first = 0;
    const reserved = values.length > 0 ? values[0] : undefined;
    if (reserved !== undefined && (key === 'host' || key === 'service' || key === 'source')) {
      if (key === 'host') for (const field of hostFields) log[field] = reserved;
      else log[key === 'service' ? 'service' : 'ddsource'] = reserved;
      first = 1;
    }
    if (values.length === 0) ddtags.push(key.replaceAll(',', '_'));
    for (let i = first; i < values.length; i++) ddtags.push(values[i] === '' ? key.replaceAll(',', '_') : tagText(key, values[i]));
  }
  for (const tag of extraTags) if (!ddtags.includes(tag)) ddtags.push(tag);
  if (ddtags.length > 0) log.ddtags = ddtags.join(',');
  log[DATADOG_EVENT_ID_FIELD] = event.id;
  return log;
}

/** Builds the runtime; `tuning` replaces delivery defaults (tests use it to skip real backoff). */
export async function openDatadogSink(
  config: DatadogLogSinkParams,
  ctx: OperatorContext,
  tuning: DeliveryTuning = {},
): Promise<SinkOperator | StartFailure> {
  const connected = await connectVendor(ctx, config.integrationId, 'datadog', 'Datadog', tuning, (settings) => {
    const apiKey = text(settings.apiKey);
    if (!apiKey) return `has no apiKey: set the Datadog API key on the integration`;
    const url = text(settings.endpoint) ?? datadogIntakeUrl(text(settings.site) ?? 'datadoghq.com');
    return { url, headers: { 'Content-Type': 'application/json', 'DD-API-KEY': apiKey } };
  });
  if ('startFailure' in connected) return connected;
  const { endpoint, delivery, settings } = connected;

  const hostFields = config.hostFieldNames.length > 0 ? config.hostFieldNames : ['hostname'];
  const extraTags = [...stringList(settings.additionalTags), ...config.additionalTags].map((tag) => tag.trim()).filter((tag) => tag !== '');
  return {
    kind: 'sink',
    async write(events) {
      const entries = events.map((event) => JSON.stringify(toDatadogLog(event, hostFields, extraTags)));
      await deliverAll(endpoint, packEntries(entries, DATADOG_LIMITS, { open: '[', separator: ',', close: ']' }), delivery);
    },
  };
}

export const datadogLogSink = defineOperation({
  type: 'datadog-log-sink',
  kind: 'sink',
  title: 'Datadog',
  description:
    'Sends events to Datadog Logs through the logs intake of the integration\'s site, gzip-compressed in batches of up to 1,000, retrying until Datadog accepts them.',
  params,
  inputs: ['in'],
  outputs: () => [],
  create: (config, ctx) => openDatadogSink(config, ctx),
});
