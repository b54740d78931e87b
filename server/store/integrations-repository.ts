import { asc, eq } from 'drizzle-orm';
import type { Database } from './client';
import { integrations } from './schema';

export type IntegrationRow = typeof integrations.$inferSelect;
export type NewIntegration = Omit<IntegrationRow, 'createdAt' | 'updatedAt'>;

export function createIntegrationsRepository(db: Database) {
  return {
    async insert(integration: NewIntegration): Promise<IntegrationRow> {
      const [row] = await db.insert(integrations).values(integration).returning();
      return row;
    },
    async get(id: string): Promise<IntegrationRow | undefined> {
      const [row] = await db.select().from(integrations).where(eq(integrations.id, id));
      return row;
    },
    async getByName(name: string): Promise<IntegrationRow | undefined> {
      const [row] = await db.select().from(integrations).where(eq(integrations.name, name));
      return row;
    },
    async getByTokenHash(tokenHash: string): Promise<IntegrationRow | undefined> {
      const [row] = await db.select().from(integrations).where(eq(integrations.tokenHash, tokenHash));
      return row;
    },
    async list(): Promise<IntegrationRow[]> {
      return db.select().from(integrations).orderBy(asc(integrations.id));
    },
    async update(id: string, changes: Partial<Pick<IntegrationRow, 'name' | 'settings' | 'tokenHash' | 'tokenPrefix'>>): Promise<IntegrationRow | undefined> {
      const [row] = await db
        .update(integrations)
        .set({ ...changes, updatedAt: new Date() })
        .where(eq(integrations.id, id))
        .returning();
      return row;
    },
    async remove(id: string): Promise<boolean> {
      const rows = await db.delete(integrations).where(eq(integrations.id, id)).returning({ id: integrations.id });
      return rows.length > 0;
    },
  };
}

export type IntegrationsRepository = ReturnType<typeof createIntegrationsRepository>;
