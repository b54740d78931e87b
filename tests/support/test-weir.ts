import postgres from 'postgres';
import { createTRPCClient, httpLink } from '@trpc/client';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter, type AppRouter } from '@/server/api/root';
import { createRestHandler, principalFor } from '@/server/api/rest';
import { createWeir, type Weir } from '@/server/weir';

/** Which database the integration tests run on: Postgres when TEST_DATABASE_URL is set, else in-memory PGlite. */
export const testDatabase = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

export interface TestWeir {
  weir: Weir;
  /** Calls the real REST handler, as an HTTP client would. */
  rest(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }>;
  /** Calls the real REST handler and returns the raw Response (for streams). */
  rawRest(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response>;
  /** A typed tRPC client whose requests go through the real tRPC fetch handler. */
  trpc: ReturnType<typeof createTRPCClient<AppRouter>>;
  /** Runs reconciler passes until nothing changes, so tests observe settled states without sleeping. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** A fresh Weir on its own database: a new in-memory PGlite, or a new database on the test Postgres server. */
export async function createTestWeir(): Promise<TestWeir> {
  let dropDatabase = async () => {};
  let store: Parameters<typeof createWeir>[0]['store'] = { inMemory: true };
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const name = `weir_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    store = { databaseUrl: url.toString() };
    dropDatabase = async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  }
  const weir = await createWeir({ store, runEngine: false, demo: false });
  const handleRest = createRestHandler(async () => weir);
  const base = 'http://weir.test';

  const trpc = createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${base}/api/trpc`,
        fetch: async (input, init) =>
          fetchRequestHandler({
            endpoint: '/api/trpc',
            req: new Request(input as string, init as RequestInit),
            router: appRouter,
            createContext: async ({ req }) => ({ weir, principal: principalFor(req) }),
          }),
      }),
    ],
  });

  return {
    weir,
    trpc,
    rawRest(method, path, body, signal) {
      return handleRest(
        new Request(base + path, {
          method,
          headers: { 'content-type': 'application/json' },
          body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
          signal,
        }),
      );
    },
    async rest(method, path, body) {
      const response = await handleRest(
        new Request(base + path, {
          method,
          headers: { 'content-type': 'application/json' },
          body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        }),
      );
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
    },
    async settle() {
      // A pass can start runs whose outcome (e.g. a batch finishing) needs another pass.
      for (let i = 0; i < 5; i++) {
        await weir.reconciler.reconcile();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close() {
      await weir.close();
      await dropDatabase();
    },
  };
}
