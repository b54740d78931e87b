import type { LogEvent } from '../model/log-event';

// Byte metrics estimate each batch's JSON size (as Vector does) from a few evenly spaced events,
// so counting bytes stays off the hot path whatever the batch size.
const SAMPLES_PER_BATCH = 16;
/** The fixed fields of an event's JSON: id, both timestamps, severity, keys and punctuation. */
const FIXED_BYTES = 110;

export function estimatedJsonBytes(event: LogEvent): number {
  return FIXED_BYTES + event.id.length + event.message.length + valueBytes(event.tags, 0) + valueBytes(event.attributes, 0);
}

export function batchBytes(events: readonly LogEvent[]): number {
  if (events.length <= SAMPLES_PER_BATCH) {
    let total = 0;
    for (const event of events) total += estimatedJsonBytes(event);
    return total;
  }
  const step = events.length / SAMPLES_PER_BATCH;
  let sampled = 0;
  for (let i = 0; i < SAMPLES_PER_BATCH; i++) sampled += estimatedJsonBytes(events[Math.floor(i * step)]);
  return Math.round((sampled / SAMPLES_PER_BATCH) * events.length);
}

function valueBytes(value: unknown, depth: number): number {
  if (value === null || value === undefined) return 4;
  switch (typeof value) {
    case 'string':
      return value.length + 2;
    case 'number':
    case 'boolean':
      return 6;
    case 'object': {
      if (depth > 8) return 16;
      let total = 2;
      if (Array.isArray(value)) {
        for (const item of value) total += valueBytes(item, depth + 1) + 1;
      } else {
        for (const key in value) total += key.length + 4 + valueBytes((value as Record<string, unknown>)[key], depth + 1);
      }
      return total;
    }
    default:
      return 0;
  }
}
