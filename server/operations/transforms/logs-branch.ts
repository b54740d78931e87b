import { z } from 'zod';
import type { LogEvent } from '../../model/log-event';
import { isStartFailure } from '../../engine/operator';
import { defineOperation } from '../define-operation';
import { predicateMatcher, predicateParam } from './predicate-param';

export const logsBranch = defineOperation({
  type: 'logs-branch',
  kind: 'transform',
  title: 'Branch',
  description:
    'Splits events by a Datadog query: matching events leave on the `default` output, the others on `else`. ' +
    'An edge without a port (`branch -> next`) takes `default`.',
  params: z.strictObject({
    predicate: predicateParam.describe('Events matching this query go to `default`; the rest go to `else`.'),
  }),
  inputs: ['in'],
  outputs: () => ['default', 'else'],
  create(params) {
    const predicate = predicateMatcher(params.predicate, 'predicate');
    if (isStartFailure(predicate)) return predicate;
    return {
      kind: 'transform',
      async process(events, out) {
        const matching: LogEvent[] = [];
        const others: LogEvent[] = [];
        for (const event of events) (predicate.match(event) ? matching : others).push(event);
        if (matching.length > 0) await out.emit('default', matching);
        if (others.length > 0) await out.emit('else', others);
      },
    };
  },
});
