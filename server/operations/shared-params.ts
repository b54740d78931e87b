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
