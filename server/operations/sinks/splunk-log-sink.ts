// Splunk HTTP Event Collector: POST <scheme>://<host>:<port>/services/collector/event with
// `Authorization: Splunk <token>`, a gzip body of JSON event objects one after another (one per
// line), at most 1,000 events and 1 MB uncompressed per request (Splunk Cloud's request limit).
//
// One LogEvent → one HEC event:
//
//   | LogEvent                              | HEC event                                         |
//   |---------------------------------------|---------------------------------------------------|
//   | eventTimestamp                        | time, epoch seconds with milliseconds (1712.345)  |
//   | tags.host / tags.source (1st value)   | host / source                                     |
//   | tags.sourcetype (1st value)           | sourcetype                                        |
//   | index                                 | the sink's indexOverride, else tags.index or a    |
//   |                                       | string attributes.index, else its defaultIndex,   |
//   |                                       | else none (the HEC token's default index)         |
//   | message, severity, attributes         | event: {message, severity, ...attributes}, where  |
//   |                                       | severity is the word Splunk and Weir's HEC intake |
//   |                                       | read: trace, debug, info, notice, warn, error,    |
//   |                                       | critical, alert or emergency                      |
//   | other tags (service, env, …)          | fields: one value as a string, several as an      |
//   |                                       | array, a bare tag as ""                           |
//   | the integration's and the sink's      | fields ("k:v" → k = v, "k" → k = "")              |
//   |   additionalTags                      |                                                   |
//   | id                                    | fields["weir.event_id"], so Splunk searches can   |
//   |                                       | deduplicate replays                               |
//
// HEC's metadata keys take a single value: further host/source/sourcetype/index values are dropped.
// Attributes named message or severity give way to the event's own.
import { z } from 'zod';
import type { LogEvent } from '../../model/log-event';
import type { OperatorContext, SinkOperator, StartFailure } from '../../engine/operator';
import { severityToStatus } from '../../ingest/severity';
import { defineOperation } from '../define-operation';
import { connectVendor, deliverAll, packEntries, stringList, text, type BatchLimits, type DeliveryTuning } from './http-delivery';

export const SPLUNK_LIMITS: BatchLimits = { maxEvents: 1000, maxBytes: 1_000_000 };
export const SPLUNK_EVENT_ID_FIELD = 'weir.event_id';

const METADATA_TAGS = new Set(['host', 'source', 'sourcetype', 'index']);

const params = z.strictObject({
  integrationId: z.string().min(1).describe('The Splunk integration whose HEC endpoint and token to send with'),
  additionalTags: z
    .array(z.string())
    .default([])
    .describe('Indexed fields added to every event, as key:value; combined with the integration\'s additionalTags'),
  defaultIndex: z.string().min(1).optional().describe('Index for events that name none themselves (tag or attribute "index")'),
  indexOverride: z.string().min(1).optional().describe('Index for every event, whatever the event names'),
});
export type SplunkLogSinkParams = z.output<typeof params>;

/** The HEC event URL from an integration's host, port and scheme. */
export function splunkEventUrl(host: string, port: string, secure: boolean): string {
  const bare = host.trim().replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
  const hasPort = /:\d+$/.test(bare) && !bare.endsWith(']');
  return `${secure ? 'https' : 'http'}://${bare}${hasPort ? '' : `:${port}`}/services/collector/event`;
}

type Fields = Record<string, string | string[]>;

function addField(fields: Fields, key: string, value: string): void {
  if (!Object.hasOwn(fields, key)) {
    if (key === '__proto__') Object.defineProperty(fields, key, { value, enumerable: true, writable: true, configurable: true });
    else fields[key] = value;
    return;
  }
  const existing = fields[key];
  const values = Array.isArray(existing) ? existing : existing === '' ? [] : [existing];
  if (value !== '' && !values.includes(value)) values.push(value);
  fields[key] = values.length === 1 ? values[0] : values;
}

/** Parses "k:v" tags (and bare "k") into fields. */
export function tagFields(tags: readonly string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const raw of tags) {
    const tag = raw.trim();
    if (tag === '') continue;
    const colon = tag.indexOf(':');
    if (colon < 0) out.push([tag, '']);
    else if (colon > 0) out.push([tag.slice(0, colon).trim(), tag.slice(colon + 1).trim()]);
  }
  return out;
}

