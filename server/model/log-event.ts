import { z } from 'zod';

/** OpenTelemetry severity number: 1–4 TRACE, 5–8 DEBUG, 9–12 INFO, 13–16 WARN, 17–20 ERROR, 21–24 FATAL. */
export const severity = z.int().min(1).max(24);

export const logEvent = z.strictObject({
  id: z.string().min(1).max(128),
  eventTimestamp: z.int().nonnegative().describe('When the event happened, in epoch milliseconds.'),
  receivedTimestamp: z.int().nonnegative().describe('When Weir received the event, in epoch milliseconds.'),
  message: z.string().default(''),
  severity: severity.default(9),
  tags: z.record(z.string(), z.array(z.string())).default({}),
  attributes: z.record(z.string(), z.unknown()).default({}),
});
export type LogEvent = z.output<typeof logEvent>;

/**
 * A LogEvent as a user may write it inline (for example in `logs-values-source`):
 * ids and timestamps are filled in when missing.
 */
export const logEventInput = logEvent.extend({
  id: logEvent.shape.id.optional(),
  eventTimestamp: logEvent.shape.eventTimestamp.optional(),
  receivedTimestamp: logEvent.shape.receivedTimestamp.optional(),
});
export type LogEventInput = z.input<typeof logEventInput>;
