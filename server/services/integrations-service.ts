import { createHash, randomBytes } from 'node:crypto';
import {
  createIntegration,
  SECRET_SETTINGS,
  updateIntegration,
  type IntegrationType,
  type ReadIntegration,
} from '../model/integration';
import { newId } from '../model/ids';
import { zodIssuesToProblems } from '../model/problems';
import type { IntegrationRow, IntegrationsRepository } from '../store/integrations-repository';
import type { JobsRepository } from '../store/jobs-repository';
import { failure, ok, type Result } from './result';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => `weir_${randomBytes(24).toString('base64url')}`;

export interface IntegrationsServiceDeps {
  integrations: IntegrationsRepository;
  jobs: JobsRepository;
}

export function createIntegrationsService({ integrations, jobs }: IntegrationsServiceDeps) {
  // Ingest authenticates every request: keep token lookups off the database.
  const byTokenHash = new Map<string, IntegrationRow | null>();
  const forget = () => byTokenHash.clear();

  /** Ids of live jobs whose current graph names the integration. */
  async function jobIdsUsing(integrationId: string): Promise<string[]> {
    const rows = await jobs.listJobs({});
    return rows
      .filter(({ version }) => version.jobGraph.vertices.some((vertex) => vertex.integrationId === integrationId))
      .map(({ job }) => job.id);
  }

  async function toRead(row: IntegrationRow, token?: string): Promise<ReadIntegration> {
    const settings = { ...row.settings };
    for (const secret of SECRET_SETTINGS) {
      if (settings[secret] !== undefined) settings[secret] = mask(settings[secret]);
    }
    return {
      id: row.id,
      type: row.type,
      name: row.name,
      ...(token ? { token } : {}),
      tokenPrefix: row.tokenPrefix,
      settings,
      jobIds: await jobIdsUsing(row.id),
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  return {
    async create(input: unknown): Promise<Result<ReadIntegration>> {
      const parsed = createIntegration.safeParse(input, { reportInput: true });
      if (!parsed.success) return failure(400, 'The integration is not valid', zodIssuesToProblems(parsed.error.issues));
      const { type, name, ...settings } = parsed.data;
      if (await integrations.getByName(name)) {
        return failure(409, `An integration named "${name}" already exists`, [{ path: 'name', message: 'is already taken' }]);
      }
      const token = newToken();
      const row = await integrations.insert({
        id: newId(),
        type,
        name,
        tokenHash: hashToken(token),
        tokenPrefix: token.slice(0, 9),
        settings,
      });
      return ok(await toRead(row, token));
    },

    async list(): Promise<Result<{ items: ReadIntegration[] }>> {
      const rows = await integrations.list();
      return ok({ items: await Promise.all(rows.map((row) => toRead(row))) });
    },

    async get(id: string): Promise<Result<ReadIntegration>> {
      const row = await integrations.get(id);
      if (!row) return failure(404, `Integration ${id} not found`);
      return ok(await toRead(row));
    },

    async update(id: string, input: unknown): Promise<Result<ReadIntegration>> {
      const row = await integrations.get(id);
      if (!row) return failure(404, `Integration ${id} not found`);
      const withType = typeof input === 'object' && input !== null && !Array.isArray(input) ? { type: row.type, ...input } : input;
      const parsed = updateIntegration.safeParse(withType, { reportInput: true });
      if (!parsed.success) return failure(400, 'The integration is not valid', zodIssuesToProblems(parsed.error.issues));
      const { type, name, ...settings } = parsed.data;
      if (type !== row.type) {
        return failure(400, `An integration's type cannot change (this one is ${row.type})`, [{ path: 'type', message: `must be ${row.type}` }]);
      }
      const sameName = await integrations.getByName(name);
      if (sameName && sameName.id !== id) {
        return failure(409, `An integration named "${name}" already exists`, [{ path: 'name', message: 'is already taken' }]);
      }
      // Secrets are write-only: leaving one out keeps the stored value.
      for (const secret of SECRET_SETTINGS) {
        if ((settings as Record<string, unknown>)[secret] === undefined && row.settings[secret] !== undefined) {
          (settings as Record<string, unknown>)[secret] = row.settings[secret];
        }
      }
      const updated = await integrations.update(id, { name, settings });
      forget();
      return ok(await toRead(updated!));
    },

    /** Issues a new ingest token; the old one stops working at once. */
    async rotateToken(id: string): Promise<Result<ReadIntegration>> {
      const token = newToken();
      const updated = await integrations.update(id, { tokenHash: hashToken(token), tokenPrefix: token.slice(0, 9) });
      if (!updated) return failure(404, `Integration ${id} not found`);
      forget();
      return ok(await toRead(updated, token));
    },

    async remove(id: string): Promise<Result<{ id: string }>> {
      if (!(await integrations.get(id))) return failure(404, `Integration ${id} not found`);
      const users = await jobIdsUsing(id);
      if (users.length > 0) {
        return failure(409, `Integration ${id} is used by job(s) ${users.join(', ')}: delete or change them first`);
      }
      await integrations.remove(id);
      forget();
      return ok({ id });
    },

    /** The integration an ingest token belongs to, if any. */
    async authenticate(token: string): Promise<IntegrationRow | undefined> {
      const hash = hashToken(token);
      if (!byTokenHash.has(hash)) byTokenHash.set(hash, (await integrations.getByTokenHash(hash)) ?? null);
      return byTokenHash.get(hash) ?? undefined;
    },

    /** Settings (secrets included) for the engine's vendor sinks. */
    async settingsFor(id: string): Promise<{ type: IntegrationType; name: string; settings: Record<string, unknown> } | undefined> {
      const row = await integrations.get(id);
      return row && { type: row.type, name: row.name, settings: row.settings };
    },
  };
}

export type IntegrationsService = ReturnType<typeof createIntegrationsService>;

function mask(value: unknown): unknown {
  if (typeof value === 'string') return value.length <= 4 ? '****' : `****${value.slice(-4)}`;
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).map((key) => [key, '****']));
  return '****';
}