export interface SplunkEventOptions {
  extraFields: ReadonlyArray<[string, string]>;
  defaultIndex?: string;
  indexOverride?: string;
}

/** One HEC event object for a LogEvent. */
export function toHecEvent(event: LogEvent, options: SplunkEventOptions): Record<string, unknown> {
  const first = (tag: string) => (Object.hasOwn(event.tags, tag) ? event.tags[tag][0] : undefined);
  const hec: Record<string, unknown> = { time: event.eventTimestamp / 1000 };
  const host = first('host');
  if (host !== undefined) hec.host = host;
  const source = first('source');
  if (source !== undefined) hec.source = source;
  const sourcetype = first('sourcetype');
  if (sourcetype !== undefined) hec.sourcetype = sourcetype;
  const attributeIndex = typeof event.attributes.index === 'string' && event.attributes.index !== '' ? event.attributes.index : undefined;
  const index = options.indexOverride ?? first('index') ?? attributeIndex ?? options.defaultIndex;
  if (index !== undefined) hec.index = index;

  const body: Record<string, unknown> = { message: event.message, severity: severityToStatus(event.severity) };
  for (const key of Object.keys(event.attributes)) {
    if (key === 'message' || key === 'severity') continue;
    const value = event.attributes[key];
    if (key === '__proto__') Object.defineProperty(body, key, { value, enumerable: true, writable: true, configurable: true });
    else body[key] = value;
  }
  hec.event = body;

  const fields: Fields = {};
  for (const key of Object.keys(event.tags)) {
    if (METADATA_TAGS.has(key)) continue;
    const values = event.tags[key];
    if (values.length === 0) addField(fields, key, '');
    for (const value of values) addField(fields, key, value);
  }
  for (const [key, value] of options.extraFields) addField(fields, key, value);
  fields[SPLUNK_EVENT_ID_FIELD] = event.id;
  hec.fields = fields;
  return hec;
}

/** Builds the runtime; `tuning` replaces delivery defaults (tests use it to skip real backoff). */
export async function openSplunkSink(
  config: SplunkLogSinkParams,
  ctx: OperatorContext,
  tuning: DeliveryTuning = {},
): Promise<SinkOperator | StartFailure> {
  const connected = await connectVendor(ctx, config.integrationId, 'splunk', 'Splunk', tuning, (settings) => {
    const token = text(settings.authToken);
    if (!token) return 'has no authToken: set the HEC token on the integration';
    const endpoint = text(settings.endpoint);
    const host = text(settings.ingestHost);
    if (!endpoint && !host) return 'has neither an ingestHost nor an endpoint: set the HEC host (and port) on the integration';
    const url = endpoint ?? splunkEventUrl(host!, text(settings.ingestPort) ?? '8088', settings.secure !== false);
    return { url, headers: { 'Content-Type': 'application/json', Authorization: `Splunk ${token}` } };
  });
  if ('startFailure' in connected) return connected;
  const { endpoint, delivery, settings } = connected;

  const eventOptions: SplunkEventOptions = {
    extraFields: tagFields([...stringList(settings.additionalTags), ...config.additionalTags]),
    defaultIndex: config.defaultIndex,
    indexOverride: config.indexOverride,
  };
  return {
    kind: 'sink',
    async write(events) {
      const entries = events.map((event) => JSON.stringify(toHecEvent(event, eventOptions)));
      await deliverAll(endpoint, packEntries(entries, SPLUNK_LIMITS, { open: '', separator: '\n', close: '' }), delivery);
    },
  };
}

export const splunkLogSink = defineOperation({
  type: 'splunk-log-sink',
  kind: 'sink',
  title: 'Splunk',
  description:
    'Sends events to Splunk through the HTTP Event Collector of the integration, gzip-compressed in batches, retrying until Splunk accepts them.',
  params,
  inputs: ['in'],
  outputs: () => [],
  create: (config, ctx) => openSplunkSink(config, ctx),
});
