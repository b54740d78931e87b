import { z } from 'zod';
import type { LogEvent } from '../../model/log-event';
import { compilePredicate } from '../../query';
import { startFailure, type StartFailure } from '../../engine/operator';
import { datadogQueryPredicate } from '../shared-params';

/** A Datadog query predicate whose query must parse: a syntax error is reported at `<field>.query` with its position. */
export const predicateParam = datadogQueryPredicate.superRefine((predicate, ctx) => {
  const compiled = compilePredicate(predicate);
  if (!compiled.ok) ctx.addIssue({ code: 'custom', path: ['query'], message: compiled.message, input: predicate.query });
});

export type EventPredicate = z.output<typeof predicateParam>;

/** The matcher for a validated predicate; a start failure only if validation was bypassed. */
export function predicateMatcher(
  predicate: EventPredicate,
  field: string,
): { match: (event: LogEvent) => boolean } | StartFailure {
  const compiled = compilePredicate(predicate);
  if (!compiled.ok) return startFailure(`${field}.query is not a valid Datadog query: ${compiled.message}`);
  return { match: compiled.match };
}
