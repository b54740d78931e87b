import { z } from 'zod';
import type { LogEvent } from '../../model/log-event';
import { isStartFailure } from '../../engine/operator';
import { defineOperation } from '../define-operation';
import { predicateMatcher, predicateParam } from './predicate-param';
import { parseIsoDuration, isoDuration } from '../shared-params';

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
