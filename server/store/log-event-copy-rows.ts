import type { LogEvent } from '../model/log-event';
import { toStorableJson } from './storable-json';

/** The `log_events` columns, in the order `toCopyRows` writes them. */
export const LOG_EVENT_COPY_COLUMNS = 'dataset_id, event_ts, id, received_ts, message, severity, tags, attributes';

/** Year 10000: `toISOString` switches to an expanded year that COPY does not read. */
const COPYABLE_TIMESTAMP_LIMIT = 253_402_300_800_000;
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const COPY_ESCAPES = /[\\\t\n\r]/g;
const COPY_ESCAPE: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const NUL = /\0/g;

/** A field in COPY text format. Text columns refuse NUL, so it becomes U+FFFD as it does on every other write path. */
function copyField(text: string): string {
  let field = text;
  if (field.includes('\0')) field = field.replace(NUL, '\ufffd');
  return NEEDS_ESCAPE.test(field) ? field.replace(COPY_ESCAPES, (char) => COPY_ESCAPE[char]) : field;
}

/**
 * Events as rows in COPY text format, or undefined when a timestamp lies outside what COPY reads
 * (the caller then takes the slower path that converts epoch milliseconds in SQL).
 */
export function toCopyRows(datasetId: string, events: readonly LogEvent[]): string | undefined {
  const dataset = copyField(datasetId);
  let rows = '';
  for (const event of events) {
    if (event.eventTimestamp >= COPYABLE_TIMESTAMP_LIMIT || event.receivedTimestamp >= COPYABLE_TIMESTAMP_LIMIT) return undefined;
    rows +=
      `${dataset}\t${new Date(event.eventTimestamp).toISOString()}\t${copyField(event.id)}\t${new Date(event.receivedTimestamp).toISOString()}\t` +
      `${copyField(event.message ?? '')}\t${event.severity ?? 9}\t${copyField(toStorableJson(event.tags ?? {}))}\t${copyField(toStorableJson(event.attributes ?? {}))}\n`;
  }
  return rows;
}
