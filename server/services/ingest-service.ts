import type { IntegrationType } from '../model/integration';
import type { LogEvent } from '../model/log-event';
import type { IngestHub } from '../engine/ingest-hub';
import type { IntegrationsService } from './integrations-service';
import type { IngestLogRepository } from '../store/ingest-log-repository';
import type { JobsRepository } from '../store/jobs-repository';

/** Past this many unread events for an integration, intake asks shippers to retry later. */
export const MAX_BACKLOG_EVENTS = 500_000;
/** At most this many requests are being written at once; more get a 503 rather than a queue. */
export const MAX_CONCURRENT_WRITES = 64;

export type IngestOutcome =
  | { ok: true; accepted: number; integrationId: string }
  | { ok: false; status: 400 | 401 | 403 | 413 | 429 | 503; message: string; retryAfterSeconds?: number };

export type Decoded = { ok: true; events: LogEvent[] } | { ok: false; message: string; status?: 400 | 413 };

/** Intake batches no pipeline is positioned to read are kept this long, for a pipeline that starts from EARLIEST. */
export const UNREAD_RETENTION_MS = 60 * 60 * 1000;
/** Nothing stays in the intake longer than this, even for a pipeline stopped long ago. */
export const MAX_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export interface IngestServiceDeps {
  integrations: IntegrationsService;
  hub: IngestHub;
  ingestLog: IngestLogRepository;
  jobs: JobsRepository;
  /** Defaults to MAX_BACKLOG_EVENTS. */
  maxBacklogEvents?: number;
}

/**
 * Intake for every wire protocol: authenticates the token, pushes back when pipelines lag, and
 * acknowledges only after the events are committed to the ingest log.
 */
export function createIngestService({ integrations, hub, ingestLog, jobs, maxBacklogEvents = MAX_BACKLOG_EVENTS }: IngestServiceDeps) {
  let writesInFlight = 0;

  return {
    /**
     * Trims the intake behind the slowest reader: for each integration, the lowest checkpointed offset of
     * any job (running or stopped) whose current graph reads it. Unread data ages out after a while.
     */
    async trim(now = Date.now()): Promise<number> {
      let removed = await ingestLog.trimOlderThan(new Date(now - MAX_RETENTION_MS));
      const readers = new Map<string, number>();
      for (const { job, version } of await jobs.listJobs({})) {
        const sources = version.jobGraph.vertices.filter((vertex) => typeof vertex.integrationId === 'string' && vertex.type.endsWith('-source'));
        if (sources.length === 0) continue;
        const checkpoint = await jobs.readCheckpoint(job.id);
        for (const source of sources) {
          const offset = (checkpoint.get(source.name) as { offset?: number } | undefined)?.offset ?? 0;
          const id = source.integrationId as string;
          readers.set(id, Math.min(readers.get(id) ?? Infinity, offset));
        }
      }
      for (const [integrationId, slowest] of readers) {
        if (slowest > 0) removed += await ingestLog.trim(integrationId, slowest);
      }
      removed += await ingestLog.trimUnreadOlderThan([...readers.keys()], new Date(now - UNREAD_RETENTION_MS));
      return removed;
    },

    async accept(expectedType: IntegrationType, token: string | undefined, decode: () => Promise<Decoded>): Promise<IngestOutcome> {
      if (!token) return { ok: false, status: 401, message: 'Missing credentials: send the integration token' };
      const integration = await integrations.authenticate(token);
      if (!integration) return { ok: false, status: 403, message: 'Unknown or revoked token' };
      if (integration.type !== expectedType) {
        return {
          ok: false,
          status: 403,
          message: `This token belongs to the ${integration.type} integration "${integration.name}", not to ${/^[aeiou]/.test(expectedType) ? 'an' : 'a'} ${expectedType} one`,
        };
      }
      if (hub.backlog(integration.id) > maxBacklogEvents) {
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
