import fs from 'node:fs';
import path from 'node:path';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import * as schema from './schema';
import { copyIn, noDelaySocketOption } from './postgres-wire';

/**
 * One Drizzle interface over two drivers: embedded PGlite (default) and postgres.js (when a URL is given).
 * Both speak the same dialect and run the same migrations, so callers never know which one they have.
 */
export type Database = PostgresJsDatabase<typeof schema>;

export interface Store {
  db: Database;
  driver: 'pglite' | 'postgres';
  /** Streams rows in COPY text format through a `COPY … FROM STDIN` statement: the fastest bulk write (PostgreSQL only). */
  copyIn?: (statement: string, rows: string) => Promise<void>;
  close(): Promise<void>;
}

export type StoreConfig = { databaseUrl: string } | { dataDir: string } | { inMemory: true };

const MIGRATIONS_FOLDER = path.join(process.cwd(), 'drizzle');

export async function openStore(config: StoreConfig, migrationsFolder = MIGRATIONS_FOLDER): Promise<Store> {
  if ('databaseUrl' in config) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    const client = postgres(config.databaseUrl, { max: 10, onnotice: () => {}, ...noDelaySocketOption(config.databaseUrl) });
    const db = drizzle(client, { schema });
    await migrate(db, { migrationsFolder });
    return {
      db,
      driver: 'postgres',
      copyIn: (statement, rows) => copyIn(client, statement, rows),
      close: () => client.end({ timeout: 5 }),
    };
  }

  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  let dataDir: string | undefined;
  if ('dataDir' in config) {
    dataDir = path.resolve(config.dataDir);
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  }
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const client = await PGlite.create(dataDir, { extensions: { pg_trgm } });
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder });
  return {
    db: db as unknown as Database,
    driver: 'pglite',
    close: () => client.close(),
  };
}

/** Reads the store configuration from the environment: DATABASE_URL, else PGlite under WEIR_DATA_DIR. */
export function storeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  if (env.DATABASE_URL) return { databaseUrl: env.DATABASE_URL };
  return { dataDir: path.join(env.WEIR_DATA_DIR || './.weir', 'pglite') };
}

/** Rows of a raw `db.execute` result: postgres.js returns an array, PGlite an object with `rows`. */
export function rowsOf<Row>(result: unknown): Row[] {
  return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
}
