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
 * A formatter of epoch milliseconds as ISO-8601 text that reuses the text of the last minute it saw: the times
 * of a batch mostly share their minute, and `toISOString` would be most of the cost of encoding a row.
 */
export function createIsoTimestampFormatter(): (millis: number) => string {
  let minute = Number.NaN;
  let minuteText = '';
  return (millis) => {
    const thisMinute = Math.floor(millis / 60_000);
    if (thisMinute !== minute) {
      minute = thisMinute;
      minuteText = new Date(thisMinute * 60_000).toISOString().slice(0, 17); // YYYY-MM-DDTHH:MM:
    }
    const withinMinute = millis - thisMinute * 60_000;
    const seconds = Math.floor(withinMinute / 1000);
    const fraction = withinMinute - seconds * 1000;
    return `${minuteText}${seconds < 10 ? '0' : ''}${seconds}.${fraction < 100 ? (fraction < 10 ? '00' : '0') : ''}${fraction}Z`;
  };
}

/**
 * Events as rows in COPY text format, or undefined when a timestamp lies outside what COPY reads
 * (the caller then takes the slower path that converts epoch milliseconds in SQL).
 */
export function toCopyRows(datasetId: string, events: readonly LogEvent[]): string | undefined {
  const dataset = copyField(datasetId);
  const eventTime = createIsoTimestampFormatter();
  const receivedTime = createIsoTimestampFormatter();
  let rows = '';
  for (const event of events) {
    if (event.eventTimestamp >= COPYABLE_TIMESTAMP_LIMIT || event.receivedTimestamp >= COPYABLE_TIMESTAMP_LIMIT) return undefined;
    rows +=
      `${dataset}\t${eventTime(event.eventTimestamp)}\t${copyField(event.id)}\t${receivedTime(event.receivedTimestamp)}\t` +
      `${copyField(event.message ?? '')}\t${event.severity ?? 9}\t${copyField(toStorableJson(event.tags ?? {}))}\t${copyField(toStorableJson(event.attributes ?? {}))}\n`;
  }
  return rows;
}
