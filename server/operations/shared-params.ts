import { z } from 'zod';

/** A Datadog search query used as a predicate, e.g. `{type: "datadog-query", query: "service:api -status:debug"}`. */
export const datadogQueryPredicate = z.strictObject({
  type: z.literal('datadog-query'),
  query: z.string().default('').describe('Datadog search syntax, e.g. service:api status:error'),
});

/** Dataset ids are short lowercase strings; the seed's jobs name the table instead. */
export const datasetId = z.string().regex(/^[a-z0-9]{1,13}$/, 'must be 1–13 lowercase letters or digits');

export const isoInstant = z.iso
  .datetime({ offset: true, message: 'must be an ISO-8601 instant such as 2024-08-07T22:00:07Z' }).describe('An ISO-8601 instant, e.g. 2024-08-07T22:00:07Z');

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
