import { z } from 'zod';
import type { LogEvent } from '../../model/log-event';
import { isStartFailure } from '../../engine/operator';
import { defineOperation } from '../define-operation';
import { predicateMatcher, predicateParam } from './predicate-param';

const DURATION = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Milliseconds in an ISO-8601 duration of days, hours, minutes and seconds (`PT20.345S`, `P1DT2H`); undefined if malformed. */
export function parseIsoDuration(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return undefined;
  const [days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0));
  return Math.round((((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000);
}

/** An ISO-8601 duration as Java's `Duration` writes it: days, hours, minutes and (fractional) seconds. */
export const isoDuration = z
  .string()
  .refine((text) => parseIsoDuration(text) !== undefined, {
    message: 'must be an ISO-8601 duration such as PT30S, PT5M, PT1H or P1D',
  })
  .describe('An ISO-8601 duration, e.g. PT20.345S, PT5M or P1D');

export const logsFilter = defineOperation({
  type: 'logs-filter',
  kind: 'transform',
  title: 'Filter',
  description: 'Keeps the events that match a Datadog query, or drops them when inverted. Can also drop late events.',
  params: z.strictObject({
    predicate: predicateParam.describe('Events matching this query are kept (or dropped, when inverted).'),
    inverted: z.boolean().default(false).describe('Drop the matching events and keep the rest.'),
    maxLateEventTimestampDelta: isoDuration
      .optional()
      .describe(
        'Drop events received later than this after they happened (receivedTimestamp − eventTimestamp), e.g. PT5M. ' +
          'Applies whether or not the filter is inverted.',
      ),
  }),
  inputs: ['in'],
  outputs: () => ['out'],
  create(params) {
    const predicate = predicateMatcher(params.predicate, 'predicate');
    if (isStartFailure(predicate)) return predicate;
    const maxLateness =
      params.maxLateEventTimestampDelta === undefined ? undefined : parseIsoDuration(params.maxLateEventTimestampDelta)!;
    const keep = (event: LogEvent) =>
      (maxLateness === undefined || event.receivedTimestamp - event.eventTimestamp <= maxLateness) &&
      predicate.match(event) !== params.inverted;
    return {
      kind: 'transform',
      async process(events, out) {
        const kept = events.filter(keep);
        if (kept.length > 0) await out.emit('out', kept);
      },
    };
  },
});
