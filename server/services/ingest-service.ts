import type { IntegrationType } from '../model/integration';
import type { LogEvent } from '../model/log-event';
import type { IngestHub } from '../engine/ingest-hub';
import type { IntegrationsService } from './integrations-service';

/** Past this many unread events for an integration, intake asks shippers to retry later. */
export const MAX_BACKLOG_EVENTS = 500_000;
/** At most this many requests are being written at once; more get a 503 rather than a queue. */
export const MAX_CONCURRENT_WRITES = 64;

export type IngestOutcome =
  | { ok: true; accepted: number; integrationId: string }
  | { ok: false; status: 400 | 401 | 403 | 413 | 429 | 503; message: string; retryAfterSeconds?: number };

export type Decoded = { ok: true; events: LogEvent[] } | { ok: false; message: string; status?: 400 | 413 };

export interface IngestServiceDeps {
  integrations: IntegrationsService;
  hub: IngestHub;
}

/**
 * Intake for every wire protocol: authenticates the token, pushes back when pipelines lag, and
 * acknowledges only after the events are committed to the ingest log.
 */
export function createIngestService({ integrations, hub }: IngestServiceDeps) {
  let writesInFlight = 0;

  return {
    async accept(expectedType: IntegrationType, token: string | undefined, decode: () => Promise<Decoded>): Promise<IngestOutcome> {
      if (!token) return { ok: false, status: 401, message: 'Missing credentials: send the integration token' };
      const integration = await integrations.authenticate(token);
      if (!integration) return { ok: false, status: 403, message: 'Unknown or revoked token' };
      if (integration.type !== expectedType) {
        return {
          ok: false,
          status: 403,
          message: `This token belongs to the ${integration.type} integration "${integration.name}", not to a ${expectedType} one`,
        };
      }
      if (hub.backlog(integration.id) > MAX_BACKLOG_EVENTS) {
        return { ok: false, status: 429, message: 'Pipelines reading this integration are behind; retry shortly', retryAfterSeconds: 2 };
      }
      if (writesInFlight >= MAX_CONCURRENT_WRITES) {
        return { ok: false, status: 503, message: 'Intake is busy; retry shortly', retryAfterSeconds: 1 };
      }
      const decoded = await decode();
      if (!decoded.ok) return { ok: false, status: decoded.status ?? 400, message: decoded.message };
      if (decoded.events.length === 0) return { ok: true, accepted: 0, integrationId: integration.id };
      writesInFlight += 1;
      try {
        await hub.append(integration.id, decoded.events);
      } finally {
        writesInFlight -= 1;
      }
      return { ok: true, accepted: decoded.events.length, integrationId: integration.id };
    },
  };
}

export type IngestService = ReturnType<typeof createIngestService>;
