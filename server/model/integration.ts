import { z } from 'zod';

export const INTEGRATION_TYPES = ['datadog', 'otlp', 'splunk'] as const;
export const integrationType = z.enum(INTEGRATION_TYPES);
export type IntegrationType = z.infer<typeof integrationType>;

const integrationName = z.string().trim().min(1, 'must not be empty').max(128);
const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' });
const header = z.strictObject({ name: z.string().min(1), value: z.string() });

/**
 * Settings per integration type. Ingest needs none (the token is generated); the vendor sinks read the
 * endpoint and credentials from here. Secret fields are write-only: reads show them masked.
 */
const datadogSettings = {
  site: z.string().min(1).default('datadoghq.com').describe('Datadog site, e.g. datadoghq.com or datadoghq.eu'),
  endpoint: httpUrl.optional().describe('Full logs intake URL; overrides the one derived from the site'),
  apiKey: z.string().min(1).optional().describe('API key Weir sends with logs it forwards to Datadog'),
  additionalTags: z.array(z.string()).default([]).describe('Tags added to every log sent to Datadog'),
};
const otlpSettings = {
  endpoint: httpUrl.optional().describe('Base OTLP/HTTP endpoint; /v1/logs is appended'),
  logsEndpoint: httpUrl.optional().describe('Full logs endpoint; overrides endpoint'),
  headers: z.array(header).default([]).describe('HTTP headers sent with every export'),
  secretHeaders: z.record(z.string(), z.string()).optional().describe('Headers with secret values (write-only)'),
  outputEncoding: z.enum(['proto', 'json']).default('proto'),
};
const splunkSettings = {
  ingestHost: z.string().min(1).optional().describe('Splunk HEC host'),
  ingestPort: z.string().regex(/^\d{1,5}$/, 'must be a port number').default('8088'),
  secure: z.boolean().default(true).describe('Use https to reach HEC'),
  endpoint: httpUrl.optional().describe('Full HEC event URL; overrides host and port'),
  authToken: z.string().min(1).optional().describe('HEC token Weir sends with forwarded logs'),
  additionalTags: z.array(z.string()).default([]),
};

export const createIntegration = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('datadog'), name: integrationName, ...datadogSettings }),
  z.strictObject({ type: z.literal('otlp'), name: integrationName, ...otlpSettings }),
  z.strictObject({ type: z.literal('splunk'), name: integrationName, ...splunkSettings }),
]);
export type CreateIntegration = z.output<typeof createIntegration>;

/** An update replaces the settings; secrets left out are kept. The type cannot change. */
export const updateIntegration = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('datadog'), name: integrationName, ...datadogSettings }),
  z.strictObject({ type: z.literal('otlp'), name: integrationName, ...otlpSettings }),
  z.strictObject({ type: z.literal('splunk'), name: integrationName, ...splunkSettings }),
]);

export const SECRET_SETTINGS = ['apiKey', 'authToken', 'secretHeaders'] as const;

export const readIntegration = z.object({
  id: z.string(),
  type: integrationType,
  name: z.string(),
  /** The ingest token: present only in the response that created (or rotated) it. */
  token: z.string().optional(),
  /** The first characters of the token, to tell tokens apart. */
  tokenPrefix: z.string(),
  settings: z.record(z.string(), z.unknown()),
  jobIds: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ReadIntegration = z.infer<typeof readIntegration>;
