import { z } from 'zod';

/** ISO-8601 durations of days and/or hours, e.g. P30D, P1DT12H, PT6H. */
export const retentionDuration = z
  .string()
  .regex(/^P(?=\d|T\d)(\d+D)?(T\d+H)?$/, 'must be an ISO-8601 duration in days and hours, e.g. P30D or PT12H')
  .refine((value) => parseRetentionHours(value) >= 1, 'must be at least one hour');

export function parseRetentionHours(duration: string): number {
  const match = /^P(?:(\d+)D)?(?:T(\d+)H)?$/.exec(duration);
  if (!match) return NaN;
  return Number(match[1] ?? 0) * 24 + Number(match[2] ?? 0);
}

export const datasetName = z
  .string()
  .regex(/^[a-z0-9_]{1,128}$/, 'must be 1–128 characters of lowercase letters, digits and underscores');

export const createDataset = z.strictObject({
  name: datasetName,
  retention: retentionDuration.default('P30D').describe('How long events are kept'),
  integrationId: z.string().optional(),
  teamIds: z.array(z.string()).default([]),
});

export const updateDataset = z.strictObject({
  name: datasetName.optional(),
  retention: retentionDuration.optional(),
  teamIds: z.array(z.string()).optional(),
});

export const readDataset = z.object({
  id: z.string(),
  name: z.string(),
  retention: z.string(),
  integrationId: z.string().optional(),
  teamIds: z.array(z.string()),
  organizationId: z.string(),
  eventCount: z.number().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ReadDataset = z.infer<typeof readDataset>;
